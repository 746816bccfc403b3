package dev.proverstaking.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reads the dashboard is built on: the overview's sums over provers against the provers
 * themselves, {@code /v1/stats}'s running totals against the events they sum and the state, a
 * prover's history, and the static files served beside the API.
 */
@Timeout(120)
class DashboardReadsTest {
    static final String E18 = "000000000000000000";

    @Test
    void overviewSumsStatsAndProverHistoryAgreeWithTheStateAndTheEvents() throws Exception {
        try (TestNode t = new TestNode()) {
            Web3jWallet owner = Web3jWallet.dev(0);
            Web3jWallet staker = Web3jWallet.dev(9);
            for (int i = 1; i <= 4; i++) {
                Web3jWallet p = Web3jWallet.dev(i);
                ok(t.send(p, "initProver", TestNode.args().put("minSelfStake", i + E18).put("commissionRate", 100 * i)));
                ok(t.send(staker, "stake", TestNode.args().put("prover", p.address).put("amount", "3" + E18)));
            }
            String p1 = Web3jWallet.dev(1).address;
            String p2 = Web3jWallet.dev(2).address;
            String p3 = Web3jWallet.dev(3).address;
            JsonNode before = t.http.get("/v1/stats").json();
            ok(t.send(owner, "addRewards", TestNode.args().put("prover", p1).put("amount", "10" + E18)));
            ok(t.send(Web3jWallet.dev(2), "updateCommissionRate", TestNode.args().put("rate", 1234)));
            ok(t.send(owner, "slash", TestNode.args().put("prover", p3).put("percentage", 100_000)));
            t.clock.addAndGet(60);
            ok(t.send(staker, "withdrawRewards", TestNode.args().put("prover", p1)));
            ok(t.send(staker, "requestUnstake", TestNode.args().put("prover", p2).put("amount", "1" + E18)));
            ok(t.send(owner, "deactivateProver", TestNode.args().put("prover", Web3jWallet.dev(4).address)));
            // a prover with no stakers leaves: its whole self-stake out (it stops), then retired
            Web3jWallet p5 = Web3jWallet.dev(5);
            ok(t.send(p5, "initProver", TestNode.args().put("minSelfStake", "5" + E18).put("commissionRate", 0)));
            ok(t.send(p5, "requestUnstakeAll", TestNode.args().put("prover", p5.address)));
            ok(t.send(p5, "retireProver", TestNode.args().put("prover", p5.address)));

            // the overview's sums are the sums of the provers' own reads
            JsonNode ov = t.http.get("/v1/overview").json();
            BigInteger staked = BigInteger.ZERO, active = BigInteger.ZERO, pending = BigInteger.ZERO, commission = BigInteger.ZERO;
            long positions = 0;
            for (JsonNode p : t.http.get("/v1/provers").json().get("provers")) {
                staked = staked.add(amount(p, "totalStaked"));
                if (p.get("state").asText().equals("Active")) active = active.add(amount(p, "totalStaked"));
                pending = pending.add(amount(p, "totalPendingUnstake"));
                commission = commission.add(amount(p, "pendingCommission"));
                positions += p.get("stakerCount").asLong();
            }
            assertThat(amount(ov, "totalStaked")).isEqualTo(staked);
            assertThat(amount(ov, "activeStake")).isEqualTo(active).isLessThan(staked);
            assertThat(amount(ov, "totalPendingUnstake")).isEqualTo(pending).isPositive();
            assertThat(amount(ov, "pendingCommission")).isEqualTo(commission).isPositive();
            assertThat(ov.get("stakerPositions").asLong()).isEqualTo(positions).isEqualTo(8);
            assertThat(ov.get("positionCount").asLong()).isEqualTo(9);
            assertThat(ov.get("proversByState").toString()).isEqualTo("{\"Active\":3,\"Retired\":1,\"Deactivated\":1}");
            assertThat(ov.get("emission").get("ratePerSecond").asText()).isEqualTo("0");

            // stats: the event sums; in the solvent profile the stake the module holds for stakers is the state's
            JsonNode stats = t.http.get("/v1/stats").json();
            JsonNode totals = stats.get("totals");
            assertThat(amount(totals, "stake")).isEqualTo(staked.add(pending));
            assertThat(amount(totals, "rewardsAdded")).isEqualTo(new BigInteger("10" + E18));
            assertThat(amount(totals, "distributed")).isEqualTo(new BigInteger("10" + E18));
            assertThat(amount(totals, "commission")).isEqualTo(new BigInteger("1" + E18).divide(BigInteger.valueOf(10))); // 1% of 10
            assertThat(amount(totals, "slashed")).isEqualTo(new BigInteger("6" + E18).divide(BigInteger.TEN)); // 10% of 3 + 3
            BigInteger paid = BigInteger.ZERO;
            long last = 0;
            for (long after = 0; ; ) {
                JsonNode page = t.http.get("/v1/events?limit=7&after=" + after).json();
                if (page.get("events").isEmpty()) break;
                for (JsonNode e : page.get("events")) {
                    if (e.get("event").get("type").asText().equals("RewardsWithdrawn")) paid = paid.add(amount(e.get("event"), "amount"));
                    last = e.get("seq").asLong();
                }
                after = page.get("next").asLong();
            }
            assertThat(amount(totals, "paid")).isEqualTo(paid).isPositive();
            assertThat(stats.get("upTo").asLong()).isEqualTo(last);
            assertThat(totals.get("proversRegistered").asInt()).isEqualTo(5);
            // the series: one point per time, the last one the totals; before the first reward nothing was distributed
            JsonNode series = stats.get("series");
            assertThat(series).hasSize(2);
            assertThat(series.get(0).get("t").asLong()).isEqualTo(TestNode.GENESIS_TIME);
            assertThat(series.get(1).get("t").asLong()).isEqualTo(TestNode.GENESIS_TIME + 60);
            assertThat(series.get(1).get("stake").asText()).isEqualTo(totals.get("stake").asText());
            assertThat(series.get(1).get("paid").asText()).isEqualTo(totals.get("paid").asText());
            assertThat(before.get("totals").get("distributed").asText()).isEqualTo("0");

            // a prover's history: its lifecycle, not its stakes
            assertThat(types(t.http.get("/v1/provers/" + p2 + "/history").json())).containsExactly("ProverInitialized", "CommissionRateUpdated");
            assertThat(types(t.http.get("/v1/provers/" + p3 + "/history").json())).containsExactly("ProverInitialized", "ProverSlashed");
            assertThat(types(t.http.get("/v1/provers/" + p5.address + "/history").json()))
                    .containsExactly("ProverInitialized", "ProverDeactivated", "ProverRetired");
            assertThat(types(t.http.get("/v1/provers/" + Web3jWallet.dev(4).address + "/history").json()))
                    .containsExactly("ProverInitialized", "ProverDeactivated");
            assertThat(t.http.get("/v1/provers/" + staker.address + "/history").status()).isEqualTo(404);
        }
    }

    @Test
    void theDashboardIsServedAtTheRootWithItsLibraries() throws Exception {
        try (TestNode t = new TestNode()) {
            Http.Response index = t.http.get("/");
            assertThat(index.status()).isEqualTo(200);
            assertThat(index.contentType()).startsWith("text/html");
            assertThat(index.body()).contains("<title>", "app.js");
            for (String path : new String[] {"/app.js", "/app.css", "/vendor/ethers/ethers.umd.min.js", "/vendor/ethers/LICENSE.md",
                    "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", "/webjars/uplot/1.6.30/dist/uPlot.min.css"}) {
                Http.Response r = t.http.get(path);
                assertThat(r.status()).as(path).isEqualTo(200);
            }
            assertThat(t.http.get("/app.js").contentType()).contains("javascript").doesNotContain("null");
            // the API's 404 stays JSON for unknown API paths
            assertThat(t.http.get("/v1/nothing").json().get("error").asText()).isEqualTo("NotFound");
        }
    }

    private static void ok(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("ok").asBoolean()).as(r.toString()).isTrue();
    }

    private static BigInteger amount(JsonNode o, String field) {
        return new BigInteger(o.get(field).asText());
    }

    private static List<String> types(JsonNode history) {
        List<String> out = new ArrayList<>();
        history.get("events").forEach(e -> out.add(e.get("event").get("type").asText()));
        return out;
    }
}
