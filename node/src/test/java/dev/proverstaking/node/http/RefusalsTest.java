package dev.proverstaking.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proverstaking.signing.TxTypedData;
import java.net.http.HttpRequest;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every refusal before the log, with its status and code; none of them logs anything or uses a nonce. */
@Timeout(120)
class RefusalsTest {
    static final String E18 = "000000000000000000";

    private static void refused(TestNode t, String body, int status, String code, String... inMessage) throws Exception {
        Http.Response r = t.http.post("/v1/tx", body);
        assertThat(r.status()).as("%s -> %s", body.length() > 300 ? body.substring(0, 300) : body, r).isEqualTo(status);
        JsonNode j = r.json();
        assertThat(j.get("error").asText()).as(r.toString()).isEqualTo(code);
        if (inMessage.length > 0) assertThat(j.get("message").asText()).as(r.toString()).contains(inMessage);
        assertThat(j.get("message").asText()).as(r.toString()).doesNotContain("Exception:", "\tat ");
        assertThat(r.contentType()).startsWith("application/json");
    }

    private static String mutate(ObjectNode tx, Consumer<ObjectNode> change) {
        ObjectNode copy = tx.deepCopy();
        change.accept(copy);
        return copy.toString();
    }

    @Test
    void everyRefusalBeforeTheLog() throws Exception {
        try (TestNode t = new TestNode()) {
            Web3jWallet w = Web3jWallet.dev(6), prover = Web3jWallet.dev(5);
            ObjectNode args = TestNode.args().put("prover", prover.address).put("amount", "3" + E18);
            ObjectNode good = t.signed(w, "stake", args);
            long historyBefore = t.http.get("/v1/state/hash").json().get("index").asLong();

            // MalformedTransaction
            refused(t, "{bad", 400, "MalformedTransaction", "not valid JSON");
            refused(t, "", 400, "MalformedTransaction", "empty");
            refused(t, "[1]", 400, "MalformedTransaction", "POST /v1/txs");
            refused(t, "42", 400, "MalformedTransaction", "object");
            refused(t, "{\"op\":\"stake\",\"op\":\"stake\"}", 400, "MalformedTransaction", "Duplicate");
            refused(t, mutate(good, g -> g.remove("nonce")), 400, "MalformedTransaction", "missing field \"nonce\"");
            refused(t, mutate(good, g -> g.remove("args")), 400, "MalformedTransaction", "missing field \"args\"");
            refused(t, mutate(good, g -> g.put("extra", 1)), 400, "MalformedTransaction", "unknown field \"extra\"");
            refused(t, mutate(good, g -> ((ObjectNode) g.get("args")).put("extra", "1")), 400, "MalformedTransaction", "no field \"extra\"");
            refused(t, mutate(good, g -> ((ObjectNode) g.get("args")).remove("amount")), 400, "MalformedTransaction", "missing field \"args.amount\"");
            refused(t, mutate(good, g -> ((ObjectNode) g.get("args")).put("amount", 3)), 400, "MalformedTransaction", "decimal string");
            refused(t, mutate(good, g -> ((ObjectNode) g.get("args")).put("amount", "-3")), 400, "MalformedTransaction", "non-negative");
            refused(t, mutate(good, g -> ((ObjectNode) g.get("args")).put("amount", "1e18")), 400, "MalformedTransaction");
            String twoTo256 = new java.math.BigInteger("2").pow(256).toString();
            refused(t, mutate(good, g -> ((ObjectNode) g.get("args")).put("amount", twoTo256)), 400, "MalformedTransaction", "below 2^256");
            refused(t, mutate(good, g -> ((ObjectNode) g.get("args")).put("prover", 5)), 400, "MalformedTransaction", "address");
            refused(t, mutate(good, g -> ((ObjectNode) g.get("args")).put("prover", "0x1234")), 400, "MalformedTransaction", "not an address");
            refused(t, mutate(good, g -> g.put("nonce", -1)), 400, "MalformedTransaction", "negative");
            refused(t, mutate(good, g -> g.put("nonce", 1.5)), 400, "MalformedTransaction", "integer");
            refused(t, mutate(good, g -> g.put("deadline", new java.math.BigInteger("2").pow(64))), 400, "MalformedTransaction", "2^64");
            refused(t, mutate(good, g -> g.put("signature", 7)), 400, "MalformedTransaction", "signature");
            refused(t, mutate(good, g -> g.put("from", "nobody")), 400, "MalformedTransaction", "from");
            ObjectNode init = t.signed(prover, "initProver", TestNode.args().put("minSelfStake", "20" + E18).put("commissionRate", 250));
            refused(t, mutate(init, g -> ((ObjectNode) g.get("args")).put("commissionRate", new java.math.BigInteger("2").pow(64))), 400, "MalformedTransaction", "uint64");
            refused(t, mutate(init, g -> ((ObjectNode) g.get("args")).put("commissionRate", twoTo256 + "0")), 400, "MalformedTransaction");
            ObjectNode dep = t.signed(Web3jWallet.dev(0), "deposit", TestNode.args().put("token", "gold").put("to", w.address).put("amount", "1"));
            refused(t, dep.toString(), 400, "MalformedTransaction", "unknown token");
            Http.Response form = t.http.send(HttpRequest.newBuilder(t.http.base.resolve("/v1/tx"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(good.toString())));
            assertThat(form.status()).isEqualTo(400);
            assertThat(form.json().get("message").asText()).contains("Content-Type");

            // UnknownOp
            refused(t, mutate(good, g -> g.put("op", "mint")), 400, "UnknownOp", "deposit");
            refused(t, mutate(good, g -> g.put("op", "genesis")), 400, "UnknownOp");
            refused(t, mutate(good, g -> g.put("op", "checkpoint")), 400, "UnknownOp");
            refused(t, mutate(good, g -> g.put("op", "fly\u202e")), 400, "UnknownOp", "\\u202e");

            // BadSignature
            String sig = good.get("signature").asText();
            refused(t, mutate(good, g -> g.put("signature", Web3jWallet.highS(sig))), 400, "BadSignature", "upper half");
            refused(t, mutate(good, g -> g.put("signature", sig.substring(0, 130))), 400, "BadSignature", "65 bytes");
            refused(t, mutate(good, g -> g.put("signature", sig.substring(0, 130) + "1d")), 400, "BadSignature", "v is");
            refused(t, mutate(good, g -> g.put("signature", "0x" + "zz".repeat(65))), 400, "BadSignature", "hex");
            refused(t, mutate(good, g -> g.put("signature", "0x" + "00".repeat(64) + "1b")), 400, "BadSignature");

            // SignerMismatch: another sender claimed, or a signature for another chain
            refused(t, mutate(good, g -> g.put("from", prover.address)), 400, "SignerMismatch", w.address.toLowerCase());
            byte[] otherChain = TxTypedData.forChain(1).digest("stake", java.util.Map.of("prover", dev.proverstaking.common.Address.parse(prover.address),
                    "amount", dev.proverstaking.math.UInt256.parse("3" + E18)), good.get("nonce").asLong(), good.get("deadline").asLong());
            refused(t, mutate(good, g -> g.put("signature", w.sign(otherChain)).put("from", w.address)), 400, "SignerMismatch");

            // Expired
            ObjectNode expired = w.envelope(t.types, "stake", args, 0, t.clock.get() - 1);
            refused(t, expired.toString(), 400, "Expired", "deadline");

            // PayloadTooLarge: refused from its Content-Length
            String huge = mutate(good, g -> g.put("pad", "x".repeat(70_000)));
            refused(t, huge, 413, "PayloadTooLarge", "at most");

            // nothing of the above reached the log
            assertThat(t.http.get("/v1/state/hash").json().get("index").asLong()).isEqualTo(historyBefore);
            assertThat(t.nonce(w.address)).isZero();

            // the good one goes in; its replay is BadNonce (409, naming the expected nonce)
            assertThat(t.http.post("/v1/tx", good).status()).isEqualTo(200);
            refused(t, good.toString(), 409, "BadNonce", "expected 1");
            assertThat(t.nonce(w.address)).isEqualTo(1);

            // metrics count refusals by code
            String metrics = t.http.get("/metrics").body();
            assertThat(metrics).contains("node_transactions_total{code=\"MalformedTransaction\",outcome=\"refused\"}",
                    "node_transactions_total{code=\"BadNonce\",outcome=\"refused\"}", "node_transactions_total{code=\"ProverNotRegistered\",outcome=\"failed\"} 1.0");
        }
    }

    @Test
    void aStoppedNodeIsUnavailable() throws Exception {
        try (TestNode t = new TestNode()) {
            Web3jWallet w = Web3jWallet.dev(6);
            ObjectNode tx = t.signed(w, "stake", TestNode.args().put("prover", Web3jWallet.dev(5).address).put("amount", "1"));
            t.node.close();
            Http.Response r = t.http.post("/v1/tx", tx);
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.json().get("error").asText()).isEqualTo("Unavailable");
            assertThat(t.http.get("/health").status()).isEqualTo(503);
        }
    }
}
