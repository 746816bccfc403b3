package dev.proverstaking.math;

/**
 * A uint256 computation left the range [0, 2^256 - 1]: an overflow, an underflow, or a
 * division by zero. The ledger reports it as the error code {@code ArithmeticOverflow}
 * and rolls the operation back; it never wraps.
 *
 * <p>Stackless: it is an expected outcome of user input, thrown on hot paths.
 */
public final class ArithmeticOverflow extends RuntimeException {
    public ArithmeticOverflow(String what) {
        super(what, null, false, false);
    }
}
