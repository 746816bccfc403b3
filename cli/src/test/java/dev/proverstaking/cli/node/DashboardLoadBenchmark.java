package dev.proverstaking.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.signing.Hex;
import dev.proverstaking.signing.SigningKey;
import dev.proverstaking.signing.TxTypedData;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A measurement, not a test (its name matches neither surefire's nor failsafe's patterns, so
 * {@code mvn verify} does not run it): how long the dashboard's overview takes to load in headless
 * Chromium from a node holding 1,000 provers and 100,000 positions. Run it after a package:
 * <pre>
 * mvn -B -ntp verify -pl cli -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=DashboardLoadBenchmark
 * </pre>
 * It writes a genesis funding 1,000 prover keys and 100,000 staker keys (derived from their
 * index), starts {@code serve --genesis} of the packaged jar as a separate process, registers the
 * provers and stakes once from every staker (signed transactions, POST /v1/txs in batches of
 * 1,000), then opens {@code /} in a fresh browser (cold: nothing cached) and again 5 times (warm:
 * the scripts cached, as for a person coming back), and the provers page. "Loaded" is the page's
 * own mark: every number of the overview drawn ({@code body[data-load-ms]}, milliseconds since
 * navigation start). Prints the results; BENCHMARKS.md has them.
 */
class DashboardLoadBenchmark {
    static final int PROVERS = Integer.getInteger("bench.provers", 1000);
    static final int STAKERS = Integer.getInteger("bench.stakers", 100_000);
    static final long CHAIN = 7001;
    static final ObjectMapper JSON = new ObjectMapper();
    static final UInt256 TOKEN = UInt256.WAD;

    @Test
    void overviewLoad() throws Exception {
        Path dir = Files.createTempDirectory("dashboard-bench");
        long t0 = System.nanoTime();
        SigningKey owner = key("owner", 0);
        SigningKey[] provers = new SigningKey[PROVERS];
        SigningKey[] stakers = new SigningKey[STAKERS];
        for (int i = 0; i < PROVERS; i++) provers[i] = key("prover", i);
        for (int i = 0; i < STAKERS; i++) stakers[i] = key("staker", i);
        long now = Instant.now().getEpochSecond();
        ObjectNode g = JSON.createObjectNode();
        g.put("chainId", CHAIN).put("timestamp", now - 60).put("owner", owner.address().toString()).put("profile", "solvent")
                .put("globalMinSelfStake", TOKEN.toString()).put("sameToken", false);
        ObjectNode tokens = g.putObject("tokens");
        tokens.putObject("stake").put("name", "Stake").put("symbol", "STAKE").put("decimals", 18);
        tokens.putObject("reward").put("name", "Reward").put("symbol", "REWARD").put("decimals", 18);
        ArrayNode deposits = g.putArray("deposits");
        for (SigningKey p : provers) deposits.addObject().put("token", "stake").put("to", p.address().toString()).put("amount", TOKEN.mul(UInt256.of(10_000)).toString());
        for (SigningKey s : stakers) deposits.addObject().put("token", "stake").put("to", s.address().toString()).put("amount", TOKEN.mul(UInt256.of(100)).toString());
        Path genesis = dir.resolve("genesis.json");
        JSON.writeValue(genesis.toFile(), g);
        System.out.printf("keys and genesis: %.1f s%n", (System.nanoTime() - t0) / 1e9);

        int port = ServeIT.freePort();
        String url = "http://127.0.0.1:" + port;
        long s0 = System.nanoTime();
        Process node = ServeIT.serve(dir.resolve("serve.log"), "--genesis", genesis.toString(), "--data", dir.resolve("data").toString(),
                "--http", "127.0.0.1:" + port);
        ChromeDriver browser = null;
        try {
            System.out.printf("node started with %d deposits: %.1f s%n", deposits.size(), (System.nanoTime() - s0) / 1e9);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            TxTypedData typed = TxTypedData.forChain(CHAIN);
            long deadline = Instant.now().getEpochSecond() + 3600;
            long l0 = System.nanoTime();
            List<ObjectNode> batch = new ArrayList<>();
            for (int i = 0; i < PROVERS; i++) {
                batch.add(tx(typed, provers[i], "initProver", Map.of("minSelfStake", TOKEN.mul(UInt256.of(1000 + i)), "commissionRate", (long) (i % 2001)), deadline));
                if (batch.size() == 1000) send(http, url, batch);
            }
            send(http, url, batch);
            for (int i = 0; i < STAKERS; i++) {
                batch.add(tx(typed, stakers[i], "stake", Map.of("prover", provers[i % PROVERS].address(), "amount", TOKEN.mul(UInt256.of(1 + i % 50))), deadline));
                if (batch.size() == 1000) send(http, url, batch);
            }
            send(http, url, batch);
            System.out.printf("%d provers and %d stakes signed and applied: %.1f s%n", PROVERS, STAKERS, (System.nanoTime() - l0) / 1e9);
            JsonNode ov = JSON.readTree(get(http, url + "/v1/overview"));
            System.out.println("overview: provers " + ov.get("proverCount") + ", positions " + ov.get("positionCount") + ", staker positions "
                    + ov.get("stakerPositions") + ", history index " + ov.get("index"));
            for (String path : new String[] {"/v1/overview", "/v1/stats", "/v1/emission", "/v1/provers?limit=1000"}) {
                long[] ms = new long[7];
                int bytes = 0;
                for (int k = 0; k < ms.length; k++) {
                    long a = System.nanoTime();
                    bytes = get(http, url + path).length();
                    ms[k] = (System.nanoTime() - a) / 1000;
                }
                Arrays.sort(ms);
                System.out.printf("GET %-24s median %6.1f ms (min %.1f), %d bytes%n", path, ms[3] / 1000.0, ms[0] / 1000.0, bytes);
            }

            ChromeOptions options = new ChromeOptions();
            options.setBinary(DashboardIT.CHROMIUM);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000");
            browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(DashboardIT.CHROMEDRIVER)).usingAnyFreePort().build(), options);
            List<Long> loads = new ArrayList<>();
            for (int k = 0; k < 6; k++) {
                browser.get("about:blank");
                browser.get(url + "/");
                ChromeDriver b = browser;
                long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                String ms = null;
                while (ms == null && System.nanoTime() < deadlineNs) {
                    ms = b.findElement(By.tagName("body")).getAttribute("data-load-ms");
                    if (ms == null) Thread.sleep(20);
                }
                if (ms == null) throw new AssertionError("the overview did not load within 60 s");
                loads.add(Long.parseLong(ms));
                if (k == 0) System.out.println("overview, cold (first visit, nothing cached): " + ms + " ms to every number drawn");
            }
            List<Long> warm = new ArrayList<>(loads.subList(1, loads.size()));
            warm.sort(null);
            System.out.println("overview, warm (5 visits, scripts cached): median " + warm.get(2) + " ms, max " + warm.get(4) + " ms " + warm);
            browser.get(url + "/#/provers");
            long p0 = System.nanoTime();
            while (!"provers".equals(browser.findElement(By.tagName("body")).getAttribute("data-page"))) Thread.sleep(20);
            System.out.printf("provers page (all %d provers fetched, sorted, first page drawn) after the overview: %.0f ms%n", PROVERS, (System.nanoTime() - p0) / 1e6);
            System.out.println("resources: " + browser.executeScript("return performance.getEntriesByType('resource').slice(-8)"
                    + ".map(e => e.name.replace(location.origin, '') + ' start ' + Math.round(e.startTime) + ' took ' + Math.round(e.duration)).join('\\n')"));
        } finally {
            if (browser != null) browser.quit();
            node.destroy();
            if (!node.waitFor(60, TimeUnit.SECONDS)) node.destroyForcibly();
        }
    }

    /** A key derived from its role and index (SHA-256, which is below the curve order for all but a negligible few). */
    static SigningKey key(String role, int i) throws Exception {
        byte[] secret = MessageDigest.getInstance("SHA-256").digest(("dashboard-bench " + role + " " + i).getBytes(StandardCharsets.UTF_8));
        return SigningKey.of(secret);
    }

    static ObjectNode tx(TxTypedData typed, SigningKey key, String op, Map<String, Object> args, long deadline) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        ObjectNode a = JSON.createObjectNode();
        for (var f : dev.proverstaking.signing.TxTypes.find(op).orElseThrow().args()) {
            Object v = args.get(f.name());
            ordered.put(f.name(), v);
            if (v instanceof Long l) a.put(f.name(), l);
            else a.put(f.name(), v.toString());
        }
        byte[] digest = typed.digest(op, ordered, 0, deadline);
        ObjectNode o = JSON.createObjectNode();
        o.put("op", op);
        o.set("args", a);
        o.put("nonce", 0);
        o.put("deadline", deadline);
        o.put("signature", Hex.encode(key.sign(digest)));
        return o;
    }

    static void send(HttpClient http, String url, List<ObjectNode> batch) throws Exception {
        if (batch.isEmpty()) return;
        String body = JSON.writeValueAsString(batch);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/txs")).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new AssertionError("POST /v1/txs: " + r.statusCode() + " " + r.body());
        for (JsonNode x : JSON.readTree(r.body())) {
            if (!x.path("ok").asBoolean()) throw new AssertionError("refused: " + x);
        }
        batch.clear();
    }

    static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new AssertionError(url + ": " + r.statusCode() + " " + r.body());
        return r.body();
    }
}
