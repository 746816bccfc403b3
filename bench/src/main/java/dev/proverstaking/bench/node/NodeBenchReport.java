package dev.proverstaking.bench.node;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The text report of {@code bench node}: every run, the medians, the goals of issue 16 and the machine. */
public final class NodeBenchReport {
    static final double GOAL_BATCHED_TPS = 10_000;
    static final double GOAL_P99_MS = 50;
    static final double GOAL_RESTART_S = 10;

    private NodeBenchReport() {}

    public static void print(NodeBenchRunner.Results r, PrintStream out) {
        out.println();
        out.println("bench node: " + r.nodeDescription());
        out.printf(Locale.ROOT, "machine: %d cores, load average %.2f, %s %s, %s%n", Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        NodeBenchConfig c = r.config();
        out.printf(Locale.ROOT, "single: %d clients x one POST /v1/tx at a time; batched: %d clients x one POST /v1/txs of %d at a time; "
                + "fixed rate: %d tx/s offered for %d s, open loop (latency from when each was due)%n", c.clients(), c.batchClients(),
                c.batchSize(), c.rate(), c.rateSeconds());
        out.println();
        out.printf(Locale.ROOT, "%-22s %4s %10s %9s %9s %9s %9s %9s %8s%n", "load", "run", "tx/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms",
                "max ms", "failed");
        for (List<LoadResult> runs : List.of(r.single(), r.batched(), r.fixedRate())) {
            for (int i = 0; i < runs.size(); i++) {
                LoadResult x = runs.get(i);
                out.printf(Locale.ROOT, "%-22s %4d %,10.0f %9.1f %9.1f %9.1f %9.1f %9.1f %,8d%n", x.name(), i + 1, x.txPerSecond(),
                        x.percentileMillis(50), x.percentileMillis(90), x.percentileMillis(99), x.percentileMillis(99.9), x.maxMillis(), x.failed());
            }
            if (runs.size() > 1) {
                out.printf(Locale.ROOT, "%-22s %4s %,10.0f %9.1f %9.1f %9.1f %9.1f %9s%n", runs.get(0).name(), "med",
                        median(runs, LoadResult::txPerSecond), median(runs, x -> x.percentileMillis(50)),
                        median(runs, x -> x.percentileMillis(90)), median(runs, x -> x.percentileMillis(99)),
                        median(runs, x -> x.percentileMillis(99.9)), "");
            }
        }
        RestartMeasurement.Result restart = r.restart();
        if (restart != null) {
            out.println();
            out.printf(Locale.ROOT, "restart at %,d positions (history index %,d; built through the API in %.0f s; snapshot %,d MB): %s s, median %.2f s%s%n",
                    restart.positions(), restart.historyIndex(), restart.buildSeconds(), restart.snapshotBytes() >> 20,
                    restart.restarts().stream().map(d -> String.format(Locale.ROOT, "%.2f", d.toNanos() / 1e9)).toList(),
                    medianSeconds(restart.restarts()), restart.sameHash() ? ", same state hash each time" : ", THE STATE HASH CHANGED");
        }
        out.println();
        out.println("goals (issue 16, 2-core machine):");
        double batchedTps = median(r.batched(), LoadResult::txPerSecond);
        double p99 = median(r.fixedRate(), x -> x.percentileMillis(99));
        out.printf(Locale.ROOT, "  signed tx/s batched, durable  >= %,.0f   %,.0f   %s%n", GOAL_BATCHED_TPS, batchedTps, verdict(batchedTps >= GOAL_BATCHED_TPS));
        out.printf(Locale.ROOT, "  p99 at %,d tx/s offered       <= %.0f ms    %.1f ms  %s%n", c.rate(), GOAL_P99_MS, p99, verdict(p99 <= GOAL_P99_MS));
        if (restart != null) {
            double s = medianSeconds(restart.restarts());
            out.printf(Locale.ROOT, "  restart at %,d positions   < %.0f s       %.2f s  %s%n", restart.positions(), GOAL_RESTART_S, s,
                    restart.positions() >= 1_000_000 ? verdict(s < GOAL_RESTART_S) : "(the goal is at 10^6)");
        }
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }

    static double median(List<LoadResult> runs, ToDoubleFunction<LoadResult> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static double medianSeconds(List<Duration> d) {
        double[] v = d.stream().mapToDouble(x -> x.toNanos() / 1e9).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Whether every load applied everything it sent. */
    public static long failed(NodeBenchRunner.Results r) {
        long n = 0;
        for (List<LoadResult> runs : List.of(r.single(), r.batched(), r.fixedRate())) for (LoadResult x : runs) n += x.failed();
        return n;
    }
}
