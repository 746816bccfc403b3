package dev.proverstaking.bench.snapshot;

import dev.proverstaking.bench.core.Population;
import dev.proverstaking.rounding.Profile;
import java.nio.file.Path;

/**
 * What {@code bench snapshot} measures: a ledger of {@code stakers} stakers over {@code provers}
 * provers (90% of them with the first, as in {@code bench core}), then {@code mixOps} operations of
 * {@code bench core}'s mix so that queues, reward books and emission are not empty; written to a
 * file and read back {@code runs} times.
 *
 * @param directory where the snapshot file goes (a new temporary directory under it, removed after)
 */
public record SnapshotBenchConfig(int stakers, int provers, int mixOps, int runs, Profile profile, long seed,
                                  Path directory) {
    /** The size the goals are stated for: 10^6 positions. */
    public static final int GOAL_POSITIONS = 1_000_000;
    /** Goal: a snapshot of 10^6 positions written in at most this long. */
    public static final double GOAL_WRITE_SECONDS = 1.0;
    /** Goal: read back, the invariant audit included, in at most this long. */
    public static final double GOAL_READ_SECONDS = 2.0;

    public SnapshotBenchConfig {
        if (stakers < 1 || provers < 1 || runs < 1 || mixOps < 0) {
            throw new IllegalArgumentException("positions, provers and runs must be >= 1, mix operations >= 0");
        }
    }

    /** 10^6 stakers, 10 provers, 200,000 mixed operations, 5 runs, solvent. */
    public static SnapshotBenchConfig standard(Path directory) {
        return new SnapshotBenchConfig(GOAL_POSITIONS, 10, 200_000, 5, Profile.SOLVENT, 42, directory);
    }

    Population population() {
        return Population.skewed(profile, provers, stakers, 0.9, 3600);
    }
}
