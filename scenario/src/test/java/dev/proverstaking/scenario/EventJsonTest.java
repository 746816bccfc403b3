package dev.proverstaking.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code replay --events}: the events of each successful operation, in the format's conventions. */
class EventJsonTest {
    static final String OWNER = "0x00000000000000000000000000000000000000a1";
    static final String PROVER = "0x00000000000000000000000000000000000000b1";

    @Test
    void resultLinesCarryTheOperationsEvents() throws Exception {
        String scenario = String.join("\n",
                "{\"op\":\"genesis\",\"t\":100,\"owner\":\"" + OWNER + "\",\"minSelfStake\":\"10\",\"sameToken\":true}",
                "{\"op\":\"mint\",\"t\":100,\"from\":\"" + OWNER + "\",\"token\":\"stake\",\"to\":\"" + PROVER + "\",\"amount\":\"50\"}",
                "{\"op\":\"initProver\",\"t\":101,\"from\":\"" + PROVER + "\",\"minSelfStake\":\"20\",\"commissionRate\":250}",
                "{\"op\":\"initProver\",\"t\":102,\"from\":\"" + PROVER + "\",\"minSelfStake\":\"20\",\"commissionRate\":250}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Replayer.replay(ScenarioParser.parse(new StringReader(scenario)), out, null, true);
        List<JsonNode> lines = out.toString(StandardCharsets.UTF_8).lines().map(EventJsonTest::json).toList();

        JsonNode mint = lines.get(0).get("events").get(0);
        assertThat(mint.get("type").asText()).isEqualTo("Transfer");
        assertThat(mint.get("to").asText()).isEqualTo(PROVER);
        assertThat(mint.get("amount").asText()).isEqualTo("50");
        assertThat(mint.has("from")).isFalse();

        JsonNode init = lines.get(1).get("events");
        assertThat(init).hasSize(3);
        assertThat(init.get(0).get("type").asText()).isEqualTo("Transfer");
        assertThat(init.get(0).get("toModule").asText()).isEqualTo("staking");
        assertThat(init.get(1).get("type").asText()).isEqualTo("Staked");
        assertThat(init.get(1).get("mintedShares").asText()).isEqualTo("20");
        assertThat(init.get(2).get("type").asText()).isEqualTo("ProverInitialized");
        assertThat(init.get(2).get("commissionRate").asInt()).isEqualTo(250);

        // a failed operation has an error and no events
        assertThat(lines.get(2).get("error").asText()).isEqualTo("InvalidProverState");
        assertThat(lines.get(2).has("events")).isFalse();
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
