package dev.proverstaking.node.http;

import dev.proverstaking.node.Refusal;
import dev.proverstaking.node.SignedTx;
import dev.proverstaking.signing.Recovery;
import dev.proverstaking.signing.Signatures;
import dev.proverstaking.signing.TxTypedData;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Recovers the signers of decoded transactions on a pool of its own, sized to the cores, never on
 * the ledger's apply thread nor on the server's request threads; the transactions of one batch are
 * checked in parallel. Its queue is bounded: {@link #reserve} takes room for a request's
 * transactions up front, all or none, so a flood is refused ({@code Overloaded}) before it fills
 * memory.
 */
final class TxVerifier implements AutoCloseable {
    /** What a signature check found: the transaction with its sender, or why it is refused. */
    record Outcome(SignedTx tx, ApiError refusal) {}

    private final TxTypedData typedData;
    private final Signatures signatures;
    private final ExecutorService pool;
    private final Semaphore room;
    private final int capacity;
    private final NodeMetrics metrics;

    TxVerifier(long chainId, int threads, int capacity, NodeMetrics metrics) {
        this.typedData = TxTypedData.forChain(chainId);
        this.signatures = Signatures.get();
        this.capacity = capacity;
        this.room = new Semaphore(capacity);
        this.metrics = metrics;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "signature-check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    TxTypedData typedData() {
        return typedData;
    }

    /** Takes room for {@code n} checks, all or none; false when the queue has not that much room. */
    boolean reserve(int n) {
        return n <= capacity && room.tryAcquire(n);
    }

    void release(int n) {
        room.release(n);
    }

    /** Checks waiting or running. */
    int queued() {
        return capacity - room.availablePermits();
    }

    /** Checks one transaction's signature on the pool, in one of the {@link #reserve reserved} places, which it gives back. */
    CompletableFuture<Outcome> verify(TxDecoder.Decoded d) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return check(d);
                } finally {
                    room.release();
                }
            }, pool);
        } catch (RejectedExecutionException e) { // the pool is shut down: the server is stopping
            room.release();
            return CompletableFuture.completedFuture(new Outcome(null, ApiError.of(Refusal.Unavailable, "the node is stopping")));
        }
    }

    private Outcome check(TxDecoder.Decoded d) {
        long start = System.nanoTime();
        try {
            byte[] digest;
            try {
                digest = typedData.digest(d.type().op(), d.message());
            } catch (IllegalArgumentException e) { // the decoder checked every value: a value the encoder still refuses
                return new Outcome(null, ApiError.malformed(e.getMessage()));
            }
            Recovery r = signatures.recoverSigner(digest, d.signature());
            if (r instanceof Recovery.Refused refused) {
                return new Outcome(null, ApiError.of(Refusal.BadSignature, refused.message()));
            }
            var signer = ((Recovery.Recovered) r).signer();
            if (d.from() != null && !d.from().equals(signer)) {
                return new Outcome(null, ApiError.of(Refusal.SignerMismatch, "\"from\" is " + d.from()
                        + " but the signature is " + signer + "'s (signed for chain id " + typedData.chainId() + "?)"));
            }
            return new Outcome(new SignedTx(signer, d.nonce(), d.deadline(), d.command()), null);
        } finally {
            metrics.signatureCheck(System.nanoTime() - start);
        }
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) pool.shutdownNow();
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
