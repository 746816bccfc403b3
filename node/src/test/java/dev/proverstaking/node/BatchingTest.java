package dev.proverstaking.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.math.UInt256;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many concurrent submitters: their transactions are gathered into few log entries, every one is
 * applied, each call's results come in its order, and the history indexes have no gap. Prints the
 * rate (transactions applied per second, in-process, acknowledged only once durable).
 */
class BatchingTest {
    @TempDir
    Path dir;

    /** Rounds of the measured run (the first warms the JIT up); -Dnode.batching.rounds=8 -Dnode.batching.calls=400 to measure. */
    static final int ROUNDS = Integer.getInteger("node.batching.rounds", 3);

    @Test
    void concurrentSubmittersShareLogEntriesAndGetIndexesWithoutGaps() throws Exception {
        TestChain.TestClock clock = new TestChain.TestClock();
        int senders = 10, callsPerSender = Integer.getInteger("node.batching.calls", 40), perCall = 10;
        int total = senders * callsPerSender * perCall;
        // every call goes at once, none waits: room for all of them in flight
        NodeConfig config = TestChain.config(dir, clock).maxInFlight(total + 1).build();
        try (LedgerNode node = RaftLedgerNode.start(config)) {
            for (int round = 0; round < ROUNDS; round++) {
                round(node, round, senders, callsPerSender, perCall);
            }
            assertThat(node.status().historyIndex()).isEqualTo(TestChain.SETUP + (long) ROUNDS * total);
            assertThat(NodeFixture.replayedDump(NodeFixture.history(node))).isEqualTo(NodeFixture.dump(node));
        }
    }

    private static void round(LedgerNode node, int round, int senders, int callsPerSender, int perCall) throws Exception {
            int total = senders * callsPerSender * perCall;
            long firstIndex = node.status().historyIndex() + 1;
            long entriesBefore = node.status().appliedIndex();
            long started = System.nanoTime();
            List<List<CompletableFuture<List<TxResult>>>> bySender = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                Address sender = TestChain.account(s);
                List<CompletableFuture<List<TxResult>>> calls = new ArrayList<>();
                bySender.add(calls);
                Thread t = new Thread(() -> {
                    long nonce = (long) round * callsPerSender * perCall;
                    for (int c = 0; c < callsPerSender; c++) {
                        List<SignedTx> txs = new ArrayList<>();
                        for (int i = 0; i < perCall; i++) {
                            txs.add(NodeFixture.tx(sender, nonce++, new Command.Withdraw(TokenKind.STAKE, TestChain.account(9), UInt256.ONE)));
                        }
                        // pipelined: the next call goes before this one is answered (the nonces follow the reservations)
                        synchronized (calls) {
                            calls.add(node.submit(txs));
                        }
                    }
                });
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) t.join(60_000);
            Set<Long> indexes = new HashSet<>();
            for (List<CompletableFuture<List<TxResult>>> calls : bySender) {
                long last = 0;
                for (CompletableFuture<List<TxResult>> call : calls) {
                    for (TxResult r : call.get(60, TimeUnit.SECONDS)) {
                        TxResult.Applied a = NodeFixture.applied(r);
                        assertThat(a.receipt().ok()).isTrue();
                        assertThat(a.index()).as("one sender's transactions apply in nonce order").isGreaterThan(last);
                        last = a.index();
                        assertThat(indexes.add(a.index())).isTrue();
                    }
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long entries = node.status().appliedIndex() - entriesBefore;
            System.out.printf("batching, round %d%s: %d transactions from %d concurrent senders in %.2f s (%.0f tx/s), "
                    + "%d log entries (%.1f per entry)%n", round, round == 0 ? " (warm-up)" : "", total, senders, seconds,
                    total / seconds, entries, (double) total / entries);
            assertThat(indexes).hasSize(total);
            assertThat(indexes.stream().mapToLong(Long::longValue).min().getAsLong()).isEqualTo(firstIndex);
            assertThat(indexes.stream().mapToLong(Long::longValue).max().getAsLong()).isEqualTo(firstIndex + total - 1);
            assertThat(entries).as("batched: far fewer entries than transactions").isLessThan(total / 4);
    }
}
