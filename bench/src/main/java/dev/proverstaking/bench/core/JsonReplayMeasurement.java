package dev.proverstaking.bench.core;

import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.scenario.Replayer;
import dev.proverstaking.scenario.Scenario;
import dev.proverstaking.scenario.ScenarioFormatException;
import dev.proverstaking.scenario.ScenarioParser;
import dev.proverstaking.scenario.ScenarioWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The speed of a JSON scenario replay: the setup and a mix written as scenario text, then parsed
 * and replayed to a null stream, as {@code prover-staking replay} would (without its output).
 */
final class JsonReplayMeasurement {
    private JsonReplayMeasurement() {}

    static JsonReplayResult measure(CoreBenchConfig config, Profile profile) throws IOException {
        Population pop = config.population(profile, config.jsonStakers());
        List<Transaction> all = pop.setupTransactionList();
        all.addAll(new MixGenerator(pop, config.seed() + 7).next(config.jsonOps()));
        byte[] text = ScenarioWriter.toText(pop.genesis(), all, false).getBytes(StandardCharsets.UTF_8);
        long lines = all.size() + 1L;
        all = null; // only the text is replayed: the transactions need not stay in the heap
        double[] parse = new double[config.jsonRuns()];
        double[] replay = new double[config.jsonRuns()];
        double[] total = new double[config.jsonRuns()];
        long failed = 0;
        for (int r = -1; r < config.jsonRuns(); r++) { // run -1 warms up
            long t0 = System.nanoTime();
            Scenario scenario;
            try {
                scenario = ScenarioParser.parse(new ByteArrayInputStream(text));
            } catch (ScenarioFormatException e) {
                throw new IllegalStateException("ScenarioWriter wrote a scenario ScenarioParser rejects: " + e.getMessage(), e);
            }
            long t1 = System.nanoTime();
            Replayer.Summary s = Replayer.replay(scenario, OutputStream.nullOutputStream(), null);
            long t2 = System.nanoTime();
            if (r < 0) continue;
            failed += s.operations() - s.succeeded();
            parse[r] = lines / ((t1 - t0) / 1e9);
            replay[r] = lines / ((t2 - t1) / 1e9);
            total[r] = lines / ((t2 - t0) / 1e9);
        }
        return new JsonReplayResult(profile, lines, text.length, Statistics.median(parse), Statistics.median(replay),
                Statistics.median(total), failed);
    }
}
