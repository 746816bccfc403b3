package dev.proverstaking.bench.node;

import dev.proverstaking.common.Address;
import dev.proverstaking.signing.SigningKey;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench node}: drives a node (its own, started as a process, or those given by URL) with
 * many clients sending transactions signed before each measurement, and measures single and
 * batched submission (closed loop), the latency at a fixed offered rate (open loop), and the
 * restart time of a node holding many positions. Prints progress; returns the results.
 */
public final class NodeBenchRunner {
    /** Everything measured. */
    public record Results(NodeBenchConfig config, List<LoadResult> single, List<LoadResult> batched, List<LoadResult> fixedRate,
                          RestartMeasurement.Result restart, String nodeDescription) {}

    private NodeBenchRunner() {}

    public static Results run(NodeBenchConfig config, NodeLauncher launcher, PrintStream progress) throws IOException, InterruptedException {
        NodeProcess own = null;
        Path dir = null;
        List<URI> urls = config.urls();
        String description;
        try {
            if (urls.isEmpty()) {
                dir = Files.createTempDirectory("prover-staking-bench-node-");
                int port = NodeProcess.freePort();
                URI url = URI.create("http://127.0.0.1:" + port);
                own = NodeProcess.start(launcher.command(dir.resolve("data"), port), url, dir.resolve("serve.log"));
                Duration ready = own.awaitReady(Duration.ofSeconds(120));
                progress.printf("started a node (pid %d) on %s, ready in %.1f s%n", own.pid(), url, ready.toNanos() / 1e9);
                urls = List.of(url);
                description = "a node of its own: " + String.join(" ", launcher.command(dir.resolve("data"), port));
            } else {
                description = "the nodes at " + urls;
            }
            Targets targets = new Targets(urls);
            NodeHttp first = targets.first();
            Envelopes envelopes = new Envelopes(first.status().get("chainId").asLong());

            // provers (dev accounts 1..3, unless they are already) and the clients' keys, funded by dev account 0
            List<SigningKey> provers = List.of(Funding.dev(1), Funding.dev(2), Funding.dev(3));
            for (SigningKey p : provers) {
                if (first.get("/v1/provers/" + p.address()).status() == 404) Funding.initProvers(first, envelopes, List.of(p), 1000, Funding.deadline());
            }
            TxMix mix = new TxMix(provers.stream().map(SigningKey::address).toList());
            int batchKeys = config.batchClients() * 50;
            int total = config.clients() + batchKeys + config.rate();
            List<SigningKey> all = Funding.keys(config.seed(), 0, total);
            progress.printf("funding %,d client keys (seed %d)...%n", total, config.seed());
            Funding.fund(first, envelopes, all.stream().map(SigningKey::address).toList(), 1_000_000, 1_000_000, Funding.deadline());
            Keys singleKeys = new Keys(all.subList(0, config.clients()));
            Keys batchedKeys = new Keys(all.subList(config.clients(), config.clients() + batchKeys));
            Keys rateKeys = new Keys(all.subList(config.clients() + batchKeys, total));

            if (config.warmupTxs() > 0) {
                progress.printf("warming up the node: %,d batched transactions%n", config.warmupTxs());
                batched(targets, envelopes, mix, batchedKeys, config, config.warmupTxs(), 0, progress);
            }
            List<LoadResult> single = new ArrayList<>(), batched = new ArrayList<>(), rate = new ArrayList<>();
            for (int run = 1; run <= config.runs(); run++) {
                long deadline = Funding.deadline() + 3600;
                if (!single.isEmpty() && single.get(single.size() - 1).failed() > 0) singleKeys.resync(first);
                List<List<String>> txs = singleKeys.sign(envelopes, mix, config.singleTxs() / config.clients(), config.seed() + 100 * run, deadline);
                single.add(report(progress, run, LoadRuns.single(targets, txs)));
                if (!batched.isEmpty() && batched.get(batched.size() - 1).failed() > 0) batchedKeys.resync(first);
                batched.add(report(progress, run, batched(targets, envelopes, mix, batchedKeys, config, config.batchedTxs(), run, progress)));
                if (!rate.isEmpty() && rate.get(rate.size() - 1).failed() > 0) rateKeys.resync(first);
                List<List<String>> paced = rateKeys.sign(envelopes, mix, config.rateSeconds(), config.seed() + 100 * run + 2, deadline);
                rate.add(report(progress, run, LoadRuns.fixedRate(targets, paced, config.rate())));
            }
            if (own != null) {
                own.stop(Duration.ofSeconds(120));
                own = null;
            }
            RestartMeasurement.Result restart = null;
            if (config.restartPositions() > 0) {
                if (!config.urls().isEmpty()) {
                    progress.println("restart: not measured with --url (it needs a node of the bench's own: leave out --url, or give --restart-positions=0)");
                } else {
                    restart = RestartMeasurement.run(launcher, config.restartPositions(), config.restarts(), config.seed(), progress);
                }
            }
            return new Results(config, single, batched, rate, restart, description);
        } finally {
            if (own != null) own.close();
            if (dir != null) RestartMeasurement.deleteTree(dir);
        }
    }

    private static LoadResult report(PrintStream progress, int run, LoadResult r) {
        progress.printf("run %d, %s: %,.0f tx/s, p50 %.1f ms, p99 %.1f ms (%,d applied, %,d failed)%n", run, r.name(), r.txPerSecond(),
                r.percentileMillis(50), r.percentileMillis(99), r.applied(), r.failed());
        return r;
    }

    /**
     * A batched run: each client thread owns 50 keys, and each of its batches holds the next
     * {@code batchSize/50} transactions of each of them.
     */
    private static LoadResult batched(Targets targets, Envelopes envelopes, TxMix mix, Keys keys, NodeBenchConfig config, int txs, int run,
                                      PrintStream progress) throws InterruptedException {
        int perKeyPerBatch = Math.max(1, config.batchSize() / 50);
        int batchesPerClient = Math.max(1, txs / (config.batchClients() * 50 * perKeyPerBatch));
        List<List<String>> signed = keys.sign(envelopes, mix, perKeyPerBatch * batchesPerClient, config.seed() + 100 * run + 1, Funding.deadline() + 3600);
        List<List<String>> perClient = new ArrayList<>();
        for (int c = 0; c < config.batchClients(); c++) {
            List<String> batches = new ArrayList<>();
            for (int b = 0; b < batchesPerClient; b++) {
                List<String> batch = new ArrayList<>(50 * perKeyPerBatch);
                for (int k = c * 50; k < (c + 1) * 50; k++) batch.addAll(signed.get(k).subList(b * perKeyPerBatch, (b + 1) * perKeyPerBatch));
                batches.add(Envelopes.batch(batch));
            }
            perClient.add(batches);
        }
        return LoadRuns.batched(targets, perClient, 50 * perKeyPerBatch);
    }

    static List<Address> addresses(List<SigningKey> keys) {
        return keys.stream().map(SigningKey::address).toList();
    }
}
