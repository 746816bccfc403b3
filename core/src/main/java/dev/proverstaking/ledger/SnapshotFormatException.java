package dev.proverstaking.ledger;

/**
 * A ledger snapshot ({@link LedgerSnapshot}) could not be read: it is not a snapshot, a version this
 * code does not read, cut short, corrupt, or holds a value no ledger can have. Nothing was built:
 * a reader that throws this returns no ledger, whole or partial.
 */
public final class SnapshotFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the input. */
    public enum Reason {
        /** It does not start with the magic {@code PSNAP}: not a ledger snapshot. */
        BAD_MAGIC,
        /** A snapshot of a format version this code does not read. */
        UNSUPPORTED_VERSION,
        /** The input ends before the snapshot does. */
        TRUNCATED,
        /** The CRC32 at the end does not match the bytes before it: the snapshot is corrupt. */
        CHECKSUM_MISMATCH,
        /** A well-framed field holds a value no ledger can have (or not in its canonical form). */
        INVALID_VALUE,
        /** Bytes follow the end of the snapshot. */
        TRAILING_BYTES,
        /**
         * Every field is well-formed, but together they break an invariant of the design (custody
         * short of what is owed, a queue out of time order, ...): a state no history reaches, from a
         * crafted snapshot or one whose checksum was recomputed over damaged bytes.
         */
        INVARIANT_BROKEN
    }

    private final Reason reason;

    SnapshotFormatException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
