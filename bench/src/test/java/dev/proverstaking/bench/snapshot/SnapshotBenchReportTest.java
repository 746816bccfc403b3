package dev.proverstaking.bench.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.rounding.Profile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The report's figures, and its verdict on each goal on both sides of it, only at the goals' size. */
class SnapshotBenchReportTest {
    static SnapshotBenchResults results(long positions, double write, double read) {
        SnapshotBenchConfig c = new SnapshotBenchConfig(1_000_000, 10, 0, 3, Profile.SOLVENT, 1, Path.of("."));
        return new SnapshotBenchResults(c, "test machine", positions, 71_000_000, 4.0, new double[] {write, write + 1, write - 0.01},
                new double[] {read, read, read + 5}, new double[] {0.2, 0.25, 0.3}, new double[] {0.5, 0.5, 0.5}, true, 0.5, 0.6);
    }

    static String text(SnapshotBenchResults r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotBenchReport.print(r, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void mediansAndThroughput() {
        String t = text(results(1_000_010, 0.5, 1.0));
        assertThat(t).contains("71,000,000 bytes (71.0 MB, 71.0 bytes per position)", "3 runs", "0.500 s  (0.490..1.500)",
                "142 MB/s", "1.000 s  (1.000..6.000)", "of which the audit              0.250 s", "identical to the original (fingerprint, bytes written again): yes");
    }

    @Test
    void theGoalsAreJudgedOnBothSidesAtTheirSizeOnly() {
        assertThat(text(results(1_000_010, 1.0, 2.0))).contains("write:                 met (median 1.000 s <= 1.0 s)",
                "read (audit included): met (median 2.000 s <= 2.0 s)");
        assertThat(text(results(1_000_010, 1.001, 2.001))).contains("write:                 NOT met (median 1.001 s > 1.0 s)",
                "read (audit included): NOT met (median 2.001 s > 2.0 s)");
        assertThat(text(results(999_999, 0.1, 0.1))).contains("not measured in this run (fewer than 10^6 positions)")
                .doesNotContain(" met (");
    }
}
