package dev.proverstaking.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Address;
import dev.proverstaking.ledger.Command;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads submit one sender's transactions with one nonce: exactly one gets in, the others are BadNonce. */
class NonceRaceTest {
    @TempDir
    Path dir;

    @Test
    void ofTransactionsWithOneNonceExactlyOneIsApplied() throws Exception {
        TestChain.TestClock clock = new TestChain.TestClock();
        int threads = 12, rounds = 25;
        Address sender = TestChain.account(3);
        try (LedgerNode node = RaftLedgerNode.start(TestChain.config(dir, clock).build())) {
            for (int round = 0; round < rounds; round++) {
                long nonce = round;
                CyclicBarrier start = new CyclicBarrier(threads);
                List<CompletableFuture<List<TxResult>>> calls = new ArrayList<>();
                List<Thread> ts = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    // a different command on each thread: the one applied tells which got in
                    SignedTx tx = NodeFixture.tx(sender, nonce, new Command.Poke(TestChain.account(100 + i)));
                    CompletableFuture<List<TxResult>> call = new CompletableFuture<>();
                    calls.add(call);
                    Thread t = new Thread(() -> {
                        try {
                            start.await(10, TimeUnit.SECONDS);
                            node.submit(List.of(tx)).whenComplete((r, e) -> {
                                if (e != null) call.completeExceptionally(e);
                                else call.complete(r);
                            });
                        } catch (Exception e) {
                            call.completeExceptionally(e);
                        }
                    });
                    ts.add(t);
                    t.start();
                }
                int applied = 0, badNonce = 0;
                for (CompletableFuture<List<TxResult>> c : calls) {
                    TxResult r = c.get(30, TimeUnit.SECONDS).get(0);
                    if (r instanceof TxResult.Applied) applied++;
                    else if (((TxResult.Refused) r).code() == Refusal.BadNonce) badNonce++;
                }
                for (Thread t : ts) t.join(10_000);
                assertThat(applied).as("round %d", round).isEqualTo(1);
                assertThat(badNonce).as("round %d", round).isEqualTo(threads - 1);
            }
            long nonce = node.read(v -> v.nonce(sender));
            assertThat(nonce).isEqualTo(rounds);
            assertThat(node.status().historyIndex()).isEqualTo(TestChain.SETUP + rounds);
        }
    }
}
