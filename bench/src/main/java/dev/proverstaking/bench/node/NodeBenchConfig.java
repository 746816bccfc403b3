package dev.proverstaking.bench.node;

import java.net.URI;
import java.util.List;

/**
 * What {@code bench node} measures and how much.
 *
 * @param urls              nodes to drive (writes round-robin); empty: the bench starts a node of its own
 * @param clients           client threads of the single-submission run (one request in flight each)
 * @param singleTxs         transactions per single-submission run
 * @param batchClients      client threads of the batched run (one batch in flight each)
 * @param batchSize         transactions per {@code POST /v1/txs}
 * @param batchedTxs        transactions per batched run
 * @param rate              the offered rate of the fixed-rate run, transactions per second
 * @param rateSeconds       how long the fixed-rate run offers it
 * @param runs              runs of each measurement (the report gives each and their median)
 * @param warmupTxs         batched transactions sent before measuring (the node's JIT)
 * @param restartPositions  positions of the restart measurement (0: none); needs a node of its own
 * @param restarts          restarts measured at that size
 * @param seed              the keys' seed
 */
public record NodeBenchConfig(List<URI> urls, int clients, int singleTxs, int batchClients, int batchSize, int batchedTxs,
                              int rate, int rateSeconds, int runs, int warmupTxs, int restartPositions, int restarts, long seed) {
    public NodeBenchConfig {
        urls = List.copyOf(urls);
        if (clients < 1 || singleTxs < clients || batchClients < 1 || batchSize < 1 || batchSize > 1000
                || batchedTxs < batchClients * batchSize || rate < 1 || rateSeconds < 1 || runs < 1 || warmupTxs < 0
                || restartPositions < 0 || restarts < 1) {
            throw new IllegalArgumentException("out of range: " + this);
        }
    }

    public static NodeBenchConfig full(List<URI> urls, long seed) {
        return new NodeBenchConfig(urls, 64, 20_000, 4, 500, 100_000, 2000, 20, 3, 20_000, 1_000_000, 3, seed);
    }

    /** A minute or so: smaller runs, one of each, the restart at 10^4 positions. */
    public static NodeBenchConfig quick(List<URI> urls, long seed) {
        return new NodeBenchConfig(urls, 32, 4_000, 2, 500, 20_000, 2000, 5, 1, 5_000, 10_000, 1, seed);
    }

    public NodeBenchConfig with(int runs, int restartPositions) {
        return new NodeBenchConfig(urls, clients, singleTxs, batchClients, batchSize, batchedTxs, rate, rateSeconds, runs,
                warmupTxs, restartPositions, restarts, seed);
    }
}
