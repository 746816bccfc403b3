package dev.proverstaking.snapshot;

/**
 * A snapshot could not be read: it is not a snapshot, a version this code does not read, cut
 * short, corrupt, or holds a value no ledger can have. Nothing was built: a reader that throws
 * this returns nothing, whole or partial.
 */
public final class SnapshotFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the input. */
    public enum Reason {
        /** It does not start with the magic {@code PSNAP}: not a snapshot. */
        BAD_MAGIC,
        /** A snapshot of a format version this code does not read. */
        UNSUPPORTED_VERSION,
        /** The input ends before the snapshot's end marker: in a header, a frame, or between sections. */
        TRUNCATED,
        /** A frame's CRC32C (of its length or of its bytes) does not match: the snapshot is corrupt. */
        CHECKSUM_MISMATCH,
        /**
         * Every checksum matches, but a field holds a value no ledger can have (or not in its
         * canonical form), or the structure is not one a writer makes: a section's content ends
         * inside a field, a core section is missing, repeated or out of order, a frame is longer
         * than the maximum, a section name is not a name.
         */
        INVALID_VALUE,
        /** Bytes follow the end marker, or a section's last field. */
        TRAILING_BYTES,
        /**
         * Every field is well-formed, but together they break an invariant of the design (custody
         * short of what is owed, a queue out of time order, ...): a state no history reaches, from a
         * crafted snapshot or one whose checksums were recomputed over damaged bytes.
         */
        INVARIANT_BROKEN,
        /**
         * A section this reader does not know and that its writer marked required: a newer
         * writer's state that this reader would lose if it skipped it.
         */
        UNKNOWN_REQUIRED_SECTION
    }

    private final Reason reason;

    public SnapshotFormatException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SnapshotFormatException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
