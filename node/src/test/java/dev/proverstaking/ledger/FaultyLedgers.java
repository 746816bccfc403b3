package dev.proverstaking.ledger;

import dev.proverstaking.transition.Event;
import java.util.function.Predicate;

/**
 * Ledgers that fail from inside a transition's effects, as only a bug could make a real one fail: for
 * the node's fail-stop tests. In the core's package, for its constructor with an event observer.
 */
public final class FaultyLedgers {
    private FaultyLedgers() {}

    /** A ledger of {@code genesis} that throws while writing when a transition emits an event {@code failOn} accepts. */
    public static Ledger failingOn(Genesis genesis, Predicate<Event> failOn) {
        return new Ledger(genesis, e -> {
            if (failOn.test(e)) throw new IllegalStateException("a fault injected by the test, on " + e);
        });
    }
}
