package dev.proverstaking.node;

import static dev.proverstaking.node.NodeFixture.applied;
import static dev.proverstaking.node.NodeFixture.submit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.math.UInt256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node restarts with everything it had: from the snapshot taken at close (nothing to replay), or
 * from an earlier snapshot and the log after it (after a crash: the history and events files are cut
 * back to the snapshot's marks and the log appends the rest again, no duplicate, no hole).
 */
class RestartTest {
    @TempDir
    Path dir;

    final TestChain.TestClock clock = new TestChain.TestClock();
    final NodeFixture.Nonces nonces = new NodeFixture.Nonces();

    /** Transactions from several senders at once, over several entries, with events (stakes, rewards, refusals). */
    private void work(LedgerNode node, int calls) throws Exception {
        List<CompletableFuture<List<TxResult>>> pending = new ArrayList<>();
        for (int c = 0; c < calls; c++) {
            List<SignedTx> txs = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                var sender = TestChain.account(s);
                Command cmd = switch (c % 3) {
                    case 0 -> new Command.Withdraw(TokenKind.STAKE, TestChain.account(9), UInt256.of(c + 1));
                    case 1 -> new Command.Stake(TestChain.account(7), UInt256.ONE); // not a prover: refused, logged
                    default -> new Command.Deposit(TokenKind.REWARD, sender, UInt256.ONE); // not a minter: refused
                };
                txs.add(NodeFixture.tx(sender, nonces.take(sender), cmd));
            }
            pending.add(node.submit(txs));
            clock.advance(1);
            if (c % 5 == 4) for (CompletableFuture<List<TxResult>> p : pending) for (TxResult r : p.get(30, TimeUnit.SECONDS)) applied(r);
        }
        for (CompletableFuture<List<TxResult>> p : pending) for (TxResult r : p.get(30, TimeUnit.SECONDS)) applied(r);
    }

    private List<Path> snapshots() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("snapshots"))) {
            return s.filter(p -> p.toString().endsWith(".psnap")).sorted().toList();
        }
    }

    private long latestSnapshotIndex() throws Exception {
        List<Path> all = snapshots();
        long latest = -1;
        for (Path p : all) {
            String name = p.getFileName().toString();
            latest = Math.max(latest, Long.parseLong(name.substring(name.indexOf('_') + 1, name.indexOf(".psnap"))));
        }
        return latest;
    }

    @Test
    void afterCloseARestartReplaysNothingAndHasEverything() throws Exception {
        NodeConfig config = TestChain.config(dir, clock).build();
        NodeState before;
        long applied;
        try (LedgerNode node = RaftLedgerNode.start(config)) {
            work(node, 30);
            before = NodeState.of(node);
            applied = node.status().appliedIndex();
        }
        assertThat(snapshots()).hasSize(1);
        // taken at close, at the last entry applied (or a later one of Ratis's own: its metadata entries)
        String name = snapshots().get(0).getFileName().toString();
        assertThat(Long.parseLong(name.substring(name.indexOf('_') + 1, name.indexOf(".psnap")))).isGreaterThanOrEqualTo(applied);
        try (LedgerNode node = RaftLedgerNode.start(config)) {
            before.assertEquals(NodeState.of(node));
            // and it goes on from there: the next index, the next nonce
            TxResult.Applied a = applied(submit(node, NodeFixture.tx(TestChain.account(0), nonces.take(TestChain.account(0)),
                    new Command.Poke(TestChain.account(0)))));
            assertThat(a.index()).isEqualTo(before.historyIndex() + 1);
        }
    }

    @Test
    void afterACrashARestartFromAnEarlierSnapshotReplaysTheLogWithoutDuplicatesOrHoles() throws Exception {
        // a snapshot every 4 entries: several during the run, and a tail of the log after the last
        NodeConfig config = TestChain.config(dir, clock).snapshotInterval(4).build();
        NodeState before;
        long tail;
        RaftLedgerNode node = RaftLedgerNode.start(config);
        try {
            work(node, 40);
            // more entries, one at a time, until the log holds at least two after the latest snapshot
            while (node.status().appliedIndex() - latestSnapshotIndex() < 2) {
                applied(submit(node, NodeFixture.tx(TestChain.account(5), nonces.take(TestChain.account(5)),
                        new Command.Poke(TestChain.account(5)))));
            }
            tail = node.status().appliedIndex() - latestSnapshotIndex();
            before = NodeState.of(node);
        } finally {
            node.crashForTest();
        }
        List<Path> kept = snapshots();
        assertThat(kept).as("the two latest snapshots are kept").hasSize(2);
        long historyBytes = Files.size(dir.resolve("history.jsonl"));
        assertThat(historyBytes).as("the history as written before the crash").isPositive();

        long started = System.nanoTime();
        try (LedgerNode again = RaftLedgerNode.start(config)) {
            System.out.printf("restart from a snapshot and %d log entries after it: %d ms%n", tail,
                    (System.nanoTime() - started) / 1_000_000);
            NodeState after = NodeState.of(again);
            before.assertEquals(after);
            // the history file is exactly the export without its genesis line: nothing twice, nothing missing
            String export = new String(after.history(), StandardCharsets.UTF_8);
            String file = Files.readString(dir.resolve("history.jsonl"));
            String withoutCheckpoint = export.substring(0, export.lastIndexOf('\n', export.length() - 2) + 1);
            assertThat(withoutCheckpoint.substring(withoutCheckpoint.indexOf('\n') + 1)).isEqualTo(file);
            assertThat(file.lines().count()).isEqualTo(after.historyIndex());
            for (int i = 0; i < after.events().size(); i++) assertThat(after.events().get(i).seq()).isEqualTo(i + 1);
            assertThat(NodeFixture.replayedDump(after.history())).isEqualTo(after.dump());
            // and it goes on
            TxResult.Applied a = applied(submit(again, NodeFixture.tx(TestChain.account(1), nonces.take(TestChain.account(1)),
                    new Command.Poke(TestChain.account(1)))));
            assertThat(a.index()).isEqualTo(before.historyIndex() + 1);
        }
    }
}
