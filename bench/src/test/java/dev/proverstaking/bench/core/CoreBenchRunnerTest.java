package dev.proverstaking.bench.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.ledger.Command.Op;
import dev.proverstaking.rounding.Profile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code bench core} runner on tiny sizes: its numbers exist and its report shows them. No timing assertions. */
class CoreBenchRunnerTest {

    private static CoreBenchConfig tiny() {
        return new CoreBenchConfig("test", new int[] {100}, List.of(Profile.SOLVENT, Profile.REFERENCE), 3, 0.9,
                3_000, 1, 1, 1, 0, 60, 50, 500, 1, 1);
    }

    @Test
    void aTinyRunGivesFinitePositiveNumbersForEveryOperationType() throws Exception {
        CoreBenchResults results = CoreBenchRunner.run(tiny(), RunProgress.SILENT);

        assertThat(results.sizes()).hasSize(2);
        for (SizeResult r : results.sizes()) {
            assertThat(r.failed()).as("failed operations").isZero();
            assertThat(r.positions()).isEqualTo(100 + 3);
            assertThat(r.mainProverStakers()).isEqualTo(90);
            assertThat(r.opsPerSecond()).isFinite().isPositive();
            assertThat(r.nsPerOp()).isFinite().isPositive();
            assertThat(r.heapBytesPerPosition()).isFinite();
            assertThat(r.buildSeconds()).isFinite().isPositive();
            for (Op op : CoreBenchReport.MAIN_OPS) {
                OpStat s = r.perOp().get(op);
                assertThat(s).as(op + " in " + r.profile()).isNotNull();
                assertThat(s.countPerRun()).as(op + " count").isPositive();
                assertThat(s.nsPerOp()).as(op + " ns/op").isFinite().isPositive();
            }
        }
        assertThat(results.json()).hasSize(2);
        for (JsonReplayResult j : results.json()) {
            assertThat(j.failed()).isZero();
            assertThat(j.lines()).isEqualTo(1 + (3 + 3 * 3 + 2 * 50) + 500);
            assertThat(j.linesPerSecond()).isFinite().isPositive();
            assertThat(j.parseLinesPerSecond()).isFinite().isPositive();
            assertThat(j.replayLinesPerSecond()).isFinite().isPositive();
        }

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CoreBenchReport.print(results, new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("profile solvent", "profile reference", "ops/s", "heap B/pos", "JSON replay", "Goals of issue 4");
    }

    @Test
    void largerSizesAreMeasuredSideBySideWithTheSmallest() throws Exception {
        CoreBenchConfig c = new CoreBenchConfig("test", new int[] {300, 60, 300}, List.of(Profile.SOLVENT), 3, 0.9,
                2_000, 1, 2, 1, 0, 60, 0, 500, 1, 1);
        CoreBenchResults results = CoreBenchRunner.run(c, RunProgress.SILENT);

        assertThat(results.sizes()).extracting(SizeResult::stakers).containsExactly(60, 300);
        SizeResult small = results.sizes().get(0);
        SizeResult large = results.sizes().get(1);
        assertThat(small.paired()).as("the smallest size has nothing to pair with").isNull();
        assertThat(large.paired()).isNotNull();
        assertThat(large.paired().rounds()).isEqualTo(SideBySideRounds.ROUNDS_PER_RUN * 2);
        assertThat(large.paired().ratio()).isFinite().isPositive()
                .isBetween(large.paired().lowerQuartile(), large.paired().upperQuartile());
        assertThat(large.paired().oneByOneRatio()).isFinite().isPositive();
        for (SizeResult r : results.sizes()) {
            assertThat(r.failed()).as("failed operations, paired rounds included").isZero();
            assertThat(r.oneByOneOpsPerSecond()).isFinite().isPositive();
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CoreBenchReport.print(results, new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("1-by-1 ops/s", "side by side", String.format(java.util.Locale.ROOT, "%.2f side by side", large.paired().ratio()))
                .contains(String.format(java.util.Locale.ROOT, "not measured in this run (M=300 against M=60: ratio %.3f side by side",
                        large.paired().ratio()))
                .contains(String.format(java.util.Locale.ROOT, "middle half %.3f-%.3f",
                        large.paired().lowerQuartile(), large.paired().upperQuartile()));
    }

    @Test
    void theMeasurementPrintsNothingItselfAndTellsItsProgressToTheListener() throws Exception {
        CoreBenchConfig c = new CoreBenchConfig("test", new int[] {100}, List.of(Profile.SOLVENT), 3, 0.9,
                1_000, 0, 1, 1, 0, 60, 0, 500, 1, 1);
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream stdio = new ByteArrayOutputStream();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdio, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stdio, true, StandardCharsets.UTF_8));
            CoreBenchRunner.run(c, new ProgressPrinter(new PrintStream(progress, true, StandardCharsets.UTF_8)));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        assertThat(stdio.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(progress.toString(StandardCharsets.UTF_8))
                .startsWith("timer overhead: ")
                .contains("  solvent   M=100 ", " ops/s ", " B/position  (build ")
                .doesNotContain("warming up", "JSON replay", "warning");
    }

    /** With the state hash kept (and asked for every 100 transactions): the same measurements, and the report says so. */
    @Test
    void theLedgersCanKeepTheirStateHash() throws Exception {
        for (int every : new int[] {0, 100}) {
            CoreBenchConfig c = new CoreBenchConfig("test", new int[] {100, 200}, List.of(Profile.SOLVENT), 3, 0.9,
                    1_000, 1, 1, 1, 0, 60, 0, 500, 1, 1, true, every);
            CoreBenchResults results = CoreBenchRunner.run(c, RunProgress.SILENT);
            for (SizeResult r : results.sizes()) {
                assertThat(r.failed()).isZero();
                assertThat(r.opsPerSecond()).isFinite().isPositive();
            }
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            CoreBenchReport.print(results, new PrintStream(printed, true, StandardCharsets.UTF_8));
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("state hash: kept by every measured ledger")
                    .contains(every == 0 ? "never asked for" : "every 100 transactions");
        }
        assertThat(tiny().stateHash()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CoreBenchConfig("test", new int[] {100},
                List.of(Profile.SOLVENT), 3, 0.9, 1_000, 1, 1, 1, 0, 60, 0, 500, 1, 1, false, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
