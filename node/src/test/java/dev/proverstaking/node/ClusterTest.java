package dev.proverstaking.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.math.UInt256;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same code as a group of three members in one JVM (three Ratis servers on loopback): every
 * member takes transactions (a follower's go to the leader), every member applies the same log, so
 * all three have the same state, history and events; one nonce submitted at two members gets in once.
 */
class ClusterTest {
    @TempDir
    Path dir;

    @Test
    void threeMembersApplyTheSameLogAndAgreeOnEverything() throws Exception {
        TestChain.TestClock clock = new TestChain.TestClock();
        List<NodeConfig.Peer> peers = List.of(new NodeConfig.Peer("a", "127.0.0.1:" + TestChain.freePort()),
                new NodeConfig.Peer("b", "127.0.0.1:" + TestChain.freePort()),
                new NodeConfig.Peer("c", "127.0.0.1:" + TestChain.freePort()));
        List<LedgerNode> nodes = new ArrayList<>();
        ExecutorService starter = Executors.newFixedThreadPool(3);
        try {
            List<Future<LedgerNode>> starting = new ArrayList<>();
            for (NodeConfig.Peer p : peers) {
                NodeConfig config = NodeConfig.builder(dir.resolve(p.id()), TestChain.genesis()).peers(peers).memberId(p.id())
                        .clock(clock).snapshotInterval(5).readyTimeout(Duration.ofSeconds(30)).build();
                starting.add(starter.submit(() -> RaftLedgerNode.start(config)));
            }
            for (Future<LedgerNode> f : starting) nodes.add(f.get(60, TimeUnit.SECONDS));
            for (LedgerNode n : nodes) assertThat(n.status().accepting()).as("%s", n.status()).isTrue();
            String leader = nodes.get(0).status().leader();
            assertThat(nodes).allSatisfy(n -> assertThat(n.status().leader()).isEqualTo(leader));
            assertThat(nodes.stream().filter(n -> n.status().role().equals("LEADER")).count()).isEqualTo(1);

            // every member takes a share of the transactions, at once
            List<CompletableFuture<List<TxResult>>> calls = new ArrayList<>();
            for (int s = 0; s < 6; s++) {
                Address sender = TestChain.account(s);
                LedgerNode via = nodes.get(s % 3);
                for (int c = 0; c < 10; c++) {
                    List<SignedTx> txs = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        txs.add(NodeFixture.tx(sender, c * 5L + i, new Command.Withdraw(TokenKind.STAKE, TestChain.account(9), UInt256.ONE)));
                    }
                    calls.add(via.submit(txs));
                }
            }
            for (CompletableFuture<List<TxResult>> c : calls) for (TxResult r : c.get(60, TimeUnit.SECONDS)) NodeFixture.applied(r);

            // one nonce at two members: exactly one gets in (the other is refused before the log or when applied)
            Address racer = TestChain.account(7);
            for (long nonce = 0; nonce < 5; nonce++) {
                CompletableFuture<List<TxResult>> x = nodes.get(1).submit(List.of(NodeFixture.tx(racer, nonce, new Command.Poke(TestChain.account(1)))));
                CompletableFuture<List<TxResult>> y = nodes.get(2).submit(List.of(NodeFixture.tx(racer, nonce, new Command.Poke(TestChain.account(2)))));
                List<TxResult> both = List.of(x.get(60, TimeUnit.SECONDS).get(0), y.get(60, TimeUnit.SECONDS).get(0));
                assertThat(both.stream().filter(r -> r instanceof TxResult.Applied).count()).as("nonce %d: %s", nonce, both).isEqualTo(1);
                assertThat(both.stream().filter(r -> r instanceof TxResult.Refused f && f.code() == Refusal.BadNonce).count()).isEqualTo(1);
                // the loser's member must have applied the winner before the next round's nonce is checked there
                awaitSameIndex(nodes);
            }

            awaitSameIndex(nodes);
            NodeState first = NodeState.of(nodes.get(0));
            assertThat(first.historyIndex()).isEqualTo(TestChain.SETUP + 6 * 50 + 5);
            for (LedgerNode n : nodes.subList(1, 3)) first.assertEquals(NodeState.of(n));
            assertThat(NodeFixture.replayedDump(first.history())).isEqualTo(first.dump());
        } finally {
            starter.shutdownNow();
            for (LedgerNode n : nodes) n.close();
        }
    }

    /**
     * A member that lost its data directory, and a member added later by reconfiguration, both meet a
     * leader whose log was purged past its snapshots (small log files, a snapshot every 10 entries): each
     * fetches the leader's snapshot with the history and events up to its marks, then applies the log
     * after it, and ends with the same state, history export, events and hash as the others. A
     * linearizable read on a follower sees a write acknowledged by another member just before.
     */
    @Test
    void aWipedMemberAndANewMemberCatchUpBySnapshot() throws Exception {
        TestChain.TestClock clock = new TestChain.TestClock();
        List<NodeConfig.Peer> peers = List.of(new NodeConfig.Peer("a", "127.0.0.1:" + TestChain.freePort()),
                new NodeConfig.Peer("b", "127.0.0.1:" + TestChain.freePort()),
                new NodeConfig.Peer("c", "127.0.0.1:" + TestChain.freePort()));
        java.util.Map<String, NodeConfig> configs = new java.util.LinkedHashMap<>();
        for (NodeConfig.Peer p : peers) {
            configs.put(p.id(), NodeConfig.builder(dir.resolve(p.id()), TestChain.genesis()).peers(peers).memberId(p.id())
                    .clock(clock).snapshotInterval(10).logSegmentSize(NodeConfig.MIN_LOG_SEGMENT_SIZE).build());
        }
        java.util.Map<String, RaftLedgerNode> nodes = new java.util.LinkedHashMap<>();
        ExecutorService starter = Executors.newFixedThreadPool(3);
        try {
            List<Future<RaftLedgerNode>> starting = new ArrayList<>();
            for (NodeConfig c : configs.values()) starting.add(starter.submit(() -> RaftLedgerNode.start(c)));
            for (Future<RaftLedgerNode> f : starting) {
                RaftLedgerNode n = f.get(60, TimeUnit.SECONDS);
                nodes.put(n.config().memberId(), n);
            }
            NodeFixture.Nonces nonces = new NodeFixture.Nonces();
            Address sender = TestChain.account(3);
            for (int i = 0; i < 20; i++) send(nodes.get("a"), sender, nonces);

            // c goes, its directory is lost; meanwhile many entries: the others snapshot and purge their logs
            nodes.remove("c").close();
            deleteTree(dir.resolve("c"));
            for (int i = 0; i < 200; i++) send(nodes.get(i % 2 == 0 ? "a" : "b"), sender, nonces);
            for (String id : List.of("a", "b")) {
                assertThat(logFiles(dir.resolve(id))).as("%s's log was purged", id).noneMatch(n -> n.startsWith("log_0-"));
            }

            RaftLedgerNode c = RaftLedgerNode.start(configs.get("c"));
            nodes.put("c", c);
            send(nodes.get("a"), sender, nonces);
            awaitSameIndex(List.copyOf(nodes.values()));
            assertThat(logFiles(dir.resolve("c"))).as("c never had the log's start: it installed a snapshot (a: %s, b: %s)",
                    logFiles(dir.resolve("a")), logFiles(dir.resolve("b")))
                    .noneMatch(n -> n.startsWith("log_0-") || n.equals("log_inprogress_0"));

            // a linearizable read at a follower sees what another member just acknowledged
            String leader = nodes.get("a").status().leader();
            RaftLedgerNode follower = nodes.values().stream().filter(n -> !n.config().memberId().equals(leader)).findFirst().orElseThrow();
            RaftLedgerNode other = nodes.values().stream().filter(n -> n != follower).findFirst().orElseThrow();
            for (int i = 0; i < 20; i++) {
                TxResult.Applied r = NodeFixture.applied(send(other, sender, nonces));
                follower.linearizable().get(10, TimeUnit.SECONDS);
                long seen = follower.read(v -> v.appliedCount());
                assertThat(seen).isGreaterThanOrEqualTo(r.index());
            }

            // a new member joins (an empty configuration of its own) and is added by reconfiguration
            NodeConfig.Peer d = new NodeConfig.Peer("d", "127.0.0.1:" + TestChain.freePort());
            List<NodeConfig.Peer> withD = new ArrayList<>(peers);
            withD.add(d);
            RaftLedgerNode dNode = RaftLedgerNode.start(NodeConfig.builder(dir.resolve("d"), TestChain.genesis()).peers(withD)
                    .memberId("d").joining(true).clock(clock).snapshotInterval(10).logSegmentSize(NodeConfig.MIN_LOG_SEGMENT_SIZE)
                    .readyTimeout(Duration.ofMillis(100)).build());
            nodes.put("d", dNode);
            ClusterStatus before = nodes.get("b").cluster();
            assertThat(before.members()).extracting(NodeConfig.Peer::id).containsExactly("a", "b", "c");
            nodes.get("b").setMembers(before.members(), withD);
            ClusterStatus after = nodes.get("a").cluster();
            assertThat(after.members()).extracting(NodeConfig.Peer::id).containsExactly("a", "b", "c", "d");
            assertThat(after.configIndex()).isGreaterThan(before.configIndex());
            // a change decided on the old view is refused (compare-and-set)
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> nodes.get("a").setMembers(before.members(), peers))
                    .isInstanceOf(java.io.IOException.class);
            for (int i = 0; i < 5; i++) send(dNode, sender, nonces);
            awaitSameIndex(List.copyOf(nodes.values()));
            assertThat(logFiles(dir.resolve("d"))).noneMatch(n -> n.startsWith("log_0-") || n.equals("log_inprogress_0"));

            NodeState first = NodeState.of(nodes.get("a"));
            for (LedgerNode n : nodes.values()) first.assertEquals(NodeState.of(n));
            for (LedgerNode n : nodes.values()) {
                ClusterStatus cs = n.cluster();
                assertThat(cs.stateHash()).isEqualTo(first.stateHash());
            }
            assertThat(NodeFixture.replayedDump(first.history())).isEqualTo(first.dump());
        } finally {
            starter.shutdownNow();
            for (LedgerNode n : nodes.values()) n.close();
        }
    }

    private static TxResult send(LedgerNode via, Address sender, NodeFixture.Nonces nonces) throws Exception {
        long nonce = nonces.take(sender);
        TxResult r = via.submit(List.of(NodeFixture.tx(sender, nonce, new Command.Withdraw(TokenKind.STAKE, TestChain.account(9), UInt256.ONE))))
                .get(60, TimeUnit.SECONDS).get(0);
        NodeFixture.applied(r);
        return r;
    }

    private static List<String> logFiles(Path member) throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(member.resolve("raft"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("log_")).toList();
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.delete(p);
        }
    }

    private static void awaitSameIndex(List<? extends LedgerNode> nodes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            long a = nodes.get(0).status().historyIndex();
            if (nodes.stream().allMatch(n -> n.status().historyIndex() == a)) return;
            Thread.sleep(10);
        }
        throw new AssertionError("the members did not reach the same history index: "
                + nodes.stream().map(LedgerNode::status).toList());
    }
}
