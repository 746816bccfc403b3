package dev.proverstaking.node.http;

import dev.proverstaking.node.LedgerNode;
import dev.proverstaking.node.NodeStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The node's metrics, in Prometheus' text format at {@code GET /metrics} (Micrometer): requests
 * per route, method and status (count and latency), transactions by outcome and code, batch sizes,
 * signature-check time, the node's log indexes and apply lag (from {@link LedgerNode#status()}, read
 * at each scrape), the server's own queues, and the JVM (memory, GC, threads, classes, CPU, uptime).
 */
final class NodeMetrics implements AutoCloseable {
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Timer signatureChecks;
    private final DistributionSummary batchSizes;

    NodeMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        signatureChecks = Timer.builder("node.signature.check")
                .description("recovering a transaction's signer: EIP-712 digest and secp256k1 recovery")
                .publishPercentileHistogram(false)
                .register(registry);
        batchSizes = DistributionSummary.builder("node.batch.size")
                .description("transactions per POST /v1/txs request")
                .baseUnit("transactions")
                .register(registry);
    }

    /** Gauges of the node's status, each read at scrape time. */
    void bindNode(LedgerNode node) {
        gauge("node.log.commit.index", "the Raft log's commit index", node, n -> n.status().commitIndex());
        gauge("node.log.applied.index", "the last Raft log index applied to the ledger", node, n -> n.status().appliedIndex());
        gauge("node.history.index", "the history index of the last transaction applied", node, n -> n.status().historyIndex());
        gauge("node.apply.lag", "log entries committed and not yet applied", node, n -> {
            NodeStatus s = n.status();
            return Math.max(0, s.commitIndex() - s.appliedIndex());
        });
        gauge("node.accepting", "1 when the node takes transactions", node, n -> n.status().accepting() ? 1 : 0);
        // the member in its Raft group (GET /v1/cluster), each read at scrape time
        gauge("node.raft.term", "the Raft term", node, n -> n.cluster().term());
        gauge("node.raft.leader", "1 while this member is its group's leader", node, n -> "LEADER".equals(n.cluster().role()) ? 1 : 0);
        gauge("node.raft.role", "this member's Raft role: 0 starting or stopped, 1 follower, 2 candidate, 3 leader, 4 listener",
                node, n -> roleNumber(n.cluster().role()));
        gauge("node.raft.members", "the members of the group's configuration as this member knows it", node, n -> n.cluster().members().size());
        gauge("node.raft.config.index", "the log index of that configuration", node, n -> n.cluster().configIndex());
        gauge("node.state.hash.applied.index", "the Raft log index the state hash below is after", node, n -> n.cluster().appliedIndex());
        gauge("node.state.hash.prefix", "the state hash after that index: its first 6 bytes as a number (equal on members at one index)",
                node, n -> hashPrefix(n.cluster().stateHash()));
    }

    static double roleNumber(String role) {
        return switch (role) {
            case "FOLLOWER" -> 1;
            case "CANDIDATE" -> 2;
            case "LEADER" -> 3;
            case "LISTENER" -> 4;
            default -> 0;
        };
    }

    /** 48 bits: exact in a double, and enough to tell two members' hashes apart at a glance. */
    static double hashPrefix(String hash) {
        if (hash == null || hash.length() < 14) return -1;
        return Long.parseLong(hash.substring(2, 14), 16);
    }

    <T> void gauge(String name, String description, T obj, ToDoubleFunction<T> f) {
        Gauge.builder(name, obj, f).description(description).register(registry);
    }

    void request(String method, String route, int status, long nanos) {
        Timer.builder("http.server.requests")
                .description("HTTP requests by method, route (the path template) and status")
                .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * A transaction's outcome: {@code ok} (applied, succeeded), {@code failed} (applied, refused by
     * the ledger: the code is the ledger's) or {@code refused} (before the log: the code is node-api.md's).
     */
    void transaction(String outcome, String code) {
        Counter.builder("node.transactions")
                .description("transactions by outcome (ok, failed by the ledger, refused before the log) and code")
                .tag("outcome", outcome).tag("code", code)
                .register(registry).increment();
    }

    void batch(int size) {
        batchSizes.record(size);
    }

    void signatureCheck(long nanos) {
        signatureChecks.record(nanos, TimeUnit.NANOSECONDS);
    }

    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
