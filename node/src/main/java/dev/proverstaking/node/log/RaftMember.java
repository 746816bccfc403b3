package dev.proverstaking.node.log;

import dev.proverstaking.node.NodeConfig;
import dev.proverstaking.node.NodeStartException;
import dev.proverstaking.node.NodeStartException.Reason;
import dev.proverstaking.node.store.DataDirectory;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.util.SizeInBytes;
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
 * This node as a member of its Raft group: its Ratis server (the log, with the ledger's
 * {@link LedgerStateMachine}) and the Ratis client through which it sends batches to the group's
 * leader, wherever that is. Nothing here assumes a group of one: the peers are the configuration's.
 *
 * <p>Before Ratis touches the data directory, {@link #start} checks what Ratis would handle badly: a
 * log missing beside snapshots, a log that starts after the snapshot the node starts from (Ratis would
 * wait for the missing entries for ever), and the port (Ratis ends the whole process,
 * {@code System.exit}, when its gRPC server cannot bind). What Ratis still throws is said for a person
 * ({@link NodeStartException}).
 */
public final class RaftMember {
    private static final Logger LOG = LoggerFactory.getLogger(RaftMember.class);
    /** Ratis's names of log segments (its LogSegmentStartEnd): closed {@code log_<start>-<end>}, open {@code log_inprogress_<start>}. */
    private static final Pattern SEGMENT = Pattern.compile("log_(?:inprogress_)?(\\d+)(?:-\\d+)?(?:\\..*)?");

    /** Where this member is in its group's Raft life, for a status report. */
    public record Info(String role, String leader, long term, long commitIndex) {}

    /** The group's configuration as this member knows it: the members and the log index it was set at. */
    public record Membership(List<NodeConfig.Peer> members, long configIndex) {}

    /** Raft's election timeout, from its minimum to its maximum (a random draw between, per round). */
    static final TimeDuration ELECTION_TIMEOUT_MIN = TimeDuration.valueOf(1000, TimeUnit.MILLISECONDS);
    static final TimeDuration ELECTION_TIMEOUT_MAX = TimeDuration.valueOf(2000, TimeUnit.MILLISECONDS);

    private final NodeConfig config;
    private final DataDirectory dir;
    private final LedgerStateMachine sm;
    private final RaftGroupId groupId;
    private final RaftGroup group;
    private final Consumer<RaftProperties> tuning;
    private RaftServer server;
    private volatile RaftServer.Division division;
    private RaftClient client;
    private volatile ReadBarrier readBarrier;
    private volatile boolean ready;

    /** @param tuning a last change to the server's properties (tests: small log segments); none normally */
    public RaftMember(NodeConfig config, DataDirectory dir, LedgerStateMachine sm, Consumer<RaftProperties> tuning) {
        this.config = config;
        this.dir = dir;
        this.sm = sm;
        this.tuning = tuning;
        this.groupId = groupId(config.genesis());
        this.group = RaftGroup.valueOf(groupId, raftPeers(config.peers()));
    }

    static List<RaftPeer> raftPeers(List<NodeConfig.Peer> peers) {
        List<RaftPeer> out = new ArrayList<>();
        for (NodeConfig.Peer p : peers) out.add(RaftPeer.newBuilder().setId(p.id()).setAddress(p.address()).build());
        return out;
    }

    /**
     * The Raft group of a chain: one id that every member computes alike from the whole genesis (not
     * only its chain id), so that a member started with another genesis is in another group: Ratis
     * keeps the groups apart (a request for a group a server does not run is refused), and the member
     * can be told why ({@link PeerCheck}).
     */
    public static RaftGroupId groupId(dev.proverstaking.node.NodeGenesis genesis) {
        byte[] digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256").digest(genesis.toJson().getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        byte[] seed = ("prover-staking genesis " + java.util.HexFormat.of().formatHex(digest)).getBytes(StandardCharsets.UTF_8);
        return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(seed));
    }

    public RaftGroupId groupId() {
        return groupId;
    }

    /** Checks the data directory and the port, then starts the Raft server (which loads the state machine) and the client. */
    public void start() throws NodeStartException {
        Path groupDir = dir.raftDir().resolve(groupId.getUuid().toString());
        List<SnapshotStore.SnapshotFile> snapshots;
        try {
            snapshots = new SnapshotStore(dir.snapshotsDir()).list();
        } catch (IOException e) {
            throw new NodeStartException(Reason.DATA_DIR_UNUSABLE, dir.snapshotsDir() + " cannot be listed: " + e, e);
        }
        if (!Files.isDirectory(groupDir) && !snapshots.isEmpty()) {
            throw new NodeStartException(Reason.CORRUPT_LOG, "the Raft log of " + dir.root() + " is missing (" + groupDir
                    + " does not exist) though its snapshots are there: the data directory is incomplete. Restore it "
                    + "from a backup; starting without the log would lose the transactions after the last snapshot");
        }
        checkLogContinuesSnapshot(groupDir.resolve("current"), snapshots);
        checkPortFree(config.self());
        // before this member's server can disturb anyone: peers that run another group (another genesis)
        new PeerCheck(config, groupId).refuseIfMajorityRunsAnotherGroup();
        try {
            // a member joining a running group starts with no configuration: the group's leader sends it
            // the log (or a snapshot) and the configuration that adds it; with one of its own it could
            // start elections in a group that does not count it yet
            RaftGroup initial = config.joining() ? RaftGroup.valueOf(groupId) : group;
            server = RaftServer.newBuilder()
                    .setServerId(RaftPeerId.valueOf(config.memberId()))
                    .setGroup(initial)
                    .setStateMachine(sm)
                    .setProperties(serverProperties())
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
                // leader changes and elections are retried; the sender bounds how long it waits in all
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(150, TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
                .build();
        readBarrier = new ReadBarrier(server, groupId, RaftPeerId.valueOf(config.memberId()), this::alone);
        sm.setPeerReader(this::readFrom);
    }

    private RaftProperties serverProperties() {
        NodeConfig.Peer self = config.self();
        RaftProperties p = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(p, List.of(dir.raftDir().toFile()));
        GrpcConfigKeys.Server.setHost(p, self.host());
        GrpcConfigKeys.Server.setPort(p, self.port());
        // a snapshot every snapshotInterval entries and when the server stops (triggerWhenStop, the default)
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, config.snapshotInterval());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, SnapshotStore.KEPT);
        // the log keeps the entries since the snapshot before the latest (snapshots come at least
        // snapshotInterval entries apart, seldom much more), so that the node can start from that one if
        // the latest is damaged
        RaftServerConfigKeys.Log.setPurgePreservationLogNum(p, 2 * config.snapshotInterval());
        // a follower is not sent the leader's snapshot files (a ledger snapshot alone would not bring the
        // history and events along): it is told to install one, and fetches the snapshot with the history and
        // events up to its marks itself (LedgerStateMachine.notifyInstallSnapshotFromLeader, SnapshotTransfer)
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, false);
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(config.logSegmentSize()));
        RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf(Math.min(4L << 20, config.logSegmentSize() / 4)));
        RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.max(1, Math.min(1024, config.snapshotInterval())));
        // purge after a snapshot even if a member is behind (Ratis would otherwise wait for the slowest, and a
        // member that is gone for good would keep every log entry on every disk): a member that comes back
        // past the kept entries catches up by snapshot
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        // elections: Ratis's defaults (150-300 ms) make a busy or paused JVM lose its leadership for nothing;
        // 1-2 s still elects a new leader within ~2 s of the old one's death
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, ELECTION_TIMEOUT_MIN);
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, ELECTION_TIMEOUT_MAX);
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, TimeDuration.valueOf(150, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, TimeDuration.valueOf(600, TimeUnit.MILLISECONDS));
        // reads: any member answers a linearizable read (it asks the leader for its commit index and waits
        // until it applied that far: Raft's read index); the leader answers on its lease, without a round
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, true);
        RaftServerConfigKeys.Read.setTimeout(p, TimeDuration.valueOf(5, TimeUnit.SECONDS));
        // snapshot chunks travel as messages of their own (SnapshotTransfer.CHUNK), under gRPC's limit
        GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf(SnapshotTransfer.CHUNK + (1 << 20)));
        tuning.accept(p);
        return p;
    }

    /**
     * The log must hold every entry after the snapshot the node will start from: if it starts later
     * (it was purged up to a snapshot that is gone), the entries between are nowhere, and Ratis would
     * wait for them for ever (and not even stop). Checked on the segment files, before Ratis reads them.
     */
    private void checkLogContinuesSnapshot(Path logDir, List<SnapshotStore.SnapshotFile> snapshots) throws NodeStartException {
        if (!Files.isDirectory(logDir)) return;
        long first = Long.MAX_VALUE;
        try (Stream<Path> s = Files.list(logDir)) {
            for (Path p : s.toList()) {
                Matcher m = SEGMENT.matcher(p.getFileName().toString());
                if (m.matches()) first = Math.min(first, Long.parseLong(m.group(1)));
            }
        } catch (IOException e) {
            throw new NodeStartException(Reason.DATA_DIR_UNUSABLE, "the Raft log in " + logDir + " cannot be listed: " + e, e);
        }
        long snapshot = snapshots.isEmpty() ? -1 : snapshots.get(0).index();
        if (first != Long.MAX_VALUE && first > snapshot + 1) {
            String from = snapshots.isEmpty() ? "the genesis (there is no snapshot in " + dir.snapshotsDir() + ")"
                    : "its latest snapshot, " + snapshots.get(0).path().getFileName() + ", taken at entry " + snapshot;
            throw new NodeStartException(Reason.CORRUPT_SNAPSHOT, "the Raft log in " + logDir + " starts at entry "
                    + first + ", but the node would start from " + from + ": the entries between are in no snapshot and "
                    + "no log. Put back the snapshot that was moved or deleted from " + dir.snapshotsDir()
                    + ", or restore the data directory from a backup");
        }
    }

    /**
     * Binds the Raft address once and lets it go, so that a port in use is a clear refusal: Ratis, when
     * its gRPC server cannot bind, ends the whole process ({@code System.exit(1)}, its ExitUtils).
     * Another process could still take the port between this check and Ratis's bind; then Ratis ends it.
     */
    private static void checkPortFree(NodeConfig.Peer self) throws NodeStartException {
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

    /**
     * Sends a batch (its request bytes, {@link EntryCodec#request}) to the leader; completes once the
     * leader applied its entry, exceptionally if the log did not take it.
     */
    public CompletableFuture<Void> send(ByteString request) {
        // Ratis's ordered async: a member's batches reach the leader in the order sent, which keeps a sender's
        // consecutive nonces in order across batches
        CompletableFuture<RaftClientReply> reply;
        try {
            reply = client.async().send(Message.valueOf(request));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return reply.thenApply(r -> {
            if (!r.isSuccess()) throw new IllegalStateException("the leader refused it", r.getException());
            return null;
        });
    }

    /**
     * Ready once a leader is known, it has committed an entry of its term, and this member applied the
     * log up to the commit index (after a restart: replayed it); then it stays ready.
     */
    public boolean ready() {
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

    /**
     * Completes once this member applied everything committed when it was called (Raft's read index):
     * a read of its state after that sees every write acknowledged before; fails without a quorum.
     */
    public CompletableFuture<Void> readBarrier() {
        ReadBarrier b = readBarrier;
        return b == null ? CompletableFuture.failedFuture(new IllegalStateException("not started")) : b.await();
    }

    /** Whether this member is the only one of its group (then its own state is linearizable once it is ready). */
    private boolean alone() {
        RaftServer.Division d = division;
        if (d == null) return false;
        java.util.Collection<RaftPeer> peers = d.getRaftConf().getCurrentPeers();
        return peers.size() == 1 && d.getInfo().isLeader() && ready();
    }

    /**
     * A snapshot-transfer request answered by {@code peer}'s state machine ({@link LedgerStateMachine#query}),
     * through a client of its own that talks to that peer alone and does not retry (the fetch retries as a
     * whole): the member's own client may be busy retrying batches at a leader that is gone.
     */
    private CompletableFuture<ByteString> readFrom(String peer, ByteString request) {
        RaftPeer target = membership().members().stream().filter(p -> p.id().equals(peer)).findFirst()
                .map(p -> RaftPeer.newBuilder().setId(p.id()).setAddress(p.address()).build()).orElse(null);
        if (target == null) return CompletableFuture.failedFuture(new IOException(peer + " is not a member this member knows"));
        RaftClient c;
        synchronized (fetchClients) {
            c = fetchClients.computeIfAbsent(peer, id -> {
                RaftProperties p = new RaftProperties();
                RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(10, TimeUnit.SECONDS));
                return RaftClient.newBuilder().setProperties(p).setRaftGroup(RaftGroup.valueOf(groupId, target))
                        .setClientId(ClientId.randomId()).setRetryPolicy(RetryPolicies.noRetry()).build();
            });
        }
        // blocking, on the fetch's own thread: an async client's sliding window closes for good after a failure
        try {
            RaftClientReply r = c.io().sendStaleRead(Message.valueOf(request), 0, RaftPeerId.valueOf(peer));
            if (!r.isSuccess()) throw new IOException(peer + " refused: " + r.getException());
            return CompletableFuture.completedFuture(r.getMessage().getContent());
        } catch (IOException | RuntimeException e) {
            synchronized (fetchClients) {
                if (fetchClients.remove(peer, c)) closeLater(c); // a fresh client for the next try
            }
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void closeLater(RaftClient c) {
        Thread t = new Thread(() -> {
            try {
                c.close();
            } catch (IOException | RuntimeException ignored) {
                // a fetch client
            }
        }, "node-fetch-client-close");
        t.setDaemon(true);
        t.start();
    }

    private final java.util.Map<String, RaftClient> fetchClients = new java.util.HashMap<>();

    /** The configuration this member knows (the committed one, or one being set). */
    public Membership membership() {
        RaftServer.Division d = division;
        if (d == null) return new Membership(config.peers(), -1);
        var conf = d.getRaftConf();
        List<NodeConfig.Peer> members = new ArrayList<>();
        for (RaftPeer p : conf.getCurrentPeers()) members.add(new NodeConfig.Peer(p.getId().toString(), p.getAddress()));
        members.sort(java.util.Comparator.comparing(NodeConfig.Peer::id));
        return new Membership(members, conf.getLogEntryIndex());
    }

    /**
     * Sets the group's members to {@code members} through Ratis's reconfiguration (the leader catches new
     * members up, then commits the new configuration), only if the current members are still
     * {@code expected} (Ratis's compare-and-set: two changes decided on one view cannot both go in).
     */
    public void setMembers(List<NodeConfig.Peer> expected, List<NodeConfig.Peer> members) throws IOException {
        SetConfigurationRequest.Arguments args = SetConfigurationRequest.Arguments.newBuilder()
                .setServersInNewConf(raftPeers(members))
                .setServersInCurrentConf(raftPeers(expected))
                .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET)
                .build();
        RaftClientReply reply = client.admin().setConfiguration(args);
        if (!reply.isSuccess()) {
            throw new IOException(reply.getException() == null ? "the leader refused the change" : reply.getException().getMessage(),
                    reply.getException());
        }
    }

    /** Whether the group has a leader this member knows of (no quorum: none). */
    public boolean leaderKnown() {
        RaftServer.Division d = division;
        return d != null && d.getInfo().getLeaderId() != null;
    }

    /** The role is STARTING until {@link #ready}, then the Raft role (LEADER, FOLLOWER, CANDIDATE, LISTENER). */
    public Info info() {
        RaftServer.Division d = division;
        if (d == null) return new Info("STARTING", null, 0, -1);
        DivisionInfo info = d.getInfo();
        RaftPeerId leader = info.getLeaderId();
        return new Info(ready() ? info.getCurrentRole().name() : "STARTING", leader == null ? null : leader.toString(),
                info.getCurrentTerm(), d.getRaftLog().getLastCommittedIndex());
    }

    /** Stops the client: batches still on their way fail. */
    public void closeClient() throws IOException {
        synchronized (fetchClients) {
            for (RaftClient c : fetchClients.values()) {
                try {
                    c.close();
                } catch (IOException | RuntimeException ignored) {
                    // a fetch client
                }
            }
            fetchClients.clear();
        }
        if (client != null) client.close();
    }

    /**
     * Stops the server: it applies what is committed, takes the last snapshot (unless the state machine
     * stopped) and closes the state machine. Waits at most {@code bound}: a server whose state machine
     * cannot apply its log would wait for it for ever.
     */
    public void closeServer(Duration bound) throws IOException {
        if (server == null) return;
        IOException[] failure = new IOException[1];
        Thread closer = new Thread(() -> {
            try {
                server.close();
            } catch (IOException e) {
                failure[0] = e;
            } catch (RuntimeException e) {
                failure[0] = new IOException(e);
            }
        }, "node-raft-close-" + config.memberId());
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(Math.max(1, bound.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.warn("{}: the Raft server did not stop within {}", dir.root(), bound);
            throw new IOException("the Raft server of " + dir.root() + " did not stop within " + bound);
        }
        if (failure[0] != null) throw failure[0];
    }
}
