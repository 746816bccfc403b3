package dev.proverstaking.node.admission;

import dev.proverstaking.node.Refusal;
import dev.proverstaking.node.SignedTx;
import dev.proverstaking.node.TxResult;
import dev.proverstaking.node.log.EntryCodec;
import dev.proverstaking.node.log.LogEntry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * The batches this node sent to the log, and their submitters waiting for an answer.
 *
 * <p>A batch is numbered ({@code origin}, a random number drawn when the node starts, and a batch id)
 * and sent to the leader. Every member applies its entry; this one, the origin, answers the
 * submitters when it applies it here ({@link #applied}), so that an answer means the transaction is
 * committed, applied and readable on the node that answered. Their reservations are released first,
 * then the answers go out on a completion thread: whatever the caller chained to its future (an HTTP
 * reply) never runs on the apply thread.
 *
 * <p>If the log does not confirm a batch (the leader refused it, no leader within
 * {@code confirmTimeout}, the node stopping), its transactions are answered
 * {@link Refusal#Unavailable} and their reservations released, unless it was applied here meanwhile.
 * As with any timeout of a replicated log, an unconfirmed batch may still be committed later by a new
 * leader that holds it; then it is applied in order, and the sender's nonce shows it; the message says so.
 */
public final class Submissions {
    private final long origin = new SecureRandom().nextLong();
    private final AtomicLong batchIds = new AtomicLong();
    private final Map<Long, List<Admitted>> pending = new ConcurrentHashMap<>();
    private final Admission admission;
    private final Function<ByteString, CompletableFuture<Void>> log;
    private final Duration confirmTimeout;
    private final ExecutorService completions;

    /**
     * @param log sends a batch's request to the log: completes when it was applied by the leader,
     *            exceptionally when the log did not take it
     */
    public Submissions(String name, Admission admission, Function<ByteString, CompletableFuture<Void>> log,
                       Duration confirmTimeout) {
        this.admission = admission;
        this.log = log;
        this.confirmTimeout = confirmTimeout;
        AtomicInteger n = new AtomicInteger();
        this.completions = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Batches sent and not yet answered. */
    public int onTheirWay() {
        return pending.size();
    }

    /** Sends a batch to the log (the {@link Batcher}'s sender). */
    public void send(List<Admitted> batch) {
        long id = batchIds.incrementAndGet();
        pending.put(id, batch);
        List<SignedTx> txs = new ArrayList<>(batch.size());
        for (Admitted a : batch) txs.add(a.tx());
        log.apply(EntryCodec.request(origin, id, txs))
                .orTimeout(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ok, error) -> {
                    // committed: answered when applied here
                    if (error != null) notLogged(id, error);
                });
    }

    private void notLogged(long batchId, Throwable cause) {
        List<Admitted> batch = pending.remove(batchId);
        if (batch == null) return; // applied here meanwhile, and answered
        answer(batch, "the log did not confirm it (" + rootMessage(cause) + "); if it reached the log before that, "
                + "it is applied later, which the sender's nonce shows");
    }

    /** An entry was applied here (on the apply thread): if it is one of this node's batches, answers its submitters. */
    public void applied(LogEntry entry, TxResult[] results) {
        if (entry.origin() != origin) return;
        List<Admitted> batch = pending.remove(entry.batchId());
        if (batch == null) return; // answered already: the log did not confirm it in time
        for (Admitted a : batch) admission.release(a.tx());
        run(() -> {
            for (int i = 0; i < results.length; i++) batch.get(i).complete(results[i]);
        });
    }

    /**
     * This member skipped entries (it installed a snapshot): batches confirmed by the log may have been
     * among them and will not be applied here, so every batch on its way is answered
     * {@link Refusal#Unavailable} with {@code why}: their outcome is in the sender's nonce.
     */
    public void skipped(String why) {
        for (Long id : List.copyOf(pending.keySet())) {
            List<Admitted> batch = pending.remove(id);
            if (batch != null) answer(batch, why);
        }
    }

    /** Answers {@link Refusal#Unavailable} to admitted transactions that will not be sent (the node stops). */
    public void unsent(List<Admitted> admitted, String why) {
        if (!admitted.isEmpty()) answer(admitted, why);
    }

    /** Answers every batch still on its way {@link Refusal#Unavailable} (the node stopped), then stops answering. */
    public void close(String why) {
        for (Long id : List.copyOf(pending.keySet())) {
            List<Admitted> batch = pending.remove(id);
            if (batch != null) answer(batch, why);
        }
        completions.shutdown();
        try {
            completions.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answer(List<Admitted> batch, String why) {
        for (Admitted a : batch) admission.release(a.tx());
        run(() -> {
            for (Admitted a : batch) a.complete(new TxResult.Refused(Refusal.Unavailable, why));
        });
    }

    private void run(Runnable answers) {
        try {
            completions.execute(answers);
        } catch (RejectedExecutionException e) {
            answers.run(); // stopped: answer here rather than not at all
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }
}
