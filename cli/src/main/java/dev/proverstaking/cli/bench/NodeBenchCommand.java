package dev.proverstaking.cli.bench;

import dev.proverstaking.bench.node.NodeBenchConfig;
import dev.proverstaking.bench.node.NodeBenchReport;
import dev.proverstaking.bench.node.NodeBenchRunner;
import dev.proverstaking.bench.node.NodeLauncher;
import dev.proverstaking.bench.node.NodeProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench node}: signed transactions per second and latencies of a node over HTTP. The
 * measuring is {@code dev.proverstaking.bench.node}'s; this turns the options into a
 * {@link NodeBenchConfig} and runs the clients in a child JVM with the full JIT (the launcher starts
 * short commands on C1), unless {@code --in-process}. The node it starts itself is a child process
 * of this same program ({@code serve --dev}, full JIT, a temporary data directory).
 */
@Command(name = "node",
        description = {"Throughput and latency of a node: signed transactions over HTTP (../shared/spec/node-api.md).",
                "Starts a dev node of its own (serve --dev as a child process, a temporary data directory) or drives "
                        + "the dev-chain nodes given by --url (writes round-robin). Many client threads send transactions "
                        + "signed before each measurement (fresh keys funded by dev account 0's deposits): single "
                        + "submission (POST /v1/tx) and batched (POST /v1/txs), closed loop; a fixed offered rate, open "
                        + "loop, latency from when each was due; then the restart time of a node of its own holding "
                        + "--restart-positions positions, built through its API. Latencies by HdrHistogram.",
                "Exit status: 0 done, 1 transactions failed or the node would not start, 2 usage error."})
public final class NodeBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", description = "a node to drive (repeat for the members of a group); default: start one")
    List<URI> urls = new ArrayList<>();

    @Option(names = "--quick", description = "small runs, one of each, the restart at 10^4 positions: about two minutes")
    boolean quick;

    @Option(names = "--runs", paramLabel = "N", description = "runs of each load (default 3, --quick 1); the report gives their medians")
    Integer runs;

    @Option(names = "--restart-positions", paramLabel = "N", description = "positions of the restart measurement (default 10^6, --quick 10^4; 0: none)")
    Integer restartPositions;

    @Option(names = "--seed", paramLabel = "S", description = "the client keys' seed (default: a fresh one; keys must be new to the node)")
    Long seed;

    @Option(names = "--node-heap", defaultValue = "4g", description = "the started node's -Xmx (default ${DEFAULT-VALUE})")
    String nodeHeap;

    @Option(names = "--node-jvm-opt", paramLabel = "OPT", description = "an extra JVM option for the started node")
    List<String> nodeJvmOpts = new ArrayList<>();

    @Option(names = "--in-process", description = "run the clients in this JVM instead of a child JVM")
    boolean inProcess;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Override
    public Integer call() throws IOException, InterruptedException {
        NodeBenchConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            System.err.println("prover-staking bench node: " + e.getMessage());
            return 2;
        }
        if (!inProcess) {
            List<String> args = new ArrayList<>(List.of("bench", "node", "--in-process", "--seed=" + config.seed()));
            List<String> given = spec.commandLine().getParseResult().originalArgs(); // the whole command line: bench node ...
            for (String a : given.subList(given.indexOf("node") + 1, given.size())) if (!a.startsWith("--seed")) args.add(a);
            return ChildJvm.run("node", ChildJvm.command("1g", false, List.of(), args));
        }
        NodeBenchRunner.Results results;
        try {
            results = NodeBenchRunner.run(config, launcher(), System.out);
        } catch (IOException e) {
            System.err.println("prover-staking bench node: " + e.getMessage());
            return 1;
        }
        NodeBenchReport.print(results, System.out);
        long failed = NodeBenchReport.failed(results);
        if (failed > 0) {
            System.err.println("prover-staking bench node: " + failed + " transactions were not applied");
            return 1;
        }
        return 0;
    }

    NodeBenchConfig config() {
        for (String opt : nodeJvmOpts) {
            if (!opt.startsWith("-")) throw new IllegalArgumentException("--node-jvm-opt takes a JVM option starting with '-', not '" + opt + "'");
        }
        if (!ChildJvmOptions.HEAP_SIZE.matcher(nodeHeap).matches()) throw new IllegalArgumentException("--node-heap must be a size such as 4g, not '" + nodeHeap + "'");
        for (URI u : urls) {
            if (!"http".equals(u.getScheme()) || u.getHost() == null) throw new IllegalArgumentException("--url takes http://HOST:PORT, not " + u);
        }
        long s = seed != null ? seed : new SplittableRandom().nextLong();
        NodeBenchConfig base = quick ? NodeBenchConfig.quick(urls, s) : NodeBenchConfig.full(urls, s);
        if (runs != null && runs < 1) throw new IllegalArgumentException("--runs must be >= 1");
        if (restartPositions != null && restartPositions < 0) throw new IllegalArgumentException("--restart-positions must be >= 0");
        return base.with(runs != null ? runs : base.runs(), restartPositions != null ? restartPositions : base.restartPositions());
    }

    /** {@code serve --dev} of this program, full JIT, as a child process. */
    private NodeLauncher launcher() {
        return (Path data, int port) -> {
            List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + nodeHeap, "-Xss8m", "-XX:+ExitOnOutOfMemoryError"));
            java.addAll(nodeJvmOpts);
            java.addAll(List.of("-cp", System.getProperty("java.class.path"), dev.proverstaking.cli.Main.class.getName()));
            return NodeProcess.serveCommand(java, data, port, dev.proverstaking.node.NodeConfig.DEFAULT_SNAPSHOT_INTERVAL, List.of());
        };
    }
}
