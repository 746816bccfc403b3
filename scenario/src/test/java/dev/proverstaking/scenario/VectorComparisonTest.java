package dev.proverstaking.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The comparator must find real differences (otherwise the conformance test could pass
 * vacuously) and accept exactly the equivalences compare_vectors.py documents.
 */
class VectorComparisonTest {
    private static final String P = "0x00000000000000000000000000000000000000a1";
    private static final String P_UPPER = "0x00000000000000000000000000000000000000A1";
    private static final String Q = "0x00000000000000000000000000000000000000b2";
    private static final String S = "0x00000000000000000000000000000000000000c3";

    /** A complete state line in the dump format; '@P', '@Q', '@S' stand for the three addresses. */
    private static String state(int i) {
        return ("{'i':" + i + ",'state':{"
                + "'params':{'unstakeDelay':'604800','globalMinSelfStake':'100','maxSlashPercentage':'500000'},"
                + "'stakingTreasuryPool':'0','rewardsTreasuryPool':'0',"
                + "'activeProvers':['@P','@Q'],"
                + "'provers':{"
                + "'@P':{'state':'Active','minSelfStake':'100','totalRawShares':'400','scale':'1000000000000000000',"
                + "'totalStaked':'400','selfEffectiveStake':'100','stakerCount':2,'commissionRate':1000,"
                + "'pendingCommission':'40','accRewardPerRawShare':'900000000000000000'},"
                + "'@Q':{'state':'Active','minSelfStake':'100','totalRawShares':'100','scale':'1000000000000000000',"
                + "'totalStaked':'100','selfEffectiveStake':'100','stakerCount':1,'commissionRate':0,"
                + "'pendingCommission':'0','accRewardPerRawShare':'0'}},"
                + "'stakes':{"
                + "'@P/@P':{'rawShares':'100','amount':'100','pendingUnstakes':[],'pendingRewards':'90','rewardDebt':'0'},"
                + "'@P/@S':{'rawShares':'300','amount':'300',"
                + "'pendingUnstakes':[{'rawShares':'7','unstakeTime':2000},{'rawShares':'5','unstakeTime':3000}],"
                + "'pendingRewards':'270','rewardDebt':'0'},"
                + "'@Q/@Q':{'rawShares':'100','amount':'100','pendingUnstakes':[],'pendingRewards':'0','rewardDebt':'0'}},"
                + "'balances':{'stake':{'@P':'900','@S':'200','@Q':'0'},'reward':{'@S':'600'}},"
                + "'custody':{'staking':'500','rewards':'400'}}}")
                .replace('\'', '"').replace("@P", P).replace("@Q", Q).replace("@S", S);
    }

    private static final String BASE = state(5);

    private static List<JsonNode> lines(String... lines) throws Exception {
        return VectorComparison.parseLines(String.join("\n", lines), "test");
    }

    private static VectorComparison.Difference first(List<JsonNode> expected, List<JsonNode> actual) {
        return VectorComparison.firstDifference(expected, actual);
    }

    private static String results() {
        return "{\"i\":2,\"ok\":true}\n{\"i\":3,\"ok\":false,\"error\":\"InsufficientStake\"}\n{\"i\":4,\"ok\":true}";
    }

    // ------------------------------------------------------------------ building blocks

    @Test
    void theFixtureIsAWellFormedState() throws Exception {
        JsonNode s = lines(BASE).get(0).get("state");
        assertThat(s.get("stakes").has(P + "/" + S)).isTrue();
        assertThat(s.get("provers").get(P).get("state").asText()).isEqualTo("Active");
        assertThat(s.get("params").get("unstakeDelay").asText()).isEqualTo("604800");
        assertThat(s.get("stakes").get(P + "/" + S).get("pendingUnstakes")).hasSize(2);
        assertThat(s.get("balances").get("stake").get(Q).asText()).isEqualTo("0");
    }

    @Test
    void identicalOutputsMatch() throws Exception {
        String all = results() + "\n" + BASE;
        assertThat(first(lines(all), lines(all))).isNull();
    }

    // ------------------------------------------------------------------ differences it must find

    @Test
    void aChangedNumberDeepInAStateIsFound() throws Exception {
        String changed = BASE.replace("{\"rawShares\":\"5\",\"unstakeTime\":3000}", "{\"rawShares\":\"6\",\"unstakeTime\":3000}");
        assertThat(changed).isNotEqualTo(BASE);
        VectorComparison.Difference d = first(lines(BASE), lines(changed));
        assertThat(d).isNotNull();
        assertThat(d.i()).isEqualTo("5");
        assertThat(d.path()).isEqualTo("state.stakes." + P + "/" + S + ".pendingUnstakes[1].rawShares");
        assertThat(d.expected()).isEqualTo("5");
        assertThat(d.actual()).isEqualTo("6");
        assertThat(d.toString()).contains("line 5", "pendingUnstakes[1].rawShares", "expected 5", "actual 6");
    }

    @Test
    void aChangeOfOneUnitInA256BitNumberIsFound() throws Exception {
        String big = "115792089237316195423570985008687907853269984665640564039457584007913129639935";
        String bigMinus1 = "115792089237316195423570985008687907853269984665640564039457584007913129639934";
        String e = BASE.replace("\"accRewardPerRawShare\":\"900000000000000000\"", "\"accRewardPerRawShare\":\"" + big + "\"");
        String a = BASE.replace("\"accRewardPerRawShare\":\"900000000000000000\"", "\"accRewardPerRawShare\":\"" + bigMinus1 + "\"");
        VectorComparison.Difference d = first(lines(e), lines(a));
        assertThat(d).isNotNull();
        assertThat(d.path()).isEqualTo("state.provers." + P + ".accRewardPerRawShare");
        assertThat(d.expected()).isEqualTo(big);
        assertThat(d.actual()).isEqualTo(bigMinus1);
    }

    @Test
    void aMissingStakeKeyIsFound() throws Exception {
        String missing = BASE.replace(
                "\"" + Q + "/" + Q + "\":{\"rawShares\":\"100\",\"amount\":\"100\",\"pendingUnstakes\":[],\"pendingRewards\":\"0\",\"rewardDebt\":\"0\"}",
                "").replace(",}", "}");
        assertThat(missing).isNotEqualTo(BASE).doesNotContain(Q + "/" + Q);
        VectorComparison.Difference d = first(lines(BASE), lines(missing));
        assertThat(d).isNotNull();
        assertThat(d.path()).isEqualTo("state.stakes." + Q + "/" + Q);
        assertThat(d.actual()).isEqualTo("<missing>");
        assertThat(d.expected()).contains("\"rawShares\": 100");

        // and the other way round: a key the expected state does not have
        VectorComparison.Difference extra = first(lines(missing), lines(BASE));
        assertThat(extra).isNotNull();
        assertThat(extra.path()).isEqualTo("state.stakes." + Q + "/" + Q);
        assertThat(extra.expected()).isEqualTo("<absent>");
    }

    @Test
    void aMissingFieldInsideAStakeIsFound() throws Exception {
        String missing = BASE.replace("\"pendingRewards\":\"90\",", "");
        VectorComparison.Difference d = first(lines(BASE), lines(missing));
        assertThat(d).isNotNull();
        assertThat(d.path()).isEqualTo("state.stakes." + P + "/" + P + ".pendingRewards");
        assertThat(d.expected()).isEqualTo("90");
        assertThat(d.actual()).isEqualTo("<missing>");
    }

    @Test
    void aDifferentErrorCodeIsFound() throws Exception {
        VectorComparison.Difference d = first(lines(results()), lines(results().replace("InsufficientStake", "ZeroAmount")));
        assertThat(d).isNotNull();
        assertThat(d.i()).isEqualTo("3");
        assertThat(d.path()).isEqualTo("error");
        assertThat(d.expected()).isEqualTo("\"InsufficientStake\"");
        assertThat(d.actual()).isEqualTo("\"ZeroAmount\"");
    }

    @Test
    void aMissingErrorCodeIsFound() throws Exception {
        VectorComparison.Difference d = first(lines(results()),
                lines(results().replace(",\"error\":\"InsufficientStake\"", "")));
        assertThat(d).isNotNull();
        assertThat(d.path()).isEqualTo("error");
        assertThat(d.actual()).isEqualTo("null");
    }

    @Test
    void successInsteadOfFailureIsFound() throws Exception {
        VectorComparison.Difference d = first(lines(results()),
                lines(results().replace("\"ok\":false,\"error\":\"InsufficientStake\"", "\"ok\":true")));
        assertThat(d).isNotNull();
        assertThat(d.i()).isEqualTo("3");
        assertThat(d.path()).isEqualTo("result");
        assertThat(d.expected()).isEqualTo("error InsufficientStake");
        assertThat(d.actual()).isEqualTo("ok");
    }

    @Test
    void okAsAStringIsNotOk() throws Exception {
        VectorComparison.Difference d = first(lines("{\"i\":2,\"ok\":true}"), lines("{\"i\":2,\"ok\":\"true\"}"));
        assertThat(d).isNotNull();
        assertThat(d.path()).isEqualTo("result");
    }

    @Test
    void aMissingLineIsFound() throws Exception {
        String all = results() + "\n" + BASE;
        VectorComparison.Difference d = first(lines(all), lines(results()));
        assertThat(d).isNotNull();
        assertThat(d.i()).isEqualTo("5");
        assertThat(d.path()).isEqualTo("line");
        assertThat(d.actual()).isEqualTo("<no more lines>");

        VectorComparison.Difference mid = first(lines(results()),
                lines("{\"i\":2,\"ok\":true}\n{\"i\":4,\"ok\":true}"));
        assertThat(mid).isNotNull();
        assertThat(mid.i()).isEqualTo("3");
        assertThat(mid.path()).isEqualTo("i");
        assertThat(mid.expected()).isEqualTo("3");
        assertThat(mid.actual()).isEqualTo("4");
    }

    @Test
    void anExtraLineIsFound() throws Exception {
        VectorComparison.Difference d = first(lines(results()), lines(results() + "\n{\"i\":5,\"ok\":true}"));
        assertThat(d).isNotNull();
        assertThat(d.i()).isEqualTo("5");
        assertThat(d.path()).isEqualTo("line");
        assertThat(d.expected()).isEqualTo("<no more lines>");
    }

    @Test
    void emptyActualOutputIsADifference() throws Exception {
        VectorComparison.Difference d = first(lines(results()), lines(""));
        assertThat(d).isNotNull();
        assertThat(d.path()).isEqualTo("line");
    }

    @Test
    void aStateLineWhereAResultIsExpectedIsFound() throws Exception {
        VectorComparison.Difference d = first(lines("{\"i\":5,\"ok\":true}"), lines(BASE));
        assertThat(d).isNotNull();
        assertThat(d.path()).isEqualTo("line");
        assertThat(d.actual()).isEqualTo("state line");

        VectorComparison.Difference r = first(lines(BASE), lines("{\"i\":5,\"ok\":true}"));
        assertThat(r).isNotNull();
        assertThat(r.path()).isEqualTo("line");
        assertThat(r.expected()).isEqualTo("state line");
    }

    @Test
    void pendingUnstakesKeepTheirOrder() throws Exception {
        String swapped = BASE.replace(
                "[{\"rawShares\":\"7\",\"unstakeTime\":2000},{\"rawShares\":\"5\",\"unstakeTime\":3000}]",
                "[{\"rawShares\":\"5\",\"unstakeTime\":3000},{\"rawShares\":\"7\",\"unstakeTime\":2000}]");
        assertThat(swapped).isNotEqualTo(BASE);
        VectorComparison.Difference d = first(lines(BASE), lines(swapped));
        assertThat(d).isNotNull();
        assertThat(d.path()).isEqualTo("state.stakes." + P + "/" + S + ".pendingUnstakes[0].rawShares");
    }

    @Test
    void aListOfOtherLengthIsFound() throws Exception {
        String shorter = BASE.replace(",{\"rawShares\":\"5\",\"unstakeTime\":3000}", "");
        VectorComparison.Difference d = first(lines(BASE), lines(shorter));
        assertThat(d).isNotNull();
        assertThat(d.path()).isEqualTo("state.stakes." + P + "/" + S + ".pendingUnstakes.length");
        assertThat(d.expected()).isEqualTo("2");
        assertThat(d.actual()).isEqualTo("1");
    }

    @Test
    void aMissingActiveProverIsFound() throws Exception {
        String one = BASE.replace("\"activeProvers\":[\"" + P + "\",\"" + Q + "\"]", "\"activeProvers\":[\"" + P + "\"]");
        assertThat(one).isNotEqualTo(BASE);
        VectorComparison.Difference d = first(lines(BASE), lines(one));
        assertThat(d).isNotNull();
        assertThat(d.path()).isEqualTo("state.activeProvers.length");
    }

    @Test
    void aNonZeroBalanceIsNotTheSameAsAnAbsentOne() throws Exception {
        String absent = BASE.replace("\"" + S + "\":\"200\",", "");
        assertThat(absent).isNotEqualTo(BASE);
        VectorComparison.Difference d = first(lines(BASE), lines(absent));
        assertThat(d).isNotNull();
        assertThat(d.path()).isEqualTo("state.balances.stake." + S);
        assertThat(d.actual()).isEqualTo("<missing>");

        // a missing reward ledger is empty, and an empty ledger is not one holding 600
        String noReward = BASE.replace(",\"reward\":{\"" + S + "\":\"600\"}", "");
        VectorComparison.Difference r = first(lines(BASE), lines(noReward));
        assertThat(r).isNotNull();
        assertThat(r.path()).isEqualTo("state.balances.reward");
    }

    @Test
    void nonAddressStringsAreCaseSensitive() throws Exception {
        VectorComparison.Difference d = first(lines(BASE), lines(BASE.replaceFirst("\"Active\"", "\"active\"")));
        assertThat(d).isNotNull();
        assertThat(d.path()).isEqualTo("state.provers." + P + ".state");
        assertThat(d.expected()).isEqualTo("\"Active\"");
    }

    @Test
    void aNumberIsNotEqualToAStringThatIsNotADecimalInteger() throws Exception {
        // "+1", "0x1", "1.0" are not decimal integers for the comparison: they stay strings
        for (String s : List.of("+1000", "0x3e8", "1000.0", " 1000")) {
            String changed = BASE.replace("\"commissionRate\":1000", "\"commissionRate\":\"" + s + "\"");
            VectorComparison.Difference d = first(lines(BASE), lines(changed));
            assertThat(d).as(s).isNotNull();
            assertThat(d.path()).as(s).isEqualTo("state.provers." + P + ".commissionRate");
        }
    }

    @Test
    void aDifferentScalarTypeIsFound() throws Exception {
        VectorComparison.Difference d = first(lines(BASE), lines(BASE.replace("\"stakerCount\":1", "\"stakerCount\":true")));
        assertThat(d).isNotNull();
        assertThat(d.path()).isEqualTo("state.provers." + Q + ".stakerCount");
        assertThat(first(lines(BASE), lines(BASE.replace("\"stakerCount\":1", "\"stakerCount\":null")))).isNotNull();
    }

    @Test
    void aGenesisResultLineIsIgnoredOnlyWhenItIsOneOk() throws Exception {
        // a failed "genesis result" is not ignored
        VectorComparison.Difference d = first(lines(results()),
                lines("{\"i\":1,\"ok\":false,\"error\":\"InvalidArg\"}\n" + results()));
        assertThat(d).isNotNull();
        assertThat(d.path()).isEqualTo("i");
        // nor is it ignored when the expected file has a line 1
        VectorComparison.Difference e = first(lines("{\"i\":1,\"ok\":true}\n" + results()),
                lines("{\"i\":1,\"ok\":true}\n{\"i\":1,\"ok\":true}\n" + results()));
        assertThat(e).isNotNull();
        // a second line 1 in actual is not swallowed either
        VectorComparison.Difference f = first(lines(results()),
                lines("{\"i\":1,\"ok\":true}\n{\"i\":1,\"ok\":true}\n" + results()));
        assertThat(f).isNotNull();
        assertThat(f.path()).isEqualTo("i");
    }

    @Test
    void compareListsSeveralDifferencesUpToTheCap() throws Exception {
        String changed = BASE.replace("\"stakingTreasuryPool\":\"0\"", "\"stakingTreasuryPool\":\"1\"")
                .replace("\"rewardsTreasuryPool\":\"0\"", "\"rewardsTreasuryPool\":\"2\"")
                .replace("\"staking\":\"500\"", "\"staking\":\"501\"");
        List<VectorComparison.Difference> all = VectorComparison.compare(lines(BASE), lines(changed), 10);
        assertThat(all).extracting(VectorComparison.Difference::path)
                .containsExactly("state.custody.staking", "state.rewardsTreasuryPool", "state.stakingTreasuryPool");
        assertThat(VectorComparison.compare(lines(BASE), lines(changed), 2)).hasSize(2);
    }

    @Test
    void badActualLinesAreRejected() {
        assertThatThrownBy(() -> lines("{\"i\":2,\"ok\":true}", "{\"i\":3,"))
                .isInstanceOf(VectorComparison.BadLine.class).hasMessageContaining("line 2").hasMessageContaining("not JSON");
        assertThatThrownBy(() -> lines("[1,2]"))
                .isInstanceOf(VectorComparison.BadLine.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> lines("{\"i\":2,\"ok\":true} {\"i\":3,\"ok\":true}"))
                .isInstanceOf(VectorComparison.BadLine.class).hasMessageContaining("line 1");
    }

    // ------------------------------------------------------------------ documented equivalences

    @Test
    void keyOrderDoesNotMatter() throws Exception {
        String reordered = "{\"state\":" + BASE.substring(BASE.indexOf("{\"params\""), BASE.length() - 1) + ",\"i\":5}";
        // also reorder inside a prover
        reordered = reordered.replace("\"state\":\"Active\",\"minSelfStake\":\"100\"", "\"minSelfStake\":\"100\",\"state\":\"Active\"");
        assertThat(reordered).isNotEqualTo(BASE);
        assertThat(first(lines(BASE), lines(reordered))).isNull();
        assertThat(first(lines("{\"i\":3,\"ok\":false,\"error\":\"X\"}"), lines("{\"error\":\"X\",\"ok\":false,\"i\":3}"))).isNull();
    }

    @Test
    void addressesAreComparedLowercase() throws Exception {
        String upper = BASE.replace(P, P_UPPER);
        assertThat(upper).isNotEqualTo(BASE);
        // in keys of provers, stakes (both halves of the pair), balances, and in activeProvers
        assertThat(upper).contains("\"provers\":{\"" + P_UPPER, P_UPPER + "/" + P_UPPER, "[\"" + P_UPPER + "\"");
        assertThat(first(lines(BASE), lines(upper))).isNull();
        assertThat(first(lines(upper), lines(BASE))).isNull();
        // "0X" is not an address prefix for the comparison: such a key stays as written
        assertThat(first(lines(BASE), lines(BASE.replace(P, "0X" + P.substring(2))))).isNotNull();
    }

    @Test
    void numbersCompareAsIntegersWhetherStringOrNumber() throws Exception {
        String numeric = BASE.replace("\"unstakeDelay\":\"604800\"", "\"unstakeDelay\":604800")
                .replace("\"commissionRate\":1000", "\"commissionRate\":\"1000\"")
                .replace("\"unstakeTime\":2000", "\"unstakeTime\":\"2000\"")
                .replace("\"pendingCommission\":\"40\"", "\"pendingCommission\":40.0")
                .replace("\"scale\":\"1000000000000000000\"", "\"scale\":1000000000000000000");
        assertThat(numeric).isNotEqualTo(BASE);
        assertThat(first(lines(BASE), lines(numeric))).isNull();
        assertThat(first(lines(numeric), lines(BASE))).isNull();
        // i may be a string too, and result lines compare by it
        assertThat(first(lines("{\"i\":2,\"ok\":true}"), lines("{\"i\":\"2\",\"ok\":true}"))).isNull();
        // but equal spelling is not enough: 1000 vs 1001 differ in either form
        assertThat(first(lines(BASE), lines(BASE.replace("\"commissionRate\":1000", "\"commissionRate\":\"1001\"")))).isNotNull();
    }

    @Test
    void activeProversAreComparedSorted() throws Exception {
        String reversed = BASE.replace("\"activeProvers\":[\"" + P + "\",\"" + Q + "\"]",
                "\"activeProvers\":[\"" + Q + "\",\"" + P_UPPER + "\"]");
        assertThat(reversed).isNotEqualTo(BASE);
        assertThat(first(lines(BASE), lines(reversed))).isNull();
    }

    @Test
    void zeroBalancesCountAsAbsent() throws Exception {
        String noZero = BASE.replace(",\"" + Q + "\":\"0\"", "");
        assertThat(noZero).isNotEqualTo(BASE);
        assertThat(first(lines(BASE), lines(noZero))).isNull();
        assertThat(first(lines(noZero), lines(BASE))).isNull();
        String moreZeros = BASE.replace("\"reward\":{", "\"reward\":{\"" + P + "\":0,\"" + Q + "\":\"0\",");
        assertThat(first(lines(BASE), lines(moreZeros))).isNull();
    }

    @Test
    void aMissingRewardLedgerEqualsAnEmptyOne() throws Exception {
        String emptyReward = BASE.replace("\"reward\":{\"" + S + "\":\"600\"}", "\"reward\":{}");
        String noReward = BASE.replace(",\"reward\":{\"" + S + "\":\"600\"}", "");
        String zeroReward = BASE.replace("\"reward\":{\"" + S + "\":\"600\"}", "\"reward\":{\"" + S + "\":\"0\"}");
        assertThat(noReward).doesNotContain("\"reward\":");
        assertThat(first(lines(emptyReward), lines(noReward))).isNull();
        assertThat(first(lines(noReward), lines(emptyReward))).isNull();
        assertThat(first(lines(noReward), lines(zeroReward))).isNull();
    }

    @Test
    void zeroEntriesAreOnlyIgnoredUnderBalances() throws Exception {
        // a zero elsewhere is a value like any other: a missing pendingCommission of "0" is a difference
        String missing = BASE.replace(",\"pendingCommission\":\"0\"", "");
        assertThat(missing).isNotEqualTo(BASE);
        assertThat(first(lines(BASE), lines(missing))).isNotNull();
    }

    @Test
    void aGenesisResultLineInActualIsIgnored() throws Exception {
        String all = results() + "\n" + BASE;
        assertThat(first(lines(all), lines("{\"i\":1,\"ok\":true}\n" + all))).isNull();
    }

    @Test
    void blankLinesAreIgnored() throws Exception {
        assertThat(first(lines(results()), lines("\n" + results().replace("\n", "\n\n  \n") + "\n\n"))).isNull();
        assertThat(first(lines(results()), lines(results().replace("\n", "\r\n")))).isNull();
    }

    @Test
    void errorIsComparedOnlyForFailures() throws Exception {
        // an ok line carries no error; anything extra on it is not compared (as in the tool)
        assertThat(first(lines("{\"i\":2,\"ok\":true}"), lines("{\"i\":2,\"ok\":true,\"error\":\"Whatever\"}"))).isNull();
    }
}
