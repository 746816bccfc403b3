package dev.proverstaking.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proverstaking.bench.node.Envelopes;
import dev.proverstaking.bench.node.Funding;
import dev.proverstaking.bench.node.NodeHttp;
import dev.proverstaking.bench.node.NodeProcess;
import dev.proverstaking.bench.node.TxMix;
import dev.proverstaking.common.Address;
import dev.proverstaking.signing.SigningKey;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of the packaged node: {@code serve --dev --data DIR} as a process of its own, with
 * snapshots every few entries, under signed load from several client threads (a realistic mix from
 * dev accounts and fresh funded keys, single and batched submissions, slashes and unauthorised
 * deposits), killed with SIGKILL at random moments (under load, and while it starts again) at least
 * {@value #KILLS} times and restarted on the same data directory. Then: every acknowledged
 * transaction is in the history export exactly once, at its index; no (sender, nonce) appears twice;
 * each account's nonce is the number of its transactions in the history; the state hash is that of a
 * fresh replay of the history through the core, and the dumps agree; and a restart from the latest
 * snapshot and the log after it has the same hash.
 *
 * <p>Seeded: {@code -Dcrash.seed=S} repeats a run's choices (the kills' timing still depends on the
 * machine); the seed is printed, and named in any failure.
 */
@Timeout(360)
class CrashSafetyIT {
    static final int KILLS = 12;
    static final long SEED = Long.getLong("crash.seed", new SplittableRandom().nextLong());
    static final Path JAR = Path.of("target", "prover-staking.jar").toAbsolutePath();
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /** A transaction the node answered with an index (ok or ok:false): it is in the log. */
    record Ack(Address sender, long nonce, String op, long index, int life) {}

    /** A transaction sent without an answer (the connection failed): it may or may not be in the log. */
    record Unanswered(Address sender, long nonce, String op) {}

    final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Unanswered> unanswered = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    final AtomicInteger life = new AtomicInteger();
    volatile boolean stopping;
    NodeProcess node;

    @AfterEach
    void killWhatWeStarted() throws InterruptedException {
        stopping = true;
        if (node != null) node.close(); // by its pid only
    }

    @Test
    void sigkilledUnderLoadItLosesNothingAcknowledgedAndDuplicatesNothing(@TempDir Path dir) throws Throwable {
        System.out.println("CrashSafetyIT seed " + SEED + " (-Dcrash.seed=" + SEED + " repeats it)");
        try {
            run(dir);
        } catch (Throwable t) {
            throw new AssertionError("CrashSafetyIT with seed " + SEED + " (-Dcrash.seed=" + SEED + "): " + t.getMessage(), t);
        }
    }

    private void run(Path dir) throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        Path data = dir.resolve("data");
        int port = NodeProcess.freePort();
        URI url = URI.create("http://127.0.0.1:" + port);
        Path log = dir.resolve("serve.log");
        List<String> command = NodeProcess.serveCommand(List.of(JAVA, "-Xmx512m", "-jar", JAR.toString()), data, port, 16, List.of());
        node = NodeProcess.start(command, url, log);
        node.awaitReady(Duration.ofSeconds(90));
        NodeHttp http = new NodeHttp(url, Duration.ofSeconds(20));
        Envelopes envelopes = new Envelopes(http.status().get("chainId").asLong());

        // provers dev 1..3; stakers dev 4..7 and four fresh keys funded by dev 0 (the MINTER)
        List<SigningKey> provers = List.of(Funding.dev(1), Funding.dev(2), Funding.dev(3));
        Funding.initProvers(http, envelopes, provers, 1000, Funding.deadline());
        List<SigningKey> fresh = Funding.keys(SEED, 0, 4);
        Funding.fund(http, envelopes, fresh.stream().map(SigningKey::address).toList(), 100_000, 100_000, Funding.deadline());
        List<SigningKey> stakers = new ArrayList<>(List.of(Funding.dev(4), Funding.dev(5), Funding.dev(6), Funding.dev(7)));
        stakers.addAll(fresh);
        TxMix mix = new TxMix(provers.stream().map(SigningKey::address).toList());

        List<Thread> clients = new ArrayList<>();
        for (SigningKey k : stakers) clients.add(client(http, envelopes, k, new SplittableRandom(random.nextLong()), r -> mix.next(r)));
        // dev 0 slashes a little and funds the stakers; dev 9 tries deposits without the MINTER role (ok:false)
        clients.add(client(http, envelopes, Funding.dev(0), new SplittableRandom(random.nextLong()), r -> r.nextInt(4) == 0
                ? TxMix.tx("slash", "prover", mix.provers().get(r.nextInt(3)), "percentage", dev.proverstaking.math.UInt256.of(1000))
                : TxMix.deposit("stake", stakers.get(r.nextInt(stakers.size())).address(), 10)));
        clients.add(client(http, envelopes, Funding.dev(9), new SplittableRandom(random.nextLong()), r -> r.nextBoolean()
                ? TxMix.deposit("reward", Funding.dev(9).address(), 5) : mix.next(r)));
        clients.forEach(Thread::start);

        int kills = 0;
        long started = System.nanoTime();
        while (kills < KILLS) {
            Thread.sleep(random.nextInt(300, 2500)); // under load
            node.kill();
            kills++;
            life.incrementAndGet();
            node = NodeProcess.start(command, url, log);
            if (kills % 4 == 2) { // and now and then while it starts again (reading its snapshot, replaying its log)
                Thread.sleep(random.nextInt(200, 1500));
                node.kill();
                kills++;
                node = NodeProcess.start(command, url, log);
            }
            node.awaitReady(Duration.ofSeconds(90));
        }
        Thread.sleep(1000);
        stopping = true;
        for (Thread c : clients) c.join(60_000);
        System.out.printf("CrashSafetyIT: %d kills in %.1f s; %d transactions acknowledged, %d unanswered%n",
                kills, (System.nanoTime() - started) / 1e9, acks.size(), unanswered.size());

        assertThat(unexpected).as("answers no client should get").isEmpty();
        assertThat(acks.size()).as("acknowledged transactions").isGreaterThan(300);
        assertThat(acks.stream().mapToInt(Ack::life).distinct().count()).as("lives of the node with acknowledged transactions")
                .isGreaterThanOrEqualTo(KILLS / 2);

        HistoryCheck history = HistoryCheck.of(http);
        String[] lines = history.lines;
        Map<Long, Ack> byIndex = new HashMap<>();
        for (Ack a : acks) {
            assertThat(byIndex.put(a.index(), a)).as("index %d acknowledged twice", a.index()).isNull();
            assertThat(a.index()).as("%s beyond the history", a).isLessThanOrEqualTo(history.nodeIndex);
            JsonNode line = NodeHttp.JSON.readTree(lines[(int) a.index()]);
            assertThat(line.get("from").asText()).as("line %d for %s", a.index(), a).isEqualTo(a.sender().toString());
            assertThat(line.get("nonce").asLong()).as("line %d for %s", a.index(), a).isEqualTo(a.nonce());
            assertThat(line.get("op").asText()).as("line %d for %s", a.index(), a).isEqualTo(a.op());
        }
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Long> perSender = new HashMap<>();
        for (int i = 1; i < lines.length - 1; i++) {
            JsonNode line = NodeHttp.JSON.readTree(lines[i]);
            if (!line.has("nonce")) continue; // the genesis setup (roles, mints) is not signed
            String key = line.get("from").asText() + "/" + line.get("nonce").asLong();
            assertThat(seen.put(key, i)).as("%s at lines %s and %d", key, seen.get(key), i).isNull();
            perSender.merge(line.get("from").asText(), 1L, Long::sum);
        }
        for (String sender : perSender.keySet()) {
            assertThat(http.nonce(sender)).as("the nonce of %s against its transactions in the history", sender).isEqualTo(perSender.get(sender));
        }
        long inHistory = unanswered.stream().filter(u -> seen.containsKey(u.sender() + "/" + u.nonce())).count();
        System.out.printf("CrashSafetyIT: of the unanswered transactions, %d reached the log (once each) and %d did not%n",
                inHistory, unanswered.size() - inHistory);

        // a last SIGKILL with nothing in flight: the restart from the latest snapshot and the log after it has the same state
        node.kill();
        node = NodeProcess.start(command, url, log);
        node.awaitReady(Duration.ofSeconds(90));
        assertThat(http.stateHash()).as("the state hash after a restart from snapshot and log tail")
                .isEqualTo(new NodeHttp.StateHash(history.nodeIndex, history.nodeHash));
        assertThat(node.stop(Duration.ofSeconds(60))).as("SIGTERM: stops in order").isZero();
    }

    interface Next {
        TxMix.Tx next(SplittableRandom random);
    }

    /**
     * A client thread: sends its key's transactions one at a time or a few in one batch, each with the
     * next nonce; keeps what the node answered with an index, and what it sent without an answer. On
     * a failed connection, or a refusal before the log, it reads its nonce from the node again.
     */
    private Thread client(NodeHttp http, Envelopes envelopes, SigningKey key, SplittableRandom random, Next next) {
        Thread t = new Thread(() -> {
            long nonce = -1;
            while (!stopping) {
                try {
                    if (nonce < 0) nonce = http.nonce(key.address().toString());
                    int n = random.nextInt(4) == 0 ? random.nextInt(2, 7) : 1;
                    List<TxMix.Tx> txs = new ArrayList<>();
                    List<String> signed = new ArrayList<>();
                    for (int k = 0; k < n; k++) {
                        TxMix.Tx tx = next.next(random);
                        txs.add(tx);
                        signed.add(envelopes.sign(key, tx.op(), tx.args(), nonce + k, Funding.deadline()));
                    }
                    int lifeNow = life.get();
                    NodeHttp.Reply r;
                    try {
                        r = n == 1 ? http.post("/v1/tx", signed.get(0)) : http.post("/v1/txs", Envelopes.batch(signed));
                    } catch (IOException connectionFailed) {
                        for (int k = 0; k < n; k++) unanswered.add(new Unanswered(key.address(), nonce + k, txs.get(k).op()));
                        nonce = -1;
                        continue;
                    }
                    JsonNode body = r.json();
                    List<JsonNode> replies = new ArrayList<>();
                    if (n == 1 && r.status() == 200) replies.add(body);
                    else if (n > 1 && r.status() == 200) body.forEach(replies::add);
                    else if (r.status() != 503 && r.status() != 409) unexpected.add(key.address() + ": " + r.abbreviated());
                    boolean allLogged = replies.size() == n;
                    for (int k = 0; k < replies.size(); k++) {
                        JsonNode x = replies.get(k);
                        if (x.has("index")) acks.add(new Ack(key.address(), nonce + k, txs.get(k).op(), x.get("index").asLong(), lifeNow));
                        else {
                            allLogged = false;
                            String code = x.path("error").asText();
                            if (!code.equals("BadNonce") && !code.equals("Unavailable")) unexpected.add(key.address() + ": " + x);
                        }
                    }
                    nonce = allLogged ? nonce + n : -1;
                } catch (IOException nodeDown) {
                    nonce = -1;
                    sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    unexpected.add(key.address() + ": " + e);
                    sleep(100);
                }
            }
        }, "client-" + key.address());
        t.setDaemon(true);
        return t;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
