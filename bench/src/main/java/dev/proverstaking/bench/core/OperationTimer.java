package dev.proverstaking.bench.core;

import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.Transaction;
import java.util.Arrays;

/** Times every operation on its own, with System.nanoTime, and what such a timing itself costs. */
final class OperationTimer {
    /** A single operation slower than this (100 us) was paused, not working: see {@link #applyTimed}. */
    static final long PAUSE_NS = 100_000;

    /** Where {@link #overheadNs} leaves its loops' sums, so that the JIT cannot drop them. */
    private static volatile long sink;

    private OperationTimer() {}

    /**
     * Applies every transaction, adding its wall time to {@code sum} by operation type, except the
     * rare ones above {@link #PAUSE_NS} (a GC pause or the thread descheduled), which go to
     * {@code pauses} (count, nanoseconds); returns how many failed.
     */
    static long applyTimed(Ledger ledger, Transaction[] txs, long[] sum, long[] count, long[] pauses) {
        long failed = 0;
        for (Transaction tx : txs) {
            int op = tx.command().op().ordinal();
            long s = System.nanoTime();
            Receipt r = ledger.apply(tx);
            long d = System.nanoTime() - s;
            if (d > PAUSE_NS) {
                pauses[0]++;
                pauses[1] += d;
            } else {
                sum[op] += d;
                count[op]++;
            }
            if (!r.ok()) failed++;
        }
        return failed;
    }

    /** The mean cost of a back-to-back System.nanoTime() pair, median of several measurements. */
    static double overheadNs() {
        double[] m = new double[7];
        for (int k = 0; k < m.length; k++) {
            int n = 2_000_000;
            long total = 0;
            for (int i = 0; i < n; i++) {
                long s = System.nanoTime();
                long e = System.nanoTime();
                total += e - s;
            }
            sink += total;
            m[k] = (double) total / n;
        }
        return Statistics.median(Arrays.copyOfRange(m, 2, m.length)); // the first two warm up
    }
}
