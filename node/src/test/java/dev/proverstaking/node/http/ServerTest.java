package dev.proverstaking.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proverstaking.node.Refusal;
import dev.proverstaking.signing.TxType;
import dev.proverstaking.signing.TxTypes;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reads, pages, events, the OpenAPI document against the routes, metrics, and what a misbehaving client cannot do. */
@Timeout(120)
class ServerTest {
    static final String E18 = "000000000000000000";

    private static void setUp(TestNode t) throws Exception {
        Web3jWallet staker = Web3jWallet.dev(9);
        for (int i = 1; i <= 4; i++) {
            Web3jWallet p = Web3jWallet.dev(i);
            assertThat(t.send(p, "initProver", TestNode.args().put("minSelfStake", i + E18).put("commissionRate", 100)).json().get("ok").asBoolean()).isTrue();
            assertThat(t.send(staker, "stake", TestNode.args().put("prover", p.address).put("amount", "1" + E18)).json().get("ok").asBoolean()).isTrue();
        }
    }

    @Test
    void readsAndPages() throws Exception {
        try (TestNode t = new TestNode()) {
            setUp(t);
            Web3jWallet staker = Web3jWallet.dev(9);
            // the provers, one page at a time, all of them once
            List<String> seen = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode page = t.http.get("/v1/provers?limit=1" + (cursor == null ? "" : "&cursor=" + cursor)).json();
                page.get("provers").forEach(p -> seen.add(p.get("address").asText()));
                cursor = page.get("next").isNull() ? null : page.get("next").asText();
            } while (cursor != null);
            assertThat(seen).hasSize(4).isSorted();
            assertThat(t.http.get("/v1/provers?state=active").json().get("provers")).hasSize(4);
            assertThat(t.http.get("/v1/provers?state=Retired").json().get("provers")).isEmpty();
            assertThat(t.http.get("/v1/provers/" + Web3jWallet.dev(1).address.toUpperCase().replace("0X", "0x")).json().get("address").asText())
                    .isEqualTo(Web3jWallet.dev(1).address.toLowerCase());
            JsonNode stakers = t.http.get("/v1/provers/" + Web3jWallet.dev(2).address + "/stakers").json();
            assertThat(stakers.get("stakers")).hasSize(2);
            assertThat(stakers.get("next").isNull()).isTrue();
            JsonNode mine = t.http.get("/v1/accounts/" + staker.address + "/stakes?limit=3").json();
            assertThat(mine.get("stakes")).hasSize(3);
            assertThat(mine.get("next").isNull()).isFalse();
            JsonNode account = t.http.get("/v1/accounts/" + staker.address).json();
            assertThat(account.get("nonce").asLong()).isEqualTo(4);
            assertThat(account.get("balances").get("stake").asText()).isEqualTo("999996" + E18);
            assertThat(t.http.get("/v1/accounts/" + Web3jWallet.dev(0).address).json().get("roles").toString()).contains("SLASHER", "MINTER");
            JsonNode tokens = t.http.get("/v1/tokens").json();
            assertThat(tokens.get("stake").get("decimals").asInt()).isEqualTo(18);
            assertThat(tokens.get("stake").get("symbol").asText()).isEqualTo("STAKE");
            JsonNode status = t.http.get("/v1/status").json();
            assertThat(status.get("chainId").asLong()).isEqualTo(31337);
            assertThat(status.get("historyIndex").asLong()).isEqualTo(30);
            assertThat(t.http.get("/v1/overview").json().get("proverCount").asInt()).isEqualTo(4);
            assertThat(t.http.get("/v1/genesis").json().get("chainId").asLong()).isEqualTo(31337);
            JsonNode dump = t.http.get("/v1/state/dump").json();
            assertThat(dump.get("provers").size()).isEqualTo(4);
            assertThat(dump.get("activeProvers")).hasSize(4);
            JsonNode hash = t.http.get("/v1/state/hash").json();
            assertThat(hash.get("index").asLong()).isEqualTo(30);
            assertThat(hash.get("hash").asText()).matches("0x[0-9a-f]{64}");
            assertThat(t.http.get("/health").json().get("status").asText()).isEqualTo("ok");

            // bad parameters are 400 with a message; missing records 404
            for (String bad : new String[] {"/v1/provers?limit=0", "/v1/provers?limit=1001", "/v1/provers?limit=x", "/v1/provers?cursor=zz",
                    "/v1/provers?state=Sleeping", "/v1/accounts/0x12", "/v1/events?after=-1", "/v1/stakes/0x1/0x2"}) {
                Http.Response r = t.http.get(bad);
                assertThat(r.status()).as(bad + ": " + r).isEqualTo(400);
                assertThat(r.json().get("error").asText()).isEqualTo("BadRequest");
            }
            assertThat(t.http.get("/v1/provers/" + staker.address).status()).isEqualTo(404);
            assertThat(t.http.get("/v1/provers/" + staker.address + "/stakers").status()).isEqualTo(404);
            assertThat(t.http.get("/v1/stakes/" + staker.address + "/" + staker.address).json().get("error").asText()).isEqualTo("NotFound");
            Http.Response unknown = t.http.get("/v1/nothing/here");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().get("error").asText()).isEqualTo("NotFound");
            Http.Response wrongMethod = t.http.send(HttpRequest.newBuilder(t.http.base.resolve("/v1/tx")).DELETE());
            assertThat(wrongMethod.status()).isEqualTo(405);
            assertThat(wrongMethod.json().get("error").asText()).isEqualTo("MethodNotAllowed");
        }
    }

    @Test
    void eventsPagedAndStreamedLive() throws Exception {
        try (TestNode t = new TestNode()) {
            JsonNode page = t.http.get("/v1/events?after=0&limit=5").json();
            assertThat(page.get("events")).hasSize(5);
            assertThat(page.get("events").get(0).get("seq").asLong()).isEqualTo(1);
            assertThat(page.get("events").get(0).get("event").get("type").asText()).isEqualTo("RoleGranted");
            assertThat(page.get("next").asLong()).isEqualTo(5);
            long total = 0;
            for (long after = 0; ; ) {
                JsonNode p = t.http.get("/v1/events?limit=7&after=" + after).json();
                if (p.get("events").isEmpty()) break;
                total += p.get("events").size();
                after = p.get("next").asLong();
            }
            assertThat(total).isEqualTo(22);

            // the stream: the last two of the history (after=20), then a new one, live
            HttpRequest req = HttpRequest.newBuilder(t.http.base.resolve("/v1/events/stream?after=20")).GET().build();
            HttpResponse<InputStream> res = t.http.client().send(req, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
            BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8));
            CompletableFuture<List<String>> ids = CompletableFuture.supplyAsync(() -> {
                List<String> out = new ArrayList<>();
                try {
                    for (String line; out.size() < 3 && (line = in.readLine()) != null; ) {
                        if (line.startsWith("id: ")) out.add(line.substring(4));
                        if (line.startsWith("data: ")) assertThat(Http.JSON.readTree(line.substring(6)).get("event").get("type").asText()).isNotEmpty();
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
                return out;
            });
            Thread.sleep(300);
            Web3jWallet p = Web3jWallet.dev(3);
            assertThat(t.send(p, "initProver", TestNode.args().put("minSelfStake", "1" + E18).put("commissionRate", 1)).status()).isEqualTo(200);
            assertThat(ids.get(20, TimeUnit.SECONDS)).containsExactly("21", "22", "23");
            res.body().close();
        }
    }

    @Test
    void theOpenApiDocumentListsEveryRouteAndOnlyThem() throws Exception {
        try (TestNode t = new TestNode()) {
            JsonNode doc = t.http.get("/openapi.json").json();
            assertThat(doc.get("openapi").asText()).startsWith("3.");
            Set<String> documented = new HashSet<>();
            for (Iterator<String> it = doc.get("paths").fieldNames(); it.hasNext(); ) {
                String path = it.next();
                for (Iterator<String> m = doc.get("paths").get(path).fieldNames(); m.hasNext(); ) {
                    documented.add(m.next().toUpperCase() + " " + path);
                }
            }
            assertThat(documented).containsExactlyInAnyOrderElementsOf(t.server.routes());
            // every path of the document is served (not the router's 404/405)
            for (String route : documented) {
                String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^}]+}", Web3jWallet.dev(1).address);
                if (path.endsWith("/stream")) continue; // a stream does not end: its route is checked above
                Http.Response r = route.startsWith("GET") ? t.http.get(path) : t.http.post(path, "[]");
                assertThat(r.status()).as(route + ": " + r).isNotIn(405, 500);
                if (r.status() == 404) assertThat(r.json().get("message").asText()).as(route).doesNotContain("no endpoint");
            }
            String text = doc.toString();
            for (Refusal code : Refusal.values()) assertThat(text).as("the document names " + code).contains(code.name());
            for (dev.proverstaking.transition.ErrorCode code : dev.proverstaking.transition.ErrorCode.values()) assertThat(text).contains(code.name());
            JsonNode schemas = doc.get("components").get("schemas");
            for (TxType type : TxTypes.all()) {
                JsonNode s = schemas.get(type.primaryType() + "Tx");
                assertThat(s).as(type.op()).isNotNull();
                List<String> fields = new ArrayList<>();
                s.get("properties").get("args").get("properties").fieldNames().forEachRemaining(fields::add);
                assertThat(fields).as(type.op()).containsExactlyElementsOf(type.args().stream().map(f -> f.name()).toList());
            }
        }
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        try (TestNode t = new TestNode()) {
            t.http.get("/v1/status");
            Http.Response r = t.http.get("/metrics");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.contentType()).startsWith("text/plain");
            assertThat(r.body()).contains("http_server_requests_seconds_count{method=\"GET\",route=\"/v1/status\",status=\"200\"}",
                    "node_log_commit_index", "node_log_applied_index", "node_apply_lag", "node_history_index 22.0",
                    "node_signature_check_seconds", "node_batch_size_transactions", "jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads",
                    "http_requests_in_flight", "node_signature_queue");
        }
    }

    @Test
    void aFloodPastTheLimitIsOverloadedAndTheServerStaysUp() throws Exception {
        ServerConfig config = ServerConfig.defaults("127.0.0.1", 0).withLimits(64 * 1024, 1 << 20, 100, 4, 100);
        GatedNode[] gated = new GatedNode[1];
        try (TestNode t = new TestNode(config, n -> gated[0] = new GatedNode(n))) {
            List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Web3jWallet w = Web3jWallet.random();
                ObjectNode tx = w.envelope(t.types, "poke", TestNode.args().put("prover", Web3jWallet.dev(1).address), 0, t.deadline());
                replies.add(t.http.client().sendAsync(HttpRequest.newBuilder(t.http.base.resolve("/v1/tx"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(tx.toString())).build(), HttpResponse.BodyHandlers.ofString()));
            }
            // the first four wait in the log; the rest are refused at once
            long overloaded = 0;
            for (int i = 0; i < 40; i++) {
                CompletableFuture<HttpResponse<String>> f = replies.get(i);
                try {
                    HttpResponse<String> r = f.get(200, TimeUnit.MILLISECONDS);
                    assertThat(r.statusCode()).isEqualTo(429);
                    assertThat(Http.JSON.readTree(r.body()).get("error").asText()).isEqualTo("Overloaded");
                    overloaded++;
                } catch (java.util.concurrent.TimeoutException waiting) {
                    // one of those in flight
                }
            }
            Thread.sleep(500);
            overloaded = replies.stream().filter(f -> f.isDone() && f.join().statusCode() == 429).count();
            assertThat(overloaded).isEqualTo(36);
            assertThat(t.http.get("/health").status()).isEqualTo(200); // not limited
            gated[0].gate.countDown();
            long applied = 0;
            for (CompletableFuture<HttpResponse<String>> f : replies) {
                HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
                if (r.statusCode() == 200) applied++;
                else assertThat(r.statusCode()).isEqualTo(429);
            }
            assertThat(applied).isEqualTo(4);
            assertThat(t.http.get("/v1/status").status()).isEqualTo(200);
            assertThat(t.http.get("/metrics").body()).contains("code=\"Overloaded\"");
        }
    }

    @Test
    void slowAndHalfClosedConnectionsAreClosedAndHurtNoOne() throws Exception {
        ServerConfig config = ServerConfig.defaults("127.0.0.1", 0).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(5));
        try (TestNode t = new TestNode(config, null)) {
            try (Socket slow = new Socket("127.0.0.1", t.server.port()); Socket half = new Socket("127.0.0.1", t.server.port())) {
                slow.setSoTimeout(10_000);
                half.setSoTimeout(10_000);
                OutputStream out = slow.getOutputStream();
                out.write("POST /v1/tx HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"op\"".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                half.getOutputStream().write("GET /v1/status HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
                half.shutdownOutput();
                // others are served meanwhile
                assertThat(t.http.get("/v1/status").status()).isEqualTo(200);
                String answer = new String(slow.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(answer.isEmpty() || answer.startsWith("HTTP/1.1 4")).as(answer).isTrue();
                assertThat(answer).doesNotContain("HTTP/1.1 5");
                String halfAnswer = new String(half.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(halfAnswer).doesNotContain("HTTP/1.1 5");
            }
            assertThat(t.http.get("/health").status()).isEqualTo(200);
        }
    }
}
