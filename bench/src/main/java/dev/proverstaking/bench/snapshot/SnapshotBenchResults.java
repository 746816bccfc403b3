package dev.proverstaking.bench.snapshot;

import dev.proverstaking.bench.core.Statistics;

/**
 * What {@code bench snapshot} measured; times in seconds, one per run.
 *
 * @param machine     the JVM and machine it ran on
 * @param positions   (prover, staker) positions in the ledger written
 * @param bytes       the snapshot's size
 * @param write       writing it to a file (closed, not synced: the page cache, not the disk)
 * @param read        reading it back into a ledger, the invariant audit included
 * @param audit       the audit of the restored ledger alone ({@code Ledger.audit()}), part of {@code read}
 * @param fingerprint {@code StateFingerprint.of} the restored ledger
 * @param identical   the restored ledger has the original's fingerprint and snapshots to the same bytes
 */
public record SnapshotBenchResults(SnapshotBenchConfig config, String machine, long positions, long bytes,
                                   double buildSeconds, double[] write, double[] read, double[] audit,
                                   double[] fingerprint, boolean identical, double loadBefore, double loadAfter) {
    public double medianWrite() {
        return Statistics.median(write);
    }

    public double medianRead() {
        return Statistics.median(read);
    }

    public double medianAudit() {
        return Statistics.median(audit);
    }

    public double medianFingerprint() {
        return Statistics.median(fingerprint);
    }

    /** Whether the ledger was as large as the goals are stated for. */
    public boolean atGoalSize() {
        return positions >= SnapshotBenchConfig.GOAL_POSITIONS;
    }
}
