package dev.proverstaking.transition;

/**
 * Where a transition stops checking and starts writing. Every transition calls {@link #begin}
 * once it has checked everything and computed every new value; what follows only assigns and
 * cannot fail. The ledger tells a refusal from a fault by it: a {@link Rejected} or an overflow
 * before {@code begin} is the operation refused, which changed nothing; anything thrown after it
 * has left a state half written, and the ledger stops (fail-stop) rather than go on from it.
 */
public final class Effects {
    private boolean begun;

    /** The transition has checked everything; from here on it writes. */
    public void begin() {
        begun = true;
    }

    /** Whether the transition being applied has begun writing. */
    public boolean begun() {
        return begun;
    }

    /** A new transaction: nothing written yet. */
    public void reset() {
        begun = false;
    }
}
