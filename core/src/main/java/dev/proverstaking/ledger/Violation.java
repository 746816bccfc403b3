package dev.proverstaking.ledger;

/** A broken invariant: which one (as named in the design's table, or this project's), and how. */
public record Violation(String invariant, String detail) {
    @Override
    public String toString() {
        return invariant + ": " + detail;
    }
}
