package dev.proverstaking.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Why an input file could not be read, in words: NIO's exceptions often carry only the path. */
final class ReadProblem {
    private ReadProblem() {}

    /** E.g. "no such file: x.jsonl", "permission denied: x.jsonl", "cannot read dir: Is a directory". */
    static String describe(String file, IOException e) {
        if (e instanceof NoSuchFileException) return "no such file: " + file;
        if (e instanceof AccessDeniedException) return "permission denied: " + file;
        return "cannot read " + file + ": " + e.getMessage();
    }
}
