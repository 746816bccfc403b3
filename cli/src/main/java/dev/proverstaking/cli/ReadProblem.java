package dev.proverstaking.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Why a file could not be read or written, in words: NIO's exceptions often carry only the path. */
final class ReadProblem {
    private ReadProblem() {}

    /** A scenario is parsed whole before it runs (so a malformed one runs nothing): its size is bounded by the heap. */
    static final String TOO_LARGE = "too large to hold in memory: give the JVM more heap, e.g. "
            + "PROVER_STAKING_JAVA_OPTS=\"-Xmx8g -Xss8m\", or split the scenario";

    /** E.g. "permission denied: x.jsonl", "cannot write x.jsonl: No space left on device". */
    static String describeWrite(String file, IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied: " + file;
        if (e instanceof NoSuchFileException) return "no such directory for " + file;
        return "cannot write " + file + ": " + e.getMessage();
    }

    /** E.g. "no such file: x.jsonl", "permission denied: x.jsonl", "cannot read dir: Is a directory". */
    static String describe(String file, IOException e) {
        if (e instanceof NoSuchFileException) return "no such file: " + file;
        if (e instanceof AccessDeniedException) return "permission denied: " + file;
        return "cannot read " + file + ": " + e.getMessage();
    }
}
