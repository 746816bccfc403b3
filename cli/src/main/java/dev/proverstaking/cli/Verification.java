package dev.proverstaking.cli;

import dev.proverstaking.invariant.InvariantChecker;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.Violation;
import dev.proverstaking.scenario.Replayer;
import dev.proverstaking.scenario.Scenario;
import java.util.List;

/**
 * {@code replay --verify}: every invariant after every operation, including that a failed
 * operation changed nothing (a full-state fingerprint around each one); the first violation stops
 * the replay.
 */
final class Verification implements Replayer.AfterEach {
    private InvariantChecker checker;

    static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message, null, false, false);
        }
    }

    static Replayer.AfterEach afterEach() {
        return new Verification();
    }

    @Override
    public void started(Ledger ledger) {
        checker = new InvariantChecker(ledger, true);
    }

    @Override
    public void after(Ledger ledger, Scenario.Operation op, Receipt receipt) {
        List<Violation> v = checker.afterApply(op.tx(), receipt);
        if (!v.isEmpty()) {
            throw new Failed("line " + op.line() + " (" + op.tx().command().op() + "): invariant violated: " + v);
        }
    }
}
