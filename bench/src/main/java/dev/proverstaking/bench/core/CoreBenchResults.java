package dev.proverstaking.bench.core;

import java.util.List;

/**
 * Everything one {@code bench core} run measured, for {@link CoreBenchReport}.
 *
 * @param machine    the JVM and machine it ran on ({@link Machine#describe})
 * @param loadBefore the system load average (1 minute) when the run started; loadAfter when it ended
 */
public record CoreBenchResults(CoreBenchConfig config, String machine, double timerOverheadNs, List<SizeResult> sizes,
                               List<JsonReplayResult> json, double loadBefore, double loadAfter) {
    public CoreBenchResults {
        sizes = List.copyOf(sizes);
        json = List.copyOf(json);
    }

    /** Measured operations that failed, at every size and in every JSON replay (0: the run is sound). */
    public long failedOperations() {
        return sizes.stream().mapToLong(SizeResult::failed).sum() + json.stream().mapToLong(JsonReplayResult::failed).sum();
    }
}
