package dev.proverstaking.node;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How to run a node ({@link RaftLedgerNode#start}).
 *
 * @param dataDir          the data directory (created if absent): Raft log, snapshots, history, events
 * @param genesis          the genesis; a data directory only ever runs the genesis it was created with
 * @param memberId         this member's id in the Raft group (letters, digits, '-', '_')
 * @param peers            every member of the group, this one included, with its Raft address
 *                         ({@code host:port}, gRPC); one member by default
 * @param snapshotInterval a snapshot every this many log entries applied (and one at close): the
 *                         most a restart replays; the log keeps twice as many before the latest snapshot,
 *                         so that the node can also start from the one before it
 * @param maxInFlight      transactions admitted and not yet answered, at most; more are {@link Refusal#Overloaded}
 * @param maxBatch         transactions in one log entry, at most
 * @param maxBatchDelay    how long a batch waits for more transactions while an earlier one is on its way
 * @param readyTimeout     how long {@link RaftLedgerNode#start} waits for the node to take transactions
 *                         (a leader known, the log replayed); it returns then, ready or not (its status says)
 * @param closeTimeout     how long {@link LedgerNode#close} waits for transactions in flight
 * @param clock            the clock the node stamps entries and checks deadlines with
 * @param logSegmentSize   the most bytes of one Raft log segment file; the log is purged a whole segment at a
 *                         time, so smaller segments let a snapshot free the log sooner (tests use small ones
 *                         to see a member catch up by snapshot)
 * @param joining          this member joins a running group (it is added by a reconfiguration, and
 *                         catches up from its leader): at its first start it has no configuration of its
 *                         own, so that it starts no election; {@code peers} are the group's members it may
 *                         reach meanwhile
 */
public record NodeConfig(Path dataDir, NodeGenesis genesis, String memberId, List<Peer> peers, long snapshotInterval,
                         int maxInFlight, int maxBatch, Duration maxBatchDelay, Duration readyTimeout,
                         Duration closeTimeout, Clock clock, long logSegmentSize, boolean joining) {

    public static final String DEFAULT_MEMBER_ID = "n1";
    public static final long DEFAULT_SNAPSHOT_INTERVAL = 10_000;
    public static final int DEFAULT_MAX_IN_FLIGHT = 20_000;
    public static final int DEFAULT_MAX_BATCH = 512;
    public static final Duration DEFAULT_MAX_BATCH_DELAY = Duration.ofMillis(2);
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);
    public static final long DEFAULT_LOG_SEGMENT_SIZE = 32L << 20;
    /** The smallest log segment taken (an entry larger than a segment gets one of its own). */
    public static final long MIN_LOG_SEGMENT_SIZE = 16L << 10;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** A member of the Raft group: its id and its Raft address, {@code host:port}. */
    public record Peer(String id, String address) {
        public Peer {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(address, "address");
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException("member id \"" + id + "\": 1 to 64 letters, digits, '-' or '_'");
            }
            int colon = address.lastIndexOf(':');
            int port;
            try {
                port = colon <= 0 ? -1 : Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("Raft address \"" + address + "\" of member " + id + ": host:port, port 1..65535");
            }
        }

        public String host() {
            String h = address.substring(0, address.lastIndexOf(':'));
            return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        }

        /**
         * {@code n1=127.0.0.1:9001,n2=127.0.0.1:9002,...}: every member of the group with its Raft
         * address, in the order given.
         *
         * @throws IllegalArgumentException saying what is wrong, for a person: an element that is not
         *                                  {@code ID=HOST:PORT}, a bad id or port, an id or address twice
         */
        public static List<Peer> parseList(String text) {
            if (text == null || text.isBlank()) throw new IllegalArgumentException("no members: --peers takes ID=HOST:PORT,... (such as n1=127.0.0.1:9001,n2=127.0.0.1:9002,n3=127.0.0.1:9003)");
            List<Peer> out = new ArrayList<>();
            for (String part : text.split(",", -1)) {
                String e = part.strip();
                int eq = e.indexOf('=');
                if (e.isEmpty() || eq <= 0 || eq == e.length() - 1) {
                    throw new IllegalArgumentException("\"" + e + "\" is not a member: --peers takes ID=HOST:PORT,... (such as n1=127.0.0.1:9001,n2=127.0.0.1:9002)");
                }
                out.add(new Peer(e.substring(0, eq).strip(), e.substring(eq + 1).strip()));
            }
            checkDistinct(out);
            return List.copyOf(out);
        }

        /** Each id and each address once (two members on one address would be one server, twice counted). */
        static void checkDistinct(List<Peer> peers) {
            Set<String> ids = new HashSet<>();
            Set<String> addresses = new HashSet<>();
            for (Peer p : peers) {
                if (!ids.add(p.id())) throw new IllegalArgumentException("member id " + p.id() + " appears twice among the peers");
                String where = p.host().toLowerCase(java.util.Locale.ROOT).replace("localhost", "127.0.0.1") + ":" + p.port();
                if (!addresses.add(where)) {
                    throw new IllegalArgumentException("the Raft address " + p.address() + " of member " + p.id()
                            + " is another member's too: each member needs its own HOST:PORT");
                }
            }
        }

        public int port() {
            return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        }
    }

    public NodeConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(genesis, "genesis");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(maxBatchDelay, "maxBatchDelay");
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        Objects.requireNonNull(clock, "clock");
        peers = List.copyOf(peers);
        Peer.checkDistinct(peers);
        List<String> ids = peers.stream().map(Peer::id).toList();
        if (!ids.contains(memberId)) {
            throw new IllegalArgumentException("member " + memberId + " is not among the peers " + ids
                    + ": the list names every member of the group, this one included");
        }
        if (logSegmentSize < MIN_LOG_SEGMENT_SIZE) {
            throw new IllegalArgumentException("the log segment size must be at least " + MIN_LOG_SEGMENT_SIZE + " bytes, not " + logSegmentSize);
        }
        if (snapshotInterval < 1) throw new IllegalArgumentException("snapshotInterval must be positive");
        if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be positive");
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be positive");
        if (maxBatchDelay.isNegative() || readyTimeout.isNegative() || closeTimeout.isNegative()) {
            throw new IllegalArgumentException("negative duration");
        }
    }

    /** A group of one: member {@value #DEFAULT_MEMBER_ID} at {@code raftAddress}, everything else by default. */
    public static NodeConfig single(Path dataDir, NodeGenesis genesis, String raftAddress) {
        return builder(dataDir, genesis).member(DEFAULT_MEMBER_ID, raftAddress).build();
    }

    public static Builder builder(Path dataDir, NodeGenesis genesis) {
        return new Builder(dataDir, genesis);
    }

    /** This member. */
    public Peer self() {
        for (Peer p : peers) if (p.id().equals(memberId)) return p;
        throw new IllegalStateException("checked by the constructor");
    }

    /** A copy with other values of some fields: {@code config.toBuilder().maxBatch(64).build()}. */
    public Builder toBuilder() {
        Builder b = new Builder(dataDir, genesis);
        b.memberId = memberId;
        b.peers.addAll(peers);
        b.snapshotInterval = snapshotInterval;
        b.maxInFlight = maxInFlight;
        b.maxBatch = maxBatch;
        b.maxBatchDelay = maxBatchDelay;
        b.readyTimeout = readyTimeout;
        b.closeTimeout = closeTimeout;
        b.clock = clock;
        b.logSegmentSize = logSegmentSize;
        b.joining = joining;
        return b;
    }

    public static final class Builder {
        private Path dataDir;
        private final NodeGenesis genesis;
        private String memberId;
        private final List<Peer> peers = new ArrayList<>();
        private long snapshotInterval = DEFAULT_SNAPSHOT_INTERVAL;
        private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
        private int maxBatch = DEFAULT_MAX_BATCH;
        private Duration maxBatchDelay = DEFAULT_MAX_BATCH_DELAY;
        private Duration readyTimeout = DEFAULT_READY_TIMEOUT;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private Clock clock = Clock.systemUTC();
        private long logSegmentSize = DEFAULT_LOG_SEGMENT_SIZE;
        private boolean joining;

        private Builder(Path dataDir, NodeGenesis genesis) {
            this.dataDir = dataDir;
            this.genesis = genesis;
        }

        /** This member: its id and Raft address (added to the peers if it is not among them). */
        public Builder member(String id, String raftAddress) {
            this.memberId = id;
            Peer self = new Peer(id, raftAddress);
            peers.removeIf(p -> p.id().equals(id));
            peers.add(self);
            return this;
        }

        /** The whole group, this member included (its id set with {@link #memberId} or {@link #member}). */
        public Builder peers(List<Peer> group) {
            peers.clear();
            peers.addAll(group);
            return this;
        }

        public Builder memberId(String id) {
            this.memberId = id;
            return this;
        }

        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        public Builder snapshotInterval(long entries) {
            this.snapshotInterval = entries;
            return this;
        }

        public Builder maxInFlight(int n) {
            this.maxInFlight = n;
            return this;
        }

        public Builder maxBatch(int n) {
            this.maxBatch = n;
            return this;
        }

        public Builder maxBatchDelay(Duration d) {
            this.maxBatchDelay = d;
            return this;
        }

        public Builder readyTimeout(Duration d) {
            this.readyTimeout = d;
            return this;
        }

        public Builder closeTimeout(Duration d) {
            this.closeTimeout = d;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        public Builder logSegmentSize(long bytes) {
            this.logSegmentSize = bytes;
            return this;
        }

        public Builder joining(boolean j) {
            this.joining = j;
            return this;
        }

        public NodeConfig build() {
            if (memberId == null) throw new IllegalArgumentException("no member id: call member(id, raftAddress)");
            return new NodeConfig(dataDir, genesis, memberId, peers, snapshotInterval, maxInFlight, maxBatch,
                    maxBatchDelay, readyTimeout, closeTimeout, clock, logSegmentSize, joining);
        }
    }
}
