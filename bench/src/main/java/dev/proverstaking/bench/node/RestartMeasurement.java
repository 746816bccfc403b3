package dev.proverstaking.bench.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proverstaking.common.Address;
import dev.proverstaking.signing.SigningKey;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The restart time of a node holding many positions: a node of its own is given {@code positions}
 * positions through its API (10 provers; each staker, funded by the MINTER's deposits, stakes with
 * every prover, its 10 stakes in one batch, batches of 1000 signed on the client's threads while
 * earlier ones are sent), stopped with SIGTERM (which takes a snapshot), then started again
 * {@code restarts} times: the time from the start of the process until {@code /v1/status} says it
 * accepts transactions.
 */
public final class RestartMeasurement {
    static final int PROVERS = 10;

    /** What was built and how long the restarts took. */
    public record Result(int positions, long historyIndex, double buildSeconds, long snapshotBytes, List<Duration> restarts,
                         String stateHash, boolean sameHash) {}

    private RestartMeasurement() {}

    public static Result run(NodeLauncher launcher, int positions, int restarts, long seed, PrintStream progress)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("prover-staking-bench-restart-");
        try {
            return measure(launcher, dir, positions, restarts, seed, progress);
        } finally {
            deleteTree(dir);
        }
    }

    private static Result measure(NodeLauncher launcher, Path dir, int positions, int restarts, long seed, PrintStream progress)
            throws IOException, InterruptedException {
        int port = NodeProcess.freePort();
        URI url = URI.create("http://127.0.0.1:" + port);
        Path data = dir.resolve("data");
        Path log = dir.resolve("serve.log");
        long started = System.nanoTime();
        NodeProcess node = NodeProcess.start(launcher.command(data, port), url, log);
        try {
            node.awaitReady(Duration.ofSeconds(120));
            NodeHttp http = new NodeHttp(url, Duration.ofSeconds(120));
            Envelopes envelopes = new Envelopes(http.status().get("chainId").asLong());
            List<SigningKey> provers = Funding.keys(seed ^ 0x5EED, 0, PROVERS);
            Funding.fund(http, envelopes, provers.stream().map(SigningKey::address).toList(), 1000, 0, Funding.deadline());
            Funding.initProvers(http, envelopes, provers, 10, Funding.deadline());
            int stakers = (positions + PROVERS - 1) / PROVERS;
            progress.printf("restart: building %,d positions (%,d stakers x %d provers) through the API...%n", (long) stakers * PROVERS, stakers, PROVERS);
            List<SigningKey> keys = Funding.keys(seed, 1_000_000, stakers);
            Funding.fund(http, envelopes, keys.stream().map(SigningKey::address).toList(), PROVERS, 0, Funding.deadline());
            stakeWithEveryProver(http, envelopes, keys, provers.stream().map(SigningKey::address).toList(), progress);
            double build = (System.nanoTime() - started) / 1e9;
            JsonNode status = http.status();
            long index = status.get("historyIndex").asLong();
            String hash = http.stateHash().hash();
            progress.printf("restart: built in %.0f s (history index %,d); stopping it (SIGTERM: a snapshot at close)%n", build, index);
            int stop = node.stop(Duration.ofSeconds(300));
            if (stop != 0) throw new IOException("the node did not stop cleanly (status " + stop + "): " + node.logTail());
            long snapshotBytes = largestSnapshot(data);
            List<Duration> times = new ArrayList<>();
            boolean same = true;
            for (int r = 0; r < restarts; r++) {
                node = NodeProcess.start(launcher.command(data, port), url, log);
                Duration ready = node.awaitReady(Duration.ofSeconds(300));
                times.add(ready);
                same &= http.stateHash().hash().equals(hash);
                progress.printf("restart %d: ready in %.2f s%n", r + 1, ready.toNanos() / 1e9);
                if (node.stop(Duration.ofSeconds(300)) != 0) throw new IOException("the node did not stop cleanly: " + node.logTail());
            }
            return new Result(stakers * PROVERS, index, build, snapshotBytes, times, hash, same);
        } finally {
            node.close();
        }
    }

    /**
     * Each staker's stakes with every prover, in batches of 100 stakers (1000 transactions): signed by
     * two threads while two others send, so the client signs and the node applies at the same time.
     */
    private static void stakeWithEveryProver(NodeHttp http, Envelopes envelopes, List<SigningKey> stakers, List<Address> provers,
                                             PrintStream progress) throws InterruptedException, IOException {
        int perBatch = 1000 / provers.size();
        int batches = (stakers.size() + perBatch - 1) / perBatch;
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(16);
        AtomicLong nextBatch = new AtomicLong();
        AtomicLong sent = new AtomicLong(), failed = new AtomicLong();
        AtomicReference<Exception> error = new AtomicReference<>();
        long deadline = Funding.deadline() + 3600;
        List<Thread> threads = new ArrayList<>();
        String end = "";
        for (int s = 0; s < 2; s++) {
            threads.add(new Thread(() -> {
                try {
                    for (long b; (b = nextBatch.getAndIncrement()) < batches; ) {
                        List<String> txs = new ArrayList<>(1000);
                        for (int k = (int) b * perBatch; k < Math.min(stakers.size(), (b + 1) * perBatch); k++) {
                            for (int p = 0; p < provers.size(); p++) {
                                TxMix.Tx tx = TxMix.stake(provers.get(p), 1);
                                txs.add(envelopes.sign(stakers.get(k), tx.op(), tx.args(), p, deadline));
                            }
                        }
                        queue.put(Envelopes.batch(txs));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-restart-signer"));
        }
        for (int s = 0; s < 2; s++) {
            threads.add(new Thread(() -> {
                try {
                    while (sent.get() < batches && error.get() == null) {
                        String batch = queue.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                        if (batch == null) continue;
                        NodeHttp.Reply r = http.post("/v1/txs", batch);
                        if (r.status() != 200) throw new IOException("POST /v1/txs: " + r.abbreviated());
                        for (JsonNode x : r.json()) if (!x.path("ok").asBoolean()) failed.incrementAndGet();
                        long n = sent.incrementAndGet();
                        if (n % Math.max(1, batches / 10) == 0) progress.printf("restart: %,d of %,d stake batches applied%n", n, batches);
                    }
                } catch (Exception e) {
                    error.compareAndSet(null, e);
                }
            }, "bench-restart-sender"));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) t.join();
        if (error.get() != null) throw new IOException("building the positions failed: " + error.get().getMessage(), error.get());
        if (failed.get() > 0) throw new IOException(failed.get() + " stakes failed while building the positions");
    }

    private static long largestSnapshot(Path data) throws IOException {
        Path dir = data.resolve("snapshots");
        if (!Files.isDirectory(dir)) return -1;
        try (Stream<Path> s = Files.list(dir)) {
            return s.mapToLong(p -> p.toFile().length()).max().orElse(-1);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: best effort
        }
    }
}
