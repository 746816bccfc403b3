package dev.proverstaking.common;

import java.util.Locale;

/**
 * A 20-byte account address, as on the EVM the reference runs on. Held as three primitive
 * fields (no array) so that an address is one small object with a cheap hash and equality.
 * Printed as {@code 0x} + 40 lowercase hex digits; parsed case-insensitively.
 */
public record Address(long hi, long mid, int lo) implements Comparable<Address> {

    public static final Address ZERO = new Address(0, 0, 0);

    /**
     * @throws IllegalArgumentException unless the text is {@code 0x} followed by exactly 40 hex digits
     */
    public static Address parse(String text) {
        if (text == null || text.length() != 42 || text.charAt(0) != '0'
                || (text.charAt(1) != 'x' && text.charAt(1) != 'X')) {
            throw new IllegalArgumentException("not an address (0x + 40 hex digits): " + quote(text));
        }
        long hi = 0, mid = 0;
        int lo = 0;
        for (int i = 0; i < 40; i++) {
            int d = hexDigit(text.charAt(2 + i));
            if (d < 0) {
                throw new IllegalArgumentException("not an address (0x + 40 hex digits): " + quote(text));
            }
            if (i < 16) hi = (hi << 4) | d;
            else if (i < 32) mid = (mid << 4) | d;
            else lo = (lo << 4) | d;
        }
        return new Address(hi, mid, lo);
    }

    /** ASCII hex only: {@link Character#digit} would also take fullwidth and other scripts' digits. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** A deterministic test/simulation address whose low bits are {@code n}. */
    public static Address ofIndex(long n) {
        return new Address(0x5157_0000_0000_0000L, n, 0x1);
    }

    public boolean isZero() {
        return hi == 0 && mid == 0 && lo == 0;
    }

    @Override
    public int compareTo(Address o) {
        int c = Long.compareUnsigned(hi, o.hi);
        if (c != 0) return c;
        c = Long.compareUnsigned(mid, o.mid);
        if (c != 0) return c;
        return Integer.compareUnsigned(lo, o.lo);
    }

    @Override
    public int hashCode() {
        long h = hi * 0x9E3779B97F4A7C15L ^ mid * 0xC2B2AE3D27D4EB4FL ^ lo;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(42).append("0x");
        hex(sb, hi, 16);
        hex(sb, mid, 16);
        hex(sb, lo & 0xFFFF_FFFFL, 8);
        return sb.toString();
    }

    private static void hex(StringBuilder sb, long v, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            sb.append(Character.forDigit((int) ((v >>> (4 * i)) & 0xF), 16));
        }
    }

    private static String quote(String s) {
        if (s == null) return "null";
        String t = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return "\"" + t.toLowerCase(Locale.ROOT) + "\"";
    }
}
