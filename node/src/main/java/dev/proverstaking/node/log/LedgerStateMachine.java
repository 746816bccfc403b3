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
    private volatile Published published = new Published(StoreMarks.EMPTY, 0, null);
    private volatile String failure;
    private volatile boolean closed;
    private volatile boolean skipSnapshots;

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
    public record Published(StoreMarks marks, long time, LedgerNode.StateHash hash) {}

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
            publish(loaded.ledger());
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
    private void publish(Ledger ledger) {
        published = new Published(journal.marks(), ledger.now(),
                new LedgerNode.StateHash(ledger.appliedCount(), ledger.stateHash().hex()));
    }

    @Override
    public void reinitialize() throws IOException {
        // Ratis reloads a state machine after it installed a snapshot from the leader, which this node
        // turns off (the snapshot would not carry the history): see notifyInstallSnapshotFromLeader
        throw new IOException("the node's state machine is not reloaded in place: restart the node");
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
                publish(state.ledger());
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

    /**
     * Ratis asks this of a follower whose log the leader can no longer send because it purged it past a
     * snapshot. The ledger snapshot alone would not bring the history and events files along, so this
     * node does not install it (the node's Ratis configuration turns leader-sent snapshots off): the
     * member stops, saying why. Keeping a member that far behind in the group is for the cluster's work.
     */
    @Override
    public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(RoleInfoProto roleInfo, TermIndex firstTermIndexInLog) {
        fail("this member is so far behind the leader that the log it needs is gone (the leader's log starts at "
                + firstTermIndexInLog + "); it cannot catch up by a snapshot yet: give it a copy of a current "
                + "member's data directory (stopped), with its own node.json", null);
        CompletableFuture<TermIndex> f = new CompletableFuture<>();
        f.completeExceptionally(new IOException(failure));
        return f;
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
