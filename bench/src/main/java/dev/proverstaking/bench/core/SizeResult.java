package dev.proverstaking.bench.core;

import dev.proverstaking.ledger.Command.Op;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.rounding.Profile;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The figures of one profile at one staker count.
 *
 * @param opsPerSecond median over the throughput runs ({@link Ledger#applyAll}, which reads ahead)
 * @param nsPerOp      1e9 / opsPerSecond
 * @param oneByOneOpsPerSecond median over runs of the same mix applied one transaction at a time
 *                     ({@link Ledger#apply}: every cache miss waited for on its own)
 * @param paired       against the smallest size, side by side; null for the smallest size itself
 * @param perOp        by type, in the order of {@link Op}, pauses excluded ({@link OperationTimer})
 * @param pausedOps    operations of the timed runs that took over 100 us, left out of {@code perOp}
 * @param pausedShare  the share of the timed runs' wall time spent in those
 * @param failed       measured operations that failed (0: every operation did what the mix meant)
 */
public record SizeResult(Profile profile, int stakers, int mainProverStakers, long positions,
                         double buildSeconds, double setupTxPerSecond, double heapBytesPerPosition,
                         double opsPerSecond, double[] runOpsPerSecond, double nsPerOp,
                         double oneByOneOpsPerSecond, SideBySideRatio paired,
                         Map<Op, OpStat> perOp, long pausedOps, double pausedShare, long failed) {
    public SizeResult {
        runOpsPerSecond = runOpsPerSecond.clone();
        Map<Op, OpStat> byOp = new EnumMap<>(Op.class); // an EnumMap keeps the report's order: Op's
        byOp.putAll(perOp);
        perOp = Collections.unmodifiableMap(byOp);
    }

    /** A copy: the record stays immutable. */
    @Override
    public double[] runOpsPerSecond() {
        return runOpsPerSecond.clone();
    }
}
