package dev.proverstaking.bench.core;

import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Transaction;

/** Times a ledger against one of the smallest size in paired rounds: {@link SideBySideRatio}. */
final class SideBySideRounds {
    /** Side-by-side rounds per throughput run, and the share of a run each round's chunks are. */
    static final int ROUNDS_PER_RUN = 3;
    static final int CHUNKS_PER_RUN = 4;

    private SideBySideRounds() {}

    /**
     * {@code large} against {@code small} (a fresh ledger of the smallest size, only warmed up, so
     * that it is as small as it gets: the conservative side for a ratio): every round's chunks are
     * generated first, then one full GC, then the rounds run back to back, each timing a chunk on
     * the small ledger then one on the large, with {@link Ledger#applyAll} and then one by one.
     * Failed operations are counted by each rig.
     */
    static SideBySideRatio measure(CoreBenchConfig config, Rig small, Rig large) {
        int rounds = ROUNDS_PER_RUN * config.throughputRuns();
        int chunk = Math.max(1, config.opsPerRun() / CHUNKS_PER_RUN);
        Transaction[][][] txs = new Transaction[rounds][4][];
        for (int r = 0; r < rounds; r++) {
            txs[r][0] = Chunks.next(small.generator(), chunk);
            txs[r][1] = Chunks.next(large.generator(), chunk);
            txs[r][2] = Chunks.next(small.generator(), chunk);
            txs[r][3] = Chunks.next(large.generator(), chunk);
        }
        System.gc();
        double[] ratios = new double[rounds];
        double[] oneByOneRatios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            double smallNs = small.nsPerOp(txs[r][0], false);
            double ns = large.nsPerOp(txs[r][1], false);
            double smallOneByOne = small.nsPerOp(txs[r][2], true);
            double oneByOne = large.nsPerOp(txs[r][3], true);
            txs[r] = null; // this round's chunks are garbage before the next round is timed
            ratios[r] = ns / smallNs;
            oneByOneRatios[r] = oneByOne / smallOneByOne;
        }
        return new SideBySideRatio(Statistics.median(ratios), Statistics.quantile(ratios, 0.25),
                Statistics.quantile(ratios, 0.75), Statistics.median(oneByOneRatios), rounds);
    }
}
