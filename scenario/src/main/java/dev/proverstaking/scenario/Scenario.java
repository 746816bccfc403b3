package dev.proverstaking.scenario;

import dev.proverstaking.ledger.Genesis;
import dev.proverstaking.ledger.Transaction;
import java.util.List;

/**
 * A parsed scenario: its genesis and its steps, in file order, each with its 1-based line number.
 */
public record Scenario(int genesisLine, Genesis genesis, List<Step> steps) {

    public Scenario {
        steps = List.copyOf(steps);
    }

    /** One line after the genesis. */
    public sealed interface Step {
        int line();

        long timestamp();
    }

    /** An operation: one result line. */
    public record Operation(int line, Transaction tx) implements Step {
        public long timestamp() {
            return tx.timestamp();
        }
    }

    /** A {@code checkpoint}: one state line. */
    public record Checkpoint(int line, long timestamp) implements Step {}
}
