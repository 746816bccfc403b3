package dev.proverstaking.node;

import static dev.proverstaking.node.NodeFixture.applied;
import static dev.proverstaking.node.NodeFixture.refused;
import static dev.proverstaking.node.NodeFixture.submit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.FaultyLedgers;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.transition.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the ledger stops ({@code LedgerFailed}: a transition failed while writing), the node stops
 * taking transactions and says so, never goes on: the rest of the entry and everything after it is
 * Unavailable, status and health say it, no snapshot is taken of the half-written state; reads still
 * answer (the state is kept for inspection). A restart replays the log from the last snapshot.
 */
class FailStopTest {
    @TempDir
    Path dir;

    static Command withdraw(long amount) {
        return new Command.Withdraw(TokenKind.STAKE, TestChain.account(9), UInt256.of(amount));
    }

    private List<Path> snapshots() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("snapshots"))) {
            return s.sorted().toList();
        }
    }

    @Test
    void aLedgerThatFailsStopsTheNodeAndNothingGoesOn() throws Exception {
        TestChain.TestClock clock = new TestChain.TestClock();
        NodeConfig config = TestChain.config(dir, clock).build();
        long failedAt;
        try (RaftLedgerNode node = RaftLedgerNode.start(config)) {
            // the same state, in a ledger that fails when a withdrawal of 13 is written
            Ledger faulty = FaultyLedgers.failingOn(TestChain.genesis().ledgerGenesis(),
                    e -> e instanceof Event.Withdrawn w && w.amount().equals(UInt256.of(13)));
            for (Transaction tx : TestChain.genesis().setup()) faulty.apply(tx);
            node.stateMachine().state().set(faulty);

            applied(submit(node, NodeFixture.tx(TestChain.account(1), 0, withdraw(1))));
            List<TxResult> r = node.submitUnchecked(List.of(
                    NodeFixture.tx(TestChain.account(1), 1, withdraw(13)),
                    NodeFixture.tx(TestChain.account(2), 0, withdraw(2)))).get(30, TimeUnit.SECONDS);
            for (TxResult x : r) assertThat(refused(x, Refusal.Unavailable).message()).contains("the ledger has stopped");
            failedAt = node.status().historyIndex();

            assertThat(node.failure()).contains("withdraw").contains("while writing");
            NodeStatus status = node.status();
            assertThat(status.accepting()).isFalse();
            assertThat(status.historyIndex()).isEqualTo(TestChain.SETUP + 1);
            TxResult later = submit(node, NodeFixture.tx(TestChain.account(3), 0, withdraw(1)));
            assertThat(refused(later, Refusal.Unavailable).message()).contains("the ledger has stopped");
            // reads still answer, from the state as it is
            long nonce = node.read(v -> v.nonce(TestChain.account(1)));
            assertThat(nonce).isEqualTo(1);
        }
        assertThat(snapshots()).as("no snapshot of a ledger that stopped").isEmpty();

        // a fault of the machine, not of the log: the restart replays the log, the withdrawal of 13 included
        try (LedgerNode node = RaftLedgerNode.start(config)) {
            assertThat(node.status().accepting()).isTrue();
            assertThat(node.status().historyIndex()).isEqualTo(failedAt + 2);
            long nonce = node.read(v -> v.nonce(TestChain.account(1)));
            assertThat(nonce).isEqualTo(2);
            assertThat(NodeFixture.replayedDump(NodeFixture.history(node))).isEqualTo(NodeFixture.dump(node));
        }
    }
}
