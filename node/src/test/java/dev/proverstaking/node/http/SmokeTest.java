package dev.proverstaking.node.http;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void smoke() throws Exception {
        try (TestNode t = new TestNode()) {
            Web3jWallet prover = Web3jWallet.dev(5), staker = Web3jWallet.dev(6);
            System.out.println(t.send(prover, "initProver", TestNode.args().put("minSelfStake", "20000000000000000000").put("commissionRate", 250)));
            System.out.println(t.send(staker, "stake", TestNode.args().put("prover", prover.address).put("amount", "3000000000000000000")));
            System.out.println(t.http.get("/v1/nope"));
            System.out.println(t.http.post("/v1/accounts/" + prover.address, "{}"));
            System.out.println(t.http.get("/v1/tx"));
            System.out.println(t.http.get("/v1/provers/0x12"));
            System.out.println(t.http.get("/v1/provers/" + staker.address));
            System.out.println(t.http.get("/v1/stakes/" + prover.address + "/" + staker.address));
            System.out.println(t.http.post("/v1/tx", "{bad"));
            System.out.println(t.http.get("/v1/events?limit=3&after=20"));
            System.out.println(t.http.get("/v1/state/hash"));
            System.out.println(t.http.get("/v1/history.jsonl").body().lines().count());
            String m = t.http.get("/metrics").body();
            m.lines().filter(l -> l.startsWith("http_server_requests_seconds_count") || l.startsWith("node_")).forEach(System.out::println);
            System.out.println(t.server.routes());
        }
    }
}
