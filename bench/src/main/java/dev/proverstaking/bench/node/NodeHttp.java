package dev.proverstaking.bench.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A node's HTTP API as a client sees it (JDK HTTP client, HTTP/1.1, bounded in time). A connection
 * that fails (refused, reset: the node is down) throws {@link IOException}; every answer, whatever
 * its status, comes back as a {@link Reply}.
 */
public final class NodeHttp {
    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final URI base;
    private final Duration timeout;

    /** An answer: its status, body, and content type. */
    public record Reply(int status, String body, String contentType) {
        /** The body as JSON (an {@link IllegalStateException} saying what came if it is not). */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (status " + status + "): " + abbreviated(), e);
            }
        }

        public String abbreviated() {
            return status + " " + (body.length() > 400 ? body.substring(0, 400) + "..." : body);
        }
    }

    public NodeHttp(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI base() {
        return base;
    }

    public Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    /** The body of a GET as a stream (the history export can be large). */
    public InputStream getStream(String path) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(base.resolve(path)).timeout(timeout.multipliedBy(4)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            try (InputStream in = r.body()) {
                throw new IOException("GET " + path + ": " + r.statusCode() + " " + new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return r.body();
    }

    public Reply post(String path, String json) throws IOException, InterruptedException {
        return send(postRequest(path, json));
    }

    public CompletableFuture<Reply> postAsync(String path, String json) {
        return client.sendAsync(postRequest(path, json).timeout(timeout).build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(NodeHttp::reply);
    }

    private HttpRequest.Builder postRequest(String path, String json) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    public Reply send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return reply(client.send(b.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static Reply reply(HttpResponse<String> r) {
        return new Reply(r.statusCode(), r.body(), r.headers().firstValue("content-type").orElse(""));
    }

    /** The sender's next nonce, as the node has it. */
    public long nonce(String address) throws IOException, InterruptedException {
        Reply r = get("/v1/accounts/" + address);
        if (r.status() != 200) throw new IOException("GET /v1/accounts/" + address + ": " + r.abbreviated());
        return r.json().get("nonce").asLong();
    }

    /** {@code GET /v1/state/hash}: the hash, {@code 0x...}, and the history index it is at. */
    public record StateHash(long index, String hash) {}

    public StateHash stateHash() throws IOException, InterruptedException {
        Reply r = get("/v1/state/hash");
        if (r.status() != 200) throw new IOException("GET /v1/state/hash: " + r.abbreviated());
        JsonNode j = r.json();
        return new StateHash(j.get("index").asLong(), j.get("hash").asText());
    }

    /** The node's chain id and its time (unix seconds), from {@code /v1/status}. */
    public JsonNode status() throws IOException, InterruptedException {
        Reply r = get("/v1/status");
        if (r.status() != 200) throw new IOException("GET /v1/status: " + r.abbreviated());
        return r.json();
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
