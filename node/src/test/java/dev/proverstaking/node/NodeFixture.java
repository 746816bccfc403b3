package dev.proverstaking.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.proverstaking.common.Address;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.LedgerView;
import dev.proverstaking.scenario.Replayer;
import dev.proverstaking.scenario.Scenario;
import dev.proverstaking.scenario.ScenarioParser;
import dev.proverstaking.scenario.StateDump;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What node tests share: submitting with the right nonces, dumps, the history replayed through the core. */
final class NodeFixture {
    private NodeFixture() {}

    /** Next nonces per sender, as a client keeps them. */
    static final class Nonces {
        private final Map<Address, Long> next = new HashMap<>();

        synchronized long take(Address sender) {
            return next.merge(sender, 1L, Long::sum) - 1;
        }
    }

    static TxResult submit(LedgerNode node, SignedTx tx) {
        try {
            return node.submit(List.of(tx)).get(30, TimeUnit.SECONDS).get(0);
        } catch (Exception e) {
            throw new AssertionError("submit of " + tx + " did not complete", e);
        }
    }

    static TxResult.Applied applied(TxResult r) {
        assertThat(r).isInstanceOf(TxResult.Applied.class);
        return (TxResult.Applied) r;
    }

    static TxResult.Refused refused(TxResult r, Refusal code) {
        assertThat(r).isInstanceOf(TxResult.Refused.class);
        assertThat(((TxResult.Refused) r).code()).as("%s", r).isEqualTo(code);
        return (TxResult.Refused) r;
    }

    /** The state dump of a view, as {@code checkpoint} prints it. */
    static String dump(LedgerView v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            StateDump.write(v, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static String dump(LedgerNode node) {
        return node.read(NodeFixture::dump);
    }

    static byte[] history(LedgerNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            node.writeHistory(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The history replayed through the core, as {@code bin/prover-staking replay} does it: its final ledger. */
    static Ledger replay(byte[] history) {
        try {
            Scenario s = ScenarioParser.parse(new ByteArrayInputStream(history));
            return Replayer.replay(s, OutputStream.nullOutputStream(), null).ledger();
        } catch (Exception e) {
            throw new AssertionError("the history does not replay", e);
        }
    }

    /**
     * What {@code bin/prover-staking replay} of the history prints as its last line (the checkpoint the
     * export ends with): the state dump, as {@link Replayer} (the command's code) writes it.
     */
    static String replayedDump(byte[] history) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Replayer.replay(ScenarioParser.parse(new ByteArrayInputStream(history)), out, null);
        } catch (Exception e) {
            throw new AssertionError("the history does not replay", e);
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        String last = lines[lines.length - 1];
        assertThat(last).startsWith("{\"i\":").contains("\"state\":");
        return last.substring(last.indexOf("\"state\":") + "\"state\":".length(), last.length() - 1);
    }

    static SignedTx tx(Address sender, long nonce, Command c) {
        return new SignedTx(sender, nonce, Long.MAX_VALUE / 2, c);
    }
}
