package dev.proverstaking.bench.node;

import org.HdrHistogram.Histogram;

/**
 * One measured load: how many transactions the node applied (answered with an index), in how long,
 * and the latencies (microseconds) of its requests, a batch's being that of each of its transactions.
 *
 * @param failed transactions not applied (refused, or a failed request): a healthy run has none
 */
public record LoadResult(String name, long applied, long failed, double seconds, Histogram latencyMicros) {
    public double txPerSecond() {
        return applied / seconds;
    }

    public double percentileMillis(double p) {
        return latencyMicros.getValueAtPercentile(p) / 1000.0;
    }

    public double maxMillis() {
        return latencyMicros.getMaxValue() / 1000.0;
    }

}
