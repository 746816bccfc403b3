package dev.proverstaking.node.log;

import dev.proverstaking.common.Address;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.LedgerFailed;
import dev.proverstaking.ledger.LedgerSnapshot;
import dev.proverstaking.ledger.LedgerView;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.node.EventRecord;
import dev.proverstaking.node.NodeGenesis;
import dev.proverstaking.node.NodeStartException;
import dev.proverstaking.node.LedgerNode;
import dev.proverstaking.node.NodeStartException.Reason;
import dev.proverstaking.node.Refusal;
import dev.proverstaking.node.SignedTx;
import dev.proverstaking.node.TxResult;
import dev.proverstaking.node.state.GuardedLedger;
import dev.proverstaking.node.store.DataDirectory;
import dev.proverstaking.node.store.Journal;
import dev.proverstaking.node.store.StoreMarks;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger as the Ratis state machine of the node's Raft group: every member applies the same log
 * entries ({@link LogEntry}: a batch of transactions and the leader's time) in the same order, so
 * every member's ledger, history and events are the same.
 *
 * <h2>An entry</h2>
 *
 * The leader stamps a batch with its clock when it takes it into its log ({@link #startTransaction},
 * {@link LeaderClock}). Applying it (one thread, Ratis's), under the write lock of
 * {@link GuardedLedger}: the entry's time is {@code t = max(entry time, ledger time)}; each
 * transaction whose deadline is before {@code t} is refused ({@link Refusal#Expired}), each whose
 * nonce is not its sender's next (counting the ones before it in the entry) is refused
 * ({@link Refusal#BadNonce}): neither reaches the ledger, so neither leaves a trace (no state, no
 * history index, no nonce used). The others go to the ledger ({@link Ledger#applyAll}), at {@code t},
 * with their nonces; each gets the next history index, a line in the history and its events in the
 * events file. The files are flushed (not forced) and their new lengths published, the entry's Raft
 * index recorded as applied, and the lock released. Then the {@link Listener} hears of it.
 *
 * <h2>Durability and restart</h2>
 *
 * The Raft log is what makes an entry durable: Ratis forces it to the disk of a majority before it
 * counts as committed, and only committed entries are applied. The history and events files are
 * forced to the disk only when a snapshot is taken ({@link #takeSnapshot}), and the snapshot's
 * {@link RaftSection} records their lengths then. On restart ({@link #initialize}) the latest
 * snapshot is loaded, the files are cut back to those lengths (whatever was written after it is
 * dropped, whole or half written), and Ratis replays the log from the entry after the snapshot,
 * which appends the same lines and events again: a crash at any moment leaves neither a duplicate
 * nor a hole. Without a snapshot the ledger starts from the genesis, the files from nothing.
 *
 * <h2>Fail-stop</h2>
 *
 * If the ledger stops ({@link LedgerFailed}), or the history cannot be written, the state machine
 * stops: it applies nothing more, takes no snapshot (the state may be half written), refuses new
 * entries as leader, and reports why ({@link #failure}). A restart replays the log from the last
 * snapshot: a deterministic failure recurs at the same transaction; one of the machine (a full disk)
 * does not.
 */
public final class LedgerStateMachine extends BaseStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerStateMachine.class);

    /** Hears of every entry applied here, on the apply thread, after its state is readable. */
    public interface Listener {
        /**
         * {@code results} has one result per transaction of {@code entry}, in order: applied, refused
         * for its nonce or deadline, or {@link Refusal#Unavailable} when the node stopped before it.
         * Must not block.
         */
        void applied(LogEntry entry, TxResult[] results);

        /**
         * This member installed a snapshot fetched from another: the entries it skipped are never applied
         * here, so their submitters here will not hear of them. Must not block.
         */
        default void installedSnapshot(long index) {}
    }

    private final NodeGenesis genesis;
    private final DataDirectory dir;
    private final SnapshotStore snapshots;
    private final GuardedLedger state = new GuardedLedger();
    private final LeaderClock clock;
    private final Listener listener;
    private final Object snapshotting = new Object();

    /** Written by the apply thread (and restart), under the write lock. */
    private Journal journal;
    private volatile Published published = new Published(StoreMarks.EMPTY, 0, null, -1);
    private volatile String failure;
    private volatile boolean closed;
    private volatile boolean skipSnapshots;
    /** The node's section of the latest snapshot (what a member that fell behind asks for), null before any. */
    private volatile RaftSection latestSection;
    /** How this member asks another for a snapshot's parts; set once the Raft client runs. */
    private volatile SnapshotTransfer.PeerReader peers;
    /** A snapshot fetched from another member, waiting for Ratis to pause the state machine and reload it. */
    private volatile SnapshotTransfer.Staged staged;
    private volatile boolean paused;

    public LedgerStateMachine(NodeGenesis genesis, DataDirectory dir, Clock clock, Listener listener) {
        this.genesis = genesis;
        this.dir = dir;
        this.snapshots = new SnapshotStore(dir.snapshotsDir());
        this.clock = new LeaderClock(clock, () -> published.time());
        this.listener = listener;
    }

    // ------------------------------------------------------------------ what the node reads

    public GuardedLedger state() {
        return state;
    }

    /**
     * What the apply thread publishes after each entry, in one volatile write: how far the history and
     * events files go then, and the ledger's time then (the last transaction's, a floor for the leader's
     * stamps, and the time a history export ends at).
     */
    public record Published(StoreMarks marks, long time, LedgerNode.StateHash hash, long raftIndex) {}

    public Published published() {
        return published;
    }

    /** How far the history and events files go, after the last entry applied. */
    public StoreMarks marks() {
        return published.marks();
    }

    /** Why the state machine stopped, or null while it runs. */
    public String failure() {
        return failure;
    }

    /** Copies the history file's first {@code bytes} bytes (a published length) to {@code out}. */
    public void copyHistory(OutputStream out, long bytes) throws IOException {
        journal.copyHistory(out, bytes);
    }

    /** Events after {@code after}, at most {@code limit}, as far as {@code marks} go. */
    public List<EventRecord> events(long after, int limit, StoreMarks marks) throws IOException {
        return journal.events(after, limit, marks);
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return snapshots;
    }

    // ------------------------------------------------------------------ start

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage storage) throws IOException {
        super.initialize(server, groupId, storage);
        snapshots.init(storage);
        try {
            StateLoader.Loaded loaded = StateLoader.load(genesis, dir, snapshots);
            journal = loaded.journal();
            latestSection = loaded.section();
            publish(loaded.ledger(), loaded.applied() == null ? -1 : loaded.applied().getIndex());
            state.set(loaded.ledger());
            if (loaded.applied() != null) setLastAppliedTermIndex(loaded.applied());
        } catch (NodeStartException e) {
            closeFiles();
            throw new StartFailure(e);
        } catch (IOException | RuntimeException e) {
            closeFiles();
            throw new StartFailure(new NodeStartException(Reason.FAILED, "the node's state cannot be loaded from "
                    + dir.root() + ": " + e, e));
        }
    }

    /**
     * Under the write lock (or before anyone reads): the ledger keeps its state hash, so folding the
     * entry's changes into it costs what the entry changed; every reader then has the hash of the
     * state it can see without touching the ledger.
     */
    private void publish(Ledger ledger, long raftIndex) {
        published = new Published(journal.marks(), ledger.now(),
                new LedgerNode.StateHash(ledger.appliedCount(), ledger.stateHash().hex()), raftIndex);
    }

    // ------------------------------------------------------------------ the leader takes a batch

    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        TransactionContext.Builder b = TransactionContext.newBuilder().setStateMachine(this).setClientRequest(request);
        String stopped = failure;
        if (stopped != null) {
            TransactionContext trx = b.build();
            trx.setException(new StateMachineException("the ledger has stopped: " + stopped));
            return trx;
        }
        try {
            b.setLogData(EntryCodec.stamp(request.getMessage().getContent(), clock.stamp()));
        } catch (MalformedEntryException e) {
            TransactionContext trx = b.build();
            trx.setException(e);
            return trx;
        }
        return b.build();
    }

    // ------------------------------------------------------------------ every member applies it

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto proto = trx.getLogEntry();
        TermIndex ti = TermIndex.valueOf(proto);
        LogEntry entry;
        try {
            entry = EntryCodec.read(proto.getStateMachineLogEntry().getLogData());
        } catch (MalformedEntryException e) {
            // the leader only logs what it decoded: bytes that do not decode here are a damaged log
            // or a newer writer; going on would let this member's state differ from the others'
            fail("log entry " + ti + " cannot be read: " + e.getMessage(), e);
            return CompletableFuture.completedFuture(Message.EMPTY);
        }
        TxResult[] results = apply(ti, entry);
        try {
            listener.applied(entry, results);
        } catch (RuntimeException e) {
            // the state is right; only answers are lost. Ratis must not see it: it would close the server
            LOG.error("{}: answering the submitters of entry {} failed", dir.root(), ti, e);
        }
        return CompletableFuture.completedFuture(Message.EMPTY);
    }

    private TxResult[] apply(TermIndex ti, LogEntry entry) {
        List<SignedTx> txs = entry.txs();
        TxResult[] results = new TxResult[txs.size()];
        if (failure == null && !closed) {
            long stamp = state.beginWrite();
            try {
                applyToLedger(entry, results);
                journal.flush();
                publish(state.ledger(), ti.getIndex());
                updateLastAppliedTermIndex(ti);
            } catch (LedgerFailed e) {
                fail("the ledger stopped: " + e.getMessage(), e);
            } catch (UncheckedIOException e) {
                fail("the history or events could not be written in " + dir.root() + ": " + e.getCause(), e);
            } catch (IOException e) {
                fail("the history or events could not be written in " + dir.root() + ": " + e, e);
            } catch (RuntimeException | Error e) {
                // a fault of the node (an Error included: out of memory): stop rather than go on from a state
                // that may be half written; Ratis must not see it, or it would close the server and its log
                fail("log entry " + ti + " failed: " + e, e);
            } finally {
                state.endWrite(stamp);
            }
        }
        String why = failure != null ? "the ledger has stopped: " + failure : "the node is stopping";
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) results[i] = new TxResult.Refused(Refusal.Unavailable, why);
        }
        return results;
    }

    private void applyToLedger(LogEntry entry, TxResult[] results) {
        Ledger ledger = state.ledger();
        LedgerView view = ledger.view();
        long t = Math.max(entry.time(), ledger.now());
        List<SignedTx> txs = entry.txs();
        List<Transaction> admitted = new ArrayList<>(txs.size());
        int[] slots = new int[txs.size()];
        Map<Address, Long> nextNonce = new HashMap<>();
        for (int i = 0; i < txs.size(); i++) {
            SignedTx tx = txs.get(i);
            if (tx.deadline() < t) {
                results[i] = new TxResult.Refused(Refusal.Expired,
                        "deadline " + tx.deadline() + " is before " + t + ", the time of the log entry it reached");
                continue;
            }
            long expected = nextNonce.computeIfAbsent(tx.sender(), view::nonce);
            if (tx.nonce() != expected) {
                results[i] = new TxResult.Refused(Refusal.BadNonce,
                        "nonce " + tx.nonce() + ", expected " + expected + " when it reached the log");
                continue;
            }
            // the ledger uses the nonce whether the command succeeds or is refused
            nextNonce.put(tx.sender(), expected + 1);
            slots[admitted.size()] = i;
            admitted.add(new Transaction(tx.sender(), t, tx.command(), tx.nonce()));
        }
        int[] next = {0};
        ledger.applyAll(admitted, receipt -> {
            int k = next[0]++;
            long index = ledger.appliedCount();
            try {
                journal.record(admitted.get(k), index, t, receipt);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            results[slots[k]] = new TxResult.Applied(index, t, receipt);
        });
    }

    private void fail(String why, Throwable cause) {
        if (failure == null) {
            failure = why;
            LOG.error("{}: the node stops taking transactions: {}", dir.root(), why, cause);
        }
    }

    // ------------------------------------------------------------------ snapshots

    /**
     * Forces the history and events files to the disk, then writes the ledger and where the files end
     * as a snapshot at the last applied Raft index. Under the read lock: reads go on, entries wait.
     * Ratis calls it on the apply thread, every so many entries and when the server stops.
     */
    @Override
    public long takeSnapshot() throws IOException {
        synchronized (snapshotting) {
            long stamp = state.beginSnapshot();
            try {
                SnapshotStore.SnapshotFile latest = snapshots.latest();
                long latestIndex = latest == null ? RaftLog.INVALID_LOG_INDEX : latest.index();
                if (failure != null || closed || skipSnapshots) return latestIndex; // never a snapshot of a ledger that stopped
                TermIndex ti = getLastAppliedTermIndex();
                if (ti == null || ti.getIndex() < 0 || ti.getIndex() <= latestIndex) return latestIndex;
                journal.sync();
                StoreMarks m = journal.marks();
                byte[] section = new RaftSection(ti.getTerm(), ti.getIndex(), genesis.chainId(), m).toBytes();
                Ledger ledger = state.ledger();
                long started = System.nanoTime();
                snapshots.write(ti.getTerm(), ti.getIndex(),
                        out -> LedgerSnapshot.write(ledger, out, Map.of(RaftSection.NAME, section)));
                latestSection = new RaftSection(ti.getTerm(), ti.getIndex(), genesis.chainId(), m);
                LOG.info("{}: snapshot at term {}, index {} (history index {}) in {} ms", dir.root(), ti.getTerm(),
                        ti.getIndex(), m.historyLines(), (System.nanoTime() - started) / 1_000_000);
                return ti.getIndex();
            } finally {
                state.endSnapshot(stamp);
            }
        }
    }

    /** For tests of a crash: no snapshot from now on (not even the one Ratis takes when it stops). */
    public void skipSnapshotsForTest() {
        skipSnapshots = true;
    }

    // ------------------------------------------------------------------ a member that fell behind

    /** How this member asks another for a snapshot's parts ({@link RaftMember}: a stale-read query to it). */
    public void setPeerReader(SnapshotTransfer.PeerReader reader) {
        this.peers = reader;
    }

    /**
     * Read-only queries: an empty one is a read-index barrier (there is nothing to answer: the caller reads
     * the state itself once Ratis says this member applied far enough); any other asks for a snapshot's
     * parts ({@link SnapshotTransfer}).
     */
    @Override
    public CompletableFuture<Message> query(Message request) {
        ByteString content = request.getContent();
        if (content.isEmpty()) return CompletableFuture.completedFuture(Message.EMPTY);
        try {
            return CompletableFuture.completedFuture(Message.valueOf(SnapshotTransfer.answer(content, dir, () -> latestSection)));
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Ratis asks this of a follower whose log the leader can no longer send (it purged it past a
     * snapshot): a new member, one that lost its data directory, or one that was away long. The member
     * copies the leader's latest snapshot with the history and events up to its marks into
     * {@code install/} ({@link SnapshotTransfer}, on a thread of its own: Ratis holds its server's lock
     * while it asks), and answers the snapshot's term and index; Ratis then pauses the state machine and
     * has the apply thread reload it ({@link #reinitialize}), which puts the copies in place. If the copy
     * fails, Ratis asks again at the leader's next notice.
     */
    @Override
    public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(RoleInfoProto roleInfo, TermIndex firstTermIndexInLog) {
        SnapshotTransfer.PeerReader reader = peers;
        String leader = roleInfo.getFollowerInfo().getLeaderInfo().getId().getId().toStringUtf8();
        if (reader == null || leader.isEmpty() || failure != null) {
            return CompletableFuture.failedFuture(new IOException("this member cannot fetch a snapshot now"));
        }
        LOG.info("{}: the leader {} keeps its log from entry {} on: fetching its latest snapshot, history and events",
                dir.root(), leader, firstTermIndexInLog);
        return CompletableFuture.supplyAsync(() -> {
            long started = System.nanoTime();
            try {
                SnapshotTransfer.Staged s = SnapshotTransfer.fetch(reader, leader, firstTermIndexInLog.getIndex() - 1,
                        dir.root().resolve("install"));
                staged = s;
                LOG.info("{}: fetched {}'s snapshot at entry {} (history index {}) in {} ms", dir.root(), leader,
                        s.section().index(), s.section().marks().historyLines(), (System.nanoTime() - started) / 1_000_000);
                return TermIndex.valueOf(s.section().term(), s.section().index());
            } catch (IOException e) {
                LOG.warn("{}: fetching a snapshot from {} failed ({}); Ratis asks again", dir.root(), leader, e.getMessage());
                throw new UncheckedIOException(e);
            }
        }, r -> {
            Thread t = new Thread(r, "node-snapshot-fetch");
            t.setDaemon(true);
            t.start();
        });
    }

    /** Ratis pauses the state machine before it reloads it with an installed snapshot. */
    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public LifeCycle.State getLifeCycleState() {
        return paused ? LifeCycle.State.PAUSED : super.getLifeCycleState();
    }

    /**
     * On the apply thread, after {@link #pause}: puts the fetched history and events files in place, then
     * the snapshot (in that order: a crash between leaves the old snapshot, whose marks the longer files
     * still cover, or the new one with its files), and loads the state from it as a restart would.
     */
    @Override
    public void reinitialize() throws IOException {
        SnapshotTransfer.Staged s = staged;
        if (s == null) throw new IOException("no fetched snapshot to load");
        long stamp = state.beginWrite();
        try {
            closeFiles();
            move(s.dir().resolve("history.jsonl"), dir.historyFile());
            move(s.dir().resolve("events.jsonl"), dir.eventsFile());
            move(s.dir().resolve("events.idx"), dir.eventsIndexFile());
            DataDirectory.syncDirectory(dir.root());
            snapshots.install(s.snapshot(), s.section().term(), s.section().index());
            StateLoader.Loaded loaded = StateLoader.load(genesis, dir, snapshots);
            journal = loaded.journal();
            latestSection = loaded.section();
            state.set(loaded.ledger());
            publish(loaded.ledger(), loaded.applied().getIndex());
            setLastAppliedTermIndex(loaded.applied());
            LOG.info("{}: installed the snapshot at entry {} (history index {})", dir.root(), loaded.applied().getIndex(),
                    loaded.ledger().appliedCount());
        } catch (NodeStartException e) {
            fail("the snapshot fetched from the leader cannot be loaded: " + e.getMessage(), e);
            throw new IOException(failure, e);
        } finally {
            staged = null;
            paused = false;
            state.endWrite(stamp);
        }
        try {
            listener.installedSnapshot(getLastAppliedTermIndex().getIndex());
        } catch (RuntimeException e) {
            LOG.error("{}: answering submitters after a snapshot install failed", dir.root(), e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    // ------------------------------------------------------------------ stop

    /** Closes the files. Ratis calls it when its server stops, after the last snapshot; so may the node. */
    @Override
    public void close() {
        long stamp = state.beginWrite();
        try {
            closed = true;
            closeFiles();
        } finally {
            state.endWrite(stamp);
        }
    }

    private void closeFiles() {
        try {
            if (journal != null) journal.close();
        } catch (IOException e) {
            LOG.warn("{}: closing the history and events files: {}", dir.root(), e.toString());
        }
    }
}
