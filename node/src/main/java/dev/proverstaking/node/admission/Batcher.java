package dev.proverstaking.node.admission;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers admitted transactions into batches, one log entry each, so that the log's cost (a round
 * to the leader, an append, a force to the disk, replication) is paid per batch, not per transaction.
 *
 * <p>One thread takes the first transaction waiting and then: when no batch of this node is on its
 * way to the log, sends at once with whatever else is already waiting (an idle node adds no delay);
 * when one is, waits up to {@code maxDelay} for more, up to {@code maxBatch}. While the log is
 * busy, transactions gather, so the busier the node, the larger its batches.
 */
public final class Batcher {
    private static final Logger LOG = LoggerFactory.getLogger(Batcher.class);

    /** Sends a batch on its way to the log; answers its transactions, eventually. */
    @FunctionalInterface
    public interface Sender {
        void send(List<Admitted> batch);
    }

    private final LinkedBlockingQueue<Admitted> queue = new LinkedBlockingQueue<>();
    private final IntSupplier onTheirWay;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final Sender sender;
    private final Thread thread;
    private volatile boolean running = true;

    /** @param onTheirWay how many batches of this node are on their way to the log (sent, not yet answered) */
    public Batcher(String name, int maxBatch, Duration maxDelay, IntSupplier onTheirWay, Sender sender) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be positive");
        this.onTheirWay = onTheirWay;
        this.maxBatch = maxBatch;
        this.maxDelayNanos = maxDelay.toNanos();
        this.sender = sender;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues an admitted transaction (admission bounds how many can wait). */
    public void add(Admitted a) {
        queue.add(a);
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            try {
                Admitted first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                List<Admitted> batch = new ArrayList<>(Math.min(maxBatch, 1 + queue.size()));
                batch.add(first);
                if (onTheirWay.getAsInt() > 0 && running) {
                    long deadline = System.nanoTime() + maxDelayNanos;
                    while (batch.size() < maxBatch) {
                        queue.drainTo(batch, maxBatch - batch.size());
                        long left = deadline - System.nanoTime();
                        if (batch.size() >= maxBatch || left <= 0) break;
                        Admitted more = queue.poll(left, TimeUnit.NANOSECONDS);
                        if (more == null) break;
                        batch.add(more);
                    }
                } else {
                    queue.drainTo(batch, maxBatch - 1);
                }
                sender.send(batch);
            } catch (InterruptedException e) {
                if (!running) break;
            } catch (RuntimeException e) {
                LOG.error("the batcher failed to send a batch", e); // the sender answers its own failures
            }
        }
    }

    /**
     * Stops after sending what is queued, waiting at most {@code timeout}; returns whatever it could
     * not send (to be answered by the caller).
     */
    public List<Admitted> stop(Duration timeout) {
        running = false;
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) thread.interrupt();
        List<Admitted> left = new ArrayList<>();
        queue.drainTo(left);
        return left;
    }
}
