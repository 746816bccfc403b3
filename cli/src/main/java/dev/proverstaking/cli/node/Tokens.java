package dev.proverstaking.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proverstaking.common.Address;
import dev.proverstaking.signing.DevAccounts;
import java.math.BigInteger;

/** The node's tokens ({@code GET /v1/tokens}): symbols and decimals, to read and write amounts as people do. */
record Tokens(String stakeSymbol, int stakeDecimals, String rewardSymbol, int rewardDecimals) {

    static Tokens of(NodeClient node) throws NodeClient.NodeException {
        JsonNode t = node.get("/v1/tokens");
        return new Tokens(t.path("stake").path("symbol").asText("STAKE"), t.path("stake").path("decimals").asInt(18),
                t.path("reward").path("symbol").asText("REWARD"), t.path("reward").path("decimals").asInt(18));
    }

    int decimals(String token) {
        return token.equals("reward") ? rewardDecimals : stakeDecimals;
    }

    String symbol(String token) {
        return token.equals("reward") ? rewardSymbol : stakeSymbol;
    }

    /** {@code "12.5 STAKE"} of units of {@code token} ({@code stake} or {@code reward}). */
    String show(String units, String token) {
        return Units.format(units, decimals(token)) + " " + symbol(token);
    }

    String show(BigInteger units, String token) {
        return show(units.toString(), token);
    }

    /** An address, or {@code dev:N} for dev account N (the dev chain's, node-api.md "Dev mode"). */
    static Address address(String text) {
        String s = text.strip();
        if (s.startsWith("dev:")) {
            int i;
            try {
                i = Integer.parseInt(s.substring(4));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("dev:N names dev account N (0.." + (DevAccounts.COUNT - 1) + "), not " + text);
            }
            if (i < 0 || i >= DevAccounts.COUNT) throw new IllegalArgumentException("dev accounts are 0.." + (DevAccounts.COUNT - 1) + ", not " + i);
            return DevAccounts.get(i).address();
        }
        try {
            return Address.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an address (0x and 40 hex digits, or dev:N): " + text);
        }
    }
}
