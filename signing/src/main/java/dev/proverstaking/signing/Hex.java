package dev.proverstaking.signing;

/** {@code 0x}-prefixed hexadecimal, as Ethereum writes bytes: lowercase out, either case in. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {}

    /** {@code 0x} followed by two lowercase hex digits per byte. */
    public static String encode(byte[] bytes) {
        char[] out = new char[2 + 2 * bytes.length];
        out[0] = '0';
        out[1] = 'x';
        for (int i = 0; i < bytes.length; i++) {
            out[2 + 2 * i] = DIGITS[(bytes[i] >> 4) & 0xF];
            out[3 + 2 * i] = DIGITS[bytes[i] & 0xF];
        }
        return new String(out);
    }

    /**
     * The bytes of {@code 0x} (or {@code 0X}) followed by an even number of ASCII hex digits.
     *
     * @throws IllegalArgumentException for anything else (the message does not quote the text, which may be a key)
     */
    public static byte[] decode(String text) {
        if (text == null || text.length() < 2 || text.charAt(0) != '0' || (text.charAt(1) != 'x' && text.charAt(1) != 'X')) {
            throw new IllegalArgumentException("not hex: it must start with 0x");
        }
        int digits = text.length() - 2;
        if (digits % 2 != 0) throw new IllegalArgumentException("not hex: an odd number of digits (" + digits + ")");
        byte[] out = new byte[digits / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = digit(text.charAt(2 + 2 * i));
            int lo = digit(text.charAt(3 + 2 * i));
            if (hi < 0 || lo < 0) throw new IllegalArgumentException("not hex: a character other than 0-9, a-f, A-F");
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    /** ASCII hex only ({@link Character#digit} would also take other scripts' digits). */
    private static int digit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
