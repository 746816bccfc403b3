package dev.proverstaking.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** What {@code tx} and {@code query} ask a node, over its HTTP API. */
final class NodeClient {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    /** The node could not be reached, or answered with an error; the message is for a person. */
    static final class NodeException extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        NodeException(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    record Reply(int status, JsonNode body) {}

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    NodeClient(String url) throws NodeException {
        String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        try {
            base = URI.create(u);
            if (base.getScheme() == null || !(base.getScheme().equals("http") || base.getScheme().equals("https")) || base.getHost() == null) {
                throw new IllegalArgumentException("not an http URL");
            }
        } catch (IllegalArgumentException e) {
            throw new NodeException(0, null, "--node " + url + " is not a node's URL (such as " + DEFAULT_URL + ")");
        }
    }

    URI base() {
        return base;
    }

    /** GET, the body of a 2xx answer; anything else is a {@link NodeException} saying what the node said. */
    JsonNode get(String path) throws NodeException {
        Reply r = send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        if (r.status() / 100 != 2) throw refused(r);
        return r.body();
    }

    /** POST of JSON: the answer whatever its status (a transaction's refusal is an answer). */
    Reply post(String path, JsonNode body) throws NodeException {
        try {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new NodeException(0, null, "cannot write the request: " + e.getMessage());
        }
    }

    static NodeException refused(Reply r) {
        JsonNode b = r.body();
        String code = b != null && b.hasNonNull("error") ? b.get("error").asText() : null;
        String message = b != null && b.hasNonNull("message") ? b.get("message").asText() : null;
        return new NodeException(r.status(), code, "the node answered " + r.status()
                + (code == null ? "" : " " + code) + (message == null ? "" : ": " + message));
    }

    private Reply send(HttpRequest.Builder b) throws NodeException {
        HttpResponse<String> res;
        try {
            res = http.send(b.timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new NodeException(0, null, "cannot reach a node at " + base + " (is `prover-staking serve` running there? --node URL names another)");
        } catch (HttpTimeoutException e) {
            throw new NodeException(0, null, "the node at " + base + " did not answer in time");
        } catch (IOException e) {
            throw new NodeException(0, null, "cannot talk to the node at " + base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeException(0, null, "interrupted");
        }
        JsonNode body = null;
        try {
            if (!res.body().isEmpty()) body = JSON.readTree(res.body());
        } catch (IOException e) {
            if (res.statusCode() / 100 == 2) throw new NodeException(res.statusCode(), null, "the node's answer is not JSON: is " + base + " a prover-staking node?");
        }
        return new Reply(res.statusCode(), body);
    }
}
