package dev.proverstaking.node;

/**
 * A node could not start, for a reason a person can do something about. The message names the
 * directory, file or address concerned, says what is wrong and what to do: a command line prints it
 * as it is, without a stack trace. The {@link Reason} is for programs (an exit status, a test).
 * Nothing was changed when a node refuses to start: the data directory is as it was.
 */
public final class NodeStartException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** Another process (or another node in this one) holds the data directory's lock. */
        DATA_DIR_IN_USE,
        /** The data directory cannot be created, read or written, or its own files are damaged. */
        DATA_DIR_UNUSABLE,
        /** The directory holds files but is not a node's data directory. */
        NOT_A_DATA_DIR,
        /** The data directory was created with another genesis. */
        GENESIS_MISMATCH,
        /** The data directory belongs to another member of the group, or to another group. */
        MEMBER_MISMATCH,
        /** The latest snapshot is damaged. */
        CORRUPT_SNAPSHOT,
        /** The Raft log is damaged or missing. */
        CORRUPT_LOG,
        /** The history or events files do not match what the snapshot records. */
        CORRUPT_HISTORY,
        /** The Raft address's port is taken. */
        PORT_IN_USE,
        /** Anything else that stopped the start (the message says what). */
        FAILED
    }

    private final Reason reason;

    public NodeStartException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public NodeStartException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
