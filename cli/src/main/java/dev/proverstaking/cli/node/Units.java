package dev.proverstaking.cli.node;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Token amounts for people: {@code 12.5} tokens is {@code 12500000000000000000} units of a token of
 * 18 decimals. Exact (no floating point): more fractional digits than the token has is an error, not
 * a rounding.
 */
final class Units {
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    private Units() {}

    /**
     * Units of {@code text}: token units ({@code 12.5}, {@code 1000}, {@code 0.000001}) scaled by the
     * decimals, or raw units with the suffix {@code wei} ({@code 1500wei}).
     *
     * @throws IllegalArgumentException for anything else, or a value that is not a whole number of units or not a uint256
     */
    static BigInteger parse(String text, int decimals) {
        String s = text.strip().replace("_", "");
        BigInteger v;
        if (s.endsWith("wei")) {
            String digits = s.substring(0, s.length() - 3);
            if (!digits.matches("[0-9]+")) throw new IllegalArgumentException("not a whole number of units: " + text);
            v = new BigInteger(digits);
        } else {
            if (!s.matches("[0-9]+(\\.[0-9]*)?|\\.[0-9]+")) {
                throw new IllegalArgumentException("not an amount: " + text + " (token units such as 12.5, or raw units such as 1500wei)");
            }
            BigDecimal d = new BigDecimal(s).movePointRight(decimals);
            try {
                v = d.toBigIntegerExact();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(text + " has more than the token's " + decimals + " decimals");
            }
        }
        if (v.compareTo(MAX) > 0) throw new IllegalArgumentException(text + " is not below 2^256 units");
        return v;
    }

    /** {@code 12500000000000000000} units of 18 decimals -> {@code 12.5}. */
    static String format(BigInteger units, int decimals) {
        BigDecimal d = new BigDecimal(units).movePointLeft(decimals).stripTrailingZeros();
        return d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
    }

    static String format(String units, int decimals) {
        try {
            return format(new BigInteger(units), decimals);
        } catch (NumberFormatException e) {
            return units;
        }
    }
}
