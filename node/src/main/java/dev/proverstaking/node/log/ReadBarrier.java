package dev.proverstaking.node.log;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;

/**
 * Linearizable reads on any member, by Raft's read index (Ratis's, not ours): a read-only request to
 * this member's own server, in process (no network hop to itself), which asks the leader for its
 * commit index (the leader confirms it still leads, by its lease or a heartbeat round) and completes
 * once this member applied that far. A read of the local state after that sees every write that was
 * acknowledged before the barrier was asked for.
 *
 * <p>Concurrent readers share rounds: while one round is out, the readers that arrive wait for the
 * next one, which starts when it returns (a round started before a reader arrived would not do for
 * it). So a thousand readers cost two rounds, not a thousand. A group of one needs no round at all:
 * this member is the leader and answers writes only once it applied them.
 */
final class ReadBarrier {
    private final RaftServer server;
    private final RaftGroupId group;
    private final RaftPeerId self;
    private final BooleanSupplier alone;
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    private final Object lock = new Object();
    /** The round the readers who arrived since the last one was sent wait for; null when none waits. */
    private CompletableFuture<Void> next;
    private boolean roundOut;

    ReadBarrier(RaftServer server, RaftGroupId group, RaftPeerId self, BooleanSupplier alone) {
        this.server = server;
        this.group = group;
        this.self = self;
        this.alone = alone;
    }

    /** How long a barrier tries (Ratis refuses a round while a leader is being elected or not yet ready). */
    static final long TRY_NANOS = TimeUnit.SECONDS.toNanos(5);

    CompletableFuture<Void> await() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(done, System.nanoTime() + TRY_NANOS);
        return done;
    }

    /** One round; a refused one is tried again, 50 ms later, until the deadline. */
    private void attempt(CompletableFuture<Void> done, long deadline) {
        round().whenComplete((ok, e) -> {
            if (e == null) {
                done.complete(null);
            } else if (System.nanoTime() + RETRY_MILLIS * 1_000_000 > deadline) {
                LOG.debug("read barrier failed", e);
                done.completeExceptionally(e);
            } else {
                CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS).execute(() -> attempt(done, deadline));
            }
        });
    }

    private static final long RETRY_MILLIS = 50;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReadBarrier.class);

    private CompletableFuture<Void> round() {
        if (alone.getAsBoolean()) return CompletableFuture.completedFuture(null);
        synchronized (lock) {
            if (next == null) next = new CompletableFuture<>();
            CompletableFuture<Void> mine = next;
            if (!roundOut) sendRound();
            return mine;
        }
    }

    /** Under the lock: sends the round the waiting readers need. */
    private void sendRound() {
        CompletableFuture<Void> round = next;
        next = null;
        roundOut = true;
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(clientId).setServerId(self).setGroupId(group).setCallId(callIds.incrementAndGet())
                .setMessage(Message.EMPTY).setType(RaftClientRequest.readRequestType()).build();
        CompletableFuture<RaftClientReply> reply;
        try {
            reply = server.submitClientRequestAsync(request);
        } catch (IOException | RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((r, e) -> {
            if (e != null) round.completeExceptionally(e);
            else if (!r.isSuccess()) round.completeExceptionally(r.getException() != null ? r.getException()
                    : new IOException("the read index was refused"));
            else round.complete(null);
            synchronized (lock) {
                roundOut = false;
                if (next != null) sendRound();
            }
        });
    }
}
