package dev.proverstaking.bench.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.ledger.Command.Op;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.StateFingerprint;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.rounding.Profile;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The workload of {@code bench core} and the JMH suite: the population and the mix do what they say. */
class WorkloadTest {

    @ParameterizedTest
    @EnumSource(Profile.class)
    void theMixSucceedsOnATwinLedgerAndLeavesItInTheSameState(Profile profile) {
        Population pop = Population.skewed(profile, 4, 200, 0.9, 120);
        MixGenerator gen = new MixGenerator(pop, 7);
        Ledger twin = pop.build();
        int[] seen = new int[Op.values().length];
        for (int chunk = 0; chunk < 3; chunk++) {
            for (Transaction tx : gen.next(2_000)) {
                Receipt r = twin.apply(tx);
                assertThat(r.ok()).as("%s: %s %s", tx, r.error(), r.detail()).isTrue();
                seen[tx.command().op().ordinal()]++;
            }
        }
        assertThat(gen.failures()).isZero();
        assertThat(gen.generated()).isEqualTo(6_000);
        for (Op op : List.of(Op.stake, Op.requestUnstake, Op.requestUnstakeAll, Op.completeUnstake, Op.addRewards,
                Op.withdrawRewards, Op.slash, Op.updateCommissionRate, Op.mint)) {
            assertThat(seen[op.ordinal()]).as(op.name()).isPositive();
        }
        assertThat(StateFingerprint.of(twin)).isEqualTo(StateFingerprint.of(gen.ledger()));
    }

    @Test
    void theMixStopsAddingStakersOnceThePopulationHasGrownByATenth() {
        Population pop = Population.skewed(Profile.SOLVENT, 4, 300, 0.9, 120);
        MixGenerator gen = new MixGenerator(pop, 11);
        int mints = 0;
        for (Transaction tx : gen.next(30_000)) {
            if (tx.command().op() == Op.mint) mints++;
        }
        assertThat(gen.failures()).isZero();
        // 20 per 1000 would be ~600 new stakers in 30,000 operations; a tenth of 300 is 30
        assertThat(mints).isEqualTo(30);
        long positions = 0;
        for (int p = 0; p < 4; p++) positions += gen.ledger().view().proverRecord(Population.prover(p)).orElseThrow().positionCount();
        assertThat(positions).isEqualTo(pop.positions() + 30);
    }

    @Test
    void thePopulationIsWhatItSays() {
        Population pop = Population.skewed(Profile.SOLVENT, 10, 1_000, 0.9, 3600);
        Ledger ledger = pop.build();
        assertThat(ledger.appliedCount()).isEqualTo(pop.setupTransactions());
        assertThat(ledger.view().proverCount()).isEqualTo(10);
        assertThat(ledger.view().proverRecord(Population.prover(0)).orElseThrow().stakerCount()).isEqualTo(900 + 1);
        int total = 0;
        for (int p = 0; p < 10; p++) {
            total += ledger.view().proverRecord(Population.prover(p)).orElseThrow().positionCount();
            assertThat(pop.proverOf(pop.firstStakerOf(p))).isEqualTo(p);
        }
        assertThat(total).isEqualTo(pop.positions()).isEqualTo(1_010);
        assertThat(pop.proverOf(999)).isEqualTo(9);
        assertThat(pop.setupTransactionList()).hasSize((int) pop.setupTransactions());
    }
}
