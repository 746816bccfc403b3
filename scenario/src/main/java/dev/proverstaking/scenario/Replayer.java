package dev.proverstaking.scenario;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.proverstaking.transition.ErrorCode;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Receipt;
import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.Map;

/**
 * Runs a parsed scenario against a fresh ledger and writes the format's output: one result line
 * per operation, one state line per checkpoint.
 */
public final class Replayer {
    private static final JsonFactory JSON = new JsonFactory();

    /** Counts of what a replay did, for summaries. */
    public record Summary(int operations, int succeeded, Map<ErrorCode, Integer> failures, int checkpoints, Ledger ledger) {}

    /** Watches a replay, e.g. to check invariants; may throw to stop it. */
    @FunctionalInterface
    public interface AfterEach {
        /** The fresh ledger, before the first operation. */
        default void started(Ledger ledger) {}

        /** After every operation. */
        void after(Ledger ledger, Scenario.Operation operation, Receipt receipt);
    }

    private Replayer() {}

    public static Summary replay(Scenario scenario, OutputStream out, AfterEach afterEach) throws IOException {
        return replay(scenario, out, afterEach, false);
    }

    /**
     * @param withEvents add each successful operation's events to its result line, as
     *                   {@code "events":[{"type":"Staked","staker":"0x…",…},…]} (an extension: the
     *                   shared format's comparison ignores extra fields of result lines)
     */
    public static Summary replay(Scenario scenario, OutputStream out, AfterEach afterEach, boolean withEvents)
            throws IOException {
        Ledger ledger = new Ledger(scenario.genesis());
        if (afterEach != null) afterEach.started(ledger);
        int ops = 0, ok = 0, checkpoints = 0;
        Map<ErrorCode, Integer> failures = new EnumMap<>(ErrorCode.class);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.setRootValueSeparator(null);
            for (Scenario.Step step : scenario.steps()) {
                if (step instanceof Scenario.Checkpoint c) {
                    checkpoints++;
                    g.writeStartObject();
                    g.writeNumberField("i", c.line());
                    g.writeFieldName("state");
                    StateDump.write(ledger, c.timestamp(), g);
                    g.writeEndObject();
                } else {
                    Scenario.Operation o = (Scenario.Operation) step;
                    Receipt r = ledger.apply(o.tx());
                    ops++;
                    g.writeStartObject();
                    g.writeNumberField("i", o.line());
                    g.writeBooleanField("ok", r.ok());
                    if (r.ok()) {
                        ok++;
                        if (withEvents) EventJson.write(r.events(), g);
                    } else {
                        g.writeStringField("error", r.error().name());
                        failures.merge(r.error(), 1, Integer::sum);
                    }
                    g.writeEndObject();
                    if (afterEach != null) afterEach.after(ledger, o, r);
                }
                g.writeRaw('\n');
            }
            g.flush();
        }
        return new Summary(ops, ok, failures, checkpoints, ledger);
    }
}
