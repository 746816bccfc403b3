package dev.proverstaking.bench.core;

import dev.proverstaking.ledger.Command.Op;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.rounding.Profile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The measuring half of {@code prover-staking bench core}: for each profile and each staker
 * count M, builds a ledger of N provers and M stakers (one prover holding most of them) through
 * ordinary transactions, measures the heap it takes, then applies pre-built chunks of a realistic
 * mix ({@link MixGenerator}) with no parsing, no I/O and no invariant checks ({@link SizeMeasurement}),
 * plus the speed of a JSON scenario replay ({@link JsonReplayMeasurement}). Pure Java, no JMH: the
 * numbers are medians of a few runs, not a substitute for the JMH suite beside it. Prints nothing:
 * {@link CoreBenchReport} turns the results into text.
 */
public final class CoreBenchRunner {
    private CoreBenchRunner() {}

    public static CoreBenchResults run(CoreBenchConfig config, RunProgress progress) throws IOException {
        double loadBefore = Machine.loadAverage();
        double timer = OperationTimer.overheadNs();
        progress.timerOverheadMeasured(timer);
        List<SizeResult> results = new ArrayList<>();
        for (Profile profile : config.profiles()) {
            warmUp(config, profile, progress);
            for (int m : config.sizes()) {
                SizeResult r = SizeMeasurement.measure(config, profile, m, timer, progress);
                results.add(r);
                progress.sizeMeasured(r);
            }
        }
        List<JsonReplayResult> json = new ArrayList<>();
        if (config.jsonStakers() > 0) {
            for (Profile profile : config.profiles()) {
                JsonReplayResult j = JsonReplayMeasurement.measure(config, profile);
                json.add(j);
                progress.jsonReplayMeasured(j);
            }
        }
        return new CoreBenchResults(config, Machine.describe(), timer, results, json, loadBefore, Machine.loadAverage());
    }

    /**
     * Runs the whole pipeline once on a small ledger, alternating whole chunks and per-operation
     * timing, so that the JIT has compiled both before anything counts.
     */
    private static void warmUp(CoreBenchConfig config, Profile profile, RunProgress progress) {
        if (config.globalWarmupOps() <= 0) return;
        progress.warmingUp(profile, config.globalWarmupOps());
        Population pop = config.population(profile, Math.min(config.smallestSize(), 1_000));
        Ledger ledger = pop.build(config.hashing());
        MixGenerator gen = new MixGenerator(pop, config.seed() ^ 0x77);
        int chunk = Math.min(config.opsPerRun(), 50_000);
        long[] sum = new long[Op.values().length];
        long[] count = new long[sum.length];
        for (int done = 0, k = 0; done < config.globalWarmupOps(); done += chunk, k++) {
            Transaction[] txs = Chunks.next(gen, chunk);
            if (k % 2 == 0) Chunks.applyAll(ledger, txs);
            else OperationTimer.applyTimed(ledger, txs, sum, count, new long[2]);
        }
    }
}
