package dev.proverstaking.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proverstaking.node.LedgerNode;
import dev.proverstaking.node.NodeGenesis;
import dev.proverstaking.node.memory.InMemoryLedgerNode;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A dev-chain node in memory behind a server on a free loopback port, with a clock the test
 * moves, and helpers to sign with web3j and send. Close it to stop both.
 */
final class TestNode implements AutoCloseable {
    static final long GENESIS_TIME = 1_767_225_600L;
    final AtomicLong clock = new AtomicLong(GENESIS_TIME);
    final LedgerNode node;
    final NodeServer server;
    final Http http;
    final JsonNode types;

    TestNode() throws Exception {
        this(ServerConfig.defaults("127.0.0.1", 0), null);
    }

    TestNode(ServerConfig config, java.util.function.UnaryOperator<LedgerNode> wrap) throws Exception {
        LedgerNode n = InMemoryLedgerNode.start(NodeGenesis.dev(GENESIS_TIME), clock::get);
        node = wrap == null ? n : wrap.apply(n);
        server = NodeServer.start(node, config);
        http = new Http(server.uri());
        types = http.get("/v1/tx/types").json();
    }

    long nonce(String address) throws Exception {
        return http.get("/v1/accounts/" + address).json().get("nonce").asLong();
    }

    long deadline() {
        return clock.get() + 600;
    }

    ObjectNode signed(Web3jWallet w, String op, ObjectNode args) throws Exception {
        return w.envelope(types, op, args, nonce(w.address), deadline());
    }

    /** Signs with the sender's next nonce and sends. */
    Http.Response send(Web3jWallet w, String op, ObjectNode args) throws Exception {
        return http.post("/v1/tx", signed(w, op, args));
    }

    static ObjectNode args() {
        return Http.JSON.createObjectNode();
    }

    @Override
    public void close() throws Exception {
        server.stop();
        node.close();
    }
}
