package dev.proverstaking.staking;

import java.util.ArrayList;
import java.util.function.Consumer;

/**
 * The provers whose emission weight may have changed in the transaction being applied: every
 * write of a prover's state, active raw shares or scale lists the prover here
 * ({@link Prover#setState} and its siblings), and the ledger re-weighs exactly these provers once
 * the transaction has succeeded. So re-weighing follows from what changed, not from what a
 * command declares.
 */
public final class WeightChanges {
    private final ArrayList<Prover> listed = new ArrayList<>(2);

    void add(Prover p) {
        if (p.weightChangeListed) return;
        p.weightChangeListed = true;
        listed.add(p);
    }

    /** Hands each listed prover to {@code reweigh}, in the order first listed, and forgets them. */
    public void drain(Consumer<Prover> reweigh) {
        if (listed.isEmpty()) return;
        for (Prover p : listed) {
            p.weightChangeListed = false;
            reweigh.accept(p);
        }
        listed.clear();
    }

    public boolean isEmpty() {
        return listed.isEmpty();
    }
}
