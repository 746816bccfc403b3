package dev.proverstaking.cli.node;

import dev.proverstaking.node.LedgerNode;
import dev.proverstaking.node.NodeGenesis;
import dev.proverstaking.node.http.NodeServer;
import dev.proverstaking.node.http.ServerConfig;
import dev.proverstaking.signing.DevAccount;
import dev.proverstaking.signing.DevAccounts;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
        if (dev && genesisFile != null) {
            System.err.println(NAME + "--dev runs the dev chain's genesis: leave out --genesis, or --dev");
            return 2;
        }
        ServerConfig config;
        try {
            config = address(http);
        } catch (IllegalArgumentException e) {
            System.err.println(NAME + e.getMessage());
            return 2;
        }
        NodeGenesis genesis;
        try {
            genesis = dev ? NodeGenesis.dev(System.currentTimeMillis() / 1000) : NodeGenesis.read(genesisFile);
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
        FileLock lock = null;
        LedgerNode node = null;
        CountDownLatch done = new CountDownLatch(1);
        NodeServer server = null;
        try {
            lock = lock(dir);
            warnIfC1Only();
            try {
                node = NodeFactory.SERVE.start(genesis, dir); // the node: see NodeFactory.SERVE
            } catch (Exception e) {
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
            banner(server, genesis, dir, temporary);
            awaitUninterruptibly(stop);
            System.out.println("stopping: no new requests; finishing those in flight...");
            server.stop();
            server = null;
            node.close();
            node = null;
            System.out.println("stopped.");
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println(NAME + (e instanceof IOException io ? describe(dir, io) : e.getMessage()));
            return 2;
        } finally {
            if (server != null) server.stop();
            if (node != null) {
                try {
                    node.close();
                } catch (Exception e) {
                    System.err.println(NAME + "closing the node: " + e.getMessage());
                }
            }
            if (lock != null) {
                try {
                    lock.channel().close();
                } catch (IOException ignored) {
                    // the process ends: the lock goes with it
                }
            }
            if (temporary) deleteTree(dir);
            done.countDown();
        }
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

    private static FileLock lock(Path dir) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve("node.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalArgumentException("--data " + dir + " is in use by another node (its node.lock is held)");
        }
        return lock;
    }

    private static String describe(Path dir, IOException e) {
        if (e instanceof AccessDeniedException) return "--data " + dir + ": permission denied (" + e.getMessage() + ")";
        if (e instanceof FileAlreadyExistsException) return "--data " + dir + ": " + e.getMessage() + " exists and is not a directory";
        if (e instanceof FileSystemException f && f.getReason() != null) return "--data " + dir + ": " + f.getFile() + ": " + f.getReason();
        return "the data directory " + dir + ": " + e;
    }

    private void banner(NodeServer server, NodeGenesis genesis, Path dir, boolean temporary) {
        System.out.println("prover-staking node: listening on " + server.uri() + " (chain id " + genesis.chainId() + ")");
        System.out.println("  API: " + server.uri() + "/openapi.json   metrics: " + server.uri() + "/metrics");
        System.out.println("  data: " + dir + (temporary ? " (temporary: removed at exit)" : ""));
        if (!NodeFactory.DURABLE) {
            System.out.println("  note: this build's node keeps its state in memory (the Raft log is not in yet): it is lost when the node stops");
        }
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
