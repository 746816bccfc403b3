package dev.proverstaking.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proverstaking.bench.node.Envelopes;
import dev.proverstaking.bench.node.Funding;
import dev.proverstaking.bench.node.NodeHttp;
import dev.proverstaking.bench.node.NodeProcess;
import dev.proverstaking.bench.node.TxMix;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.signing.Hex;
import dev.proverstaking.signing.SigningKey;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input against the packaged, durable node ({@code serve --dev --data DIR} as a process of its
 * own, one for the whole class): every refusal class of node-api.md with its status and code,
 * bodies too large by their length or by what they send, slow and half-closed connections, a flood
 * past the signature queue (429), unauthorised owner, slasher and minter calls (logged, {@code
 * ok:false} with the ledger's code). Never a 5xx, never a stack trace in a body, and the state hash
 * unchanged wherever nothing was logged. Then a restart after SIGTERM (from the snapshot taken at
 * close) has the same hash.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class) // the restart last
class BadInputIT {
    static final Path JAR = Path.of("target", "prover-staking.jar").toAbsolutePath();
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final BigInteger CURVE_N = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

    @TempDir
    static Path dir;
    NodeProcess node;
    List<String> command;
    NodeHttp http;
    Socket slow, half;
    Envelopes envelopes;
    final java.util.concurrent.atomic.AtomicInteger answers = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    void start() throws Exception {
        int port = NodeProcess.freePort();
        command = NodeProcess.serveCommand(List.of(JAVA, "-Xmx512m", "-jar", JAR.toString()), dir.resolve("data"), port, 1000, List.of());
        node = NodeProcess.start(command, URI.create("http://127.0.0.1:" + port), dir.resolve("serve.log"));
        node.awaitReady(Duration.ofSeconds(90));
        http = new NodeHttp(node.url(), Duration.ofSeconds(60));
        envelopes = new Envelopes(http.status().get("chainId").asLong());
        Funding.initProvers(http, envelopes, List.of(Funding.dev(1)), 100, Funding.deadline());
        // connections that send too slowly, or stop half-way, opened first: the node serves the tests meanwhile,
        // and closes them (its idle timeout is 30 s); the last test reads what they got
        slow = new Socket("127.0.0.1", node.url().getPort());
        half = new Socket("127.0.0.1", node.url().getPort());
        slow.setSoTimeout(60_000);
        half.setSoTimeout(60_000);
        OutputStream out = slow.getOutputStream();
        out.write("POST /v1/tx HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"op\"".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        half.getOutputStream().write("POST /v1/tx HTTP/1.1\r\nHost: x\r\nContent-Len".getBytes(StandardCharsets.US_ASCII));
        half.shutdownOutput();
    }

    @AfterAll
    void stop() throws Exception {
        if (slow != null) slow.close();
        if (half != null) half.close();
        if (node != null) node.close(); // SIGKILL to our pid, if a test left it running
    }

    /** Every answer of this class: below 500, JSON, no stack trace. */
    private NodeHttp.Reply seen(NodeHttp.Reply r) {
        answers.incrementAndGet();
        assertThat(r.status()).as(r.abbreviated()).isLessThan(500);
        assertThat(r.body()).as(r.abbreviated()).doesNotContain("\tat ", ".java:", "Exception:");
        return r;
    }

    private void refused(String path, String body, int status, String code, String... inMessage) throws Exception {
        refused(seen(http.post(path, body)), status, code, inMessage);
    }

    private static void refused(NodeHttp.Reply r, int status, String code, String... inMessage) {
        assertThat(r.status()).as(r.abbreviated()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode j = r.json();
        assertThat(j.path("error").asText()).as(r.abbreviated()).isEqualTo(code);
        if (inMessage.length > 0) assertThat(j.path("message").asText()).as(r.abbreviated()).contains(inMessage);
    }

    private static String mutate(String envelope, Consumer<ObjectNode> change) throws Exception {
        ObjectNode o = (ObjectNode) NodeHttp.JSON.readTree(envelope);
        change.accept(o);
        return o.toString();
    }

    private static String highS(String signature) {
        byte[] b = Hex.decode(signature);
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(b, 32, 64));
        byte[] hs = CURVE_N.subtract(s).toByteArray();
        byte[] padded = new byte[32];
        System.arraycopy(hs, Math.max(0, hs.length - 32), padded, 32 - Math.min(32, hs.length), Math.min(32, hs.length));
        System.arraycopy(padded, 0, b, 32, 32);
        b[64] = (byte) (b[64] == 27 ? 28 : 27);
        return Hex.encode(b);
    }

    @Test
    void everyRefusalBeforeTheLogLeavesTheStateAsItWas() throws Exception {
        SigningKey w = Funding.dev(6);
        String prover = Funding.dev(1).address().toString();
        TxMix.Tx stake = TxMix.stake(Funding.dev(1).address(), 3);
        long deadline = Funding.deadline();
        String good = envelopes.sign(w, stake.op(), stake.args(), 0, deadline);
        NodeHttp.StateHash before = http.stateHash();

        // MalformedTransaction
        refused("/v1/tx", "{bad", 400, "MalformedTransaction");
        refused("/v1/tx", "", 400, "MalformedTransaction");
        refused("/v1/tx", "[1]", 400, "MalformedTransaction", "POST /v1/txs");
        refused("/v1/tx", "\"stake\"", 400, "MalformedTransaction");
        refused("/v1/tx", mutate(good, g -> g.remove("nonce")), 400, "MalformedTransaction", "nonce");
        refused("/v1/tx", mutate(good, g -> g.put("extra", 1)), 400, "MalformedTransaction", "extra");
        refused("/v1/tx", mutate(good, g -> ((ObjectNode) g.get("args")).put("amount", "-3")), 400, "MalformedTransaction");
        refused("/v1/tx", mutate(good, g -> ((ObjectNode) g.get("args")).put("amount", BigInteger.TWO.pow(256).toString())), 400, "MalformedTransaction");
        refused("/v1/tx", mutate(good, g -> ((ObjectNode) g.get("args")).put("amount", 3)), 400, "MalformedTransaction");
        refused("/v1/tx", mutate(good, g -> ((ObjectNode) g.get("args")).put("prover", "0x1234")), 400, "MalformedTransaction");
        refused("/v1/tx", mutate(good, g -> g.put("nonce", -1)), 400, "MalformedTransaction");
        refused("/v1/tx", mutate(good, g -> g.put("signature", 7)), 400, "MalformedTransaction");
        refused("/v1/tx", "{\"op\":" + "[".repeat(5000) + "]".repeat(5000) + "}", 400, "MalformedTransaction");
        refused(seen(http.send(HttpRequest.newBuilder(node.url().resolve("/v1/tx")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(good)))), 400, "MalformedTransaction", "Content-Type");
        // UnknownOp
        refused("/v1/tx", mutate(good, g -> g.put("op", "mint")), 400, "UnknownOp");
        refused("/v1/tx", mutate(good, g -> g.put("op", "stakeEverything")), 400, "UnknownOp");
        // BadSignature
        String sig = NodeHttp.JSON.readTree(good).get("signature").asText();
        refused("/v1/tx", mutate(good, g -> g.put("signature", highS(sig))), 400, "BadSignature", "upper half");
        refused("/v1/tx", mutate(good, g -> g.put("signature", sig.substring(0, 130))), 400, "BadSignature");
        refused("/v1/tx", mutate(good, g -> g.put("signature", "0x" + "zz".repeat(65))), 400, "BadSignature");
        refused("/v1/tx", mutate(good, g -> g.put("signature", "0x" + "00".repeat(64) + "1b")), 400, "BadSignature");
        // SignerMismatch: another sender claimed; a signature for another chain (wrong chain id)
        refused("/v1/tx", mutate(good, g -> g.put("from", prover)), 400, "SignerMismatch");
        refused("/v1/tx", new Envelopes(1).sign(w, stake.op(), stake.args(), 0, deadline), 400, "SignerMismatch");
        // Expired (the node's clock is the system's)
        long now = http.status().get("t").asLong();
        refused("/v1/tx", envelopes.sign(w, stake.op(), stake.args(), 0, Math.min(now, System.currentTimeMillis() / 1000) - 60), 400, "Expired");
        // BadNonce, naming the expected one
        refused("/v1/tx", envelopes.sign(w, stake.op(), stake.args(), 5, deadline), 409, "BadNonce", "expected 0");
        // PayloadTooLarge: by its Content-Length, by what a chunked body sends, by a batch's count
        refused("/v1/tx", mutate(good, g -> g.put("pad", "x".repeat(70_000))), 413, "PayloadTooLarge");
        refused(seen(http.send(HttpRequest.newBuilder(node.url().resolve("/v1/tx")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[200_000]))))), 413, "PayloadTooLarge");
        refused("/v1/txs", "[" + String.join(",", Collections.nCopies(1001, good)) + "]", 413, "PayloadTooLarge");
        refused(seen(http.send(HttpRequest.newBuilder(node.url().resolve("/v1/txs")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[6_000_000]))))), 413, "PayloadTooLarge");
        // a batch of bad transactions: each refused on its own, none logged
        NodeHttp.Reply batch = seen(http.post("/v1/txs", "[" + mutate(good, g -> g.put("op", "mint")) + ","
                + mutate(good, g -> g.put("signature", highS(sig))) + "," + envelopes.sign(w, stake.op(), stake.args(), 9, deadline) + ",{}]"));
        assertThat(batch.status()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        batch.json().forEach(x -> {
            assertThat(x.get("ok").asBoolean()).isFalse();
            assertThat(x.has("index")).as("%s", x).isFalse();
            codes.add(x.get("error").asText());
        });
        assertThat(codes).containsExactly("UnknownOp", "BadSignature", "BadNonce", "MalformedTransaction");
        // routes and reads
        refused(seen(http.get("/v1/nothing")), 404, "NotFound");
        refused(seen(http.get("/v1/tx")), 405, "MethodNotAllowed");
        assertThat(seen(http.get("/v1/accounts/0xnothex")).status()).isEqualTo(400);
        assertThat(seen(http.get("/v1/provers?limit=-1")).status()).isEqualTo(400);
        assertThat(seen(http.get("/v1/events?after=x")).status()).isEqualTo(400);

        assertThat(http.stateHash()).as("nothing was logged").isEqualTo(before);
        assertThat(http.nonce(w.address().toString())).isZero();

        // and the good one goes in
        NodeHttp.Reply ok = seen(http.post("/v1/tx", good));
        assertThat(ok.json().get("ok").asBoolean()).as(ok.abbreviated()).isTrue();
        assertThat(ok.json().get("index").asLong()).isEqualTo(before.index() + 1);
    }

    @Test
    void aFloodPastTheSignatureQueueIsOverloadedAndLogsNothing() throws Exception {
        SigningKey w = Funding.dev(8);
        TxMix.Tx poke = TxMix.tx("poke", "prover", Funding.dev(1).address());
        long deadline = Funding.deadline();
        List<String> txs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) txs.add(envelopes.sign(w, poke.op(), poke.args(), 1_000_000 + i, deadline)); // nonces far ahead: BadNonce
        String body = Envelopes.batch(txs);
        NodeHttp.StateHash before = http.stateHash();
        List<CompletableFuture<NodeHttp.Reply>> flood = new ArrayList<>();
        for (int i = 0; i < 24; i++) flood.add(http.postAsync("/v1/txs", body));
        int overloaded = 0, answered = 0;
        for (CompletableFuture<NodeHttp.Reply> f : flood) {
            NodeHttp.Reply r = seen(f.get());
            if (r.status() == 429) {
                refused(r, 429, "Overloaded");
                overloaded++;
            } else {
                assertThat(r.status()).as(r.abbreviated()).isEqualTo(200);
                r.json().forEach(x -> assertThat(x.get("error").asText()).isEqualTo("BadNonce"));
                answered++;
            }
        }
        System.out.printf("BadInputIT: a flood of 24 batches of 1000: %d answered, %d refused with 429%n", answered, overloaded);
        assertThat(overloaded).as("batches refused with 429 Overloaded").isPositive();
        assertThat(answered).as("batches checked and answered").isPositive();
        assertThat(seen(http.get("/health")).status()).isEqualTo(200);
        assertThat(http.stateHash()).as("nothing was logged").isEqualTo(before);
    }

    @Test
    void unauthorisedOwnerSlasherAndMinterCallsAreLoggedAsFailures() throws Exception {
        SigningKey w = Funding.dev(5);
        String self = w.address().toString();
        JsonNode accountBefore = http.get("/v1/accounts/" + self).json();
        long nonce = accountBefore.get("nonce").asLong();
        String prover = Funding.dev(1).address().toString();
        List<TxMix.Tx> calls = List.of(
                TxMix.tx("setGlobalParam", "param", "UnstakeDelay", "value", UInt256.of(1)),
                TxMix.tx("slash", "prover", Funding.dev(1).address(), "percentage", UInt256.of(500_000)),
                TxMix.deposit("stake", w.address(), 1000),
                TxMix.tx("grantRole", "role", "MINTER", "account", w.address()),
                TxMix.tx("withdrawTreasury", "module", "staking", "to", w.address(), "amount", UInt256.of(1)),
                TxMix.tx("transferOwnership", "module", "rewards", "newOwner", w.address()),
                TxMix.tx("deactivateProver", "prover", Funding.dev(1).address()));
        List<String> codes = new ArrayList<>();
        for (TxMix.Tx c : calls) {
            NodeHttp.Reply r = seen(http.post("/v1/tx", envelopes.sign(w, c.op(), c.args(), nonce++, Funding.deadline())));
            assertThat(r.status()).as(c.op() + ": " + r.abbreviated()).isEqualTo(200);
            JsonNode j = r.json();
            assertThat(j.get("ok").asBoolean()).as(c.op() + ": " + r.abbreviated()).isFalse();
            assertThat(j.get("index").asLong()).isPositive();
            codes.add(c.op() + ":" + j.get("error").asText());
        }
        assertThat(codes).containsExactly("setGlobalParam:NotOwner", "slash:MissingRole", "deposit:MissingRole",
                "grantRole:NotOwner", "withdrawTreasury:NotOwner", "transferOwnership:NotOwner", "deactivateProver:NotOwner");
        JsonNode after = http.get("/v1/accounts/" + self).json();
        assertThat(after.get("nonce").asLong()).as("each used a nonce").isEqualTo(accountBefore.get("nonce").asLong() + calls.size());
        assertThat(after.get("balances")).as("and changed nothing else").isEqualTo(accountBefore.get("balances"));
        assertThat(after.get("roles")).isEqualTo(accountBefore.get("roles"));
        assertThat(http.get("/v1/provers/" + prover).json().get("state").asText()).isEqualTo("Active");
    }

    @Test
    void zRestartFromTheSnapshotTakenAtCloseHasTheSameHash() throws Exception {
        // the slow and the half-closed connections are closed by the node, with a 4xx or nothing
        String slowAnswer = new String(slow.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        String halfAnswer = new String(half.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        slow.close();
        half.close();
        assertThat(slowAnswer.isEmpty() || slowAnswer.startsWith("HTTP/1.1 4")).as(slowAnswer).isTrue();
        assertThat(halfAnswer.isEmpty() || halfAnswer.startsWith("HTTP/1.1 4")).as(halfAnswer).isTrue();
        assertThat(slowAnswer + halfAnswer).doesNotContain("\tat ", ".java:", "Exception:");

        NodeHttp.StateHash before = http.stateHash();
        assertThat(node.stop(Duration.ofSeconds(60))).as("SIGTERM: stops in order, exit 0: %s", node.logTail()).isZero();
        node = NodeProcess.start(command, node.url(), dir.resolve("serve.log"));
        node.awaitReady(Duration.ofSeconds(90));
        assertThat(http.stateHash()).isEqualTo(before);
        assertThat(answers.get()).as("answers seen, each below 500 without a stack trace").isGreaterThan(40);
    }
}
