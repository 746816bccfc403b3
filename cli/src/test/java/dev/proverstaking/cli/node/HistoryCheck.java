package dev.proverstaking.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proverstaking.bench.node.NodeHttp;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.StateHash;
import dev.proverstaking.scenario.Replayer;
import dev.proverstaking.scenario.ScenarioParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A node's history export against its state: replayed in this JVM through the core (the scenario
 * module's parser and replayer, as {@code bin/prover-staking replay} does), the fresh ledger's state
 * hash, computed from scratch, must be the node's {@code /v1/state/hash}, and the dump its replay
 * prints the node's {@code /v1/state/dump}. The node must be idle (nothing in flight) while this reads.
 */
final class HistoryCheck {
    /** The export's lines (line i is the transaction at history index i; line 0 the genesis, the last a checkpoint). */
    final String[] lines;
    final String nodeHash;
    final long nodeIndex;

    private HistoryCheck(String[] lines, String nodeHash, long nodeIndex) {
        this.lines = lines;
        this.nodeHash = nodeHash;
        this.nodeIndex = nodeIndex;
    }

    static HistoryCheck of(NodeHttp http) throws Exception {
        NodeHttp.StateHash before = http.stateHash();
        byte[] history;
        try (InputStream in = http.getStream("/v1/history.jsonl")) {
            history = in.readAllBytes();
        }
        String dump = http.get("/v1/state/dump").body();
        NodeHttp.StateHash after = http.stateHash();
        assertThat(after).as("the node changed while its history was read: it must be idle").isEqualTo(before);

        String[] lines = new String(history, StandardCharsets.UTF_8).split("\n");
        assertThat(lines.length).as("the genesis line, one line per index, the checkpoint").isEqualTo(before.index() + 2);
        assertThat(lines[lines.length - 1]).startsWith("{\"op\":\"checkpoint\"");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Ledger replayed = Replayer.replay(ScenarioParser.parse(new ByteArrayInputStream(history)), out, null).ledger();
        assertThat(StateHash.fromScratch(replayed).hex()).as("the state hash of a fresh replay of the history through the core")
                .isEqualTo(before.hash());
        String[] printed = out.toString(StandardCharsets.UTF_8).split("\n");
        JsonNode last = NodeHttp.JSON.readTree(printed[printed.length - 1]);
        assertThat(last.get("state")).as("the dump of the replay (its checkpoint line) against /v1/state/dump")
                .isEqualTo(NodeHttp.JSON.readTree(dump));
        return new HistoryCheck(lines, before.hash(), before.index());
    }
}
