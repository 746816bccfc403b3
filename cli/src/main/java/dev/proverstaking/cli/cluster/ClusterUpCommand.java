package dev.proverstaking.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proverstaking.node.NodeConfig;
import dev.proverstaking.node.NodeGenesis;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cluster up}: a group of {@code --nodes} members on loopback, each {@code serve} in a process of
 * its own (the same jar), with their data under one directory, until SIGTERM or Ctrl-C; then it stops
 * them (SIGTERM to each of its children, by pid; SIGKILL to one that has not stopped after a grace)
 * and exits 0. Their output comes through, each line prefixed with the member's id.
 *
 * <p>The directory keeps {@code cluster.json} (the members' ids and Raft and HTTP addresses, chosen
 * free the first time) and, for {@code --dev}, the dev chain's {@code genesis.json}, which every member
 * is started with (a group is made of members of one genesis): {@code cluster up --data DIR} again
 * starts the same group where it stopped.
 */
@Command(name = "up",
        description = {"Start a local group of nodes on loopback, each member its own process, until SIGTERM or Ctrl-C.",
                "Prints each member's URL. --data DIR keeps the group (DIR/cluster.json, DIR/nK/): up again goes on where it stopped;"
                        + " without it (--dev only) a temporary directory removed at exit."})
public final class ClusterUpCommand implements Callable<Integer> {
    private static final String NAME = "prover-staking cluster up: ";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "members (default: ${DEFAULT-VALUE}; 1..9, odd is best)")
    int nodes;

    @Option(names = "--dev", description = "the dev chain (node-api.md \"Dev mode\"), one genesis for all members")
    boolean dev;

    @Option(names = "--genesis", paramLabel = "FILE", description = "the genesis file (required without --dev)")
    Path genesisFile;

    @Option(names = "--data", paramLabel = "DIR", description = "the group's directory (required without --dev)")
    Path data;

    @Option(names = "--snapshot-interval", paramLabel = "ENTRIES", description = "passed to each member's serve")
    Long snapshotInterval;

    @Option(names = "--log-segment-size", paramLabel = "BYTES", description = "passed to each member's serve")
    String logSegmentSize;

    /** A member as the group's directory records it. */
    record Member(String id, String raft, String http) {
        String url() {
            return "http://" + http;
        }
    }

    @Override
    public Integer call() {
        if (nodes < 1 || nodes > 9) {
            System.err.println(NAME + "--nodes is 1..9, not " + nodes);
            return 2;
        }
        if (!dev && (genesisFile == null || data == null)) {
            System.err.println(NAME + "without --dev, both --genesis FILE and --data DIR are required (or use --dev for the dev chain)");
            return 2;
        }
        if (dev && genesisFile != null) {
            System.err.println(NAME + "--dev runs the dev chain's genesis: leave out --genesis, or --dev");
            return 2;
        }
        boolean temporary = data == null;
        Path dir;
        List<Member> members;
        Path genesis;
        try {
            dir = temporary ? Files.createTempDirectory("prover-staking-cluster-") : data.toAbsolutePath();
            Files.createDirectories(dir);
            members = members(dir);
            genesis = genesis(dir);
        } catch (IllegalArgumentException e) {
            System.err.println(NAME + e.getMessage());
            return 2;
        } catch (IOException | NodeGenesis.GenesisException e) {
            System.err.println(NAME + "the group's directory " + (data == null ? "" : data) + ": " + e.getMessage());
            return 2;
        }
        String peers = String.join(",", members.stream().map(m -> m.id() + "=" + m.raft()).toList());
        List<Child> children = new ArrayList<>();
        CountDownLatch stop = new CountDownLatch(1);
        AtomicBoolean once = new AtomicBoolean();
        Runnable onSignal = () -> {
            if (once.compareAndSet(false, true)) stop.countDown();
        };
        for (String sig : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> onSignal.run());
            } catch (IllegalArgumentException e) {
                // not on this platform
            }
        }
        Thread hook = new Thread(() -> stopAll(children), "cluster-up-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            for (Member m : members) {
                List<String> cmd = serveCommand(m, peers, genesis, dir.resolve(m.id()));
                children.add(Child.start(m, cmd));
            }
            for (Child c : children) {
                if (!c.awaitListening(120)) {
                    System.err.println(NAME + "member " + c.member.id() + " did not start (its output is above)");
                    stop.countDown();
                    break;
                }
            }
            if (stop.getCount() > 0) {
                System.out.println();
                System.out.println("prover-staking cluster: " + members.size() + " member(s) up, data in " + dir
                        + (temporary ? " (temporary: removed at exit)" : ""));
                for (Member m : members) System.out.println("  " + m.id() + "  " + m.url() + "   (Raft " + m.raft() + ")");
                System.out.println("Any member takes writes and linearizable reads; GET /v1/cluster on each shows its role.");
                System.out.println("Stop with Ctrl-C (or SIGTERM).");
                System.out.flush();
            }
            while (true) {
                try {
                    stop.await();
                    break;
                } catch (InterruptedException e) {
                    // only a signal stops the group
                }
            }
            System.out.println("stopping the members...");
            stopAll(children);
            System.out.println("stopped.");
            return 0;
        } catch (IOException e) {
            System.err.println(NAME + "cannot start a member: " + e.getMessage());
            stopAll(children);
            return 2;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is going: the hook runs
            }
            if (temporary) deleteTree(dir);
        }
    }

    /** SIGTERM to each child (its own pid only), then waits; SIGKILL to any still running after 60 s. */
    private static void stopAll(List<Child> children) {
        synchronized (children) {
            // through the handle: Process.destroy would also close the pipes of the children's output, which
            // they still write to while they stop
            for (Child c : children) c.process.toHandle().destroy();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (Child c : children) {
                try {
                    if (!c.process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        System.err.println("[" + c.member.id() + "] did not stop within 60 s: killed");
                        c.process.toHandle().destroyForcibly();
                        c.process.waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                c.drain();
            }
        }
    }

    private List<String> serveCommand(Member m, String peers, Path genesis, Path memberData) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String opts = System.getenv("PROVER_STAKING_SERVE_JAVA_OPTS");
        for (String o : (opts == null || opts.isBlank() ? "-Xss8m -XX:+ExitOnOutOfMemoryError" : opts).trim().split("\\s+")) cmd.add(o);
        cmd.add("-jar");
        cmd.add(jar());
        cmd.add("serve");
        if (dev) cmd.add("--dev");
        cmd.addAll(List.of("--genesis", genesis.toString(), "--data", memberData.toString(), "--id", m.id(), "--peers", peers,
                "--http", m.http()));
        if (snapshotInterval != null) cmd.addAll(List.of("--snapshot-interval", snapshotInterval.toString()));
        if (logSegmentSize != null) cmd.addAll(List.of("--log-segment-size", logSegmentSize));
        return cmd;
    }

    private static String jar() {
        try {
            return Path.of(ClusterUpCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot find the jar this command runs from: " + e.getMessage(), e);
        }
    }

    /** The members recorded in {@code dir/cluster.json}, or new ones on free loopback ports (recorded there). */
    private List<Member> members(Path dir) throws IOException {
        Path file = dir.resolve("cluster.json");
        List<Member> out = new ArrayList<>();
        if (Files.exists(file)) {
            JsonNode root = JSON.readTree(file.toFile());
            for (JsonNode n : root.path("members")) out.add(new Member(n.path("id").asText(), n.path("raft").asText(), n.path("http").asText()));
            if (out.size() != nodes) {
                throw new IllegalArgumentException(file + " records a group of " + out.size() + " member(s), not --nodes " + nodes
                        + ": give --nodes " + out.size() + ", or change the group with cluster add / remove");
            }
            NodeConfig.Peer.parseList(String.join(",", out.stream().map(m -> m.id() + "=" + m.raft()).toList()));
            return out;
        }
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 1; i <= nodes; i++) {
                ServerSocket raft = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket http = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(raft);
                held.add(http);
                out.add(new Member("n" + i, "127.0.0.1:" + raft.getLocalPort(), "127.0.0.1:" + http.getLocalPort()));
            }
        } finally {
            for (ServerSocket s : held) s.close();
        }
        ObjectNode root = JSON.createObjectNode();
        ArrayNode a = root.putArray("members");
        for (Member m : out) a.addObject().put("id", m.id()).put("raft", m.raft()).put("http", m.http());
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
        return out;
    }

    /** The genesis every member starts with: the given file, or the group's dev genesis (made once, kept in the directory). */
    private Path genesis(Path dir) throws IOException, NodeGenesis.GenesisException {
        if (!dev) {
            NodeGenesis.read(genesisFile); // a bad file is refused here, once, not by every member
            return genesisFile.toAbsolutePath();
        }
        Path file = dir.resolve("genesis.json");
        if (!Files.exists(file)) Files.writeString(file, NodeGenesis.dev(System.currentTimeMillis() / 1000).toJson(), StandardCharsets.UTF_8);
        return file;
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

    /** A member's process and the thread that passes its output on, prefixed. */
    static final class Child {
        final Member member;
        final Process process;
        final Thread pump;
        final CountDownLatch listening = new CountDownLatch(1);

        private Child(Member member, Process process) {
            this.member = member;
            this.process = process;
            this.pump = new Thread(this::pump, "cluster-up-" + member.id());
            pump.setDaemon(true);
            pump.start();
        }

        static Child start(Member m, List<String> cmd) throws IOException {
            return new Child(m, new ProcessBuilder(cmd).redirectErrorStream(true).start());
        }

        private void pump() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.contains("Stop with Ctrl-C")) {
                        listening.countDown();
                        continue; // the group's own line says how to stop it
                    }
                    synchronized (System.out) {
                        System.out.println("[" + member.id() + "] " + line);
                        System.out.flush();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            int status = -1;
            try {
                status = process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.println("[" + member.id() + "] exited with status " + status);
            listening.countDown();
        }

        boolean awaitListening(long seconds) {
            try {
                return listening.await(seconds, TimeUnit.SECONDS) && process.isAlive();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        void drain() {
            try {
                pump.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
