package dev.proverstaking.node.admission;

import dev.proverstaking.node.TxResult;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One call of {@code submit}: a result slot per transaction, filled in any order by whoever learns
 * the outcome (admission, the apply thread's completions, a failed send), and a future completed with
 * all of them once the last is in. One object per call rather than a future per transaction: a batch
 * of a thousand costs one allocation of results, not a thousand futures.
 */
public final class SubmitCall {
    private final TxResult[] results;
    private final AtomicInteger missing;
    private final CompletableFuture<List<TxResult>> future = new CompletableFuture<>();

    public SubmitCall(int size) {
        this.results = new TxResult[size];
        this.missing = new AtomicInteger(size);
        if (size == 0) future.complete(List.of());
    }

    /** Sets the result of transaction {@code slot}; the first result set for a slot stands. */
    public void set(int slot, TxResult result) {
        synchronized (results) {
            if (results[slot] != null) return;
            results[slot] = result;
        }
        if (missing.decrementAndGet() == 0) {
            TxResult[] copy;
            synchronized (results) {
                copy = Arrays.copyOf(results, results.length);
            }
            future.complete(List.of(copy));
        }
    }

    public CompletableFuture<List<TxResult>> future() {
        return future;
    }
}
