package dev.proverstaking.cli;

import dev.proverstaking.scenario.Replayer;

/** Runtime invariant checking for replays (placeholder until the invariant checker lands). */
final class Verification {
    private Verification() {}

    static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }

    static Replayer.AfterEach afterEach() {
        return (ledger, line) -> { };
    }
}
