package dev.proverstaking.scenario;

/**
 * A scenario file that does not follow the format; names the 1-based line at fault. The message
 * quotes the input, so control characters in it are shown escaped: a terminal that prints the
 * message shows what the file holds instead of obeying it.
 */
public final class ScenarioFormatException extends Exception {
    private final int line;

    public ScenarioFormatException(int line, String message) {
        super("line " + line + ": " + visible(message));
        this.line = line;
    }

    /** {@code text} with C0 and C1 controls, DEL and bidirectional overrides as a backslash, u and four hex digits. */
    private static String visible(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean hidden = c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
                    || (c >= 0x2066 && c <= 0x2069);
            if (hidden && out == null) out = new StringBuilder(text.length() + 16).append(text, 0, i);
            if (out != null) {
                if (hidden) out.append(String.format("\\u%04x", (int) c));
                else out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    public int line() {
        return line;
    }
}
