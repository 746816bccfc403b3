package dev.proverstaking.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proverstaking.scenario.Replayer;
import dev.proverstaking.scenario.ScenarioParser;
import dev.proverstaking.signing.TxType;
import dev.proverstaking.signing.TxTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every op, signed by web3j with real keys from the published typed data, applied and read back; batches. */
@Timeout(120)
class TransactionsTest {
    static final String E18 = "000000000000000000";
    final Set<String> sent = new LinkedHashSet<>();

    private JsonNode ok(TestNode t, Web3jWallet w, String op, ObjectNode args) throws Exception {
        Http.Response r = t.send(w, op, args);
        sent.add(op);
        assertThat(r.status()).as("%s: %s", op, r).isEqualTo(200);
        assertThat(r.json().get("ok").asBoolean()).as("%s: %s", op, r).isTrue();
        assertThat(r.json().get("index").asLong()).isPositive();
        assertThat(r.json().get("events").isArray()).isTrue();
        return r.json();
    }

    private JsonNode applied(TestNode t, Web3jWallet w, String op, ObjectNode args) throws Exception {
        Http.Response r = t.send(w, op, args);
        sent.add(op);
        assertThat(r.status()).as("%s: %s", op, r).isEqualTo(200);
        assertThat(r.json().has("index")).isTrue();
        return r.json();
    }

    static ObjectNode a() {
        return TestNode.args();
    }

    @Test
    void everyOpSignedByWeb3jIsAppliedAndReadBack() throws Exception {
        try (TestNode t = new TestNode()) {
            Web3jWallet owner = Web3jWallet.dev(0), funder = Web3jWallet.dev(1), prover = Web3jWallet.dev(5),
                    staker = Web3jWallet.dev(6), user = Web3jWallet.dev(7), other = Web3jWallet.dev(8);
            JsonNode first = ok(t, prover, "initProver", a().put("minSelfStake", "20" + E18).put("commissionRate", 250));
            assertThat(first.get("index").asLong()).as("the genesis setup is the history's first 22 entries").isEqualTo(23);
            assertThat(first.get("t").asLong()).isEqualTo(TestNode.GENESIS_TIME);
            ok(t, staker, "stake", a().put("prover", prover.address.toUpperCase().replace("0X", "0x")).put("amount", "3" + E18));
            JsonNode stake = t.http.get("/v1/stakes/" + prover.address + "/" + staker.address).json();
            assertThat(stake.get("amount").asText()).isEqualTo("3" + E18);
            ok(t, staker, "requestUnstake", a().put("prover", prover.address).put("amount", "1" + E18));
            stake = t.http.get("/v1/stakes/" + prover.address + "/" + staker.address).json();
            assertThat(stake.get("pendingUnstakes")).hasSize(1);
            assertThat(stake.get("pendingUnstakes").get(0).get("ready").asBoolean()).isFalse();
            ok(t, owner, "slash", a().put("prover", prover.address).put("percentage", 100000));
            assertThat(t.http.get("/v1/provers/" + prover.address).json().get("scale").asText()).isEqualTo("900000000000000000");
            ok(t, funder, "addRewards", a().put("prover", prover.address).put("amount", "10" + E18));
            ok(t, staker, "withdrawRewards", a().put("prover", prover.address));
            ok(t, prover, "updateCommissionRate", a().put("rate", "500"));
            ok(t, prover, "updateMinSelfStake", a().put("amount", "10" + E18));
            ok(t, owner, "setGlobalParam", a().put("param", "UnstakeDelay").put("value", "0"));
            assertThat(t.http.get("/v1/stakes/" + prover.address + "/" + staker.address).json()
                    .get("pendingUnstakes").get(0).get("ready").asBoolean()).isTrue();
            ok(t, staker, "completeUnstake", a().put("prover", prover.address));
            ok(t, staker, "requestUnstakeAll", a().put("prover", prover.address));
            ok(t, owner, "deactivateProver", a().put("prover", prover.address));
            assertThat(t.http.get("/v1/provers/" + prover.address).json().get("state").asText()).isEqualTo("Deactivated");
            ok(t, owner, "reactivateProver", a().put("prover", prover.address));
            ok(t, funder, "fundEmission", a().put("amount", "100" + E18));
            ok(t, owner, "setEmissionRate", a().put("ratePerSecond", "1" + E18));
            t.clock.addAndGet(10);
            ok(t, funder, "poke", a().put("prover", prover.address));
            assertThat(t.http.get("/v1/emission").json().get("totalEmitted").asText()).isEqualTo("10" + E18);
            ok(t, owner, "withdrawTreasury", a().put("module", "staking").put("to", owner.address).put("amount", "1"));
            ok(t, owner, "grantRole", a().put("role", "SLASHER").put("account", funder.address));
            assertThat(t.http.get("/v1/accounts/" + funder.address).json().get("roles").get(0).asText()).isEqualTo("SLASHER");
            ok(t, owner, "revokeRole", a().put("role", "SLASHER").put("account", funder.address));
            ok(t, owner, "deposit", a().put("token", "stake").put("to", user.address).put("amount", "5" + E18));
            JsonNode w = ok(t, user, "withdraw", a().put("token", "stake").put("to", "0x00000000000000000000000000000000000000aa").put("amount", "1" + E18));
            assertThat(w.get("events").toString()).contains("\"type\":\"Withdrawn\"", "0x00000000000000000000000000000000000000aa");
            assertThat(t.http.get("/v1/accounts/" + user.address).json().get("balances").get("stake").asText()).isEqualTo("1000004" + E18);
            // a prover with nothing left retires and comes back
            ok(t, other, "initProver", a().put("minSelfStake", "1" + E18).put("commissionRate", 0));
            ok(t, other, "requestUnstakeAll", a().put("prover", other.address));
            ok(t, other, "retireProver", a().put("prover", other.address));
            applied(t, other, "unretireProver", a());
            ok(t, owner, "transferOwnership", a().put("module", "rewards").put("newOwner", funder.address));
            assertThat(t.http.get("/v1/overview").json().get("owners").get("rewards").asText()).isEqualTo(funder.address.toLowerCase());
            // a ledger refusal: in the log, nonce used, HTTP 200
            long n = t.nonce(staker.address);
            Http.Response refused = t.send(staker, "requestUnstake", a().put("prover", prover.address).put("amount", "500" + E18));
            assertThat(refused.status()).isEqualTo(200);
            assertThat(refused.json().get("ok").asBoolean()).isFalse();
            assertThat(refused.json().get("error").asText()).isEqualTo("InsufficientStake");
            assertThat(refused.json().has("events")).isFalse();
            assertThat(t.nonce(staker.address)).isEqualTo(n + 1);

            assertThat(sent).containsExactlyInAnyOrderElementsOf(TxTypes.all().stream().map(TxType::op).toList());

            // the history replays to the node's state dump
            String history = t.http.get("/v1/history.jsonl").body();
            long lastT = t.http.get("/v1/status").json().get("t").asLong();
            String withCheckpoint = history + "{\"op\":\"checkpoint\",\"t\":" + lastT + ",\"from\":\"" + owner.address + "\"}\n";
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Replayer.replay(ScenarioParser.parse(new ByteArrayInputStream(withCheckpoint.getBytes(StandardCharsets.UTF_8))), out, null);
            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
            JsonNode replayed = Http.JSON.readTree(lines.get(lines.size() - 1)).get("state");
            assertThat(replayed).isEqualTo(t.http.get("/v1/state/dump").json());
            assertThat(history.lines().count()).isEqualTo(1 + t.http.get("/v1/state/hash").json().get("index").asLong());
        }
    }

    @Test
    void aBatchAnswersEachTransactionAloneInOrder() throws Exception {
        try (TestNode t = new TestNode()) {
            Web3jWallet prover = Web3jWallet.dev(5), s1 = Web3jWallet.dev(6), s2 = Web3jWallet.dev(7);
            ok(t, prover, "initProver", a().put("minSelfStake", "20" + E18).put("commissionRate", 250));
            long d = t.deadline();
            ArrayNode batch = Http.JSON.createArrayNode();
            batch.add(s1.envelope(t.types, "stake", a().put("prover", prover.address).put("amount", "2" + E18), 0, d));
            batch.add(s1.envelope(t.types, "stake", a().put("prover", prover.address).put("amount", "1" + E18), 1, d));
            batch.add(s2.envelope(t.types, "requestUnstake", a().put("prover", prover.address).put("amount", "1" + E18), 0, d));
            batch.add(s2.envelope(t.types, "stake", a().put("prover", prover.address).put("amount", "1" + E18), 5, d));
            batch.add(Http.JSON.createObjectNode().put("op", "mint"));
            batch.add(s2.envelope(t.types, "stake", a().put("prover", prover.address).put("amount", "1" + E18), 1, d));
            Http.Response r = t.http.post("/v1/txs", batch);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            JsonNode replies = r.json();
            assertThat(replies).hasSize(6);
            assertThat(replies.get(0).get("ok").asBoolean()).isTrue();
            assertThat(replies.get(1).get("ok").asBoolean()).isTrue();
            assertThat(replies.get(1).get("index").asLong()).isEqualTo(replies.get(0).get("index").asLong() + 1);
            assertThat(replies.get(2).get("error").asText()).isEqualTo("InsufficientStake");
            assertThat(replies.get(2).has("index")).isTrue();
            assertThat(replies.get(3).get("error").asText()).isEqualTo("BadNonce");
            assertThat(replies.get(3).get("status").asInt()).isEqualTo(409);
            assertThat(replies.get(3).has("index")).isFalse();
            assertThat(replies.get(3).get("message").asText()).contains("expected 1");
            assertThat(replies.get(4).get("error").asText()).isEqualTo("UnknownOp");
            assertThat(replies.get(4).get("ok").asBoolean()).isFalse();
            assertThat(replies.get(5).get("ok").asBoolean()).as(replies.get(5).toString()).isTrue();
            assertThat(t.http.get("/v1/stakes/" + prover.address + "/" + s1.address).json().get("amount").asText()).isEqualTo("3" + E18);
            assertThat(t.http.post("/v1/txs", "[]").json()).isEmpty();
            assertThat(t.http.post("/v1/txs", "{}").json().get("error").asText()).isEqualTo("MalformedTransaction");
        }
    }

    @Test
    void aBatchPastTheLimitIsRefusedWhole() throws Exception {
        try (TestNode t = new TestNode(ServerConfig.defaults("127.0.0.1", 0).withLimits(64 * 1024, 1 << 20, 3, 64, 100), null)) {
            ArrayNode batch = Http.JSON.createArrayNode();
            for (int i = 0; i < 4; i++) batch.add(Http.JSON.createObjectNode());
            Http.Response r = t.http.post("/v1/txs", batch);
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.json().get("error").asText()).isEqualTo("PayloadTooLarge");
            assertThat(r.json().get("message").asText()).contains("at most 3");
        }
    }
}
