package dev.proverstaking.bench.core;

/** A run's verdict on one of the {@link Goals}. */
public enum Verdict {
    MET("MET"),
    NOT_MET("NOT MET"),
    /** The run did not measure the size the goal is stated for: no verdict either way. */
    NOT_MEASURED("not measured");

    private final String text;

    Verdict(String text) {
        this.text = text;
    }

    static Verdict of(boolean met) {
        return met ? MET : NOT_MET;
    }

    /** As the report prints it. */
    public String text() {
        return text;
    }
}
