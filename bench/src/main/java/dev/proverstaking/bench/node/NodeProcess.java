package dev.proverstaking.bench.node;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node run as a process of its own ({@code serve}), as an operator runs it: started with its
 * output to a log file, ready once {@code GET /v1/status} says it accepts transactions, and ended
 * by its pid alone (SIGTERM to stop it in order, SIGKILL to crash it); nothing else is touched.
 */
public final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final URI url;
    private final Path log;
    private final long startedNanos;
    private long readyNanos;

    private NodeProcess(Process process, URI url, Path log, long startedNanos) {
        this.process = process;
        this.url = url;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /** A free TCP port on the loopback address (free now: another program may take it before the node does). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts {@code command} (a {@code serve} command line listening on {@code url}), its output
     * appended to {@code log}. Does not wait: see {@link #awaitReady}.
     */
    public static NodeProcess start(List<String> command, URI url, Path log) throws IOException {
        long started = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new NodeProcess(p, url, log, started);
    }

    /**
     * The command line of {@code serve} from a shaded jar (or any classpath and main class) with the
     * full JIT, on {@code dataDir} (the dev chain), listening on 127.0.0.1:{@code port}.
     */
    public static List<String> serveCommand(List<String> javaAndClasspath, Path dataDir, int port, long snapshotInterval, List<String> more) {
        List<String> cmd = new ArrayList<>(javaAndClasspath);
        cmd.addAll(List.of("serve", "--dev", "--data", dataDir.toString(), "--http", "127.0.0.1:" + port,
                "--snapshot-interval", Long.toString(snapshotInterval)));
        cmd.addAll(more);
        return cmd;
    }

    /**
     * Waits until the node answers {@code /v1/status} with {@code "accepting":true}; returns how long
     * it took from the start of the process. Throws, with the end of the log, if the process ends or
     * the time runs out (the process is then killed).
     */
    public Duration awaitReady(Duration timeout) throws IOException, InterruptedException {
        NodeHttp http = new NodeHttp(url, Duration.ofSeconds(5));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException("the node ended with status " + process.exitValue() + ": " + logTail());
            try {
                NodeHttp.Reply r = http.get("/v1/status");
                if (r.status() == 200 && r.json().path("accepting").asBoolean()) {
                    readyNanos = System.nanoTime();
                    return Duration.ofNanos(readyNanos - startedNanos);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        kill();
        throw new IOException("the node was not ready within " + timeout.toSeconds() + " s: " + logTail());
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public URI url() {
        return url;
    }

    /** SIGKILL (Process.destroyForcibly on Linux) to this process alone, and wait for it to go. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, the node's stop in order; its exit status, or -1 (and SIGKILL) if it did not end in time. */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) return process.exitValue();
        kill();
        return -1;
    }

    /** The end of the node's log, for messages. */
    public String logTail() {
        try {
            String s = Files.readString(log);
            return s.length() > 4000 ? "..." + s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** Kills the process if it is still running (for finally blocks and test clean-up). */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }
}
