package dev.proverstaking.node.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proverstaking.common.Address;
import dev.proverstaking.ledger.LedgerView;
import dev.proverstaking.node.ClusterStatus;
import dev.proverstaking.node.EventRecord;
import dev.proverstaking.node.MembershipChange;
import dev.proverstaking.node.NodeConfig;
import dev.proverstaking.node.LedgerNode;
import dev.proverstaking.node.NodeGenesis;
import dev.proverstaking.node.NodeStatus;
import dev.proverstaking.node.Refusal;
import dev.proverstaking.node.SignedTx;
import dev.proverstaking.node.TxResult;
import dev.proverstaking.scenario.EventJson;
import dev.proverstaking.scenario.StateDump;
import dev.proverstaking.staking.ProverState;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The node's HTTP API (../shared/spec/node-api.md, and this project's additions documented in
 * {@code /openapi.json}) over any {@link LedgerNode}: Javalin on Jetty, JSON by Jackson, metrics by
 * Micrometer. It takes signed transactions (decodes them, {@link TxVerifier checks their
 * signatures} on a pool of its own, hands them to the node) and answers reads from the node's
 * consistent states. Nothing a client sends makes it answer 5xx: {@code 503 Unavailable} is the
 * node's own trouble (stopping, not accepting, not answering in time) alone.
 *
 * <p>{@link #start} binds and serves; {@link #stop} stops accepting, lets the requests in flight
 * finish (for at most {@link ServerConfig#shutdownGrace()}), ends the event streams and stops the
 * server. It does not close the node: whoever started the node closes it.
 */
public final class NodeServer implements AutoCloseable {
    private static final String JSON = "application/json";
    private static final int DEFAULT_LIMIT = 100;
    /** Where the dashboard's files are on the class path (node/src/main/resources/…). */
    static final String DASHBOARD = "/dev/proverstaking/node/dashboard";

    private final LedgerNode node;
    private final ServerConfig config;
    private final NodeMetrics metrics = new NodeMetrics();
    private final TxVerifier verifier;
    private final Semaphore inFlight;
    private final EventStreams streams;
    private final EventSummary summary;
    private final byte[] typesDocument;
    private final byte[] openApi;
    private final byte[] dashboardIndex;
    private final Set<String> routes = new TreeSet<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile boolean draining;
    private Javalin app;

    /** The server could not start: the message says why, for a person (a busy port, an address that is not this host's). */
    public static final class StartException extends Exception {
        private static final long serialVersionUID = 1L;

        StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private NodeServer(LedgerNode node, ServerConfig config) {
        this.node = node;
        this.config = config;
        TxDecoder.checkTable();
        long chainId = node.genesis().chainId();
        this.verifier = new TxVerifier(chainId, config.verifyThreads(), config.verifyQueue(), metrics);
        this.inFlight = new Semaphore(config.maxInFlight());
        this.streams = new EventStreams(node, config.maxStreams());
        this.summary = new EventSummary(node);
        this.typesDocument = verifier.typedData().typesDocument().getBytes(StandardCharsets.UTF_8);
        this.openApi = OpenApi.document();
        this.dashboardIndex = resource(DASHBOARD + "/index.html");
        metrics.bindNode(node);
        metrics.gauge("http.requests.in.flight", "API requests being answered", inFlight,
                s -> config.maxInFlight() - s.availablePermits());
        metrics.gauge("node.signature.queue", "signature checks waiting or running", verifier, TxVerifier::queued);
        metrics.gauge("http.event.streams", "open event streams", streams, s -> s.open(config.maxStreams()));
    }

    private static byte[] resource(String path) {
        try (InputStream in = NodeServer.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException(path + " is not on the class path");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts serving {@code node} as {@code config} says. */
    public static NodeServer start(LedgerNode node, ServerConfig config) throws StartException {
        NodeServer server = new NodeServer(node, config);
        try {
            server.app = server.create().start();
            // read the event history once, now, rather than in the first dashboard's request (a long history takes a while)
            Thread warm = new Thread(() -> {
                try {
                    server.summary.catchUp();
                } catch (RuntimeException e) {
                    // a node closing meanwhile: the next /v1/stats catches up itself
                }
            }, "event-summary");
            warm.setDaemon(true);
            warm.start();
        } catch (Exception e) { // Javalin (Kotlin) may throw checked exceptions it does not declare
            server.verifier.close();
            server.metrics.close();
            throw new StartException(describeStartFailure(config, e), e);
        }
        return server;
    }

    private static String describeStartFailure(ServerConfig config, Exception e) {
        String where = config.host() + ":" + config.port();
        Throwable chain = e;
        if (!hasBindException(e)) { // Jetty's own exception may be lost when Javalin stops: try the address alone
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.bind(new java.net.InetSocketAddress(config.host(), config.port()));
            } catch (IOException p) {
                chain = p;
            }
        }
        for (Throwable t = chain; t != null; t = t.getCause()) {
            if (t instanceof BindException b) {
                String m = String.valueOf(b.getMessage());
                if (m.contains("in use")) return "cannot listen on " + where + ": the port is in use (another node, or another program?)";
                if (m.contains("assign")) return "cannot listen on " + where + ": " + config.host() + " is not an address of this machine";
                if (m.contains("ermission")) return "cannot listen on " + where + ": permission denied (ports below 1024 need privileges)";
                return "cannot listen on " + where + ": " + m;
            }
        }
        return "cannot start the HTTP server on " + where + ": " + e;
    }

    private static boolean hasBindException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof BindException) return true;
        return false;
    }

    /** The port it listens on (the one chosen, when the config said 0). */
    public int port() {
        return app.port();
    }

    public URI uri() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return URI.create("http://" + host + ":" + port());
    }

    /** Every route served, as {@code "GET /v1/provers/{address}"}: what the OpenAPI document must list. */
    public Set<String> routes() {
        synchronized (routes) {
            return Set.copyOf(routes);
        }
    }

    // ================================================================================ the server

    private Javalin create() {
        return Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.startupWatcherEnabled = false;
            c.http.prefer405over404 = true;
            c.http.defaultContentType = JSON;
            c.http.maxRequestSize = config.maxBatchBytes();
            c.http.asyncTimeout = config.txTimeout().toMillis() + 5000; // ours comes first; this is a backstop
            c.jetty.timeoutStatus = 503;
            c.jetty.clientAbortStatus = 499;
            c.router.ignoreTrailingSlashes = true;
            // the dashboard: static files of this jar at / (index.html), and its chart library's WebJar at /webjars/…;
            // not API routes (no handler), so neither in routes() nor in the OpenAPI document
            c.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = DASHBOARD;
                sf.location = Location.CLASSPATH;
                sf.headers = java.util.Map.of("Cache-Control", "no-cache");
                // kept in memory gzipped once (ethers is 0.5 MB, ~0.15 MB gzipped), with its plain MIME type
                // (Jetty's own serving here says "charset=null")
                sf.precompress = true;
            });
            c.staticFiles.enableWebjars();
            c.router.treatMultipleSlashesAsSingleSlash = true;
            QueuedThreadPool pool = new QueuedThreadPool(config.maxThreads(), 8, 60_000,
                    new BlockingArrayQueue<>(1024, 1024, 16 * 1024));
            pool.setName("http");
            c.jetty.threadPool = pool;
            c.jetty.modifyHttpConfiguration(h -> configure(h));
            c.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost(config.host());
                connector.setPort(config.port());
                connector.setIdleTimeout(config.idleTimeout().toMillis());
                connector.setAcceptQueueSize(1024);
                return connector;
            });
            c.jetty.modifyServer(server -> {
                server.addBean(new ConnectionLimit(config.maxConnections(), server));
                server.setStopTimeout(config.shutdownGrace().toMillis());
                server.setStopAtShutdown(false); // the command that started us stops us, in order
            });
            c.events.handlerAdded(h -> {
                if (h.getHttpMethod() == HandlerType.GET || h.getHttpMethod() == HandlerType.POST) {
                    synchronized (routes) {
                        routes.add(h.getHttpMethod().name() + " " + h.getPath());
                    }
                }
            });
            c.router.mount(r -> {
                r.before(ctx -> {
                    ctx.attribute("started", System.nanoTime());
                    if (config.cors()) ctx.header("Access-Control-Allow-Origin", "*");
                });
                r.after(this::recordRequest);
                // the dashboard's page at / itself (the static files' handler would name no type for "/")
                r.before("/", ctx -> {
                    if (!ctx.path().equals("/") || ctx.method() != HandlerType.GET) return;
                    ctx.status(200).contentType("text/html; charset=utf-8").header("Cache-Control", "no-cache").result(dashboardIndex);
                    ctx.skipRemainingHandlers();
                });
                r.exception(ApiError.class, (e, ctx) -> error(ctx, Boolean.TRUE.equals(ctx.attribute("tx")) ? counted(e) : e));
                r.exception(HttpResponseException.class, (e, ctx) -> error(ctx, fromJavalin(ctx, e)));
                r.exception(Exception.class, (e, ctx) -> error(ctx, internal(ctx, e)));
                r.error(404, ctx -> {
                    if (ctx.resultInputStream() == null) error(ctx, ApiError.notFound("no endpoint " + ctx.method() + " " + ctx.path() + " (GET /openapi.json lists them)"));
                });
                r.error(405, ctx -> {
                    if (ctx.resultInputStream() == null) error(ctx, ApiError.of(ApiError.Code.MethodNotAllowed, ctx.method() + " is not a method of " + ctx.path()));
                });

                // transactions
                r.post("/v1/tx", ctx -> api(ctx, this::postTx));
                r.post("/v1/txs", ctx -> api(ctx, this::postTxs));
                r.get("/v1/tx/types", ctx -> api(ctx, c2 -> bytes(c2, typesDocument)));
                if (config.cors()) {
                    r.options("/v1/tx", this::preflight);
                    r.options("/v1/txs", this::preflight);
                }
                // accounts, provers, stakes (linearizable unless asked otherwise: consistent(...))
                r.get("/v1/accounts/{address}", ctx -> api(ctx, consistent(this::account)));
                r.get("/v1/accounts/{address}/stakes", ctx -> api(ctx, consistent(this::accountStakes)));
                r.get("/v1/provers", ctx -> api(ctx, consistent(this::provers)));
                r.get("/v1/provers/{address}", ctx -> api(ctx, consistent(this::prover)));
                r.get("/v1/provers/{address}/stakers", ctx -> api(ctx, consistent(this::stakers)));
                r.get("/v1/provers/{address}/history", ctx -> api(ctx, consistent(this::proverHistory)));
                r.get("/v1/stakes/{prover}/{staker}", ctx -> api(ctx, consistent(this::stake)));
                // the whole state, history and events
                r.get("/v1/state/dump", ctx -> api(ctx, consistent(this::dump)));
                r.get("/v1/state/hash", ctx -> api(ctx, consistent(this::hash)));
                r.get("/v1/history.jsonl", ctx -> api(ctx, consistent(this::history)));
                r.get("/v1/events", ctx -> api(ctx, consistent(this::events)));
                r.get("/v1/events/stream", this::stream);
                // the node and its ledger
                r.get("/v1/status", ctx -> api(ctx, this::status));
                r.get("/v1/cluster", ctx -> api(ctx, this::cluster));
                r.post("/v1/admin/members", ctx -> api(ctx, this::changeMembers));
                r.get("/v1/genesis", ctx -> api(ctx, c2 -> bytes(c2, node.genesis().toJson().getBytes(StandardCharsets.UTF_8))));
                r.get("/v1/tokens", ctx -> api(ctx, consistent(c2 -> json(c2, node.read(v -> ReadJson.tokens(node.genesis(), v))))));
                r.get("/v1/overview", ctx -> api(ctx, consistent(c2 -> json(c2, node.read(ReadJson::overview)))));
                r.get("/v1/stats", ctx -> api(ctx, c2 -> json(c2, summary.stats())));
                r.get("/v1/emission", ctx -> api(ctx, consistent(c2 -> json(c2, node.read(v -> ReadJson.emission(v.emission(), v.time()))))));
                // operations
                r.get("/health", this::health);
                r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
                r.get("/openapi.json", ctx -> bytes(ctx, openApi));
            });
        });
    }

    private void configure(HttpConfiguration h) {
        h.setSendServerVersion(false);
        h.setSendXPoweredBy(false);
        h.setMinRequestDataRate(config.minRequestDataRate());
        h.setRequestHeaderSize(16 * 1024);
    }

    private void preflight(Context ctx) {
        ctx.status(204);
        ctx.header("Access-Control-Allow-Methods", "GET, POST");
        ctx.header("Access-Control-Allow-Headers", "Content-Type, Last-Event-ID");
        ctx.header("Access-Control-Max-Age", "86400");
    }

    /** A route's work: answers synchronously (returns null) or through the future it returns, which never fails. */
    private interface Route {
        CompletableFuture<Void> handle(Context ctx) throws Exception;
    }

    /** Runs an API route within the limit of requests in flight, refusing past it ({@code Overloaded}) and while stopping. */
    private void api(Context ctx, Route route) throws Exception {
        if (ctx.method() == HandlerType.POST) ctx.attribute("tx", Boolean.TRUE); // its refusals are counted as transactions'
        if (draining) throw ApiError.of(Refusal.Unavailable, "the node is stopping");
        if (!inFlight.tryAcquire()) {
            throw ApiError.of(Refusal.Overloaded, "the node has " + config.maxInFlight() + " requests in flight: try again later");
        }
        boolean async = false;
        try {
            CompletableFuture<Void> f = route.handle(ctx);
            if (f != null) {
                async = true;
                CompletableFuture<Void> done = f.whenComplete((v, e) -> inFlight.release());
                ctx.future(() -> done);
            }
        } finally {
            if (!async) inFlight.release();
        }
    }

    /** How long a linearizable read waits for this member to catch up with the leader's commit index. */
    private static final long READ_BARRIER_SECONDS = 6;

    /**
     * A read route that is linearizable by default: before it reads, this member catches up to the
     * leader's commit index as it was when the request came (Raft's read index, {@link LedgerNode#linearizable}),
     * so the answer reflects every write acknowledged by any member before. {@code ?consistency=stale}
     * (or the header {@code X-Consistency: stale}) reads this member's state as it is: faster, and
     * possibly behind the leader; the only reads a member cut off from its group can answer.
     */
    private Route consistent(Route route) {
        return ctx -> {
            if (!stale(ctx)) {
                try {
                    node.linearizable().get(READ_BARRIER_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw ApiError.of(Refusal.Unavailable, "interrupted");
                } catch (ExecutionException | TimeoutException e) {
                    throw ApiError.of(Refusal.NoQuorum, "this member cannot confirm that its state is the group's latest "
                            + "(no leader reachable, or no quorum: " + rootMessage(e) + "); ask with ?consistency=stale for its "
                            + "own state, which may be behind");
                }
            }
            return route.handle(ctx);
        };
    }

    private static boolean stale(Context ctx) {
        String q = ctx.queryParam("consistency");
        String h = ctx.header("X-Consistency");
        String v = q != null && !q.isEmpty() ? q : h;
        if (v == null || v.isEmpty() || v.equalsIgnoreCase("linearizable")) return false;
        if (v.equalsIgnoreCase("stale")) return true;
        throw ApiError.badRequest("consistency is linearizable (the default) or stale, not " + Json.quote(v));
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        return c instanceof TimeoutException ? "no answer within " + READ_BARRIER_SECONDS + " s"
                : c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }

    private void recordRequest(Context ctx) {
        Long started = ctx.attribute("started");
        if (started == null) return;
        String route;
        try {
            route = ctx.endpointHandlerPath();
        } catch (RuntimeException e) {
            route = null;
        }
        if (route == null || route.isEmpty() || !route.startsWith("/")) route = "unmatched";
        metrics.request(ctx.method().name(), route, ctx.statusCode(), System.nanoTime() - started);
    }

    // ================================================================================ errors

    private static void error(Context ctx, ApiError e) {
        ObjectNode body = Json.object().put("error", e.code).put("message", e.getMessage());
        ctx.status(e.status).contentType(JSON).result(Json.bytes(body));
    }

    private static ApiError fromJavalin(Context ctx, HttpResponseException e) {
        int status = e.getStatus();
        if (status == 404) return ApiError.notFound("no endpoint " + ctx.method() + " " + ctx.path() + " (GET /openapi.json lists them)");
        if (status == 405) return ApiError.of(ApiError.Code.MethodNotAllowed, ctx.method() + " is not a method of " + ctx.path());
        if (status == 413) return ApiError.of(Refusal.PayloadTooLarge, "the body is larger than the node takes");
        if (status >= 500) return ApiError.of(Refusal.Unavailable, "the node could not answer: " + e.getMessage());
        return new ApiError(status, "BadRequest", String.valueOf(e.getMessage()));
    }

    private static ApiError internal(Context ctx, Exception e) {
        // a fault of the node's, not the client's: it is logged, and the client is told no more than that
        System.err.println("prover-staking node: " + ctx.method() + " " + ctx.path() + " failed: " + e);
        e.printStackTrace();
        return ApiError.of(Refusal.Unavailable, "the node failed to answer (" + e.getClass().getSimpleName() + "); it is logged");
    }

    // ================================================================================ transactions

    /** The body of a POST, at most {@code max} bytes, refused past that before it is read whole. */
    private static byte[] body(Context ctx, int max) {
        String type = ctx.header("Content-Type");
        if (type != null) {
            String t = type.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
            if (!t.equals(JSON) && !(t.startsWith("application/") && t.endsWith("+json"))) {
                throw ApiError.malformed("Content-Type must be application/json, not " + Json.quote(type));
            }
        }
        long length = ctx.req().getContentLengthLong();
        if (length > max) {
            throw ApiError.of(Refusal.PayloadTooLarge, "the body is " + length + " bytes; this endpoint takes at most " + max);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) throw ApiError.of(Refusal.PayloadTooLarge, "the body is larger than " + max + " bytes, the most this endpoint takes");
            return b;
        } catch (IOException e) {
            throw ApiError.malformed("the body could not be read (" + e.getClass().getSimpleName() + "): sent too slowly, or cut");
        }
    }

    private CompletableFuture<Void> postTx(Context ctx) {
        ctx.attribute("tx", Boolean.TRUE);
        JsonNode root = Json.parse(body(ctx, config.maxTxBytes()));
        if (root.isArray()) throw ApiError.malformed("POST /v1/tx takes one transaction (an object); POST /v1/txs takes an array");
        TxDecoder.Decoded d = TxDecoder.decode(root);
        if (!verifier.reserve(1)) throw overloadedVerifier();
        CompletableFuture<Void> f = verifier.verify(d).thenCompose(outcome -> {
            if (outcome.refusal() != null) {
                error(ctx, counted(outcome.refusal()));
                return CompletableFuture.<Void>completedFuture(null);
            }
            return node.submit(List.of(outcome.tx())).thenAccept(results -> {
                TxResult r = results.get(0);
                if (r instanceof TxResult.Applied a) {
                    count(a);
                    ctx.status(200).contentType(JSON).result(Json.write(g -> applied(g, a)));
                } else {
                    TxResult.Refused x = (TxResult.Refused) r;
                    error(ctx, counted(ApiError.of(x.code(), x.message())));
                }
            });
        });
        return guard(ctx, f, () -> error(ctx, ApiError.of(Refusal.Unavailable, timeoutMessage())));
    }

    private CompletableFuture<Void> postTxs(Context ctx) {
        ctx.attribute("tx", Boolean.TRUE);
        JsonNode root = Json.parse(body(ctx, config.maxBatchBytes()));
        if (!root.isArray()) throw ApiError.malformed("POST /v1/txs takes a JSON array of transactions");
        int n = root.size();
        if (n > config.maxBatch()) {
            throw ApiError.of(Refusal.PayloadTooLarge, "a batch holds at most " + config.maxBatch() + " transactions, not " + n);
        }
        metrics.batch(n);
        Object[] slots = new Object[n]; // ApiError, then SignedTx or TxResult
        List<Integer> decoded = new ArrayList<>();
        List<TxDecoder.Decoded> toVerify = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try {
                toVerify.add(TxDecoder.decode(root.get(i)));
                decoded.add(i);
            } catch (ApiError e) {
                slots[i] = counted(e);
            }
        }
        if (!verifier.reserve(toVerify.size())) throw overloadedVerifier();
        List<CompletableFuture<TxVerifier.Outcome>> checks = new ArrayList<>(toVerify.size());
        for (TxDecoder.Decoded d : toVerify) checks.add(verifier.verify(d));
        CompletableFuture<Void> f = CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).thenCompose(x -> {
            List<SignedTx> txs = new ArrayList<>();
            List<Integer> at = new ArrayList<>();
            for (int k = 0; k < checks.size(); k++) {
                TxVerifier.Outcome o = checks.get(k).join();
                if (o.refusal() != null) {
                    slots[decoded.get(k)] = counted(o.refusal());
                } else {
                    txs.add(o.tx());
                    at.add(decoded.get(k));
                }
            }
            CompletableFuture<List<TxResult>> submitted = txs.isEmpty()
                    ? CompletableFuture.completedFuture(List.of()) : node.submit(txs);
            return submitted.thenAccept(results -> {
                for (int k = 0; k < results.size(); k++) slots[at.get(k)] = results.get(k);
                ctx.status(200).contentType(JSON).result(Json.write(g -> {
                    g.writeStartArray();
                    for (Object s : slots) {
                        if (s instanceof TxResult.Applied a) {
                            count(a);
                            applied(g, a);
                        } else {
                            ApiError e = s instanceof TxResult.Refused r ? counted(ApiError.of(r.code(), r.message())) : (ApiError) s;
                            g.writeStartObject();
                            g.writeBooleanField("ok", false);
                            g.writeStringField("error", e.code);
                            g.writeStringField("message", e.getMessage());
                            g.writeNumberField("status", e.status);
                            g.writeEndObject();
                        }
                    }
                    g.writeEndArray();
                }));
            });
        });
        return guard(ctx, f, () -> error(ctx, ApiError.of(Refusal.Unavailable, timeoutMessage())));
    }

    private String timeoutMessage() {
        return "the node did not answer within " + config.txTimeout().toSeconds() + " s; the transaction may still be"
                + " applied: read the sender's nonce before sending it again";
    }

    private static ApiError overloadedVerifier() {
        return ApiError.of(Refusal.Overloaded, "too many signatures waiting to be checked: try again later");
    }

    /** A transaction future bounded in time, whose failures (a fault of the node's) become answers. */
    private CompletableFuture<Void> guard(Context ctx, CompletableFuture<Void> f, Runnable onTimeout) {
        return f.orTimeout(config.txTimeout().toMillis(), TimeUnit.MILLISECONDS).handle((v, e) -> {
            if (e == null) return null;
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof TimeoutException) {
                onTimeout.run();
            } else if (cause instanceof ApiError a) {
                error(ctx, a);
            } else {
                error(ctx, internal(ctx, cause instanceof Exception x ? x : new RuntimeException(cause)));
            }
            return null;
        });
    }

    private ApiError counted(ApiError e) {
        metrics.transaction("refused", e.code);
        return e;
    }

    private void count(TxResult.Applied a) {
        if (a.receipt().ok()) metrics.transaction("ok", "ok");
        else metrics.transaction("failed", a.receipt().error().name());
    }

    /** {@code {"ok":true,"index":17,"t":…,"events":[…]}} or {@code {"ok":false,"index":18,"t":…,"error":"…","message":"…"}}. */
    private static void applied(JsonGenerator g, TxResult.Applied a) throws IOException {
        g.writeStartObject();
        g.writeBooleanField("ok", a.receipt().ok());
        g.writeNumberField("index", a.index());
        g.writeNumberField("t", a.t());
        if (a.receipt().ok()) {
            EventJson.write(a.receipt().events(), g);
        } else {
            g.writeStringField("error", a.receipt().error().name());
            if (a.receipt().detail() != null) g.writeStringField("message", a.receipt().detail());
        }
        g.writeEndObject();
    }

    // ================================================================================ reads

    private static CompletableFuture<Void> json(Context ctx, JsonNode body) {
        ctx.contentType(JSON).result(Json.bytes(body));
        return null;
    }

    private static CompletableFuture<Void> bytes(Context ctx, byte[] body) {
        ctx.contentType(JSON).result(body);
        return null;
    }

    private static Address address(Context ctx, String param) {
        String s = ctx.pathParam(param);
        try {
            return Address.parse(s);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(param + " is not an address (0x and 40 hex digits): " + Json.quote(s));
        }
    }

    private static int limit(Context ctx) {
        String s = ctx.queryParam("limit");
        if (s == null || s.isEmpty()) return DEFAULT_LIMIT;
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= LedgerView.MAX_PAGE) return n;
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiError.badRequest("limit must be an integer from 1 to " + LedgerView.MAX_PAGE + ", not " + Json.quote(s));
    }

    private static Address cursor(Context ctx) {
        String s = ctx.queryParam("cursor");
        if (s == null || s.isEmpty()) return null;
        try {
            return Address.parse(s);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("cursor must be the \"next\" of a previous page, not " + Json.quote(s));
        }
    }

    private static long nonNegative(Context ctx, String name, String value) {
        try {
            long v = Long.parseLong(value);
            if (v >= 0) return v;
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiError.badRequest(name + " must be a non-negative integer, not " + Json.quote(value));
    }

    private CompletableFuture<Void> account(Context ctx) {
        Address a = address(ctx, "address");
        return json(ctx, node.read(v -> ReadJson.account(v.account(a))));
    }

    private CompletableFuture<Void> accountStakes(Context ctx) {
        Address a = address(ctx, "address");
        int limit = limit(ctx);
        Address after = cursor(ctx);
        return json(ctx, node.read(v -> ReadJson.page("stakes", v.positionsOf(a, after, limit),
                p -> ReadJson.position(p, v.stake(p.prover(), p.staker())))));
    }

    private CompletableFuture<Void> provers(Context ctx) {
        String s = ctx.queryParam("state");
        ProverState state = null;
        if (s != null && !s.isEmpty()) {
            for (ProverState p : ProverState.values()) if (p.name().equalsIgnoreCase(s)) state = p;
            if (state == null) throw ApiError.badRequest("state must be Active, Retired or Deactivated, not " + Json.quote(s));
        }
        int limit = limit(ctx);
        Address after = cursor(ctx);
        ProverState st = state;
        return json(ctx, node.read(v -> ReadJson.page("provers", v.provers(st, after, limit), ReadJson::prover)));
    }

    private CompletableFuture<Void> prover(Context ctx) {
        Address a = address(ctx, "address");
        ObjectNode o = node.read(v -> v.proverRecord(a).map(ReadJson::prover).orElse(null));
        if (o == null) throw ApiError.notFound(a + " is not a registered prover");
        return json(ctx, o);
    }

    private CompletableFuture<Void> stakers(Context ctx) {
        Address a = address(ctx, "address");
        int limit = limit(ctx);
        Address after = cursor(ctx);
        ObjectNode o = node.read(v -> v.proverRecord(a).isEmpty() ? null
                : ReadJson.page("stakers", v.stakers(a, after, limit), p -> ReadJson.position(p, v.stake(p.prover(), p.staker()))));
        if (o == null) throw ApiError.notFound(a + " is not a registered prover");
        return json(ctx, o);
    }

    private CompletableFuture<Void> proverHistory(Context ctx) {
        Address a = address(ctx, "address");
        if (node.read(v -> v.proverRecord(a).isEmpty())) throw ApiError.notFound(a + " is not a registered prover");
        return json(ctx, summary.history(a));
    }

    private CompletableFuture<Void> stake(Context ctx) {
        Address prover = address(ctx, "prover");
        Address staker = address(ctx, "staker");
        ObjectNode o = node.read(v -> v.position(prover, staker).map(p -> ReadJson.position(p, v.stake(prover, staker))).orElse(null));
        if (o == null) throw ApiError.notFound(staker + " never staked with " + prover);
        return json(ctx, o);
    }

    private CompletableFuture<Void> dump(Context ctx) {
        byte[] body = node.read(v -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
            try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                StateDump.write(v, g);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        });
        return bytes(ctx, body);
    }

    private CompletableFuture<Void> hash(Context ctx) {
        LedgerNode.StateHash h = node.stateHash();
        return json(ctx, Json.object().put("index", h.index()).put("hash", h.hash()));
    }

    private CompletableFuture<Void> history(Context ctx) throws IOException {
        ctx.status(200);
        ctx.res().setContentType("application/x-ndjson; charset=utf-8");
        OutputStream out = ctx.res().getOutputStream();
        node.writeHistory(out);
        out.flush();
        return null;
    }

    private CompletableFuture<Void> events(Context ctx) {
        String a = ctx.queryParam("after");
        long after = a == null || a.isEmpty() ? 0 : nonNegative(ctx, "after", a);
        int limit = limit(ctx);
        List<EventRecord> events = node.events(after, limit);
        return json(ctx, ReadJson.events(events, after));
    }

    private void stream(Context ctx) throws IOException {
        if (draining) throw ApiError.of(Refusal.Unavailable, "the node is stopping");
        String a = ctx.queryParam("after");
        String lastId = ctx.header("Last-Event-ID");
        long after = -1;
        if (lastId != null && !lastId.isBlank()) after = nonNegative(ctx, "Last-Event-ID", lastId.strip());
        else if (a != null && !a.isEmpty()) after = nonNegative(ctx, "after", a);
        streams.serve(ctx, after);
    }

    private CompletableFuture<Void> status(Context ctx) {
        NodeStatus s = node.status();
        NodeGenesis g = node.genesis();
        ObjectNode o = Json.object();
        o.put("id", s.id());
        o.put("role", s.role());
        if (s.leader() == null) o.putNull("leader");
        else o.put("leader", s.leader());
        o.put("term", s.term());
        o.put("commitIndex", s.commitIndex());
        o.put("appliedIndex", s.appliedIndex());
        o.put("historyIndex", s.historyIndex());
        o.put("chainId", s.chainId());
        o.put("accepting", s.accepting() && !draining);
        long[] time = node.read(v -> new long[] {v.now(), v.appliedCount()});
        o.put("t", time[0]);
        o.put("genesisTime", g.timestamp());
        o.put("profile", g.profile().wireName());
        o.set("tokens", ReadJson.tokens(g, null));
        return json(ctx, o);
    }

    private CompletableFuture<Void> cluster(Context ctx) {
        return json(ctx, clusterJson(node.cluster()));
    }

    static ObjectNode clusterJson(ClusterStatus c) {
        ObjectNode o = Json.object();
        o.put("id", c.id());
        o.put("role", c.role());
        o.put("term", c.term());
        if (c.leader() == null) o.putNull("leader");
        else o.put("leader", c.leader());
        o.put("commitIndex", c.commitIndex());
        o.put("appliedIndex", c.appliedIndex());
        o.put("historyIndex", c.historyIndex());
        o.put("stateHash", c.stateHash());
        o.put("accepting", c.accepting());
        o.put("configIndex", c.configIndex());
        var members = o.putArray("members");
        for (NodeConfig.Peer p : c.members()) members.addObject().put("id", p.id()).put("address", p.address());
        return o;
    }

    /** {@code POST /v1/admin/members}: an owner's signed {@link MembershipChange}, on a thread of its own (it waits for the group). */
    private CompletableFuture<Void> changeMembers(Context ctx) {
        JsonNode root = Json.parse(body(ctx, config.maxTxBytes()));
        MembershipChange change = AdminRequests.decode(root);
        byte[] signature = AdminRequests.signature(root);
        long chainId = node.genesis().chainId();
        long now = System.currentTimeMillis() / 1000;
        if (change.deadline() < now) throw ApiError.of(Refusal.Expired, "deadline " + change.deadline() + " is past: it is " + now);
        Address signer = change.signer(chainId, signature);
        if (signer == null) throw ApiError.of(Refusal.BadSignature, "the signature recovers no signer");
        Address owner = node.read(v -> v.owner(dev.proverstaking.common.Module.STAKING));
        if (!signer.equals(owner)) {
            throw ApiError.of(ApiError.Code.NotOwner, "the change is signed by " + signer + ", not by the staking module's owner "
                    + owner + " (signed for chain id " + chainId + "?)");
        }
        ClusterStatus now0 = node.cluster();
        AdminRequests.checkApplies(change, now0);
        List<NodeConfig.Peer> next = change.applyTo(now0.members());
        return CompletableFuture.runAsync(() -> {
            try {
                node.setMembers(now0.members(), next);
            } catch (IOException e) {
                throw ApiError.of(ApiError.Code.MembershipRefused, "the group did not take the change: " + e.getMessage()
                        + (change.change().equals("add") ? " (is member " + change.member() + " running at " + change.address()
                        + ", started with --join?)" : ""));
            }
            ctx.contentType(JSON).result(Json.bytes(clusterJson(node.cluster())));
        }, ADMIN).handle((v, e) -> {
            if (e != null) {
                Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                error(ctx, c instanceof ApiError a ? a : internal(ctx, c instanceof Exception x ? x : new RuntimeException(c)));
            }
            return null;
        });
    }

    private static final java.util.concurrent.Executor ADMIN = r -> {
        Thread t = new Thread(r, "node-admin");
        t.setDaemon(true);
        t.start();
    };

    private void health(Context ctx) {
        NodeStatus s;
        try {
            s = node.status();
        } catch (RuntimeException e) {
            s = null;
        }
        boolean ok = s != null && s.accepting() && !draining;
        ObjectNode o = Json.object().put("status", ok ? "ok" : "unavailable");
        if (s != null) {
            o.put("role", s.role());
            o.put("historyIndex", s.historyIndex());
        }
        ctx.status(ok ? 200 : 503).contentType(JSON).result(Json.bytes(o));
    }

    // ================================================================================ stopping

    /**
     * Stops accepting (new API requests are answered {@code 503 Unavailable}), ends the event
     * streams, waits for the requests in flight (at most the grace period), then stops the server.
     * Idempotent. The node stays open.
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) return;
        draining = true;
        streams.stop();
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        while (inFlight.availablePermits() < config.maxInFlight() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            app.stop();
        } finally {
            verifier.close();
            metrics.close();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
