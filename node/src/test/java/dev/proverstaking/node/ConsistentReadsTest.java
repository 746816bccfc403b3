package dev.proverstaking.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.LedgerView;
import dev.proverstaking.math.UInt256;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads during heavy applying each see one state between two entries: in every read, each token's
 * supply equals its balances plus the modules' custody, and the history index equals the setup plus
 * every sender's nonce (each client transaction uses one). A torn read would break one of them.
 */
class ConsistentReadsTest {
    @TempDir
    Path dir;

    static final List<Address> SENDERS = NodeState.accounts();

    /** One read: both relations, computed from one state. */
    private record Check(long index, long nonceSum, boolean stakeBalanced, boolean rewardBalanced) {}

    private static Check check(LedgerView v) {
        long nonceSum = 0;
        for (Address a : SENDERS) nonceSum += v.nonce(a);
        return new Check(v.appliedCount(), nonceSum, balanced(v, TokenKind.STAKE), balanced(v, TokenKind.REWARD));
    }

    private static boolean balanced(LedgerView v, TokenKind token) {
        UInt256 sum = v.custody(token, Module.STAKING).add(v.custody(token, Module.REWARDS));
        for (LedgerView.Balance b : v.balances(token)) sum = sum.add(b.amount());
        return sum.equals(v.totalSupply(token));
    }

    @Test
    void everyReadDuringHeavyApplyingSeesOneState() throws Exception {
        TestChain.TestClock clock = new TestChain.TestClock();
        NodeConfig config = TestChain.config(dir, clock).maxInFlight(100_000).build();
        Address prover = TestChain.account(0);
        try (LedgerNode node = RaftLedgerNode.start(config)) {
            NodeFixture.applied(NodeFixture.submit(node, NodeFixture.tx(prover, 0, new Command.InitProver(TestChain.TOKEN, UInt256.of(500)))));
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong reads = new AtomicLong();
            AtomicReference<String> broken = new AtomicReference<>();
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                Thread t = new Thread(() -> {
                    long lastIndex = 0;
                    while (!done.get() && broken.get() == null) {
                        Check c = node.read(ConsistentReadsTest::check);
                        reads.incrementAndGet();
                        if (c.index() != TestChain.SETUP + c.nonceSum() || !c.stakeBalanced() || !c.rewardBalanced()
                                || c.index() < lastIndex) {
                            broken.compareAndSet(null, c + " after index " + lastIndex);
                        }
                        lastIndex = c.index();
                    }
                });
                readers.add(t);
                t.start();
            }
            // the load: every sender, lists of transactions that move supply, balances and custody, all at once
            List<CompletableFuture<List<TxResult>>> calls = new ArrayList<>();
            long[] nonces = new long[SENDERS.size()];
            nonces[SENDERS.indexOf(prover)] = 1;
            int rounds = 150;
            for (int round = 0; round < rounds; round++) {
                for (int s = 0; s < SENDERS.size(); s++) {
                    Address from = SENDERS.get(s);
                    List<SignedTx> txs = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        Command c = switch ((round + i) % 4) {
                            case 0 -> new Command.Deposit(TokenKind.STAKE, TestChain.account(i), UInt256.of(1000 + i)); // MINTER: the owner only
                            case 1 -> new Command.Withdraw(TokenKind.REWARD, TestChain.account(9), UInt256.of(7));
                            case 2 -> new Command.Stake(prover, UInt256.of(100 + round));
                            default -> new Command.AddRewards(prover, UInt256.of(50));
                        };
                        txs.add(NodeFixture.tx(from, nonces[s]++, c));
                    }
                    calls.add(node.submit(txs));
                }
            }
            int applied = 0;
            for (CompletableFuture<List<TxResult>> c : calls) {
                for (TxResult r : c.get(120, TimeUnit.SECONDS)) {
                    NodeFixture.applied(r);
                    applied++;
                }
            }
            done.set(true);
            for (Thread t : readers) t.join(10_000);
            var guarded = ((RaftLedgerNode) node).stateMachine().state();
            System.out.printf("consistent reads: %d reads during %d transactions applied (%d optimistic tries torn and "
                    + "discarded, %d reads under the read lock)%n", reads.get(), applied, guarded.tornReads(), guarded.lockedReads());
            assertThat(broken.get()).as("a read that saw no single state").isNull();
            assertThat(reads.get()).isGreaterThan(100);
            Check last = node.read(ConsistentReadsTest::check);
            assertThat(last.index()).isEqualTo(TestChain.SETUP + 1 + applied);
        }
    }

    @Test
    void aQuerysOwnExceptionReachesTheCaller() throws Exception {
        try (LedgerNode node = RaftLedgerNode.start(TestChain.config(dir, new TestChain.TestClock()).build())) {
            assertThatThrownBy(() -> node.read(v -> {
                throw new IllegalStateException("the query's own");
            })).isInstanceOf(IllegalStateException.class).hasMessage("the query's own");
            assertThatThrownBy(() -> node.read(v -> v.provers(null, null, 0))).isInstanceOf(RuntimeException.class);
        }
    }
}
