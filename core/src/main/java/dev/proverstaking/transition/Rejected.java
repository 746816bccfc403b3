package dev.proverstaking.transition;

/**
 * Thrown by a transition's check phase to refuse an operation. Nothing has been changed when
 * it is thrown (every transition checks and computes before it writes), so the ledger only
 * has to drop the transaction's events.
 */
public final class Rejected extends RuntimeException {
    private final ErrorCode code;

    public Rejected(ErrorCode code) {
        this(code, code.name());
    }

    public Rejected(ErrorCode code, String detail) {
        super(detail, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** Throws a rejection with {@code code} when {@code condition} holds. */
    public static void when(boolean condition, ErrorCode code) {
        if (condition) throw new Rejected(code);
    }
}
