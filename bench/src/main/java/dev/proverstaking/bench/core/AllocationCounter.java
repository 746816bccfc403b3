package dev.proverstaking.bench.core;

import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.Transaction;
import java.lang.management.ManagementFactory;

/** The heap each operation allocates, read from this thread's allocation counter. */
final class AllocationCounter {
    private AllocationCounter() {}

    /**
     * Applies every transaction, adding the bytes it allocated (in this thread) to {@code bytes} by
     * operation type; returns how many failed. Leaves {@code bytes} at 0 if the JVM cannot tell.
     */
    static long applyCountingAllocation(Ledger ledger, Transaction[] txs, long[] bytes, long[] count) {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!(mx instanceof com.sun.management.ThreadMXBean sun) || !sun.isThreadAllocatedMemorySupported()
                || !sun.isThreadAllocatedMemoryEnabled()) {
            return Chunks.applyAll(ledger, txs);
        }
        long failed = 0;
        long self = sun.getCurrentThreadAllocatedBytes();
        self = sun.getCurrentThreadAllocatedBytes() - self; // what a call itself counts
        for (Transaction tx : txs) {
            int op = tx.command().op().ordinal();
            long before = sun.getCurrentThreadAllocatedBytes();
            Receipt r = ledger.apply(tx);
            long after = sun.getCurrentThreadAllocatedBytes();
            bytes[op] += after - before - self;
            count[op]++;
            if (!r.ok()) failed++;
        }
        return failed;
    }
}
