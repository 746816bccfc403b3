package dev.proverstaking.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A group of members of the packaged jar, each {@code serve} in a process of its own on loopback,
 * for the cluster tests: start, SIGKILL, SIGSTOP/SIGCONT, SIGTERM, wipe; only the processes it
 * started, by pid. The members run the dev chain from one genesis file, with small log files and
 * frequent snapshots, so that the log is purged and a member that comes back catches up by snapshot.
 */
final class ClusterProcesses implements AutoCloseable {
    static final Path JAR = Path.of("target", "prover-staking.jar").toAbsolutePath();
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    final Path dir;
    final Path genesis;
    final List<Member> members = new ArrayList<>();
    final String peers;

    ClusterProcesses(Path dir, int n) throws IOException {
        this.dir = dir;
        this.genesis = dir.resolve("genesis.json");
        Files.writeString(genesis, dev.proverstaking.node.NodeGenesis.dev(System.currentTimeMillis() / 1000).toJson());
        List<String> p = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            Member m = new Member("n" + i, freePort(), freePort());
            members.add(m);
            p.add(m.id + "=127.0.0.1:" + m.raftPort);
        }
        peers = String.join(",", p);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    void startAll() throws Exception {
        for (Member m : members) m.start();
        for (Member m : members) m.awaitUp(120);
    }

    Member member(String id) {
        return members.stream().filter(m -> m.id.equals(id)).findFirst().orElseThrow();
    }

    List<Member> running() {
        return members.stream().filter(Member::alive).toList();
    }

    /** The leader's id as a running member reports it, waiting for one at most {@code seconds}. */
    String leader(long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            for (Member m : running()) {
                if (m.paused) continue;
                JsonNode c = m.clusterOrNull();
                if (c != null && "LEADER".equals(c.path("role").asText())) return m.id;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no leader within " + seconds + " s");
    }

    @Override
    public void close() {
        for (Member m : members) {
            if (m.process != null && m.process.isAlive()) {
                if (m.paused) m.signal("CONT");
                m.process.toHandle().destroyForcibly();
            }
        }
        for (Member m : members) {
            try {
                if (m.process != null) m.process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    final class Member {
        final String id;
        final int raftPort;
        final int httpPort;
        final Path data;
        Process process;
        Path log;
        int starts;
        volatile boolean paused;

        Member(String id, int raftPort, int httpPort) {
            this.id = id;
            this.raftPort = raftPort;
            this.httpPort = httpPort;
            this.data = dir.resolve(id);
        }

        String url() {
            return "http://127.0.0.1:" + httpPort;
        }

        boolean alive() {
            return process != null && process.isAlive();
        }

        long pid() {
            return process.pid();
        }

        void start() throws IOException {
            log = dir.resolve(id + "-" + (++starts) + ".log");
            List<String> cmd = new ArrayList<>(List.of(JAVA, "-XX:+UseSerialGC", "-Xmx384m", "-Xss8m", "-XX:TieredStopAtLevel=1",
                    "-jar", JAR.toString(), "serve", "--dev", "--genesis", genesis.toString(), "--id", id, "--peers", peers,
                    "--http", "127.0.0.1:" + httpPort, "--data", data.toString(), "--snapshot-interval", "100",
                    "--log-segment-size", "64KB"));
            process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            paused = false;
        }

        void awaitUp(long seconds) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                String out = Files.readString(log, StandardCharsets.UTF_8);
                if (out.contains("Stop with Ctrl-C")) return;
                if (!process.isAlive()) throw new AssertionError(id + " ended with " + process.exitValue() + ": " + out);
                Thread.sleep(100);
            }
            throw new AssertionError(id + " did not start within " + seconds + " s: " + Files.readString(log));
        }

        /** SIGKILL, by pid: no snapshot, nothing flushed. */
        void kill() throws InterruptedException {
            if (paused) signal("CONT");
            process.toHandle().destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }

        void signal(String sig) {
            try {
                Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid())).inheritIO().start();
                if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError("kill -" + sig + " " + pid() + " failed");
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (sig.equals("STOP")) paused = true;
            if (sig.equals("CONT")) paused = false;
        }

        void wipe() throws IOException {
            try (Stream<Path> s = Files.walk(data)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }

        JsonNode clusterOrNull() {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/v1/cluster"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        byte[] get(String path) throws IOException, InterruptedException {
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) throw new IOException(id + " " + path + ": " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
            return r.body();
        }

        String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(no output: " + e + ")";
            }
        }

        @Override
        public String toString() {
            return id + (alive() ? (paused ? " (paused)" : "") : " (down)");
        }
    }
}
