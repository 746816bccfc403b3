package dev.proverstaking.bench.core;

import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.rounding.Profile;

/**
 * A ledger of one size and the generator of its mix (which keeps its own twin ledger), counting
 * the operations that failed on the ledger.
 */
final class Rig {
    private final Ledger ledger;
    private final MixGenerator generator;
    private long failed;

    Rig(Ledger ledger, MixGenerator generator) {
        this.ledger = ledger;
        this.generator = generator;
    }

    /** A fresh ledger of {@code m} stakers and its mix, seeded as the measurement of that size is. */
    static Rig of(CoreBenchConfig config, Profile profile, int m) {
        Population pop = config.population(profile, m);
        return new Rig(pop.build(), new MixGenerator(pop, config.seed() + m));
    }

    Ledger ledger() {
        return ledger;
    }

    MixGenerator generator() {
        return generator;
    }

    /** Operations of the timed chunks ({@link #nsPerOp}) that failed; the warm-up's are not measured. */
    long failed() {
        return failed;
    }

    /** After the untimed runs the configuration asks for. */
    Rig warmedUp(CoreBenchConfig config) {
        for (int r = 0; r < config.warmupRuns(); r++) {
            Chunks.applyAll(ledger, Chunks.next(generator, config.opsPerRun()));
        }
        return this;
    }

    /** Nanoseconds per operation of one chunk: applied with {@link Ledger#applyAll}, or one by one. */
    double nsPerOp(Transaction[] txs, boolean oneByOne) {
        long s = System.nanoTime();
        failed += oneByOne ? Chunks.applyOneByOne(ledger, txs) : Chunks.applyAll(ledger, txs);
        return (double) (System.nanoTime() - s) / txs.length;
    }
}
