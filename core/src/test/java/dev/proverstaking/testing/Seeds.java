package dev.proverstaking.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * How seeded property tests run: over fixed seeds plus one fresh seed per run, and any failure
 * names the seed that reproduces it (and whether it was the fresh one).
 */
public final class Seeds {
    private Seeds() {}

    public static void forEach(long[] fixed, LongConsumer body) {
        List<Long> seeds = new ArrayList<>();
        for (long s : fixed) seeds.add(s);
        long fresh = System.nanoTime();
        seeds.add(fresh);
        for (long seed : seeds) {
            try {
                body.accept(seed);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + (seed == fresh ? " (fresh this run)" : "") + ": " + e.getMessage(), e);
            }
        }
    }
}
