package dev.proverstaking.bench.snapshot;

import dev.proverstaking.bench.core.Statistics;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/** The text of {@code bench snapshot}: what was measured, the medians, the throughput, and the goals. */
public final class SnapshotBenchReport {
    private SnapshotBenchReport() {}

    public static void print(SnapshotBenchResults r, PrintStream out) {
        SnapshotBenchConfig c = r.config();
        out.println();
        out.println("bench snapshot: " + r.machine());
        out.printf(Locale.ROOT, "ledger: %,d positions (%,d stakers over %d provers, then %,d mixed operations; %s), "
                + "built in %.1f s%n", r.positions(), c.stakers(), c.provers(), c.mixOps(), c.profile().wireName(), r.buildSeconds());
        double mb = r.bytes() / 1e6;
        out.printf(Locale.ROOT, "snapshot: %,d bytes (%.1f MB, %.1f bytes per position)%n", r.bytes(), mb,
                (double) r.bytes() / Math.max(1, r.positions()));
        out.printf(Locale.ROOT, "%d runs, medians (min..max):%n", c.runs());
        line(out, "write (to a file, not synced)", r.write(), mb);
        line(out, "read (restore + audit)", r.read(), mb);
        line(out, "  of which the audit", r.audit(), Double.NaN);
        line(out, "fingerprint (SHA-256)", r.fingerprint(), mb);
        out.println("restored ledger identical to the original (fingerprint, bytes written again): "
                + (r.identical() ? "yes" : "NO"));
        out.printf(Locale.ROOT, "load average: %.2f before, %.2f after%n", r.loadBefore(), r.loadAfter());
        out.println();
        out.println("Goals at 10^6 positions:");
        goal(out, r, "write", r.medianWrite(), SnapshotBenchConfig.GOAL_WRITE_SECONDS);
        goal(out, r, "read (audit included)", r.medianRead(), SnapshotBenchConfig.GOAL_READ_SECONDS);
    }

    private static void line(PrintStream out, String what, double[] seconds, double mb) {
        double median = Statistics.median(seconds);
        String rate = Double.isNaN(mb) ? "" : String.format(Locale.ROOT, "  %,7.0f MB/s", mb / median);
        out.printf(Locale.ROOT, "  %-31s %7.3f s  (%.3f..%.3f)%s%n", what, median,
                Arrays.stream(seconds).min().orElse(Double.NaN), Arrays.stream(seconds).max().orElse(Double.NaN), rate);
    }

    private static void goal(PrintStream out, SnapshotBenchResults r, String what, double median, double goal) {
        String verdict = !r.atGoalSize() ? "not measured in this run (fewer than 10^6 positions)"
                : median <= goal ? String.format(Locale.ROOT, "met (median %.3f s <= %.1f s)", median, goal)
                : String.format(Locale.ROOT, "NOT met (median %.3f s > %.1f s)", median, goal);
        out.printf("  %-22s %s%n", what + ":", verdict);
    }
}
