package dev.proverstaking.node;

import static dev.proverstaking.node.NodeFixture.applied;
import static dev.proverstaking.node.NodeFixture.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.node.NodeStartException.Reason;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a node refuses to start says what is wrong, where, and what to do, and changes nothing:
 * the directory in use, not a node's, a file, another genesis or member, a damaged snapshot, log or
 * history, the port taken. After each, the directory is released (a corrected start works).
 */
class DataDirectoryErrorsTest {
    @TempDir
    Path dir;

    final TestChain.TestClock clock = new TestChain.TestClock();
    final NodeFixture.Nonces nonces = new NodeFixture.Nonces();

    private NodeStartException refusedToStart(NodeConfig config, Reason reason) {
        NodeStartException e = catchThrowableOfType(NodeStartException.class, () -> RaftLedgerNode.start(config).close());
        assertThat(e).as("a NodeStartException").isNotNull();
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
        System.out.println(reason + ": " + e.getMessage());
        return e;
    }

    /** Runs a node on the directory for a few entries and closes it (a snapshot at close). */
    private NodeState runSome(NodeConfig config, int txs) throws Exception {
        try (LedgerNode node = RaftLedgerNode.start(config)) {
            for (int i = 0; i < txs; i++) {
                applied(submit(node, NodeFixture.tx(TestChain.account(1), nonces.take(TestChain.account(1)),
                        new Command.Withdraw(TokenKind.STAKE, TestChain.account(9), UInt256.ONE))));
            }
            return NodeState.of(node);
        }
    }

    private List<Path> snapshots() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("snapshots"))) {
            return s.filter(p -> p.toString().endsWith(".psnap")).sorted().toList();
        }
    }

    @Test
    void aDirectoryInUseIsRefusedAndReleasedWhenTheNodeStops() throws Exception {
        NodeConfig config = TestChain.config(dir, clock).build();
        try (LedgerNode node = RaftLedgerNode.start(config)) {
            NodeStartException e = refusedToStart(TestChain.config(dir, clock).build(), Reason.DATA_DIR_IN_USE);
            assertThat(e.getMessage()).contains(dir.toString()).contains("in use").contains("stop that node");
            assertThat(node.status().accepting()).isTrue();
        }
        RaftLedgerNode.start(config).close();
    }

    @Test
    void aDirectoryOfOtherFilesIsNotANodesAndIsLeftAlone() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        NodeStartException e = refusedToStart(TestChain.config(dir, clock).build(), Reason.NOT_A_DATA_DIR);
        assertThat(e.getMessage()).contains(dir.toString()).contains("notes.txt").contains("empty or new directory");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("lock")).toList()).containsExactly("notes.txt");
        }
    }

    @Test
    void aFileIsNotADirectory() throws Exception {
        Path file = dir.resolve("file");
        Files.writeString(file, "x");
        NodeStartException e = refusedToStart(TestChain.config(file, clock).build(), Reason.DATA_DIR_UNUSABLE);
        assertThat(e.getMessage()).contains(file.toString()).contains("not a directory");
    }

    @Test
    void anotherGenesisIsRefusedNamingWhatDiffers() throws Exception {
        NodeConfig config = TestChain.config(dir, clock).build();
        runSome(config, 1);
        NodeGenesis g = TestChain.genesis();
        NodeGenesis other = new NodeGenesis(g.chainId(), g.timestamp() + 1, g.owner(), g.profile(), g.sameToken(),
                g.globalMinSelfStake(), g.stakeToken(), g.rewardToken(), g.roles(), g.deposits().subList(0, 3));
        NodeStartException e = refusedToStart(NodeConfig.builder(dir, other).member("n1", config.self().address())
                .clock(clock).build(), Reason.GENESIS_MISMATCH);
        assertThat(e.getMessage()).contains("timestamp " + g.timestamp() + " in the directory's, " + (g.timestamp() + 1) + " here")
                .contains("deposits differ").contains(dir.resolve("genesis.json").toString()).contains("new data directory");
        NodeGenesis otherChain = new NodeGenesis(g.chainId() + 1, g.timestamp(), g.owner(), g.profile(), g.sameToken(),
                g.globalMinSelfStake(), g.stakeToken(), g.rewardToken(), g.roles(), g.deposits());
        assertThat(refusedToStart(NodeConfig.builder(dir, otherChain).member("n1", config.self().address()).clock(clock)
                .build(), Reason.GENESIS_MISMATCH).getMessage()).contains("chainId " + g.chainId() + " in the directory's");
        RaftLedgerNode.start(config).close();
    }

    @Test
    void anotherMembersDirectoryIsRefused() throws Exception {
        NodeConfig config = TestChain.config(dir, clock).build();
        runSome(config, 1);
        NodeStartException e = refusedToStart(NodeConfig.builder(dir, TestChain.genesis()).member("n2", config.self().address())
                .clock(clock).build(), Reason.MEMBER_MISMATCH);
        assertThat(e.getMessage()).contains("belongs to member \"n1\", not \"n2\"");
    }

    @Test
    void aDamagedLatestSnapshotIsRefusedAndTheOneBeforeItStillServes() throws Exception {
        NodeConfig config = TestChain.config(dir, clock).build();
        runSome(config, 3);
        NodeState before = runSome(config, 3); // a second close: a second snapshot
        List<Path> snaps = snapshots();
        assertThat(snaps).hasSize(2);
        Path latest = snaps.stream().max((a, b) -> Long.compare(index(a), index(b))).orElseThrow();
        byte[] bytes = Files.readAllBytes(latest);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(latest, bytes);
        NodeStartException e = refusedToStart(config, Reason.CORRUPT_SNAPSHOT);
        assertThat(e.getMessage()).contains(latest.toString()).contains("damaged").contains("Move it out of");
        // as the message says: moving it away, the node starts from the snapshot before and replays the log after it
        Files.move(latest, dir.resolve(latest.getFileName() + ".bad"));
        try (LedgerNode node = RaftLedgerNode.start(config)) {
            before.assertEquals(NodeState.of(node));
        }
    }

    @Test
    void aLogPurgedPastTheSnapshotsThatAreLeftIsRefused() throws Exception {
        // small log segments, so that snapshots every 3 entries let Ratis purge the log's start
        RaftLedgerNode.raftPropertiesForTest = p -> {
            RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf("16KB"));
            RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf("4KB"));
            RaftServerConfigKeys.Log.setPurgeGap(p, 1);
        };
        try {
            NodeConfig config = TestChain.config(dir, clock).snapshotInterval(3).build();
            NodeState before = runSome(config, 200);
            try (Stream<Path> s = Files.walk(dir.resolve("raft"))) {
                assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("log_")).toList())
                        .as("the log's first segments were purged").noneMatch(n -> n.startsWith("log_0-"));
            }
            // the node keeps the two latest snapshots; without them the log does not reach back to the genesis
            for (Path p : snapshots()) Files.move(p, dir.resolve(p.getFileName() + ".moved"));
            NodeStartException e = refusedToStart(config, Reason.CORRUPT_SNAPSHOT);
            assertThat(e.getMessage()).contains("starts at entry").contains("no snapshot").contains("Put back");
            // put back, it starts where it was
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(p -> p.toString().endsWith(".moved")).toList()) {
                    String name = p.getFileName().toString();
                    Files.move(p, dir.resolve("snapshots").resolve(name.substring(0, name.length() - ".moved".length())));
                }
            }
            try (LedgerNode node = RaftLedgerNode.start(config)) {
                before.assertEquals(NodeState.of(node));
            }
        } finally {
            RaftLedgerNode.raftPropertiesForTest = p -> { };
        }
    }

    @Test
    void theOnlySnapshotDamagedSaysToRestoreABackup() throws Exception {
        NodeConfig config = TestChain.config(dir, clock).build();
        runSome(config, 2);
        Path only = snapshots().get(0);
        Files.write(only, new byte[] {'P', 'S', 'N', 'A', 'P'});
        NodeStartException e = refusedToStart(config, Reason.CORRUPT_SNAPSHOT);
        assertThat(e.getMessage()).contains(only.toString()).contains("only snapshot").contains("backup");
    }

    @Test
    void aMissingLogBesideSnapshotsIsRefused() throws Exception {
        NodeConfig config = TestChain.config(dir, clock).build();
        runSome(config, 2);
        deleteTree(dir.resolve("raft"));
        NodeStartException e = refusedToStart(config, Reason.CORRUPT_LOG);
        assertThat(e.getMessage()).contains("missing").contains("backup");
    }

    @Test
    void aDamagedLogIsRefused() throws Exception {
        NodeConfig config = TestChain.config(dir, clock).build();
        runSome(config, 20);
        Path segment;
        try (Stream<Path> s = Files.walk(dir.resolve("raft"))) {
            segment = s.filter(p -> p.getFileName().toString().startsWith("log_")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(segment);
        for (int i = 40; i < Math.min(bytes.length, 400); i += 7) bytes[i] ^= 0x5a;
        Files.write(segment, bytes);
        NodeStartException e = refusedToStart(config, Reason.CORRUPT_LOG);
        assertThat(e.getMessage()).contains(dir.resolve("raft").toString()).contains("damaged");
    }

    @Test
    void aHistoryCutShorterThanItsSnapshotSaysIsRefused() throws Exception {
        NodeConfig config = TestChain.config(dir, clock).build();
        runSome(config, 3);
        Path history = dir.resolve("history.jsonl");
        byte[] bytes = Files.readAllBytes(history);
        Files.write(history, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        NodeStartException e = refusedToStart(config, Reason.CORRUPT_HISTORY);
        assertThat(e.getMessage()).contains(history.toString()).contains("backup");
    }

    @Test
    void aTakenPortIsRefusedAndTheDirectoryReleased() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            NodeConfig config = TestChain.config(dir, clock).member("n1", "127.0.0.1:" + taken.getLocalPort()).build();
            NodeStartException e = refusedToStart(config, Reason.PORT_IN_USE);
            assertThat(e.getMessage()).contains("127.0.0.1:" + taken.getLocalPort()).contains("another address");
        }
        RaftLedgerNode.start(TestChain.config(dir, clock).build()).close();
    }

    private static long index(Path snapshot) {
        String n = snapshot.getFileName().toString();
        return Long.parseLong(n.substring(n.indexOf('_') + 1, n.indexOf(".psnap")));
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) Files.delete(p);
        }
    }
}
