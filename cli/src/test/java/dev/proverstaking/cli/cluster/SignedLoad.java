package dev.proverstaking.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.signing.DevAccounts;
import dev.proverstaking.signing.Hex;
import dev.proverstaking.signing.SigningKey;
import dev.proverstaking.signing.TxTypedData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Concurrent signed load as a careful client sends it: each sender (a dev account) one transaction at
 * a time, to a running member picked at random; an answer 200 is an acknowledgement (recorded with
 * when it was sent and answered); anything else (refused before the log, a member gone, a timeout) means
 * the outcome is unknown, so the sender reads its nonce (linearizable) and either moves on (it was
 * applied) or sends the same signed bytes again (its nonce lets at most one in).
 */
final class SignedLoad implements AutoCloseable {
    record Ack(Address sender, long nonce, long index, long sentNanos, long ackNanos) {}

    final ClusterProcesses cluster;
    final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
    final Queue<String> refusals = new ConcurrentLinkedQueue<>();
    final AtomicLong sent = new AtomicLong();
    final Map<Address, AtomicLong> nonces = new LinkedHashMap<>();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    private static final TxTypedData TYPED = TxTypedData.forChain(DevAccounts.CHAIN_ID);

    SignedLoad(ClusterProcesses cluster, int senders, long seed) {
        this.cluster = cluster;
        for (int i = 1; i <= senders; i++) {
            SigningKey key = DevAccounts.get(i).key();
            AtomicLong next = new AtomicLong();
            nonces.put(key.address(), next);
            Random random = new Random(seed + i);
            Thread t = new Thread(() -> run(key, next, random), "load-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    private void run(SigningKey key, AtomicLong next, Random random) {
        try {
            Long start = null;
            while (running && start == null) start = nonceNow(key.address(), random); // where an earlier load left it
            if (start != null) next.set(start);
            while (running) {
                long nonce = next.get();
                byte[] body = sign(key, nonce);
                boolean settled = false;
                while (running && !settled) {
                    ClusterProcesses.Member m = pick(random);
                    if (m == null) {
                        Thread.sleep(50);
                        continue;
                    }
                    long started = System.nanoTime();
                    sent.incrementAndGet();
                    int status;
                    JsonNode reply;
                    try {
                        HttpResponse<String> r = ClusterProcesses.HTTP.send(HttpRequest.newBuilder(URI.create(m.url() + "/v1/tx"))
                                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                        status = r.statusCode();
                        reply = r.body().isEmpty() ? null : ClusterProcesses.JSON.readTree(r.body());
                    } catch (IOException e) {
                        status = -1;
                        reply = null;
                    }
                    if (status == 200 && reply != null && reply.has("index")) {
                        acks.add(new Ack(key.address(), nonce, reply.get("index").asLong(), started, System.nanoTime()));
                        next.incrementAndGet();
                        settled = true;
                    } else {
                        if (reply != null) refusals.add(status + " " + reply.path("error").asText() + ": " + reply.path("message").asText());
                        Thread.sleep(20);
                        // unknown: the sender's nonce says whether it got in
                        Long seen = nonceNow(key.address(), random);
                        if (seen == null) continue; // nobody answers: send again (the nonce lets at most one in)
                        if (seen > nonce) {
                            next.set(seen);
                            settled = true;
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private Long nonceNow(Address a, Random random) throws InterruptedException {
        ClusterProcesses.Member m = pick(random);
        if (m == null) return null;
        try {
            HttpResponse<String> r = ClusterProcesses.HTTP.send(HttpRequest.newBuilder(URI.create(m.url() + "/v1/accounts/" + a))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) return null;
            return ClusterProcesses.JSON.readTree(r.body()).get("nonce").asLong();
        } catch (IOException e) {
            return null;
        }
    }

    private ClusterProcesses.Member pick(Random random) {
        List<ClusterProcesses.Member> up = cluster.running().stream().filter(m -> !m.paused).toList();
        return up.isEmpty() ? null : up.get(random.nextInt(up.size()));
    }

    static byte[] sign(SigningKey key, long nonce) throws IOException {
        Address to = DevAccounts.get(9).address();
        long deadline = System.currentTimeMillis() / 1000 + 3600;
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("token", "stake");
        message.put("to", to);
        message.put("amount", UInt256.ONE);
        byte[] sig = key.sign(TYPED.digest("withdraw", message, nonce, deadline));
        ObjectNode tx = ClusterProcesses.JSON.createObjectNode();
        tx.put("op", "withdraw");
        tx.putObject("args").put("token", "stake").put("to", to.toString()).put("amount", "1");
        tx.put("nonce", nonce).put("deadline", deadline).put("signature", Hex.encode(sig));
        return ClusterProcesses.JSON.writeValueAsBytes(tx);
    }

    /** The first acknowledgement of a transaction sent after {@code nanos}, waiting at most {@code seconds}; its answer time, or -1. */
    long firstAckSentAfter(long nanos, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            long best = Long.MAX_VALUE;
            for (Ack a : acks) if (a.sentNanos() > nanos) best = Math.min(best, a.ackNanos());
            if (best != Long.MAX_VALUE) return best;
            Thread.sleep(5);
        }
        return -1;
    }

    int ackCount() {
        return acks.size();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) t.join(60_000);
        for (Thread t : threads) if (t.isAlive()) throw new AssertionError(t.getName() + " did not stop");
        if (failure.get() != null) throw new AssertionError("the load failed", failure.get());
    }
}
