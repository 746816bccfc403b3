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

    private static void awaitSameIndex(List<LedgerNode> nodes) throws InterruptedException {
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
