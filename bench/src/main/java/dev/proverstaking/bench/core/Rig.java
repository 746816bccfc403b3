package dev.proverstaking.bench.core;

import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.rounding.Profile;
import java.util.Arrays;

/**
 * A ledger of one size and the generator of its mix (which keeps its own twin ledger), counting
 * the operations that failed on the ledger.
 */
final class Rig {
    private final Ledger ledger;
    private final MixGenerator generator;
    /** Ask the ledger for its state hash every this many transactions of a timed chunk (0: never). */
    private final int hashEvery;
    private long failed;

    Rig(Ledger ledger, MixGenerator generator, int hashEvery) {
        this.ledger = ledger;
        this.generator = generator;
        this.hashEvery = hashEvery;
    }

    /** A fresh ledger of {@code m} stakers and its mix, seeded as the measurement of that size is. */
    static Rig of(CoreBenchConfig config, Profile profile, int m) {
        Population pop = config.population(profile, m);
        return new Rig(pop.build(config.hashing()), new MixGenerator(pop, config.seed() + m), config.hashEvery());
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
        if (hashEvery == 0) {
            failed += oneByOne ? Chunks.applyOneByOne(ledger, txs) : Chunks.applyAll(ledger, txs);
        } else {
            for (int from = 0; from < txs.length; from += hashEvery) {
                Transaction[] part = Arrays.copyOfRange(txs, from, Math.min(txs.length, from + hashEvery));
                failed += oneByOne ? Chunks.applyOneByOne(ledger, part) : Chunks.applyAll(ledger, part);
                ledger.stateHash();
            }
        }
        return (double) (System.nanoTime() - s) / txs.length;
    }
}
