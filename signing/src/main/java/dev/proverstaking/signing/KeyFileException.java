package dev.proverstaking.signing;

import java.nio.file.Path;
import java.util.Objects;

/** A key file that could not be written or read, and why. Its message never quotes key material. */
public final class KeyFileException extends Exception {
    public enum Problem {
        /** Writing: a file (or anything else) is already at that path; it was left as it was. */
        EXISTS,
        /** Writing: the file could not be created or written (nothing is left behind). */
        NOT_WRITTEN,
        /** Reading: no file at that path. */
        MISSING,
        /** Reading: the path exists but cannot be read (a directory, no permission). */
        UNREADABLE,
        /** Reading: not a key file (not JSON, not an object, a field missing or malformed, not a valid key). */
        MALFORMED,
        /** Reading: the private key's address is not the address the file states. */
        ADDRESS_MISMATCH
    }

    private final Problem problem;
    private final Path file;

    KeyFileException(Problem problem, Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.problem = Objects.requireNonNull(problem);
        this.file = file;
    }

    public Problem problem() {
        return problem;
    }

    public Path file() {
        return file;
    }
}
