package dev.proverstaking.node;

import static dev.proverstaking.node.NodeFixture.applied;
import static dev.proverstaking.node.NodeFixture.refused;
import static dev.proverstaking.node.NodeFixture.submit;
import static dev.proverstaking.node.TestChain.account;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.StateFingerprint;
import dev.proverstaking.math.UInt256;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deadlines and nonces checked where they cannot race: before the log (a clear refusal, nothing
 * logged) and again when the entry is applied (refused there, leaving no trace: no state, no history
 * line, no index, no event, no nonce used). The bound in flight; a node that stops.
 */
class AdmissionThroughTheNodeTest {
    @TempDir
    Path dir;

    final TestChain.TestClock clock = new TestChain.TestClock();

    private record Trace(long index, byte[] history, long events, String fingerprint, long nonce) {}

    private static Trace trace(LedgerNode node, Address sender) {
        long index = node.status().historyIndex();
        byte[] history = NodeFixture.history(node);
        long events = node.status().historyIndex() == 0 ? 0 : lastEvent(node);
        String fingerprint = ((RaftLedgerNode) node).stateMachine().state().readLedger(StateFingerprint::of);
        long nonce = node.read(v -> v.nonce(sender));
        return new Trace(index, history, events, fingerprint, nonce);
    }

    private static long lastEvent(LedgerNode node) {
        long after = 0;
        for (List<EventRecord> page; !(page = node.events(after, 1000)).isEmpty(); ) after = page.get(page.size() - 1).seq();
        return after;
    }

    private static void assertSame(Trace before, Trace after) {
        assertThat(after.index()).isEqualTo(before.index());
        assertThat(after.history()).isEqualTo(before.history());
        assertThat(after.events()).isEqualTo(before.events());
        assertThat(after.fingerprint()).isEqualTo(before.fingerprint());
        assertThat(after.nonce()).isEqualTo(before.nonce());
    }

    static Command withdraw() {
        return new Command.Withdraw(TokenKind.STAKE, account(9), UInt256.ONE);
    }

    @Test
    void beforeTheLogExpiredAndBadNonceAreRefusedAndNothingIsLogged() throws Exception {
        try (LedgerNode node = RaftLedgerNode.start(TestChain.config(dir, clock).build())) {
            Address s = account(1);
            Trace before = trace(node, s);
            TxResult.Refused expired = refused(submit(node, new SignedTx(s, 0, clock.seconds() - 1, withdraw())), Refusal.Expired);
            assertThat(expired.message()).contains(String.valueOf(clock.seconds()));
            TxResult.Refused bad = refused(submit(node, new SignedTx(s, 3, clock.seconds() + 10, withdraw())), Refusal.BadNonce);
            assertThat(bad.message()).isEqualTo("nonce 3, expected 0");
            assertSame(before, trace(node, s));
            // a deadline of now is not past
            applied(submit(node, new SignedTx(s, 0, clock.seconds(), withdraw())));
        }
    }

    @Test
    void whenAppliedAStaleNonceOrAPastDeadlineIsRefusedWithoutATrace() throws Exception {
        try (RaftLedgerNode node = RaftLedgerNode.start(TestChain.config(dir, clock).build())) {
            Address s = account(1);
            applied(submit(node, NodeFixture.tx(s, 0, withdraw())));
            Trace before = trace(node, s);
            List<TxResult> r = node.submitUnchecked(List.of(
                    new SignedTx(s, 0, clock.seconds() + 60, withdraw()),        // nonce used already
                    new SignedTx(s, 7, clock.seconds() + 60, withdraw()),        // nonce ahead
                    new SignedTx(s, 1, clock.seconds() - 1, withdraw())))        // the right nonce, too late
                    .get(30, TimeUnit.SECONDS);
            assertThat(refused(r.get(0), Refusal.BadNonce).message()).isEqualTo("nonce 0, expected 1 when it reached the log");
            assertThat(refused(r.get(1), Refusal.BadNonce).message()).isEqualTo("nonce 7, expected 1 when it reached the log");
            assertThat(refused(r.get(2), Refusal.Expired).message()).contains("before " + clock.seconds());
            assertSame(before, trace(node, s));
            // the next transaction gets the next index and the nonce that was never used
            TxResult.Applied next = applied(submit(node, NodeFixture.tx(s, 1, withdraw())));
            assertThat(next.index()).isEqualTo(before.index() + 1);
        }
    }

    @Test
    void inOneEntryARefusalAtApplyLeavesTheOthersTheirIndexesWithoutAGap() throws Exception {
        try (RaftLedgerNode node = RaftLedgerNode.start(TestChain.config(dir, clock).build())) {
            Address a = account(1), b = account(2);
            List<TxResult> r = node.submitUnchecked(List.of(
                    new SignedTx(a, 0, clock.seconds() + 60, withdraw()),
                    new SignedTx(a, 0, clock.seconds() + 60, withdraw()),  // the same nonce again: refused
                    new SignedTx(b, 0, clock.seconds() + 60, withdraw()),
                    new SignedTx(a, 1, clock.seconds() + 60, withdraw())))
                    .get(30, TimeUnit.SECONDS);
            List<Long> indexes = new ArrayList<>();
            for (TxResult x : r) if (x instanceof TxResult.Applied ap) indexes.add(ap.index());
            refused(r.get(1), Refusal.BadNonce);
            assertThat(indexes).containsExactly((long) TestChain.SETUP + 1, (long) TestChain.SETUP + 2, (long) TestChain.SETUP + 3);
            long na = node.read(v -> v.nonce(a));
            assertThat(na).isEqualTo(2);
            assertThat(NodeFixture.replayedDump(NodeFixture.history(node))).isEqualTo(NodeFixture.dump(node));
        }
    }

    @Test
    void beyondTheBoundInFlightTransactionsAreOverloadedAndTheRestGoThrough() throws Exception {
        NodeConfig config = TestChain.config(dir, clock).maxInFlight(3).build();
        try (LedgerNode node = RaftLedgerNode.start(config)) {
            List<CompletableFuture<List<TxResult>>> calls = new ArrayList<>();
            // ten senders, each a list of 20 transactions in nonce order, all at once
            for (int sender = 0; sender < 10; sender++) {
                List<SignedTx> txs = new ArrayList<>();
                for (int n = 0; n < 20; n++) txs.add(NodeFixture.tx(account(sender), n, withdraw()));
                calls.add(node.submit(txs));
            }
            int applied = 0, overloaded = 0;
            for (CompletableFuture<List<TxResult>> c : calls) {
                for (TxResult x : c.get(60, TimeUnit.SECONDS)) {
                    if (x instanceof TxResult.Applied) applied++;
                    else if (((TxResult.Refused) x).code() == Refusal.Overloaded) overloaded++;
                }
            }
            assertThat(overloaded).isPositive();
            assertThat(applied).isPositive();
            assertThat(node.status().historyIndex()).isEqualTo(TestChain.SETUP + applied);
        }
    }

    @Test
    void aClosedNodeIsUnavailable() throws Exception {
        LedgerNode node = RaftLedgerNode.start(TestChain.config(dir, clock).build());
        applied(submit(node, NodeFixture.tx(account(1), 0, withdraw())));
        node.close();
        node.close(); // twice is once
        TxResult.Refused r = refused(submit(node, NodeFixture.tx(account(1), 1, withdraw())), Refusal.Unavailable);
        assertThat(r.message()).contains("stopping");
        assertThat(node.status().role()).isEqualTo("STOPPED");
        assertThat(node.status().accepting()).isFalse();
    }
}
