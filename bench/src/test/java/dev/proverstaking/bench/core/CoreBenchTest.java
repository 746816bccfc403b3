package dev.proverstaking.bench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proverstaking.ledger.Command.Op;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.StateFingerprint;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.rounding.Profile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The {@code bench core} runner on tiny sizes: its numbers exist and its workload does what it says. No timing assertions. */
class CoreBenchTest {

    private static CoreBench.Config tiny() {
        return new CoreBench.Config("test", new int[] {100}, List.of(Profile.SOLVENT, Profile.REFERENCE), 3, 0.9,
                3_000, 1, 1, 1, 0, 60, 50, 500, 1, 1);
    }

    @Test
    void aTinyRunGivesFinitePositiveNumbersForEveryOperationType() throws Exception {
        CoreBench.Report report = CoreBench.run(tiny(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(report.sizes()).hasSize(2);
        for (CoreBench.SizeResult r : report.sizes()) {
            assertThat(r.failed()).as("failed operations").isZero();
            assertThat(r.positions()).isEqualTo(100 + 3);
            assertThat(r.mainProverStakers()).isEqualTo(90);
            assertThat(r.opsPerSecond()).isFinite().isPositive();
            assertThat(r.nsPerOp()).isFinite().isPositive();
            assertThat(r.heapBytesPerPosition()).isFinite();
            assertThat(r.buildSeconds()).isFinite().isPositive();
            for (Op op : CoreBench.MAIN_OPS) {
                CoreBench.OpStat s = r.perOp().get(op);
                assertThat(s).as(op + " in " + r.profile()).isNotNull();
                assertThat(s.countPerRun()).as(op + " count").isPositive();
                assertThat(s.nsPerOp()).as(op + " ns/op").isFinite().isPositive();
            }
        }
        assertThat(report.json()).hasSize(2);
        for (CoreBench.JsonResult j : report.json()) {
            assertThat(j.failed()).isZero();
            assertThat(j.lines()).isEqualTo(1 + (3 + 3 * 3 + 2 * 50) + 500);
            assertThat(j.linesPerSecond()).isFinite().isPositive();
            assertThat(j.parseLinesPerSecond()).isFinite().isPositive();
            assertThat(j.replayLinesPerSecond()).isFinite().isPositive();
        }

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CoreBench.print(report, new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("profile solvent", "profile reference", "ops/s", "heap B/pos", "JSON replay", "Goals of issue 4");
    }

    @Test
    void largerSizesAreMeasuredSideBySideWithTheSmallest() throws Exception {
        CoreBench.Config c = new CoreBench.Config("test", new int[] {300, 60, 300}, List.of(Profile.SOLVENT), 3, 0.9,
                2_000, 1, 2, 1, 0, 60, 0, 500, 1, 1);
        CoreBench.Report report = CoreBench.run(c, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(report.sizes()).extracting(CoreBench.SizeResult::stakers).containsExactly(60, 300);
        CoreBench.SizeResult small = report.sizes().get(0);
        CoreBench.SizeResult large = report.sizes().get(1);
        assertThat(small.paired()).as("the smallest size has nothing to pair with").isNull();
        assertThat(large.paired()).isNotNull();
        assertThat(large.paired().rounds()).isEqualTo(CoreBench.PAIRED_ROUNDS_PER_RUN * 2);
        assertThat(large.paired().ratio()).isFinite().isPositive()
                .isBetween(large.paired().lowerQuartile(), large.paired().upperQuartile());
        assertThat(large.paired().oneByOneRatio()).isFinite().isPositive();
        for (CoreBench.SizeResult r : report.sizes()) {
            assertThat(r.failed()).as("failed operations, paired rounds included").isZero();
            assertThat(r.oneByOneOpsPerSecond()).isFinite().isPositive();
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CoreBench.print(report, new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("1-by-1 ops/s", "side by side", String.format(java.util.Locale.ROOT, "%.2f side by side", large.paired().ratio()))
                .contains(String.format(java.util.Locale.ROOT, "not measured in this run (M=300 against M=60: ratio %.3f side by side",
                        large.paired().ratio()))
                .contains(String.format(java.util.Locale.ROOT, "middle half %.3f-%.3f",
                        large.paired().lowerQuartile(), large.paired().upperQuartile()));
    }

    @Test
    void goalLinesGiveAVerdictOnlyForTheGoalsSizes() {
        CoreBench.Paired flat = new CoreBench.Paired(1.3, 1.28, 1.33, 1.9, 15);
        CoreBench.Paired steep = new CoreBench.Paired(1.301, 1.29, 1.35, 2.0, 15);
        assertThat(CoreBench.flatnessLine(Profile.SOLVENT, 1_000, 1_000_000, flat))
                .contains("ns/op at M=10^6 within 1.3x of M=10^3: MET ", "(ratio 1.300 side by side, median of 15 rounds, middle half 1.280-1.330; 1.90 one by one)");
        assertThat(CoreBench.flatnessLine(Profile.SOLVENT, 1_000, 1_000_000, steep)).contains(": NOT MET ", "ratio 1.301 side by side");
        assertThat(CoreBench.flatnessLine(Profile.REFERENCE, 1_000, 100_000, flat))
                .contains("reference", "ns/op at M=10^6 within 1.3x of M=10^3: not measured in this run (M=10^5 against M=10^3: ratio 1.300")
                .doesNotContain("MET");
        assertThat(CoreBench.flatnessLine(Profile.SOLVENT, 10_000, 1_000_000, steep)).contains("not measured in this run").doesNotContain("MET");

        assertThat(CoreBench.memoryLine(Profile.SOLVENT, 1_000_000, 250)).contains("<= 250 B heap per position at M=10^6: MET ", "(250 B/position)");
        assertThat(CoreBench.memoryLine(Profile.SOLVENT, 1_000_000, 250.4)).contains(": NOT MET ");
        assertThat(CoreBench.memoryLine(Profile.SOLVENT, 100_000, 253))
                .contains("at M=10^6: not measured in this run (M=10^5: 253 B/position)").doesNotContain("MET");
    }

    @Test
    void quantilesInterpolateBetweenRanksAndIgnoreNaN() {
        double[] v = {7, 1, Double.NaN, 3, 5}; // sorted without NaN: 1 3 5 7
        assertThat(CoreBench.quantile(v, 0)).isEqualTo(1);
        assertThat(CoreBench.quantile(v, 0.25)).isEqualTo(2.5); // rank 0.75: 1 + 0.75 * (3 - 1)
        assertThat(CoreBench.median(v)).isEqualTo(4);
        assertThat(CoreBench.quantile(v, 0.75)).isEqualTo(5.5);
        assertThat(CoreBench.quantile(v, 1)).isEqualTo(7);
        assertThat(CoreBench.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(CoreBench.median(new double[] {Double.NaN})).isNaN();
        assertThatThrownBy(() -> CoreBench.quantile(v, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

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
        for (int p = 0; p < 4; p++) positions += gen.ledger().staking().prover(Population.prover(p)).positions().size();
        assertThat(positions).isEqualTo(pop.positions() + 30);
    }

    @Test
    void thePopulationIsWhatItSays() {
        Population pop = Population.skewed(Profile.SOLVENT, 10, 1_000, 0.9, 3600);
        Ledger ledger = pop.build();
        assertThat(ledger.appliedCount()).isEqualTo(pop.setupTransactions());
        assertThat(ledger.staking().proverCount()).isEqualTo(10);
        assertThat(ledger.staking().prover(Population.prover(0)).stakerCount()).isEqualTo(900 + 1);
        int total = 0;
        for (int p = 0; p < 10; p++) {
            total += ledger.staking().prover(Population.prover(p)).positions().size();
            assertThat(pop.proverOf(pop.firstStakerOf(p))).isEqualTo(p);
        }
        assertThat(total).isEqualTo(pop.positions()).isEqualTo(1_010);
        assertThat(pop.proverOf(999)).isEqualTo(9);
        assertThat(pop.setupTransactionList()).hasSize((int) pop.setupTransactions());
    }
}
