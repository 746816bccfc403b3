package dev.proverstaking.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proverstaking.common.Address;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A group of three members, each the packaged jar in a process of its own on loopback, through
 * crashes, pauses and restarts under concurrent signed load ({@link SignedLoad}). After each scenario:
 * every acknowledged transaction is in every member's history exactly once at the index it was
 * acknowledged with, every sender's nonces are 0..n-1 without a gap or a repeat, every member reports
 * the same state hash at the same applied index, the history exports are identical, and replaying one
 * gives the members' state dump. The scenarios share one group (each leaves it whole) to keep the test
 * to a few minutes; the random schedule's seed is printed (and set with -Dcluster.seed=S).
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
// Not yet part of the default suite: the group sometimes stops committing after a leader kill followed by the
// old leader's restart (a Ratis log appender failing to reach the restarted member, the third not acking);
// see README "A cluster". Run it with -Dcluster.it=true.
@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "cluster.it", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    static final long SEED = Long.getLong("cluster.seed", System.nanoTime());
    static final int SENDERS = 6;

    @RegisterExtension
    final TestWatcher seedOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.err.println("ClusterIT " + context.getDisplayName() + " failed with seed " + SEED + " (rerun: -Dcluster.seed=" + SEED + "): " + cause);
            if (cluster != null) for (ClusterProcesses.Member m : cluster.members) {
                String out = m.output();
                System.err.println("---- " + m + " (last start's output, tail) ----\n" + out.substring(Math.max(0, out.length() - 6000)));
            }
        }
    };

    Path dir;
    ClusterProcesses cluster;
    final List<SignedLoad.Ack> allAcks = new ArrayList<>();
    final List<Long> recoveries = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        System.out.println("ClusterIT seed " + SEED);
        dir = Files.createTempDirectory("cluster-it-");
        cluster = new ClusterProcesses(dir, 3);
        cluster.startAll();
        cluster.leader(60);
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) cluster.close();
        if (!recoveries.isEmpty()) {
            System.out.println("ClusterIT: leader SIGKILL -> next acknowledged write (ms): " + recoveries);
        }
        deleteTree(dir);
    }

    /** The leader SIGKILLed five times under load: a new one is elected within a bound each time, the load goes on. */
    @Test
    @Order(1)
    void theLeaderKilledFiveTimesUnderLoad() throws Exception {
        try (SignedLoad load = new SignedLoad(cluster, SENDERS, SEED)) {
            awaitAcks(load, 30, 60);
            for (int round = 0; round < 5; round++) {
                ClusterProcesses.Member leader = cluster.member(cluster.leader(30));
                long killed = System.nanoTime();
                leader.kill();
                long next = load.firstAckSentAfter(killed, 30);
                assertThat(next).as("round %d: no write acknowledged within 30 s of %s's death", round, leader.id).isPositive();
                recoveries.add((next - killed) / 1_000_000);
                String newLeader = cluster.leader(30);
                assertThat(newLeader).isNotEqualTo(leader.id);
                leader.start();
                leader.awaitUp(120);
                awaitCaughtUp(leader, 90); // before the next kill: a quorum of members that can go on
                awaitAcks(load, load.ackCount() + 20, 60);
            }
            allAcks.addAll(load.acks);
        }
        System.out.println("ClusterIT: leader SIGKILL -> next acknowledged write (ms): " + recoveries);
        verifyAgreement();
    }

    /** A follower killed, its data directory deleted, restarted: it catches up by the leader's snapshot. */
    @Test
    @Order(2)
    void aFollowerRestartedEmptyCatchesUpBySnapshot() throws Exception {
        String leader = cluster.leader(30);
        ClusterProcesses.Member follower = cluster.members.stream().filter(m -> !m.id.equals(leader)).findFirst().orElseThrow();
        try (SignedLoad load = new SignedLoad(cluster, SENDERS, SEED + 100)) {
            awaitAcks(load, 20, 60);
            follower.kill();
            follower.wipe();
            // enough entries that the others take snapshots and purge their logs past the follower's
            awaitAcks(load, 600, 120);
            follower.start();
            follower.awaitUp(120);
            awaitCaughtUp(follower, 90);
            awaitAcks(load, load.ackCount() + 50, 60);
            allAcks.addAll(load.acks);
        }
        verifyAgreement();
        assertThat(follower.output()).contains("installed the snapshot at entry");
    }

    /** A member paused (SIGSTOP) while writes go on: the others keep taking them; resumed (SIGCONT), it catches up. */
    @Test
    @Order(3)
    void aPausedMemberCatchesUpWhenResumed() throws Exception {
        ClusterProcesses.Member paused = cluster.member(cluster.leader(30)); // the leader: the harder case
        try (SignedLoad load = new SignedLoad(cluster, SENDERS, SEED + 200)) {
            awaitAcks(load, 20, 60);
            paused.signal("STOP");
            int at = load.ackCount();
            awaitAcks(load, at + 200, 60); // the majority goes on
            paused.signal("CONT");
            awaitAcks(load, load.ackCount() + 50, 60);
            allAcks.addAll(load.acks);
        }
        verifyAgreement();
    }

    /** One member of three alive: writes are refused NoQuorum within a bound, nothing acknowledged is lost. */
    @Test
    @Order(4)
    void oneMemberOfThreeRefusesWritesWithNoQuorum() throws Exception {
        List<ClusterProcesses.Member> gone = new ArrayList<>();
        try (SignedLoad load = new SignedLoad(cluster, SENDERS, SEED + 300)) {
            awaitAcks(load, 20, 60);
            String leader = cluster.leader(30);
            ClusterProcesses.Member survivor = cluster.members.stream().filter(m -> !m.id.equals(leader)).findFirst().orElseThrow();
            for (ClusterProcesses.Member m : cluster.members) if (m != survivor) gone.add(m);
            for (ClusterProcesses.Member m : gone) m.kill();
            long killed = System.nanoTime();
            // within a bound, every write the survivor answers is a clear refusal, and quickly
            long deadline = killed + TimeUnit.SECONDS.toNanos(30);
            // a write by an account the load does not use: refused before its nonce is even looked at
            byte[] probe = SignedLoad.sign(dev.proverstaking.signing.DevAccounts.get(9).key(), 0);
            String last = null;
            boolean refusedFast = false;
            while (System.nanoTime() < deadline && !refusedFast) {
                long t0 = System.nanoTime();
                HttpResponse<String> r;
                try {
                    r = ClusterProcesses.HTTP.send(HttpRequest.newBuilder(URI.create(survivor.url() + "/v1/tx"))
                            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(5))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(probe)).build(), HttpResponse.BodyHandlers.ofString());
                } catch (java.net.http.HttpTimeoutException e) {
                    last = "no answer within 5 s";
                    continue;
                }
                last = r.statusCode() + " " + r.body();
                refusedFast = r.statusCode() == 503 && r.body().contains("NoQuorum") && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2);
                if (!refusedFast) Thread.sleep(200);
            }
            assertThat(refusedFast).as("a write to the last member alive is refused NoQuorum within 30 s (last answer: %s)", last).isTrue();
            System.out.println("ClusterIT: one member of three alive: writes refused NoQuorum " + (System.nanoTime() - killed) / 1_000_000 + " ms after the kills");
            // a linearizable read there says so too; a stale one answers
            HttpResponse<String> lin = get(survivor, "/v1/state/hash");
            assertThat(lin.statusCode()).isEqualTo(503);
            assertThat(lin.body()).contains("NoQuorum");
            assertThat(get(survivor, "/v1/state/hash?consistency=stale").statusCode()).isEqualTo(200);
            int acked = load.ackCount();
            Thread.sleep(2000);
            assertThat(load.ackCount()).as("nothing is acknowledged without a quorum").isEqualTo(acked);
            for (ClusterProcesses.Member m : gone) m.start();
            for (ClusterProcesses.Member m : gone) m.awaitUp(120);
            awaitAcks(load, acked + 50, 90);
            allAcks.addAll(load.acks);
        }
        verifyAgreement();
    }

    /** Kills, pauses and restarts of any member on a random schedule for a bounded time; then everything agrees. */
    @Test
    @Order(5)
    void aRandomFaultScheduleThenAgreement() throws Exception {
        Random random = new Random(SEED);
        System.out.println("ClusterIT: random fault schedule, seed " + SEED);
        try (SignedLoad load = new SignedLoad(cluster, SENDERS, SEED + 400)) {
            awaitAcks(load, 20, 60);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
            while (System.nanoTime() < end) {
                ClusterProcesses.Member m = cluster.members.get(random.nextInt(cluster.members.size()));
                int fault = random.nextInt(3);
                long hold = 500 + random.nextInt(2500);
                switch (fault) {
                    case 0 -> { // SIGKILL, restart
                        System.out.println("ClusterIT fault: kill " + m.id);
                        m.kill();
                        Thread.sleep(hold);
                        m.start();
                        m.awaitUp(120);
                        awaitCaughtUp(m, 90);
                    }
                    case 1 -> { // SIGSTOP, SIGCONT
                        System.out.println("ClusterIT fault: pause " + m.id + " " + hold + " ms");
                        m.signal("STOP");
                        Thread.sleep(hold);
                        m.signal("CONT");
                    }
                    default -> { // SIGTERM (an orderly stop), restart
                        System.out.println("ClusterIT fault: restart " + m.id);
                        m.process.toHandle().destroy();
                        if (!m.process.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError(m.id + " did not stop on SIGTERM");
                        assertThat(m.process.exitValue()).as(m.output()).isZero();
                        m.start();
                        m.awaitUp(120);
                        awaitCaughtUp(m, 90);
                    }
                }
                Thread.sleep(random.nextInt(1500));
            }
            awaitAcks(load, load.ackCount() + 50, 90);
            allAcks.addAll(load.acks);
        }
        verifyAgreement();
    }

    // ------------------------------------------------------------------ checks

    /** Until {@code m} applied as far as the leader had committed when asked (a fault schedule keeps a quorum that can go on). */
    private void awaitCaughtUp(ClusterProcesses.Member m, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long target = -1;
        while (System.nanoTime() < deadline) {
            if (target < 0) {
                for (ClusterProcesses.Member o : cluster.running()) {
                    JsonNode c = o.paused ? null : o.clusterOrNull();
                    if (c != null && "LEADER".equals(c.path("role").asText())) target = c.path("appliedIndex").asLong();
                }
            }
            JsonNode mine = m.clusterOrNull();
            if (target >= 0 && mine != null && mine.path("appliedIndex").asLong() >= target) return;
            Thread.sleep(100);
        }
        throw new AssertionError(m.id + " did not catch up within " + seconds + " s (to " + target + "): " + m.clusterOrNull());
    }

    private static void awaitAcks(SignedLoad load, int count, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (load.ackCount() < count) {
            if (load.failure.get() != null) throw new AssertionError("the load failed", load.failure.get());
            if (System.nanoTime() > deadline) {
                throw new AssertionError(load.ackCount() + " writes acknowledged, not " + count + " within " + seconds + " s; "
                        + "some refusals: " + load.refusals.stream().limit(5).toList());
            }
            Thread.sleep(20);
        }
    }

    /**
     * Every member at the same applied index with the same state hash; identical history exports; every
     * acknowledged transaction at its index, once; nonces without gaps; the export replays to the dump.
     */
    private void verifyAgreement() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        List<JsonNode> views;
        while (true) {
            List<JsonNode> now = new ArrayList<>();
            for (ClusterProcesses.Member m : cluster.members) now.add(m.clusterOrNull());
            views = now;
            boolean same = now.stream().allMatch(v -> v != null && now.get(0) != null
                    && v.path("appliedIndex").asLong() == now.get(0).path("appliedIndex").asLong()
                    && v.path("stateHash").asText().equals(now.get(0).path("stateHash").asText()));
            if (same && views.get(0).path("appliedIndex").asLong() > 0) break;
            if (System.nanoTime() > deadline) throw new AssertionError("the members do not agree: " + views);
            Thread.sleep(200);
        }
        byte[] history = cluster.members.get(0).get("/v1/history.jsonl?consistency=stale");
        for (ClusterProcesses.Member m : cluster.members.subList(1, cluster.members.size())) {
            assertThat(Arrays.equals(m.get("/v1/history.jsonl?consistency=stale"), history))
                    .as("%s's history export is %s's", m.id, cluster.members.get(0).id).isTrue();
        }
        List<String> lines = new String(history, StandardCharsets.UTF_8).lines().toList();
        // line 0 the genesis, line i the transaction of history index i, the last a checkpoint
        Map<Address, List<Long>> nonces = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < lines.size() - 1; i++) {
            JsonNode l = ClusterProcesses.JSON.readTree(lines.get(i));
            if (!l.has("nonce")) continue;
            Address from = Address.parse(l.get("from").asText());
            long nonce = l.get("nonce").asLong();
            assertThat(seen.add(from + "/" + nonce)).as("%s's nonce %d appears twice in the history", from, nonce).isTrue();
            nonces.computeIfAbsent(from, k -> new ArrayList<>()).add(nonce);
        }
        for (var e : nonces.entrySet()) {
            List<Long> ns = e.getValue();
            for (int k = 0; k < ns.size(); k++) assertThat(ns.get(k)).as("%s's nonces in history order", e.getKey()).isEqualTo((long) k);
            JsonNode account = ClusterProcesses.JSON.readTree(cluster.members.get(0).get("/v1/accounts/" + e.getKey()));
            assertThat(account.get("nonce").asLong()).isEqualTo(ns.size());
        }
        for (SignedLoad.Ack a : allAcks) {
            assertThat(a.index()).as("acknowledged %s", a).isBetween(1L, (long) lines.size() - 2);
            JsonNode l = ClusterProcesses.JSON.readTree(lines.get((int) a.index()));
            assertThat(Address.parse(l.get("from").asText())).as("the history line at acknowledged index %d", a.index()).isEqualTo(a.sender());
            assertThat(l.get("nonce").asLong()).as("the history line at acknowledged index %d", a.index()).isEqualTo(a.nonce());
        }
        // the export replays to the members' dump
        Path file = dir.resolve("history.jsonl");
        Files.write(file, history);
        Process replay = new ProcessBuilder(ClusterProcesses.JAVA, "-XX:TieredStopAtLevel=1", "-jar", ClusterProcesses.JAR.toString(),
                "replay", file.toString()).redirectErrorStream(true).start();
        String out = new String(replay.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(replay.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(replay.exitValue()).as(out.substring(Math.max(0, out.length() - 2000))).isZero();
        List<String> printed = out.lines().toList();
        JsonNode replayed = ClusterProcesses.JSON.readTree(printed.get(printed.size() - 1));
        for (ClusterProcesses.Member m : cluster.members) {
            assertThat(ClusterProcesses.JSON.readTree(m.get("/v1/state/dump?consistency=stale"))).as("%s's dump is the replay's", m.id).isEqualTo(replayed);
        }
        System.out.println("ClusterIT: agreement at applied index " + views.get(0).path("appliedIndex").asLong() + ", history index "
                + views.get(0).path("historyIndex").asLong() + ", " + allAcks.size() + " acknowledged writes checked");
    }

    private static HttpResponse<String> get(ClusterProcesses.Member m, String path) throws IOException, InterruptedException {
        return ClusterProcesses.HTTP.send(HttpRequest.newBuilder(URI.create(m.url() + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) return;
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
