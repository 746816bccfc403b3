package dev.proverstaking.bench.core;

import dev.proverstaking.ledger.Command.Op;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.rounding.Profile;
import java.lang.ref.Reference;
import java.util.EnumMap;
import java.util.Map;

/**
 * One profile at one staker count: the heap the ledger takes, whole-run throughput (all at once
 * and one by one), the side-by-side ratio to the smallest size, ns/op and bytes allocated by
 * operation type. Every chunk comes from the one generator of this size, in a fixed order, so a
 * run measures the same transactions every time.
 */
final class SizeMeasurement {
    private final CoreBenchConfig config;
    private final Profile profile;
    private final int m;
    private final double timerOverheadNs;
    /** Failed operations on the smallest size's ledger of the side-by-side rounds: they count as this size's. */
    private long smallLedgerFailed;

    private SizeMeasurement(CoreBenchConfig config, Profile profile, int m, double timerOverheadNs) {
        this.config = config;
        this.profile = profile;
        this.m = m;
        this.timerOverheadNs = timerOverheadNs;
    }

    static SizeResult measure(CoreBenchConfig config, Profile profile, int m, double timerOverheadNs, RunProgress progress) {
        return new SizeMeasurement(config, profile, m, timerOverheadNs).measure(progress);
    }

    /** What the per-operation timing found: {@link OpStat}s but their allocation, and the pauses. */
    private record Timed(double[][] nsPerRun, long[] counted, long pausedOps, double pausedShare, long failed) {}

    private SizeResult measure(RunProgress progress) {
        Population pop = config.population(profile, m);
        long before = Machine.settledUsedHeap();
        long t0 = System.nanoTime();
        Ledger ledger = pop.build(config.hashing());
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        long after = Machine.settledUsedHeap();
        double bytesPerPosition = (double) (after - before) / pop.positions();

        MixGenerator gen = new MixGenerator(pop, config.seed() + m);
        Rig rig = new Rig(ledger, gen, config.hashEvery()).warmedUp(config);
        double[] runOps = new double[config.throughputRuns()];
        double[] oneByOneOps = new double[runOps.length];
        for (int r = 0; r < runOps.length; r++) {
            runOps[r] = 1e9 / rig.nsPerOp(Chunks.nextSettled(gen, config.opsPerRun()), false);
            oneByOneOps[r] = 1e9 / rig.nsPerOp(Chunks.nextSettled(gen, config.opsPerRun()), true);
        }
        SideBySideRatio paired = m == config.smallestSize() ? null : sideBySide(rig);
        Timed timed = timePerOperation(ledger, gen);
        long[] allocBytes = new long[Op.values().length];
        long[] allocCount = new long[allocBytes.length];
        long allocFailed = AllocationCounter.applyCountingAllocation(ledger, Chunks.next(gen, config.opsPerRun()),
                allocBytes, allocCount);
        Map<Op, OpStat> perOp = new EnumMap<>(Op.class);
        for (Op op : Op.values()) {
            int t = op.ordinal();
            if (timed.counted()[t] > 0) {
                perOp.put(op, new OpStat(timed.counted()[t] / config.timedRuns(), Statistics.median(timed.nsPerRun()[t]),
                        allocCount[t] == 0 ? Double.NaN : (double) allocBytes[t] / allocCount[t]));
            }
        }
        if (gen.failures() > 0) progress.generatorFailed(gen.failures());
        Reference.reachabilityFence(ledger);
        double ops = Statistics.median(runOps);
        return new SizeResult(profile, m, pop.stakersOf(0), pop.positions(), buildSeconds,
                pop.setupTransactions() / buildSeconds, bytesPerPosition, ops, runOps, 1e9 / ops,
                Statistics.median(oneByOneOps), paired, perOp, timed.pausedOps(), timed.pausedShare(),
                rig.failed() + smallLedgerFailed + timed.failed() + allocFailed);
    }

    /**
     * {@code rig} against a fresh, warmed-up ledger of the smallest size, which is garbage once
     * this returns: the timed runs that follow do not carry it.
     */
    private SideBySideRatio sideBySide(Rig rig) {
        Rig small = Rig.of(config, profile, config.smallestSize()).warmedUp(config);
        SideBySideRatio ratio = SideBySideRounds.measure(config, small, rig);
        smallLedgerFailed += small.failed();
        return ratio;
    }

    /** The timed runs: each operation timed alone ({@link OperationTimer}), each run on a chunk drawn after a full GC. */
    private Timed timePerOperation(Ledger ledger, MixGenerator gen) {
        int types = Op.values().length;
        double[][] nsPerRun = new double[types][config.timedRuns()];
        long[] counted = new long[types];
        long[] pauses = new long[2];
        long timedTotalNs = 0;
        long failed = 0;
        for (int r = 0; r < config.timedRuns(); r++) {
            Transaction[] txs = Chunks.nextSettled(gen, config.opsPerRun());
            long[] sum = new long[types];
            long[] count = new long[types];
            long s = System.nanoTime();
            failed += OperationTimer.applyTimed(ledger, txs, sum, count, pauses);
            timedTotalNs += System.nanoTime() - s;
            for (int t = 0; t < types; t++) {
                nsPerRun[t][r] = count[t] == 0 ? Double.NaN : (double) sum[t] / count[t] - timerOverheadNs;
                counted[t] += count[t];
            }
        }
        return new Timed(nsPerRun, counted, pauses[0], (double) pauses[1] / timedTotalNs, failed);
    }
}
