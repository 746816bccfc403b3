package dev.proverstaking.bench.core;

import dev.proverstaking.ledger.Command.Op;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.statehash.StateJournal;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The reporting half of {@code prover-staking bench core}: a run's {@link CoreBenchResults} as
 * text (how it was measured, a table per profile, the JSON replay, then the goals:
 * {@link GoalsReport}). Measures nothing.
 */
public final class CoreBenchReport {

    /** The operation types shown as columns, in this order; any other type goes under "other". */
    public static final List<Op> MAIN_OPS = List.of(Op.stake, Op.requestUnstake, Op.completeUnstake,
            Op.addRewards, Op.withdrawRewards, Op.slash);

    private CoreBenchReport() {}

    public static void print(CoreBenchResults results, PrintStream out) {
        printMethod(results, out);
        CoreBenchConfig c = results.config();
        for (Profile profile : c.profiles()) {
            List<SizeResult> rs = of(results, profile);
            if (!rs.isEmpty()) printProfile(profile, rs, out);
        }
        if (!results.json().isEmpty()) printJson(results, out);
        GoalsReport.print(results, out);
    }

    /** The sizes measured in {@code profile}, smallest first. */
    static List<SizeResult> of(CoreBenchResults results, Profile profile) {
        return results.sizes().stream().filter(r -> r.profile() == profile).toList();
    }

    private static void printMethod(CoreBenchResults results, PrintStream out) {
        CoreBenchConfig c = results.config();
        out.println();
        out.printf("== prover-staking bench core (%s) ==%n", c.name());
        out.println("machine:  " + results.machine());
        out.printf(Locale.ROOT, "load:     system load average %.2f at the start, %.2f at the end (this run adds about 1;%n",
                results.loadBefore(), results.loadAfter());
        out.println("          on 2 cores, more than ~1.5 means other work competed: expect noisy, lower numbers)");
        out.printf(Locale.ROOT, "workload: %d provers, %.0f%% of the M stakers on prover 0, the rest spread over the others;%n",
                c.provers(), 100 * c.mainShare());
        out.printf(Locale.ROOT, "          runs of %,d pre-built mixed transactions applied in one thread (no parsing, no I/O,%n",
                c.opsPerRun());
        out.println("          no invariant checks); mix per 1000: 300 stake, 150 requestUnstake, 100 completeUnstake,");
        out.println("          200 addRewards, 200 withdrawRewards, 10 slash, 10 commission, 10 unstakeAll, 20 new staker");
        out.printf(Locale.ROOT, "          ops/s: median of %d whole-run timings of Ledger.applyAll (reads each group of 16%n",
                c.throughputRuns());
        out.println("          transactions' positions and accounts before applying them, so their cache misses overlap);");
        out.println("          1-by-1: the same mix through Ledger.apply, one transaction at a time; ratio to 10^3: per");
        out.println("          round, a chunk on a ledger of the smallest size and one on this size's back to back,");
        out.printf(Locale.ROOT, "          median of the rounds' ratios; ns/op by type: median of %d runs timing each%n", c.timedRuns());
        out.println("          operation alone with Ledger.apply (each run starts after a full GC, so the pre-built");
        out.printf(Locale.ROOT, "          chunk is not young garbage; %.0f ns of System.nanoTime overhead subtracted); heap: used heap after%n",
                results.timerOverheadNs());
        out.println("          full GCs, after minus before building, divided by (prover, staker) positions;");
        out.println("          paused ops: operations of the timed runs over 100 us (GC pauses, descheduling), left out of");
        out.println("          the ns/op by type, and the share of the timed runs' time they took; B alloc/op: heap");
        out.println("          allocated per operation (thread allocation counter), in one more, untimed run");
        if (c.stateHash()) {
            out.println("state hash: kept by every measured ledger (Ledger.StateHashing.ON), built with it; "
                    + (c.hashEvery() > 0 ? String.format(Locale.ROOT, "asked for%n          every %,d transactions of the "
                    + "throughput runs (and folded when %,d records wait)", c.hashEvery(), StateJournal.FLUSH_BOUND)
                    : String.format(Locale.ROOT, "folded when%n          %,d records wait, never asked for", StateJournal.FLUSH_BOUND)));
        } else {
            out.println("state hash: not kept (the default; --state-hash keeps it)");
        }
    }

    private static void printProfile(Profile profile, List<SizeResult> rs, PrintStream out) {
        out.println();
        out.printf("profile %s%n", profile.wireName());
        String smallest = shortCount(rs.get(0).stakers());
        out.printf("  %10s %10s %10s %8s %11s %10s %12s %8s %9s %12s %9s %14s %7s%n", "stakers M", "on prov.0", "positions",
                "build s", "setup tx/s", "heap B/pos", "ops/s", "ns/op", "/" + smallest, "1-by-1 ops/s", "/" + smallest,
                "paused ops/%", "failed");
        for (SizeResult r : rs) {
            out.printf(Locale.ROOT, "  %,10d %,10d %,10d %8.2f %,11.0f %10.0f %,12.0f %8.0f %9s %,12.0f %9s %7d/%5.1f%% %7d%n",
                    r.stakers(), r.mainProverStakers(), r.positions(), r.buildSeconds(), r.setupTxPerSecond(),
                    r.heapBytesPerPosition(), r.opsPerSecond(), r.nsPerOp(),
                    r.paired() == null ? "-" : String.format(Locale.ROOT, "%.2f", r.paired().ratio()),
                    r.oneByOneOpsPerSecond(),
                    r.paired() == null ? "-" : String.format(Locale.ROOT, "%.2f", r.paired().oneByOneRatio()),
                    r.pausedOps(), 100 * r.pausedShare(), r.failed());
        }
        out.println();
        out.println(opHeader("ns/op by op"));
        for (SizeResult r : rs) {
            StringBuilder row = rowStart(r);
            for (Op op : MAIN_OPS) row.append(String.format(Locale.ROOT, " %15s", ns(r.perOp().get(op))));
            row.append(String.format(Locale.ROOT, " %15s", ns(other(r))));
            out.println(row);
        }
        if (rs.size() > 1) {
            SizeResult small = rs.get(0);
            SizeResult large = rs.get(rs.size() - 1);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-12s",
                    "ratio " + shortCount(large.stakers()) + "/" + shortCount(small.stakers())));
            for (Op op : MAIN_OPS) row.append(String.format(Locale.ROOT, " %15s", ratio(large.perOp().get(op), small.perOp().get(op))));
            row.append(String.format(Locale.ROOT, " %15s", ratio(other(large), other(small))));
            out.println(row);
            out.printf(Locale.ROOT, "  whole mix: %.0f ns/op at M=%s, %.0f ns/op at M=%s: ratio %.2f measured apart, %.2f side by side"
                            + " (%.2f one by one)%n", large.nsPerOp(), shortCount(large.stakers()), small.nsPerOp(),
                    shortCount(small.stakers()), Statistics.ratio(large.nsPerOp(), small.nsPerOp()), large.paired().ratio(),
                    large.paired().oneByOneRatio());
        }
        out.println(opHeader("B alloc/op"));
        for (SizeResult r : rs) {
            StringBuilder row = rowStart(r);
            for (Op op : MAIN_OPS) row.append(String.format(Locale.ROOT, " %15s", bytes(r.perOp().get(op))));
            row.append(String.format(Locale.ROOT, " %15s", bytes(other(r))));
            out.println(row);
        }
        out.println("  (per-operation counts per timed run: " + rs.get(rs.size() - 1).perOp().entrySet().stream()
                .map(e -> e.getKey().name() + " " + e.getValue().countPerRun()).collect(Collectors.joining(", ")) + ")");
    }

    private static void printJson(CoreBenchResults results, PrintStream out) {
        CoreBenchConfig c = results.config();
        out.println();
        out.printf(Locale.ROOT, "JSON replay: ScenarioWriter text (genesis, setup of %,d stakers, %,d mixed operations),%n",
                c.jsonStakers(), c.jsonOps());
        out.println("             ScenarioParser.parse of the UTF-8 bytes, then Replayer.replay to a null stream;");
        out.printf(Locale.ROOT, "             median of %d runs after one warm-up%n", c.jsonRuns());
        out.printf("  %-10s %10s %10s %16s %16s %16s %7s%n", "profile", "lines", "MB", "parse lines/s", "replay lines/s",
                "total lines/s", "failed");
        for (JsonReplayResult j : results.json()) {
            out.printf(Locale.ROOT, "  %-10s %,10d %10.1f %,16.0f %,16.0f %,16.0f %7d%n", j.profile().wireName(), j.lines(),
                    j.bytes() / 1e6, j.parseLinesPerSecond(), j.replayLinesPerSecond(), j.linesPerSecond(), j.failed());
        }
    }

    /** A header of the per-operation tables: {@code title}, then a column per {@link #MAIN_OPS} and "other". */
    private static String opHeader(String title) {
        StringBuilder head = new StringBuilder(String.format("  %-12s", title));
        for (Op op : MAIN_OPS) head.append(String.format(" %15s", op.name()));
        head.append(String.format(" %15s", "other"));
        return head.toString();
    }

    private static StringBuilder rowStart(SizeResult r) {
        return new StringBuilder(String.format(Locale.ROOT, "  M=%-10s", shortCount(r.stakers())));
    }

    /** The types that have no column, as one. */
    private static OpStat other(SizeResult r) {
        return Statistics.countWeightedMean(r.perOp().entrySet().stream()
                .filter(e -> !MAIN_OPS.contains(e.getKey())).map(Map.Entry::getValue).toList());
    }

    private static String ns(OpStat s) {
        return s == null || Double.isNaN(s.nsPerOp()) ? "-" : String.format(Locale.ROOT, "%,.0f", s.nsPerOp());
    }

    private static String bytes(OpStat s) {
        return s == null || Double.isNaN(s.bytesPerOp()) ? "-" : String.format(Locale.ROOT, "%,.0f", s.bytesPerOp());
    }

    private static String ratio(OpStat large, OpStat small) {
        double r = large == null || small == null ? Double.NaN : Statistics.ratio(large.nsPerOp(), small.nsPerOp());
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.2f", r);
    }

    /** {@code n} as a power of ten where it is one from 10^3 up ("10^6"), else with digit groups. */
    static String shortCount(long n) {
        long p = 1;
        int e = 0;
        while (p < n) {
            p *= 10;
            e++;
        }
        return p == n && e >= 3 ? "10^" + e : String.format(Locale.ROOT, "%,d", n);
    }
}
