package dev.proverstaking.scenario;

/** A scenario file that does not follow the format; names the 1-based line at fault. */
public final class ScenarioFormatException extends Exception {
    private final int line;

    public ScenarioFormatException(int line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
