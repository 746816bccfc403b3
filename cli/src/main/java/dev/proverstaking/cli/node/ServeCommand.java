package dev.proverstaking.cli.node;

import dev.proverstaking.node.LedgerNode;
import dev.proverstaking.node.NodeConfig;
import dev.proverstaking.node.NodeGenesis;
import dev.proverstaking.node.NodeStartException;
import dev.proverstaking.node.RaftLedgerNode;
import dev.proverstaking.node.http.NodeServer;
import dev.proverstaking.node.http.ServerConfig;
import dev.proverstaking.signing.DevAccount;
import dev.proverstaking.signing.DevAccounts;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code serve}: runs a node and its HTTP API until SIGTERM or SIGINT, then stops in order (stops
 * accepting, finishes what is in flight, closes the node, which snapshots) and exits 0.
 *
 * <p>The JIT: {@code bin/prover-staking} starts short commands with C1 only (fast start-up); it
 * starts {@code serve} with the full JIT instead (the launcher looks at the command), and so does
 * {@code java -jar prover-staking.jar serve}. A node is long-lived: a child JVM (as {@code bench}
 * uses) would only add a process between the signals and the node. {@code serve} warns when it finds
 * itself on C1 alone.
 */
@Command(name = "serve",
        description = {"Run a staking node and its HTTP API (../shared/spec/node-api.md; GET /openapi.json) until SIGTERM or Ctrl-C.",
                "--dev: the dev chain (chain id 31337, ten funded accounts printed with their keys); without --data,"
                        + " a fresh temporary data directory removed at exit.",
                "Otherwise --genesis FILE (the genesis file format: NodeGenesis) and --data DIR are required.",
                "A member of a group of several: --id ID --peers ID=HOST:PORT,... (each member its own --http and --data);"
                        + " every member takes writes (sent on to the leader) and linearizable reads (?consistency=stale: its own state).",
                "--dev --genesis FILE: a dev chain's genesis from a file, so that the members of a dev group share one.",
                "Exit status: 0 stopped by a signal, 2 usage error or a node that cannot start (genesis, data directory, port)."})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Option(names = "--dev", description = "the dev chain of node-api.md \"Dev mode\"")
    boolean dev;

    @Option(names = "--data", paramLabel = "DIR", description = "the node's data directory (created if missing; one node at a time)")
    Path data;

    @Option(names = "--genesis", paramLabel = "FILE", description = "the genesis file (JSON; required without --dev)")
    Path genesisFile;

    @Option(names = "--raft", paramLabel = "HOST:PORT",
            description = "where the node's Raft log listens (default 127.0.0.1:0, port 0: a free one, for a group of one, which talks "
                    + "only to itself; in a group, the member's address in --peers)")
    String raft;

    @Option(names = "--id", paramLabel = "ID", defaultValue = NodeConfig.DEFAULT_MEMBER_ID,
            description = "this member's id in its Raft group (default: ${DEFAULT-VALUE}; letters, digits, '-', '_')")
    String id;

    @Option(names = "--peers", paramLabel = "ID=HOST:PORT,...",
            description = "every member of the group with its Raft address, this one included (n1=127.0.0.1:9001,n2=...,n3=...): "
                    + "runs this node as a member of a group of several; without it, a group of one")
    String peers;

    @Option(names = "--join",
            description = "this member joins a running group (--peers: its members; --raft: this member's address), "
                    + "to be added with `cluster add`; it catches up from the leader (by snapshot if the log is gone)")
    boolean join;

    @Option(names = "--log-segment-size", paramLabel = "BYTES", defaultValue = "32MB",
            description = "the most bytes of one Raft log file (default: ${DEFAULT-VALUE}; KB, MB suffixes); the log is purged after "
                    + "snapshots a whole file at a time")
    String logSegmentSize;

    @Option(names = "--snapshot-interval", paramLabel = "ENTRIES", defaultValue = "" + NodeConfig.DEFAULT_SNAPSHOT_INTERVAL,
            description = "log entries between two snapshots (default: ${DEFAULT-VALUE}; one is also taken when the node stops)")
    long snapshotInterval;

    @Option(names = "--http", paramLabel = "HOST:PORT", defaultValue = ServerConfig.DEFAULT_HOST + ":" + ServerConfig.DEFAULT_PORT,
            description = "where the API listens (default: ${DEFAULT-VALUE}; port 0: any free port)")
    String http;

    private static final String NAME = "prover-staking serve: ";

    @Override
    public Integer call() {
        if (!dev && (genesisFile == null || data == null)) {
            System.err.println(NAME + "without --dev, both --genesis FILE and --data DIR are required (or use --dev for the dev chain)");
            return 2;
        }
        if (snapshotInterval < 1) {
            System.err.println(NAME + "--snapshot-interval must be at least 1, not " + snapshotInterval);
            return 2;
        }
        ServerConfig config;
        Membership membership;
        long segment;
        try {
            config = address(http);
            membership = membership(id, peers, raft, join);
            segment = bytes("--log-segment-size", logSegmentSize);
        } catch (IllegalArgumentException e) {
            System.err.println(NAME + e.getMessage());
            return 2;
        }
        NodeGenesis genesis;
        try {
            genesis = dev ? (genesisFile != null ? devGenesisFile(genesisFile) : devGenesis(data)) : NodeGenesis.read(genesisFile);
        } catch (NodeGenesis.GenesisException e) {
            System.err.println(NAME + e.getMessage());
            return 2;
        } catch (IllegalStateException e) { // the dev accounts need the native libsecp256k1
            System.err.println(NAME + e.getMessage());
            return 2;
        }
        Path dir;
        boolean temporary = data == null;
        try {
            dir = temporary ? Files.createTempDirectory("prover-staking-dev-") : dataDirectory(data);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println(NAME + (e instanceof IOException io ? describe(data, io) : e.getMessage()));
            return 2;
        }
        LedgerNode node = null;
        CountDownLatch done = new CountDownLatch(1);
        NodeServer server = null;
        try {
            warnIfC1Only();
            try {
                NodeConfig nodeConfig;
                try {
                    nodeConfig = NodeConfig.builder(dir, genesis).peers(membership.peers()).memberId(membership.id())
                            .joining(membership.joining()).snapshotInterval(snapshotInterval).logSegmentSize(segment).build();
                } catch (IllegalArgumentException e) {
                    System.err.println(NAME + e.getMessage());
                    return 2;
                }
                node = RaftLedgerNode.start(nodeConfig);
            } catch (NodeStartException e) {
                System.err.println(NAME + "the node cannot start: " + e.getMessage());
                return 2;
            }
            try {
                server = NodeServer.start(node, config);
            } catch (NodeServer.StartException e) {
                System.err.println(NAME + e.getMessage());
                return 2;
            }
            CountDownLatch stop = new CountDownLatch(1);
            Signals.onTermination(stop::countDown);
            // any other end of the JVM (SIGHUP, say) stops the node in order too, before the JVM goes
            Thread hook = new Thread(() -> {
                stop.countDown();
                try {
                    done.await(config.shutdownGrace().toSeconds() + 20, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    // the JVM is going
                }
            }, "serve-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            banner(server, genesis, dir, temporary, nodeConfigOf(node));
            awaitUninterruptibly(stop);
            System.out.println("stopping: no new requests; finishing those in flight...");
            server.stop();
            server = null;
            try {
                node.close(); // takes a snapshot: the next start replays nothing
            } catch (IOException e) {
                node = null;
                System.err.println(NAME + "closing the node: " + e.getMessage() + " (the log keeps every entry: the next start replays it)");
                return 1;
            }
            node = null;
            System.out.println("stopped.");
            return 0;
        } finally {
            if (server != null) server.stop();
            if (node != null) {
                try {
                    node.close();
                } catch (Exception e) {
                    System.err.println(NAME + "closing the node: " + e.getMessage());
                }
            }
            if (temporary) deleteTree(dir);
            done.countDown();
        }
    }

    /**
     * The dev chain's genesis. A dev genesis is stamped with the time it is made, so a data directory
     * a dev node made before holds the one to go on with: it is taken when it is the dev chain's (any
     * other chain's directory is refused when the node opens it, as with {@code --genesis}).
     */
    static NodeGenesis devGenesis(Path data) throws NodeGenesis.GenesisException {
        if (data != null) {
            Path stored = data.resolve("genesis.json");
            if (Files.isRegularFile(stored) && Files.isRegularFile(data.resolve("node.json"))) {
                NodeGenesis g = NodeGenesis.read(stored);
                if (NodeGenesis.dev(g.timestamp()).toJson().equals(g.toJson())) return g;
            }
        }
        return NodeGenesis.dev(System.currentTimeMillis() / 1000);
    }

    /** This member and its group, from the command line. */
    record Membership(String id, java.util.List<NodeConfig.Peer> peers, boolean joining) {}

    /**
     * The group: of one ({@code --raft} alone), of the {@code --peers} (this member's address is its own entry
     * there; a {@code --raft} given too must agree), or joining one ({@code --join}: {@code --raft} is this
     * member's address, {@code --peers} the group's members).
     */
    static Membership membership(String id, String peers, String raft, boolean join) {
        if (peers == null) {
            if (join) throw new IllegalArgumentException("--join needs --peers: the members of the group it joins");
            return new Membership(id, java.util.List.of(new NodeConfig.Peer(id, raftAddress(raft == null ? "127.0.0.1:0" : raft))), false);
        }
        java.util.List<NodeConfig.Peer> list;
        try {
            list = NodeConfig.Peer.parseList(peers);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--peers: " + e.getMessage());
        }
        NodeConfig.Peer listed = list.stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
        if (join) {
            if (raft == null && listed == null) throw new IllegalArgumentException("--join needs --raft HOST:PORT: this member's own Raft address");
            String own = raft != null ? raftAddress(raft) : listed.address();
            if (listed != null && !listed.address().equals(own)) {
                throw new IllegalArgumentException("--raft " + own + " and --peers " + id + "=" + listed.address() + " disagree on this member's address");
            }
            java.util.List<NodeConfig.Peer> all = new java.util.ArrayList<>(list);
            if (listed == null) all.add(new NodeConfig.Peer(id, own));
            try {
                NodeConfig.Peer.parseList(String.join(",", all.stream().map(p -> p.id() + "=" + p.address()).toList()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--join: " + e.getMessage());
            }
            return new Membership(id, all, true);
        }
        if (listed == null) {
            throw new IllegalArgumentException("--peers does not name this member, " + id + " (--id): list every member of the group, "
                    + "this one included, as ID=HOST:PORT (or start it with --join to add it to a running group)");
        }
        if (raft != null && !raftAddress(raft).equals(listed.address())) {
            throw new IllegalArgumentException("--raft " + raft + " and --peers " + id + "=" + listed.address()
                    + " disagree on this member's address: leave out --raft");
        }
        if (listed.port() == 0) throw new IllegalArgumentException("--peers: member " + id + " needs a fixed port, not 0");
        return new Membership(id, list, false);
    }

    /** {@code 123}, {@code 64KB}, {@code 8MB}, {@code 1GB}. */
    static long bytes(String option, String text) {
        String t = text.strip().toUpperCase(java.util.Locale.ROOT);
        long unit = 1;
        for (String[] u : new String[][] {{"KB", "1024"}, {"MB", "1048576"}, {"GB", "1073741824"}, {"B", "1"}}) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length()).strip();
                break;
            }
        }
        try {
            long n = Long.parseLong(t);
            if (n > 0) return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            // below
        }
        throw new IllegalArgumentException(option + " takes a size such as 65536, 64KB or 8MB, not " + text);
    }

    /** A dev chain's genesis from a file (so that the members of a dev cluster share one): refused if it is another chain's. */
    static NodeGenesis devGenesisFile(Path file) throws NodeGenesis.GenesisException {
        NodeGenesis g = NodeGenesis.read(file);
        if (!NodeGenesis.dev(g.timestamp()).toJson().equals(g.toJson())) {
            throw new NodeGenesis.GenesisException(file + " is not a dev chain's genesis: leave out --dev to run it");
        }
        return g;
    }

    /** {@code HOST:PORT} for Raft; port 0 is a free port now. */
    static String raftAddress(String text) {
        ServerConfig parsed;
        try {
            parsed = address(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("--http", "--raft"));
        }
        int port = parsed.port();
        if (port == 0) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(parsed.host()))) {
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new IllegalArgumentException("--raft " + text + ": no free port on " + parsed.host() + " (" + e.getMessage() + ")");
            }
        }
        String host = parsed.host().contains(":") ? "[" + parsed.host() + "]" : parsed.host();
        return host + ":" + port;
    }

    /** {@code HOST:PORT}, {@code [::1]:PORT}. */
    static ServerConfig address(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) throw new IllegalArgumentException("--http takes HOST:PORT (such as 127.0.0.1:8080), not " + text);
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--http: the port is 0..65535, not " + text.substring(colon + 1));
        return ServerConfig.defaults(host, port);
    }

    private static Path dataDirectory(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new IllegalArgumentException("--data " + dir + " exists and is not a directory");
        Files.createDirectories(dir);
        if (!Files.isWritable(dir)) throw new IllegalArgumentException("--data " + dir + " is not writable");
        return dir;
    }

    private static String describe(Path dir, IOException e) {
        if (e instanceof AccessDeniedException) return "--data " + dir + ": permission denied (" + e.getMessage() + ")";
        if (e instanceof FileAlreadyExistsException) return "--data " + dir + ": " + e.getMessage() + " exists and is not a directory";
        if (e instanceof FileSystemException f && f.getReason() != null) return "--data " + dir + ": " + f.getFile() + ": " + f.getReason();
        return "the data directory " + dir + ": " + e;
    }

    private static NodeConfig nodeConfigOf(LedgerNode node) {
        return node instanceof RaftLedgerNode r ? r.config() : null;
    }

    private void banner(NodeServer server, NodeGenesis genesis, Path dir, boolean temporary, NodeConfig nc) {
        System.out.println("prover-staking node: listening on " + server.uri() + " (chain id " + genesis.chainId() + ")");
        if (nc != null && (nc.peers().size() > 1 || nc.joining())) {
            System.out.println("  member " + nc.memberId() + " (Raft " + nc.self().address() + ") of "
                    + nc.peers().stream().map(p -> p.id() + "=" + p.address()).toList() + (nc.joining() ? ", joining" : ""));
        }
        System.out.println("  API: " + server.uri() + "/openapi.json   metrics: " + server.uri() + "/metrics");
        System.out.println("  data: " + dir + (temporary ? " (temporary: removed at exit)" : ""));
        if (dev) {
            System.out.println();
            System.out.println("Dev accounts (mnemonic \"" + DevAccounts.MNEMONIC + "\"; public keys: never use them for anything of value)");
            System.out.println("each holds 1000000 " + genesis.stakeToken().symbol() + " and 1000000 " + genesis.rewardToken().symbol()
                    + "; account 0 owns both modules and holds SLASHER and MINTER");
            for (DevAccount a : DevAccounts.all()) {
                System.out.println("  (" + a.index() + ") " + a.address() + "  private key " + a.key().secretHex());
            }
        }
        System.out.println();
        System.out.println("Stop with Ctrl-C (or SIGTERM).");
        System.out.flush();
    }

    private static void warnIfC1Only() {
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-XX:TieredStopAtLevel=") && !arg.endsWith("=4")) {
                System.err.println(NAME + "warning: this JVM runs with " + arg + " (no full JIT): a node should not;"
                        + " bin/prover-staking serve, or java -jar without that option, gives it the full JIT");
            }
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // only a signal stops a node
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temporary directory
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** The stop signals, once. */
    static final class Signals {
        private Signals() {}

        /**
         * Calls {@code stop} on SIGTERM or SIGINT instead of letting the JVM exit (whose status would be
         * 143 or 130); {@code serve} then stops in order and exits 0. A shutdown hook covers other exits.
         */
        static void onTermination(Runnable stop) {
            AtomicBoolean once = new AtomicBoolean();
            Runnable r = () -> {
                if (once.compareAndSet(false, true)) stop.run();
            };
            for (String name : new String[] {"TERM", "INT"}) {
                try {
                    sun.misc.Signal.handle(new sun.misc.Signal(name), s -> r.run());
                } catch (IllegalArgumentException e) {
                    // a signal this platform does not have, or the JVM reserves: the default stays
                }
            }
        }
    }
}
