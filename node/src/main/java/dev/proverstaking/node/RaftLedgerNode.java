package dev.proverstaking.node;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.proverstaking.common.Address;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.Genesis;
import dev.proverstaking.ledger.LedgerView;
import dev.proverstaking.node.NodeStartException.Reason;
import dev.proverstaking.node.admission.Admission;
import dev.proverstaking.node.admission.Admitted;
import dev.proverstaking.node.admission.Batcher;
import dev.proverstaking.node.admission.SubmitCall;
import dev.proverstaking.node.admission.Submissions;
import dev.proverstaking.node.events.Subscriptions;
import dev.proverstaking.node.log.LedgerStateMachine;
import dev.proverstaking.node.log.LogEntry;
import dev.proverstaking.node.log.RaftMember;
import dev.proverstaking.node.store.DataDirectory;
import dev.proverstaking.scenario.ScenarioWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.ratis.conf.RaftProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LedgerNode} whose ledger is the state machine of an Apache Ratis Raft group: the node's
 * one implementation, from a group of one member (the default) to three or five.
 *
 * <p>A transaction's way: {@link #submit} checks it where the check cannot race ({@link Admission}:
 * deadline, nonce against the sender's reservations or the ledger, room in flight); a
 * {@link Batcher} gathers admitted transactions into batches; {@link Submissions} sends each batch,
 * through this member's Ratis client ({@link RaftMember}), to the group's leader, which stamps it with
 * its time and appends it to its log ({@link LedgerStateMachine#startTransaction}); once the entry is
 * committed (forced to the disk of a majority), every member applies it
 * ({@link LedgerStateMachine#applyTransaction}); when this member applies an entry of its own, it
 * answers the submitters. So an answer means: committed, applied, and readable here.
 *
 * <p>Reads ({@link #read}, {@link #stateHash}) see one consistent state without stalling the apply
 * thread ({@link dev.proverstaking.node.state.GuardedLedger}); the history and events are read from
 * their files below the lengths published after the last entry.
 */
public final class RaftLedgerNode implements LedgerNode {
    private static final Logger LOG = LoggerFactory.getLogger(RaftLedgerNode.class);
    private static final JsonFactory JSON = new JsonFactory();
    /** The longest page {@link #events} returns. */
    public static final int MAX_EVENTS_PAGE = 1000;
    /**
     * How long a batch waits for the log to confirm it (the Ratis client retries through leader
     * changes meanwhile); then its transactions are answered {@link Refusal#Unavailable}.
     */
    static final Duration LOG_CONFIRM_TIMEOUT = Duration.ofSeconds(20);
    /** How long closing waits for the Raft server to stop (it applies what is committed and takes a snapshot). */
    static final Duration SERVER_CLOSE_TIMEOUT = Duration.ofSeconds(60);

    /** For tests: a change to the Raft server's properties (small log segments, so that a test sees the log purged). */
    static volatile Consumer<RaftProperties> raftPropertiesForTest = p -> { };

    private final NodeConfig config;
    private final DataDirectory dir;
    private final Admission admission;
    private final LedgerStateMachine sm;
    private final RaftMember raft;
    private final Submissions submissions;
    private final Batcher batcher;
    private final Subscriptions subscriptions;
    private final AtomicInteger activeSubmits = new AtomicInteger();
    private final Object closing = new Object();
    private volatile boolean stopping;
    private volatile boolean stopped;

    private RaftLedgerNode(NodeConfig config, DataDirectory dir) {
        String id = config.memberId();
        this.config = config;
        this.dir = dir;
        this.admission = new Admission(config.maxInFlight());
        this.sm = new LedgerStateMachine(config.genesis(), dir, config.clock(), new LedgerStateMachine.Listener() {
            @Override
            public void applied(LogEntry entry, TxResult[] results) {
                RaftLedgerNode.this.applied(entry, results);
            }

            @Override
            public void installedSnapshot(long index) {
                submissions.skipped("this member caught up by installing a snapshot at log entry " + index
                        + " and did not apply the entries before it itself: read the sender's nonce to see whether it is in");
                subscriptions.signal();
            }
        });
        this.raft = new RaftMember(config, dir, sm, raftPropertiesForTest);
        this.submissions = new Submissions("node-answers-" + id, admission, raft::send, LOG_CONFIRM_TIMEOUT);
        this.batcher = new Batcher("node-batcher-" + id, config.maxBatch(), config.maxBatchDelay(),
                submissions::onTheirWay, submissions::send);
        this.subscriptions = new Subscriptions("node-events-" + id, new Subscriptions.Source() {
            @Override
            public long last() {
                return sm.marks().events();
            }

            @Override
            public List<EventRecord> after(long after, int limit) {
                return events(after, limit);
            }
        });
    }

    /**
     * Starts a node: locks and checks (or creates) its data directory, loads its latest snapshot,
     * starts its Raft server, and waits, at most {@link NodeConfig#readyTimeout}, until it takes
     * transactions (a leader is known and the log replayed). It returns then even if it is not ready:
     * {@link #status} says whether it is ({@code accepting}), and it answers {@link Refusal#Unavailable}
     * until it is.
     *
     * @throws NodeStartException with a message for a person (the data directory in use, not a node's,
     *                            of another genesis or member, a damaged snapshot or log, the port taken);
     *                            nothing is left running, the data directory is released
     */
    public static RaftLedgerNode start(NodeConfig config) throws NodeStartException {
        DataDirectory dir = DataDirectory.open(config.dataDir(), config.genesis(), config.memberId(),
                RaftMember.groupId(config.genesis()).getUuid().toString());
        RaftLedgerNode node = new RaftLedgerNode(config, dir);
        try {
            node.raft.start();
        } catch (NodeStartException e) {
            node.abort();
            throw e;
        } catch (RuntimeException e) {
            node.abort();
            throw new NodeStartException(Reason.FAILED, "the node on " + dir.root() + " could not start: " + e, e);
        }
        node.awaitReady(config.readyTimeout());
        return node;
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!raft.ready() && System.nanoTime() < deadline && sm.failure() == null) sleep(10);
        if (unavailableReason() != null) {
            LOG.warn("{}: not taking transactions yet after {}: {}", dir.root(), timeout, unavailableReason());
        }
    }

    /** Why the node cannot take transactions now, or null when it can. */
    private String unavailableReason() {
        TxResult.Refused r = unavailable();
        return r == null ? null : r.message();
    }

    private TxResult.Refused unavailable() {
        if (stopping || stopped) return new TxResult.Refused(Refusal.Unavailable, "the node is stopping");
        String failure = sm.failure();
        if (failure != null) return new TxResult.Refused(Refusal.Unavailable, "the ledger has stopped: " + failure);
        if (!raft.ready()) {
            return new TxResult.Refused(Refusal.Unavailable, "the node is starting: it is replaying its log or waiting for a leader");
        }
        if (!raft.leaderKnown()) {
            return new TxResult.Refused(Refusal.NoQuorum, "member " + config.memberId() + " knows of no leader: fewer than "
                    + "a majority of the group's members are reachable, so nothing can be committed; nothing was logged. "
                    + "Try again once the members are back");
        }
        return null;
    }

    // ------------------------------------------------------------------ transactions

    @Override
    public CompletableFuture<List<TxResult>> submit(List<SignedTx> txs) {
        for (SignedTx tx : txs) Objects.requireNonNull(tx, "a null transaction");
        SubmitCall call = new SubmitCall(txs.size());
        activeSubmits.incrementAndGet(); // close() sets stopping, then waits for the submits under way
        List<Integer> ahead = null;
        try {
            TxResult.Refused unavailable = unavailable();
            long now = Math.floorDiv(config.clock().millis(), 1000);
            for (int i = 0; i < txs.size(); i++) {
                SignedTx tx = txs.get(i);
                if (unavailable != null) {
                    call.set(i, unavailable);
                } else if (tx.command() instanceof Command.Mint) {
                    call.set(i, new TxResult.Refused(Refusal.UnknownOp, "the node does not take mint (a scenario's "
                            + "faucet): tokens come in by deposit"));
                } else {
                    TxResult.Refused refused = admission.admit(tx, now, this::ledgerNonce);
                    if (refused == null) {
                        batcher.add(new Admitted(tx, call, i));
                    } else if (refused.code() == Refusal.BadNonce && tx.nonce() > ledgerNonce(tx.sender())) {
                        if (ahead == null) ahead = new ArrayList<>();
                        ahead.add(i); // maybe this member is behind: see below
                    } else {
                        call.set(i, refused);
                    }
                }
            }
        } finally {
            activeSubmits.decrementAndGet();
        }
        if (ahead != null) admitOnceCaughtUp(txs, ahead, call);
        return call.future();
    }

    /**
     * A nonce ahead of the one this member's ledger expects may be right: the sender's previous
     * transaction may have been acknowledged by another member that this one has not caught up with.
     * So this member first catches up to the leader's commit index (a read barrier) and checks again;
     * only then is a nonce still ahead refused.
     */
    private void admitOnceCaughtUp(List<SignedTx> txs, List<Integer> ahead, SubmitCall call) {
        raft.readBarrier().orTimeout(6, java.util.concurrent.TimeUnit.SECONDS).whenComplete((ok, error) -> {
            if (error != null) LOG.info("{}: no read barrier for nonces ahead: {}", dir.root(), error.toString());
            activeSubmits.incrementAndGet();
            try {
                TxResult.Refused unavailable = unavailable();
                long now = Math.floorDiv(config.clock().millis(), 1000);
                for (int i : ahead) {
                    SignedTx tx = txs.get(i);
                    TxResult.Refused refused = unavailable != null ? unavailable : admission.admit(tx, now, this::ledgerNonce);
                    if (refused != null) call.set(i, refused);
                    else batcher.add(new Admitted(tx, call, i));
                }
            } finally {
                activeSubmits.decrementAndGet();
            }
        });
    }

    /**
     * For tests: submits {@code txs} past the admission's deadline and nonce checks (they still take
     * room in flight), so that the checks when the entry is applied can be seen to refuse them.
     */
    CompletableFuture<List<TxResult>> submitUnchecked(List<SignedTx> txs) {
        SubmitCall call = new SubmitCall(txs.size());
        for (int i = 0; i < txs.size(); i++) {
            SignedTx tx = txs.get(i);
            TxResult.Refused refused = admission.admitWithoutChecks(tx);
            if (refused != null) call.set(i, refused);
            else batcher.add(new Admitted(tx, call, i));
        }
        return call.future();
    }

    private long ledgerNonce(Address sender) {
        return sm.state().read(v -> v.nonce(sender));
    }

    /** The state machine applied an entry (on the apply thread). */
    private void applied(LogEntry entry, TxResult[] results) {
        submissions.applied(entry, results);
        subscriptions.signal();
    }

    // ------------------------------------------------------------------ reads

    @Override
    public <T> T read(Function<LedgerView, T> query) {
        return sm.state().read(query);
    }

    /**
     * Completes once a read here sees every write acknowledged by any member before the call (Raft's
     * read index, {@link RaftMember#readBarrier}); fails when this member cannot learn the leader's
     * commit index (no quorum) within a few seconds.
     */
    @Override
    public CompletableFuture<Void> linearizable() {
        if (stopped) return CompletableFuture.failedFuture(new IllegalStateException("the node is stopped"));
        return raft.readBarrier().orTimeout(6, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public ClusterStatus cluster() {
        LedgerStateMachine.Published p = sm.published();
        RaftMember.Info info = stopped ? new RaftMember.Info("STOPPED", null, 0, -1) : raft.info();
        RaftMember.Membership m = raft.membership();
        return new ClusterStatus(config.memberId(), info.role(), info.leader(), info.term(), info.commitIndex(),
                p.raftIndex(), p.hash().index(), p.hash().hash(), m.members(), m.configIndex(), unavailableReason() == null);
    }

    @Override
    public void setMembers(List<NodeConfig.Peer> expected, List<NodeConfig.Peer> members) throws IOException {
        raft.setMembers(expected, members);
    }

    @Override
    public NodeStatus status() {
        RaftMember.Info info = stopped ? new RaftMember.Info("STOPPED", null, 0, -1) : raft.info();
        return new NodeStatus(config.memberId(), info.role(), info.leader(), info.term(), info.commitIndex(),
                sm.getLastAppliedTermIndex().getIndex(), sm.marks().historyLines(), config.genesis().chainId(),
                unavailableReason() == null);
    }

    /** Why the node stopped taking transactions for good (its ledger failed), or null. For health reports. */
    public String failure() {
        return sm.failure();
    }

    @Override
    public StateHash stateHash() {
        return sm.published().hash();
    }

    /**
     * The genesis line, the history file up to the last entry applied, and a {@code checkpoint} line at
     * that entry's time: {@code bin/prover-staking replay} of it prints the node's state dump as its
     * last line.
     */
    @Override
    public void writeHistory(OutputStream out) throws IOException {
        LedgerStateMachine.Published p = sm.published();
        Genesis genesis = config.genesis().ledgerGenesis();
        ScenarioWriter.write(genesis, List.of(), false, out);
        sm.copyHistory(out, p.marks().historyBytes());
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.setRootValueSeparator(null);
            ScenarioWriter.writeCheckpointLine(p.time(), genesis.owner(), g);
        }
        out.flush();
    }

    @Override
    public List<EventRecord> events(long after, int limit) {
        try {
            return sm.events(Math.max(0, after), Math.min(limit, MAX_EVENTS_PAGE), sm.marks());
        } catch (IOException e) {
            throw new UncheckedIOException("the events of " + dir.root() + " cannot be read", e);
        }
    }

    @Override
    public AutoCloseable subscribe(Consumer<EventRecord> listener) {
        return subscriptions.subscribe(listener);
    }

    @Override
    public NodeGenesis genesis() {
        return config.genesis();
    }

    public NodeConfig config() {
        return config;
    }

    /** For tests: the state machine. */
    LedgerStateMachine stateMachine() {
        return sm;
    }

    // ------------------------------------------------------------------ stop

    /**
     * Stops taking transactions (new ones are {@link Refusal#Unavailable}), waits at most
     * {@link NodeConfig#closeTimeout} for those in flight, stops the Raft server (which applies what is
     * committed and takes a snapshot), answers anything left {@link Refusal#Unavailable}, closes the
     * files and releases the data directory.
     */
    @Override
    public void close() throws IOException {
        synchronized (closing) {
            if (stopped) return;
            stopping = true;
            long deadline = System.nanoTime() + config.closeTimeout().toNanos();
            while ((activeSubmits.get() > 0 || admission.inFlight() > 0) && System.nanoTime() < deadline
                    && sm.failure() == null) {
                sleep(2);
            }
            String why = "the node stopped before the transaction was logged";
            submissions.unsent(batcher.stop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))), why);
            IOException failure = null;
            try {
                raft.closeClient();
            } catch (IOException e) {
                failure = e;
            }
            try {
                raft.closeServer(SERVER_CLOSE_TIMEOUT);
            } catch (IOException e) {
                if (failure == null) failure = e;
            }
            submissions.close(why);
            subscriptions.close();
            sm.close();
            dir.close();
            stopped = true;
            if (failure != null) throw failure;
        }
    }

    /** After a failed start: whatever was started stops, the directory is released. */
    private void abort() {
        stopping = true;
        batcher.stop(Duration.ZERO);
        try {
            raft.closeClient();
        } catch (IOException | RuntimeException ignored) {
            // closing what failed to start
        }
        try {
            raft.closeServer(Duration.ofSeconds(15));
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: after a failed start: {}", dir.root(), e.toString());
        }
        submissions.close("the node did not start");
        subscriptions.close();
        sm.close();
        dir.close();
        stopped = true;
    }

    /**
     * For tests, a crash as near as one process can make it: the Raft server stops without a last
     * snapshot and the files are left as they are (flushed to the operating system, not forced), so a
     * restart must cut them back to the latest snapshot's marks and replay the log after it.
     */
    void crashForTest() throws IOException {
        stopping = true;
        sm.skipSnapshotsForTest();
        batcher.stop(Duration.ZERO);
        raft.closeClient();
        raft.closeServer(SERVER_CLOSE_TIMEOUT);
        submissions.close("crashed");
        subscriptions.close();
        sm.close();
        dir.close();
        stopped = true;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
