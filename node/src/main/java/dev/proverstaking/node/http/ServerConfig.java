package dev.proverstaking.node.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How the HTTP server listens and what it takes. The limits are what keeps a client from making
 * the node answer 5xx or run out of memory: bodies are refused past their size before they are
 * read whole ({@code PayloadTooLarge}), requests past {@code maxInFlight} and signature checks past
 * {@code verifyQueue} are refused at once ({@code Overloaded}), and connections that send too
 * slowly or not at all are closed (Jetty's idle timeout and minimum data rate).
 *
 * @param host               the address to bind (127.0.0.1 unless told otherwise)
 * @param port               0 for any free port
 * @param maxTxBytes         the largest body of {@code POST /v1/tx}
 * @param maxBatchBytes      the largest body of {@code POST /v1/txs}
 * @param maxBatch           the most transactions in one {@code POST /v1/txs}
 * @param maxInFlight        API requests being answered at once (transactions waiting for the log included)
 * @param verifyThreads      threads checking signatures (the cores)
 * @param verifyQueue        signature checks waiting or running at once
 * @param maxStreams         {@code GET /v1/events/stream} clients at once (each holds a thread)
 * @param maxThreads         the server's request threads
 * @param maxConnections     open connections at once (more wait in the kernel's backlog)
 * @param idleTimeout        a connection silent this long is closed
 * @param minRequestDataRate bytes per second a request body must arrive at, at least
 * @param txTimeout          how long a transaction request waits for the node's answer
 * @param shutdownGrace      how long stopping waits for requests in flight
 * @param cors               whether browsers of any origin may call the API ({@code Access-Control-Allow-Origin: *})
 */
public record ServerConfig(String host, int port, int maxTxBytes, int maxBatchBytes, int maxBatch, int maxInFlight,
                           int verifyThreads, int verifyQueue, int maxStreams, int maxThreads, int maxConnections,
                           Duration idleTimeout, long minRequestDataRate, Duration txTimeout, Duration shutdownGrace,
                           boolean cors) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(txTimeout, "txTimeout");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("a port is 0..65535, not " + port);
        if (maxTxBytes < 1024 || maxBatchBytes < maxTxBytes) throw new IllegalArgumentException("body limits too small");
        if (maxBatch < 1 || maxInFlight < 1 || verifyThreads < 1 || verifyQueue < maxBatch || maxStreams < 0
                || maxThreads < 8 + maxStreams || maxConnections < 1) {
            throw new IllegalArgumentException("limits out of range");
        }
    }

    /** The defaults, listening on {@code host:port}. */
    public static ServerConfig defaults(String host, int port) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new ServerConfig(host, port, 64 * 1024, 4 * 1024 * 1024, 1000, 1024, cores, 8192, 32, 200, 4096,
                Duration.ofSeconds(30), 1024, Duration.ofSeconds(60), Duration.ofSeconds(10), true);
    }

    public static ServerConfig defaults() {
        return defaults(DEFAULT_HOST, DEFAULT_PORT);
    }

    public ServerConfig withAddress(String host, int port) {
        return new ServerConfig(host, port, maxTxBytes, maxBatchBytes, maxBatch, maxInFlight, verifyThreads, verifyQueue,
                maxStreams, maxThreads, maxConnections, idleTimeout, minRequestDataRate, txTimeout, shutdownGrace, cors);
    }

    public ServerConfig withLimits(int maxTxBytes, int maxBatchBytes, int maxBatch, int maxInFlight, int verifyQueue) {
        return new ServerConfig(host, port, maxTxBytes, maxBatchBytes, maxBatch, maxInFlight, verifyThreads, verifyQueue,
                maxStreams, maxThreads, maxConnections, idleTimeout, minRequestDataRate, txTimeout, shutdownGrace, cors);
    }

    public ServerConfig withTimeouts(Duration idleTimeout, Duration txTimeout, Duration shutdownGrace) {
        return new ServerConfig(host, port, maxTxBytes, maxBatchBytes, maxBatch, maxInFlight, verifyThreads, verifyQueue,
                maxStreams, maxThreads, maxConnections, idleTimeout, minRequestDataRate, txTimeout, shutdownGrace, cors);
    }
}
