package dev.proverstaking.bench.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The three loads of {@code bench node}, each over transactions signed before it starts
 * ({@link Keys#sign}): one key's transactions always go one after the other (its nonces in order).
 *
 * <ul>
 *   <li>{@link #single}: closed loop, each client thread sends one key's transactions one at a time,
 *       {@code POST /v1/tx}, the next once the last is answered (applied and durable);</li>
 *   <li>{@link #batched}: closed loop, each client thread sends {@code POST /v1/txs} batches, one at a time;</li>
 *   <li>{@link #fixedRate}: open loop at a fixed offered rate, {@code POST /v1/tx}; a latency runs
 *       from when the transaction was due to be sent, not from when it was, so a node that stalls
 *       is charged for the requests that would have waited behind the stall (coordinated omission
 *       corrected), and the sender never waits for an answer.</li>
 * </ul>
 */
public final class LoadRuns {
    private LoadRuns() {}

    /** Closed loop, one transaction per request: client thread k sends {@code txs.get(k)}. */
    public static LoadResult single(Targets targets, List<List<String>> txs) throws InterruptedException {
        Histogram latency = new ConcurrentHistogram(120_000_000L, 3);
        AtomicLong applied = new AtomicLong(), failed = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (List<String> mine : txs) {
            threads.add(new Thread(() -> {
                for (String tx : mine) {
                    long t0 = System.nanoTime();
                    try {
                        NodeHttp.Reply r = targets.next().post("/v1/tx", tx);
                        latency.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                        if (r.status() == 200) applied.incrementAndGet();
                        else failed.incrementAndGet();
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-single"));
        }
        return run("single", threads, applied, failed, latency);
    }

    /**
     * Closed loop, batches: client thread t sends the batches {@code batches.get(t)}, one after the
     * other (each a JSON array of envelopes).
     */
    public static LoadResult batched(Targets targets, List<List<String>> batches, int batchSize) throws InterruptedException {
        Histogram latency = new ConcurrentHistogram(120_000_000L, 3);
        AtomicLong applied = new AtomicLong(), failed = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (List<String> mine : batches) {
            threads.add(new Thread(() -> {
                for (String batch : mine) {
                    long t0 = System.nanoTime();
                    try {
                        NodeHttp.Reply r = targets.next().post("/v1/txs", batch);
                        long micros = Math.max(1, (System.nanoTime() - t0) / 1000);
                        if (r.status() != 200) {
                            failed.addAndGet(batchSize);
                            continue;
                        }
                        JsonNode replies = r.json();
                        latency.recordValueWithCount(micros, replies.size());
                        for (JsonNode x : replies) {
                            if (x.has("index")) applied.incrementAndGet();
                            else failed.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failed.addAndGet(batchSize);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-batched"));
        }
        return run("batched", threads, applied, failed, latency);
    }

    private static LoadResult run(String name, List<Thread> threads, AtomicLong applied, AtomicLong failed, Histogram latency)
            throws InterruptedException {
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread t : threads) t.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new LoadResult(name, applied.get(), failed.get(), seconds, latency);
    }

    /**
     * Open loop at {@code rate} transactions per second: transaction i is due at {@code start + i/rate}
     * and is {@code txs.get(i % keys).get(i / keys)}, so that each key sends one per {@code keys/rate}
     * seconds (far longer than an answer takes: its nonces stay in order).
     */
    public static LoadResult fixedRate(Targets targets, List<List<String>> txs, int rate) throws InterruptedException {
        int keys = txs.size();
        int perKey = txs.get(0).size();
        long total = (long) keys * perKey;
        Histogram latency = new ConcurrentHistogram(120_000_000L, 3);
        AtomicLong applied = new AtomicLong(), failed = new AtomicLong();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        double interval = 1e9 / rate;
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + (long) (i * interval);
            for (long wait; (wait = due - System.nanoTime()) > 0; ) LockSupport.parkNanos(wait);
            String tx = txs.get((int) (i % keys)).get((int) (i / keys));
            pending.add(targets.next().postAsync("/v1/tx", tx).handle((r, e) -> {
                latency.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
                if (e == null && r.status() == 200) applied.incrementAndGet();
                else failed.incrementAndGet();
                return null;
            }));
        }
        for (CompletableFuture<Void> f : pending) {
            try {
                f.get(120, TimeUnit.SECONDS);
            } catch (Exception e) {
                failed.incrementAndGet();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new LoadResult("fixed rate " + rate + "/s", applied.get(), failed.get(), seconds, latency);
    }
}
