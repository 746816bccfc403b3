package dev.proverstaking.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** The node's JSON for people: amounts in token units with their symbols. */
final class Readable {
    private Readable() {}

    /** The token a field of an event counts, or null. */
    static String tokenOf(JsonNode e, String field) {
        String type = e.path("type").asText();
        return switch (type + "." + field) {
            case "Transfer.amount", "Deposited.amount", "Withdrawn.amount" -> e.path("token").asText("stake");
            case "ProverInitialized.minSelfStake", "MinSelfStakeUpdated.newMinSelfStake", "Staked.amount",
                    "UnstakeRequested.amount", "UnstakeCompleted.amount", "ProverSlashed.totalSlashed" -> "stake";
            case "RewardsAdded.amount", "RewardsAdded.commission", "RewardsAdded.distributed", "RewardsWithdrawn.amount",
                    "EmissionFunded.amount", "EmissionRateUpdated.oldRatePerSecond", "EmissionRateUpdated.newRatePerSecond",
                    "EmissionSettled.amount", "EmissionSettled.commission", "EmissionSettled.distributed" -> "reward";
            case "TreasuryPoolWithdrawn.amount" -> "rewards".equals(e.path("module").asText()) ? "reward" : "stake";
            case "GlobalParamUpdated.newValue" -> "GlobalMinSelfStake".equals(e.path("param").asText()) ? "stake" : null;
            default -> null;
        };
    }

    /** {@code Staked staker=0x… prover=0x… amount=3 STAKE mintedShares=3000000000000000000}. */
    static String event(JsonNode e, Tokens tokens) {
        StringBuilder sb = new StringBuilder(e.path("type").asText());
        for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("type")) continue;
            String token = tokenOf(e, f.getKey());
            String v = token != null ? tokens.show(f.getValue().asText(), token) : f.getValue().asText();
            sb.append(' ').append(f.getKey()).append('=').append(v);
        }
        return sb.toString();
    }
}
