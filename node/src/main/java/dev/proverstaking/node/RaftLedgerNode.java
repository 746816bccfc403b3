package dev.proverstaking.node;

import dev.proverstaking.common.Address;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.LedgerView;
import dev.proverstaking.node.NodeStartException.Reason;
import dev.proverstaking.node.admission.Admission;
import dev.proverstaking.node.admission.Admitted;
import dev.proverstaking.node.admission.Batcher;
import dev.proverstaking.node.admission.SubmitCall;
import dev.proverstaking.node.events.Subscriptions;
import dev.proverstaking.node.log.EntryCodec;
import dev.proverstaking.node.log.LedgerStateMachine;
import dev.proverstaking.node.log.LogEntry;
import dev.proverstaking.node.log.SnapshotStore;
import dev.proverstaking.node.log.StartFailure;
import dev.proverstaking.node.store.DataDirectory;
import dev.proverstaking.node.store.StoreMarks;
import dev.proverstaking.scenario.ScenarioWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LedgerNode} whose ledger is the state machine of an Apache Ratis Raft group: the node's
 * one implementation, from a group of one member (the default) to three or five.
 *
 * <p>A transaction's way: {@link #submit} checks it where the check cannot race ({@link Admission}:
 * deadline, nonce against the sender's reservations or the ledger, room in flight); a
 * {@link Batcher} gathers admitted transactions into batches; each batch goes, through a Ratis client,
 * to the group's leader, which stamps it with its time and appends it to its log
 * ({@link LedgerStateMachine#startTransaction}); once the entry is committed (forced to the disk of a
 * majority), every member applies it ({@link LedgerStateMachine#applyTransaction}); when this member
 * applies an entry of its own, it answers the submitters (on a completion thread, not the apply
 * thread), having released their reservations. So an answer means: committed, applied, and readable
 * here.
 *
 * <p>Reads ({@link #read}, {@link #stateHash}) see one consistent state without stalling the apply
 * thread ({@link dev.proverstaking.node.state.GuardedLedger}); the history and events are read from
 * their files below the lengths published after the last entry.
 */
public final class RaftLedgerNode implements LedgerNode {
    private static final Logger LOG = LoggerFactory.getLogger(RaftLedgerNode.class);
    /** The longest page {@link #events} returns. */
    public static final int MAX_EVENTS_PAGE = 1000;
    /**
     * How long a batch waits for the log to confirm it (the Ratis client retries through leader
     * changes meanwhile); then its transactions are answered {@link Refusal#Unavailable}.
     */
    static final Duration LOG_CONFIRM_TIMEOUT = Duration.ofSeconds(60);

    private final NodeConfig config;
    private final DataDirectory dir;
    private final RaftGroupId groupId;
    private final RaftGroup group;
    /** This process's number on the log entries it sends: only it answers their submitters. */
    private final long incarnation = new SecureRandom().nextLong();
    private final AtomicLong batchIds = new AtomicLong();
    private final Map<Long, List<Admitted>> pending = new ConcurrentHashMap<>();
    private final Admission admission;
    private final LedgerStateMachine sm;
    private final Subscriptions subscriptions;
    private final ExecutorService completions;
    private final AtomicInteger activeSubmits = new AtomicInteger();
    private final Object closing = new Object();

    private RaftServer server;
    private RaftServer.Division division;
    private RaftClient client;
    private Batcher batcher;
    private volatile boolean ready;
    private volatile boolean stopping;
    private volatile boolean stopped;
    private volatile StateHash lastHash;

    private RaftLedgerNode(NodeConfig config, DataDirectory dir, RaftGroupId groupId) {
        this.config = config;
        this.dir = dir;
        this.groupId = groupId;
        List<RaftPeer> peers = new ArrayList<>();
        for (NodeConfig.Peer p : config.peers()) peers.add(RaftPeer.newBuilder().setId(p.id()).setAddress(p.address()).build());
        this.group = RaftGroup.valueOf(groupId, peers);
        this.admission = new Admission(config.maxInFlight());
        this.sm = new LedgerStateMachine(config.genesis(), dir, config.clock(), this::applied);
        this.subscriptions = new Subscriptions("node-events-" + config.memberId(), new Subscriptions.Source() {
            @Override
            public long last() {
                return sm.marks().events();
            }

            @Override
            public List<EventRecord> after(long after, int limit) {
                return events(after, limit);
            }
        });
        AtomicInteger n = new AtomicInteger();
        this.completions = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "node-answers-" + config.memberId() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
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
     *                            of another genesis or member, a damaged snapshot or log, the port taken)
     */
    public static RaftLedgerNode start(NodeConfig config) throws NodeStartException {
        RaftGroupId groupId = groupId(config.genesis().chainId());
        DataDirectory dir = DataDirectory.open(config.dataDir(), config.genesis(), config.memberId(),
                groupId.getUuid().toString());
        RaftLedgerNode node = new RaftLedgerNode(config, dir, groupId);
        try {
            node.startRaft();
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

    /** The Raft group of a chain: one id, derived from the chain id, that every member computes alike. */
    static RaftGroupId groupId(long chainId) {
        return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("prover-staking chain " + chainId).getBytes(StandardCharsets.UTF_8)));
    }

    private void startRaft() throws NodeStartException {
        Path groupDir = dir.raftDir().resolve(groupId.getUuid().toString());
        if (!Files.isDirectory(groupDir) && hasSnapshots()) {
            throw new NodeStartException(Reason.CORRUPT_LOG, "the Raft log of " + dir.root() + " is missing (" + groupDir
                    + " does not exist) though its snapshots are there: the data directory is incomplete. Restore it "
                    + "from a backup; starting without the log would lose the transactions after the last snapshot");
        }
        checkLogContinuesSnapshot(groupDir.resolve("current"));
        NodeConfig.Peer self = config.self();
        checkPortFree(self);
        RaftProperties p = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(p, List.of(dir.raftDir().toFile()));
        GrpcConfigKeys.Server.setHost(p, self.host());
        GrpcConfigKeys.Server.setPort(p, self.port());
        // a snapshot every snapshotInterval entries and when the server stops (triggerWhenStop, the default)
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, config.snapshotInterval());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
        // the log keeps the entries since the snapshot before the latest, so that the node can start from
        // that one if the latest is damaged; a follower is never sent a snapshot (it would lack the history)
        // (snapshots come at least snapshotInterval entries apart, and seldom much more)
        RaftServerConfigKeys.Log.setPurgePreservationLogNum(p, 2 * config.snapshotInterval());
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, false);
        raftPropertiesForTest.accept(p);
        try {
            server = RaftServer.newBuilder()
                    .setServerId(RaftPeerId.valueOf(config.memberId()))
                    .setGroup(group)
                    .setStateMachine(sm)
                    .setProperties(p)
                    .setOption(RaftStorage.StartupOption.RECOVER)
                    .build();
            server.start();
            division = server.getDivision(groupId);
        } catch (IOException | RuntimeException e) {
            throw classify(e);
        }
        RaftProperties cp = new RaftProperties();
        RaftClientConfigKeys.Rpc.setRequestTimeout(cp, TimeDuration.valueOf(3, TimeUnit.SECONDS));
        client = RaftClient.newBuilder()
                .setProperties(cp)
                .setRaftGroup(group)
                .setClientId(ClientId.randomId())
                .setLeaderId(RaftPeerId.valueOf(config.memberId()))
                // leader changes and elections: retried, within LOG_CONFIRM_TIMEOUT (send bounds the wait)
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(300, TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
                .build();
        batcher = new Batcher("node-batcher-" + config.memberId(), config.maxBatch(), config.maxBatchDelay(), this::send);
    }

    /** Ratis's names of log segments (its LogSegmentStartEnd): closed {@code log_<start>-<end>}, open {@code log_inprogress_<start>}. */
    private static final Pattern SEGMENT = Pattern.compile("log_(?:inprogress_)?(\\d+)(?:-\\d+)?(?:\\..*)?");

    /**
     * The log must hold every entry after the snapshot the node will start from: if it starts later
     * (it was purged up to a snapshot that is gone), the entries between are nowhere, and Ratis would
     * wait for them for ever (and not even stop). Checked on the segment files, before Ratis reads them.
     */
    private void checkLogContinuesSnapshot(Path logDir) throws NodeStartException {
        if (!Files.isDirectory(logDir)) return;
        long first = Long.MAX_VALUE;
        long snapshot = -1;
        String latest = null;
        try (Stream<Path> s = Files.list(logDir)) {
            for (Path p : s.toList()) {
                Matcher m = SEGMENT.matcher(p.getFileName().toString());
                if (m.matches()) first = Math.min(first, Long.parseLong(m.group(1)));
            }
            List<SnapshotStore.SnapshotFile> snapshots = new SnapshotStore(dir.snapshotsDir()).list();
            if (!snapshots.isEmpty()) {
                snapshot = snapshots.get(0).index();
                latest = snapshots.get(0).path().getFileName().toString();
            }
        } catch (IOException e) {
            throw new NodeStartException(Reason.DATA_DIR_UNUSABLE, "the Raft log in " + logDir + " cannot be listed: " + e, e);
        }
        if (first != Long.MAX_VALUE && first > snapshot + 1) {
            String from = latest == null ? "the genesis (there is no snapshot in " + dir.snapshotsDir() + ")"
                    : "its latest snapshot, " + latest + ", taken at entry " + snapshot;
            throw new NodeStartException(Reason.CORRUPT_SNAPSHOT, "the Raft log in " + logDir + " starts at entry "
                    + first + ", but the node would start from " + from + ": the entries between are in no snapshot and "
                    + "no log. Put back the snapshot that was moved or deleted from " + dir.snapshotsDir()
                    + ", or restore the data directory from a backup");
        }
    }

    /** For tests: a change to the Raft server's properties (small log segments, so that a test sees the log purged). */
    static volatile Consumer<RaftProperties> raftPropertiesForTest = p -> { };

    /**
     * Binds the Raft address once and lets it go, so that a port in use is a clear refusal: Ratis, when
     * its gRPC server cannot bind, ends the whole process ({@code System.exit(1)}, its ExitUtils).
     * Another process could still take the port between this check and Ratis's bind; then Ratis ends it.
     */
    private void checkPortFree(NodeConfig.Peer self) throws NodeStartException {
        InetSocketAddress address = new InetSocketAddress(self.host(), self.port());
        if (address.isUnresolved()) {
            throw new NodeStartException(Reason.FAILED, "the Raft address " + self.address() + " of member "
                    + self.id() + " names a host that cannot be resolved: give an address of this machine");
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(address);
        } catch (IOException e) {
            throw new NodeStartException(Reason.PORT_IN_USE, "the Raft address " + self.address() + " of member "
                    + self.id() + " cannot be bound (" + e.getMessage() + "): another process uses the port, or the "
                    + "address is not this machine's. Stop that process, or give the node another address", e);
        }
    }

    private boolean hasSnapshots() {
        try (Stream<Path> s = Files.list(dir.snapshotsDir())) {
            return s.anyMatch(f -> f.getFileName().toString().endsWith(".psnap"));
        } catch (IOException e) {
            return false;
        }
    }

    /** What went wrong starting the Raft server, said for a person. */
    private NodeStartException classify(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof StartFailure f) return f.reason();
            if (c instanceof NodeStartException n) return n;
            if (c instanceof BindException || String.valueOf(c.getMessage()).contains("Address already in use")) {
                return new NodeStartException(Reason.PORT_IN_USE, "the Raft address " + config.self().address()
                        + " of member " + config.memberId() + " cannot be bound (" + c.getMessage() + "): another "
                        + "process uses the port. Stop it, or give the node another address", e);
            }
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c.getClass().getName().contains("Corrupt") || c.getClass().getName().contains("Checksum")
                    || String.valueOf(c.getMessage()).contains("corrupt")) {
                return new NodeStartException(Reason.CORRUPT_LOG, "the Raft log in " + dir.raftDir() + " is damaged ("
                        + c + "). The node changed nothing. Restore the data directory from a backup (in a group of "
                        + "several members, a current member's copy of it, stopped, with this member's own node.json)", e);
            }
        }
        return new NodeStartException(Reason.FAILED, "the Raft server of " + dir.root() + " could not start: " + e, e);
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!checkReady() && System.nanoTime() < deadline && sm.failure() == null) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!ready) LOG.warn("{}: not taking transactions yet after {}: {}", dir.root(), timeout, unavailableReason());
    }

    /** Ready once a leader is known, it has committed in its term, and this member applied the log up to the commit. */
    private boolean checkReady() {
        if (ready) return true;
        RaftServer.Division d = division;
        if (d == null) return false;
        DivisionInfo info = d.getInfo();
        if (info.getLeaderId() == null) return false;
        if (info.isLeader() && !info.isLeaderReady()) return false;
        long commit = d.getRaftLog().getLastCommittedIndex();
        if (commit < 0 || info.getLastAppliedIndex() < commit) return false;
        ready = true;
        return true;
    }

    /** Why the node cannot take transactions now, or null when it can. */
    private String unavailableReason() {
        if (stopping || stopped) return "the node is stopping";
        String failure = sm.failure();
        if (failure != null) return "the ledger has stopped: " + failure;
        if (!checkReady()) return "the node is starting: it is replaying its log or waiting for a leader";
        if (division.getInfo().getLeaderId() == null) return "the group has no leader now (no quorum): try again later";
        return null;
    }

    // ------------------------------------------------------------------ transactions

    @Override
    public CompletableFuture<List<TxResult>> submit(List<SignedTx> txs) {
        for (SignedTx tx : txs) Objects.requireNonNull(tx, "a null transaction");
        SubmitCall call = new SubmitCall(txs.size());
        activeSubmits.incrementAndGet(); // close() waits for submits under way (it sets stopping first)
        try {
            String unavailable = unavailableReason();
            long now = Math.floorDiv(config.clock().millis(), 1000);
            for (int i = 0; i < txs.size(); i++) {
                SignedTx tx = txs.get(i);
                if (unavailable != null) {
                    call.set(i, new TxResult.Refused(Refusal.Unavailable, unavailable));
                } else if (tx.command() instanceof Command.Mint) {
                    call.set(i, new TxResult.Refused(Refusal.UnknownOp, "the node does not take mint (a scenario's "
                            + "faucet): tokens come in by deposit"));
                } else {
                    TxResult.Refused refused = admission.admit(tx, now, this::ledgerNonce);
                    if (refused != null) call.set(i, refused);
                    else batcher.add(new Admitted(tx, call, i));
                }
            }
        } finally {
            activeSubmits.decrementAndGet();
        }
        return call.future();
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

    /** The batcher's sender: the batch goes to the leader; its answer comes when this member applies it. */
    private void send(List<Admitted> batch) {
        long id = batchIds.incrementAndGet();
        pending.put(id, batch);
        List<SignedTx> txs = new ArrayList<>(batch.size());
        for (Admitted a : batch) txs.add(a.tx());
        CompletableFuture<RaftClientReply> reply;
        try {
            reply = client.async().send(Message.valueOf(EntryCodec.request(incarnation, id, txs)));
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        // a copy, so that the timeout completes ours and not the client's own future
        reply.copy().orTimeout(LOG_CONFIRM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, error) -> {
            if (error == null && r.isSuccess()) return; // committed: answered when applied here
            notLogged(id, error != null ? error : r.getException());
        });
    }

    /**
     * The log did not confirm a batch (no leader for a minute, the node stopping, the leader refusing
     * it). Its transactions are answered {@link Refusal#Unavailable} and their reservations released,
     * unless this member applied the batch meanwhile (then it was answered already). As with any
     * timeout of a replicated log, an unconfirmed batch may still be committed later by a new leader
     * that holds it; then it is applied, in order, and the sender's nonce shows it. The message says so.
     */
    private void notLogged(long batchId, Throwable cause) {
        List<Admitted> batch = pending.remove(batchId);
        if (batch == null) return;
        batcher.resolved();
        String why = "the log did not confirm it (" + rootMessage(cause) + "); if it reached the log before that, it "
                + "is applied later, which the sender's nonce shows";
        for (Admitted a : batch) admission.release(a.tx());
        Runnable answer = () -> {
            for (Admitted a : batch) a.complete(new TxResult.Refused(Refusal.Unavailable, why));
        };
        try {
            completions.execute(answer);
        } catch (RejectedExecutionException e) {
            answer.run();
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }

    /** The state machine applied an entry (on the apply thread): answer its submitters if it is ours. */
    private void applied(LogEntry entry, TxResult[] results) {
        if (entry.origin() == incarnation) {
            List<Admitted> batch = pending.remove(entry.batchId());
            if (batch != null) {
                batcher.resolved();
                for (Admitted a : batch) admission.release(a.tx());
                Runnable answer = () -> {
                    for (int i = 0; i < results.length; i++) batch.get(i).complete(results[i]);
                };
                try {
                    completions.execute(answer);
                } catch (RejectedExecutionException e) {
                    answer.run(); // the node is stopping: answer here rather than not at all
                }
            }
        }
        subscriptions.signal();
    }

    // ------------------------------------------------------------------ reads

    @Override
    public <T> T read(Function<LedgerView, T> query) {
        return sm.state().read(query);
    }

    @Override
    public NodeStatus status() {
        RaftServer.Division d = division;
        String role = "STARTING";
        String leader = null;
        long term = 0;
        long commit = -1;
        if (stopped) {
            role = "STOPPED";
        } else if (d != null) {
            DivisionInfo info = d.getInfo();
            if (checkReady()) role = info.getCurrentRole().name();
            leader = info.getLeaderId() == null ? null : info.getLeaderId().toString();
            term = info.getCurrentTerm();
            commit = d.getRaftLog().getLastCommittedIndex();
        }
        return new NodeStatus(config.memberId(), role, leader, term, commit, sm.getLastAppliedTermIndex().getIndex(),
                sm.marks().historyLines(), config.genesis().chainId(), unavailableReason() == null);
    }

    /** Why the node stopped taking transactions for good (the ledger failed), or null. For health reports. */
    public String failure() {
        return sm.failure();
    }

    @Override
    public StateHash stateHash() {
        StateHash cached = lastHash;
        if (cached != null && cached.index() == sm.marks().historyLines()) return cached;
        StateHash h = sm.state().readLedger(l -> new StateHash(l.appliedCount(), StateHashes.of(l)));
        lastHash = h;
        return h;
    }

    @Override
    public void writeHistory(OutputStream out) throws IOException {
        StoreMarks m = sm.marks();
        ScenarioWriter.write(config.genesis().ledgerGenesis(), List.of(), false, out);
        sm.copyHistory(out, m.historyBytes());
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
            List<Admitted> left = batcher == null ? List.of()
                    : batcher.stop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            answerUnavailable(left);
            IOException failure = null;
            try {
                if (client != null) client.close();
            } catch (IOException e) {
                failure = e;
            }
            try {
                if (server != null) server.close(); // applies what is committed, then the last snapshot
            } catch (IOException e) {
                if (failure == null) failure = e;
            }
            for (Long id : List.copyOf(pending.keySet())) {
                List<Admitted> batch = pending.remove(id);
                if (batch != null) answerUnavailable(batch);
            }
            subscriptions.close();
            completions.shutdown();
            try {
                completions.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sm.close();
            dir.close();
            stopped = true;
            if (failure != null) throw failure;
        }
    }

    private void answerUnavailable(List<Admitted> batch) {
        for (Admitted a : batch) {
            admission.release(a.tx());
            a.complete(new TxResult.Refused(Refusal.Unavailable, "the node stopped before the transaction was logged"));
        }
    }

    /** After a failed start: whatever was started stops, the directory is released. */
    private void abort() {
        stopping = true;
        if (batcher != null) batcher.stop(Duration.ZERO);
        try {
            if (client != null) client.close();
        } catch (IOException | RuntimeException ignored) {
            // closing what failed to start
        }
        if (server != null) {
            // bounded: a Ratis server whose state machine cannot apply its log waits for it when it closes
            Thread closer = new Thread(() -> {
                try {
                    server.close();
                } catch (IOException | RuntimeException ignored) {
                    // closing what failed to start
                }
            }, "node-abort-" + config.memberId());
            closer.setDaemon(true);
            closer.start();
            try {
                closer.join(TimeUnit.SECONDS.toMillis(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (closer.isAlive()) LOG.warn("{}: the Raft server did not stop within 15 s of a failed start", dir.root());
        }
        subscriptions.close();
        completions.shutdown();
        sm.close();
        dir.close();
        stopped = true;
    }

    /**
     * For tests, a crash as near as one process can make it: the Raft server stops without a last
     * snapshot and the files are left as they are (flushed to the operating system, not forced), so a
     * restart must cut them back to the latest snapshot's marks and replay the log after it.
     */
    void crashForTest() {
        stopping = true;
        sm.skipSnapshotsForTest();
        if (batcher != null) batcher.stop(Duration.ZERO);
        try {
            client.close();
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        subscriptions.close();
        completions.shutdownNow();
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
