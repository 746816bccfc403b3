package dev.proverstaking.rewards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.ledger.Solvency;
import dev.proverstaking.transition.Event;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.simulation.Simulator;
import dev.proverstaking.staking.Prover;
import dev.proverstaking.staking.Stake;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * In {@code solvent}, across any history: everything added as rewards or funded for emission is,
 * to the 1e-18 token, either paid out, still owed (commission, entitlements, emission budget, emission
 * accrued to provers) or carried to the next reward.
 * Histories come from the simulator (slashes, stakes, unstakes, state changes, claims).
 */
class RewardConservationPropertyTest {
    private static final BigInteger UNIT = UInt256.WAD.toBigInteger().pow(2);

    @Test
    void everyRewardUnitIsPaidOwedOrCarriedAfterEveryOperation() {
        long[] seeds = {11, 12, 13, 14, System.nanoTime()};
        for (long seed : seeds) {
            Simulator.Result sim = Simulator.run(Simulator.Config.of(seed, 600, Profile.SOLVENT));
            assertThat(sim.passed()).as("seed %d: %s", seed, sim.failure()).isTrue();
            Ledger ledger = new Ledger(sim.genesis());
            BigInteger added = BigInteger.ZERO;
            BigInteger paid = BigInteger.ZERO;
            int n = 0;
            for (Transaction tx : sim.history()) {
                n++;
                Receipt r = ledger.apply(tx);
                for (Event e : r.events()) {
                    if (e instanceof Event.RewardsAdded a) added = added.add(a.amount().toBigInteger());
                    if (e instanceof Event.EmissionFunded f) added = added.add(f.amount().toBigInteger());
                    if (e instanceof Event.RewardsWithdrawn w) paid = paid.add(w.amount().toBigInteger());
                    if (e instanceof Event.TreasuryPoolWithdrawn w && w.module() == dev.proverstaking.common.Module.REWARDS) {
                        paid = paid.add(w.amount().toBigInteger());
                    }
                }
                // owed: treasury, commissions, entitlements, accumulator carries, the emission budget and
                // emission accrued but not settled into provers (Solvency adds them up at full width)
                BigInteger owedAndCarried = ledger.view().solvency().rewardsOwedUnits();
                assertThat(paid.multiply(UNIT).add(owedAndCarried))
                        .as("seed %d, after operation #%d (%s): added x 1e36 = paid x 1e36 + owed + carried", seed, n, tx.command().op())
                        .isEqualTo(added.multiply(UNIT));
            }
            assertThat(added.signum()).as("seed %d added rewards", seed).isPositive();
        }
    }
}
