package dev.proverstaking.bench.core;

import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Transaction;
import java.util.Arrays;

/** Chunks of pre-built transactions: drawn from the mix, applied all at once or one by one. */
final class Chunks {
    private Chunks() {}

    /**
     * The next chunk of the mix, then a full GC: the chunk and the generator's garbage leave the
     * young generation, so that the GC work during the measured run is the core's own (a node
     * would not hold 10^5 transactions in flight), not the copying of the pre-built chunk.
     */
    static Transaction[] nextSettled(MixGenerator gen, int ops) {
        Transaction[] txs = next(gen, ops);
        System.gc();
        return txs;
    }

    /** The next chunk of the mix, without a GC. */
    static Transaction[] next(MixGenerator gen, int ops) {
        return gen.next(ops).toArray(new Transaction[0]);
    }

    /** Applies every transaction with {@link Ledger#applyAll}; returns how many failed. */
    static long applyAll(Ledger ledger, Transaction[] txs) {
        long[] failed = {0};
        ledger.applyAll(Arrays.asList(txs), r -> {
            if (!r.ok()) failed[0]++;
        });
        return failed[0];
    }

    /** Applies every transaction with its own {@link Ledger#apply}; returns how many failed. */
    static long applyOneByOne(Ledger ledger, Transaction[] txs) {
        long failed = 0;
        for (Transaction tx : txs) {
            if (!ledger.apply(tx).ok()) failed++;
        }
        return failed;
    }
}
