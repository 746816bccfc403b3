package dev.proverstaking.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code prover-staking replay}, driven in-process through {@link Main#run}. */
class ReplayCommandTest {
    static final String OWNER = "0x00000000000000000000000000000000000000a0";
    static final String A1 = "0x00000000000000000000000000000000000000a1"; // the prover
    static final String B1 = "0x00000000000000000000000000000000000000b1"; // a staker
    static final String C1 = "0x00000000000000000000000000000000000000c1"; // pays rewards
    static final String GENESIS =
            "{\"op\":\"genesis\",\"t\":1000,\"owner\":\"" + OWNER + "\",\"minSelfStake\":\"100\",\"sameToken\":false}";
    static final String MINT = "{\"op\":\"mint\",\"t\":1000,\"from\":\"" + OWNER
            + "\",\"token\":\"stake\",\"to\":\"" + A1 + "\",\"amount\":\"1000\"}";

    /**
     * Solvent profile (no "profile" field), default unstake delay 604800 s. Numbers computed by
     * hand from the spec, see {@link #aValidScenarioPrintsOneResultPerOperationAndOneStatePerCheckpoint}.
     */
    static final List<String> SCENARIO = List.of(
            GENESIS,                                                                                                  // 1
            MINT,                                                                                                     // 2
            "{\"op\":\"mint\",\"t\":1000,\"from\":\"" + OWNER + "\",\"token\":\"stake\",\"to\":\"" + B1 + "\",\"amount\":\"500\"}",     // 3
            "{\"op\":\"mint\",\"t\":1000,\"from\":\"" + OWNER + "\",\"token\":\"reward\",\"to\":\"" + C1 + "\",\"amount\":1000}",       // 4
            "{\"op\":\"initProver\",\"t\":1010,\"from\":\"" + A1 + "\",\"minSelfStake\":\"100\",\"commissionRate\":1000}",          // 5
            "{\"op\":\"stake\",\"t\":1020,\"from\":\"" + B1 + "\",\"prover\":\"" + A1.toUpperCase().replace("0X", "0x") + "\",\"amount\":\"300\"}", // 6
            "{\"op\":\"addRewards\",\"t\":1030,\"from\":\"" + C1 + "\",\"prover\":\"" + A1 + "\",\"amount\":\"400\"}",             // 7
            "{\"op\":\"requestUnstake\",\"t\":1040,\"from\":\"" + B1 + "\",\"prover\":\"" + A1 + "\",\"amount\":\"1000\"}",        // 8
            "{\"op\":\"slash\",\"t\":1040,\"from\":\"" + B1 + "\",\"prover\":\"" + A1 + "\",\"percentage\":100000}",               // 9
            "{\"op\":\"deactivateProver\",\"t\":1040,\"from\":\"" + B1 + "\",\"prover\":\"" + A1 + "\"}",                          // 10
            "{\"op\":\"withdrawRewards\",\"t\":1050,\"from\":\"" + B1 + "\",\"prover\":\"" + A1 + "\"}",                           // 11
            "{\"op\":\"requestUnstake\",\"t\":2000,\"from\":\"" + B1 + "\",\"prover\":\"" + A1 + "\",\"amount\":\"100\"}",         // 12
            "{\"op\":\"completeUnstake\",\"t\":2000,\"from\":\"" + B1 + "\",\"prover\":\"" + A1 + "\"}",                           // 13
            "{\"op\":\"checkpoint\",\"t\":2000}",                                                                                   // 14
            "{\"op\":\"completeUnstake\",\"t\":700000,\"from\":\"" + B1 + "\",\"prover\":\"" + A1 + "\"}",                         // 15
            "{\"op\":\"checkpoint\",\"t\":700000}");                                                                                // 16

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @RegisterExtension
    final CapturedStdio io = new CapturedStdio();

    // ------------------------------------------------------------------ helpers

    private String stdout() {
        return io.stdout();
    }

    private String stderr() {
        return io.stderr();
    }

    private Path write(String name, String content) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private int replay(Path file) {
        return Main.run("replay", file.toString());
    }

    private List<JsonNode> outputLines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : stdout().split("\n")) {
            if (!l.isBlank()) lines.add(JSON.readTree(l));
        }
        return lines;
    }

    private void assertNoStackTrace() {
        assertThat(stderr()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("\n\tat");
    }

    private static String balance(JsonNode state, String ledger, String address) {
        JsonNode m = state.path("balances").path(ledger);
        JsonNode v = m.get(address);
        return v == null ? "0" : v.asText();
    }

    // ------------------------------------------------------------------ a valid scenario

    /*
     * By hand, from the spec (solvent profile, scale starts at 1e18, delay 604800):
     *  5 initProver A1 self-stakes 100: raw shares 100; A1 balance 1000 - 100 = 900.
     *  6 B1 stakes 300 with A1 (address written in upper case): raw 300, total 400; B1 balance 200.
     *  7 C1 adds 400 rewards at 1000 bps: x = 400 * 1000 = 400000, commission 40, carry 0;
     *    stakers 360; delta = 360e18 / 400 = 9e17 exactly, accCarry 0. C1 reward balance 600,
     *    rewards custody 400. A1 accrues 100 * 9e17 / 1e18 = 90, B1 300 * 9e17 / 1e18 = 270.
     *  8 B1 unstakes 1000 > 300: InsufficientStake.  9 B1 slashes without the role: MissingRole.
     * 10 B1 is not the owner: NotOwner.
     * 11 B1 withdraws 270 reward tokens; entitled 0, debt 300 * 9e17 = 2.7e20; rewards custody 130.
     * 12 B1 unstakes 100 at t=2000: raw 100 pending (unstakeTime 2000), B1 raw 200, total 300,
     *    debt 200 * 9e17 = 1.8e20, pendingRewards floor((0 + 1.8e20 - 1.8e20) / 1e18) = 0.
     * 13 not ready before 2000 + 604800 = 606800: NoReadyUnstakes.
     * 14 checkpoint. 15 at t=700000 the 100 is paid: B1 stake balance 300, staking custody 300.
     */
    @Test
    void aValidScenarioPrintsOneResultPerOperationAndOneStatePerCheckpoint() throws Exception {
        int status = replay(write("small.scenario.jsonl", String.join("\n", SCENARIO) + "\n"));

        assertThat(status).as("stderr: %s", stderr()).isZero();
        assertThat(stderr()).isEmpty();
        List<JsonNode> lines = outputLines();
        // 16 lines: no output for the genesis, 13 result lines, 2 state lines
        assertThat(lines).hasSize(15);
        assertThat(lines).extracting(l -> l.get("i").asInt())
                .containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);

        String[] expectedResults = {
            null, null,
            "{\"i\":2,\"ok\":true}", "{\"i\":3,\"ok\":true}", "{\"i\":4,\"ok\":true}", "{\"i\":5,\"ok\":true}",
            "{\"i\":6,\"ok\":true}", "{\"i\":7,\"ok\":true}",
            "{\"i\":8,\"ok\":false,\"error\":\"InsufficientStake\"}",
            "{\"i\":9,\"ok\":false,\"error\":\"MissingRole\"}",
            "{\"i\":10,\"ok\":false,\"error\":\"NotOwner\"}",
            "{\"i\":11,\"ok\":true}", "{\"i\":12,\"ok\":true}",
            "{\"i\":13,\"ok\":false,\"error\":\"NoReadyUnstakes\"}",
            null,
            "{\"i\":15,\"ok\":true}",
        };
        for (JsonNode l : lines) {
            int i = l.get("i").asInt();
            if (i == 14 || i == 16) {
                assertThat(l.has("state")).as("line %d", i).isTrue();
                assertThat(l.has("ok")).as("line %d", i).isFalse();
            } else {
                assertThat(l).as("result line %d", i).isEqualTo(JSON.readTree(expectedResults[i]));
            }
        }

        JsonNode s = lines.get(12).get("state");
        assertThat(lines.get(12).get("i").asInt()).isEqualTo(14);
        assertThat(s.get("params")).isEqualTo(JSON.readTree(
                "{\"unstakeDelay\":\"604800\",\"globalMinSelfStake\":\"100\",\"maxSlashPercentage\":\"500000\"}"));
        assertThat(s.get("stakingTreasuryPool").asText()).isEqualTo("0");
        assertThat(s.get("rewardsTreasuryPool").asText()).isEqualTo("0");
        assertThat(s.get("activeProvers")).isEqualTo(JSON.readTree("[\"" + A1 + "\"]"));
        assertThat(s.get("provers").get(A1)).isEqualTo(JSON.readTree("{\"state\":\"Active\",\"minSelfStake\":\"100\","
                + "\"totalRawShares\":\"300\",\"scale\":\"1000000000000000000\",\"totalStaked\":\"300\","
                + "\"selfEffectiveStake\":\"100\",\"stakerCount\":2,\"commissionRate\":1000,"
                + "\"pendingCommission\":\"40\",\"accRewardPerRawShare\":\"900000000000000000\"}"));
        assertThat(s.get("provers")).hasSize(1);
        assertThat(s.get("stakes")).hasSize(2);
        assertThat(s.get("stakes").get(A1 + "/" + A1)).isEqualTo(JSON.readTree("{\"rawShares\":\"100\",\"amount\":\"100\","
                + "\"pendingUnstakes\":[],\"pendingRewards\":\"90\",\"rewardDebt\":\"0\"}"));
        assertThat(s.get("stakes").get(A1 + "/" + B1)).isEqualTo(JSON.readTree("{\"rawShares\":\"200\",\"amount\":\"200\","
                + "\"pendingUnstakes\":[{\"rawShares\":\"100\",\"unstakeTime\":2000}],\"pendingRewards\":\"0\","
                + "\"rewardDebt\":\"180000000000000000000\"}"));
        assertThat(balance(s, "stake", A1)).isEqualTo("900");
        assertThat(balance(s, "stake", B1)).isEqualTo("200");
        assertThat(balance(s, "stake", C1)).isEqualTo("0");
        assertThat(balance(s, "stake", OWNER)).isEqualTo("0");
        assertThat(balance(s, "reward", C1)).isEqualTo("600");
        assertThat(balance(s, "reward", B1)).isEqualTo("270");
        assertThat(balance(s, "reward", A1)).isEqualTo("0");
        assertThat(s.get("custody")).isEqualTo(JSON.readTree("{\"staking\":\"400\",\"rewards\":\"130\"}"));

        JsonNode f = lines.get(14).get("state");
        assertThat(lines.get(14).get("i").asInt()).isEqualTo(16);
        assertThat(f.get("stakes").get(A1 + "/" + B1).get("pendingUnstakes")).isEmpty();
        assertThat(f.get("stakes").get(A1 + "/" + B1).get("rawShares").asText()).isEqualTo("200");
        assertThat(f.get("provers").get(A1).get("totalRawShares").asText()).isEqualTo("300");
        assertThat(balance(f, "stake", B1)).isEqualTo("300");
        assertThat(f.get("custody")).isEqualTo(JSON.readTree("{\"staking\":\"300\",\"rewards\":\"130\"}"));
        // conservation of the stake token: 1000 + 500 minted
        BigInteger total = new BigInteger(balance(f, "stake", A1)).add(new BigInteger(balance(f, "stake", B1)))
                .add(new BigInteger(f.get("custody").get("staking").asText()));
        assertThat(total).isEqualTo(BigInteger.valueOf(1500));
    }

    @Test
    void crlfLineEndingsAndBlankLinesAreAccepted() throws Exception {
        String text = GENESIS + "\r\n\r\n" + MINT + "\r\n{\"op\":\"checkpoint\",\"t\":1000}\r\n";
        assertThat(replay(write("crlf.jsonl", text))).as("stderr: %s", stderr()).isZero();
        List<JsonNode> lines = outputLines();
        assertThat(lines).extracting(l -> l.get("i").asInt()).containsExactly(3, 4);
        assertThat(lines.get(0)).isEqualTo(JSON.readTree("{\"i\":3,\"ok\":true}"));
        assertThat(balance(lines.get(1).get("state"), "stake", A1)).isEqualTo("1000");
    }

    @Test
    void aScenarioWithOnlyAGenesisPrintsNothing() throws Exception {
        assertThat(replay(write("genesis-only.jsonl", GENESIS + "\n"))).isZero();
        assertThat(stdout()).isBlank();
        assertThat(stderr()).isEmpty();
    }

    // ------------------------------------------------------------------ malformed input

    static Stream<Arguments> malformed() {
        String stake = "{\"op\":\"stake\",\"t\":1000,\"from\":\"" + B1 + "\",\"prover\":\"" + A1 + "\",\"amount\":\"5\"}";
        return Stream.of(
                Arguments.of("bad JSON", 3, List.of(GENESIS, MINT, "{\"op\":\"mint\",\"t\":")),
                Arguments.of("not an object", 2, List.of(GENESIS, "[1,2,3]")),
                Arguments.of("unknown op", 2, List.of(GENESIS, "{\"op\":\"frobnicate\",\"t\":1000,\"from\":\"" + A1 + "\"}")),
                Arguments.of("missing address", 3, List.of(GENESIS, MINT, stake.replace(",\"prover\":\"" + A1 + "\"", ""))),
                Arguments.of("missing amount", 2, List.of(GENESIS, MINT.replace(",\"amount\":\"1000\"", ""))),
                Arguments.of("missing boolean", 1, List.of(GENESIS.replace(",\"sameToken\":false", ""), MINT)),
                Arguments.of("negative amount", 2, List.of(GENESIS, MINT.replace("\"1000\"", "\"-1000\""))),
                Arguments.of("negative JSON amount", 2, List.of(GENESIS, MINT.replace("\"1000\"", "-1000"))),
                Arguments.of("fractional amount", 2, List.of(GENESIS, MINT.replace("\"1000\"", "1.5"))),
                Arguments.of("exponent amount", 2, List.of(GENESIS, MINT.replace("\"1000\"", "1e3"))),
                Arguments.of("amount 2^256", 2, List.of(GENESIS, MINT.replace("\"1000\"",
                        "\"" + BigInteger.ONE.shiftLeft(256) + "\""))),
                Arguments.of("hex amount", 2, List.of(GENESIS, MINT.replace("\"1000\"", "\"0x10\""))),
                Arguments.of("short address", 2, List.of(GENESIS, MINT.replace(A1, A1.substring(0, 41)))),
                Arguments.of("non-hex address", 2, List.of(GENESIS, MINT.replace(A1, A1.replace("a1", "g1")))),
                Arguments.of("time backwards", 3, List.of(GENESIS, MINT.replace("\"t\":1000", "\"t\":2000"), MINT)),
                Arguments.of("first line not genesis", 1, List.of(MINT, GENESIS)),
                Arguments.of("second genesis", 3, List.of(GENESIS, MINT,
                        GENESIS.replace("\"op\":\"genesis\",", "\"op\":\"genesis\",\"from\":\"" + OWNER + "\","))),
                Arguments.of("unknown token", 2, List.of(GENESIS, MINT.replace("\"stake\"", "\"gold\""))),
                Arguments.of("unknown profile", 1, List.of(GENESIS.replace("}", ",\"profile\":\"exact\"}"))),
                Arguments.of("duplicate key", 2, List.of(GENESIS, MINT.replace("}", ",\"amount\":\"2\"}"))),
                Arguments.of("trailing garbage", 2, List.of(GENESIS, MINT + " {}")),
                Arguments.of("error after blank lines", 5, List.of(GENESIS, "", MINT, "   ", "{\"op\":\"nope\"}")),
                Arguments.of("empty file", 1, List.of("")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedFilesExit2NamingTheLineWithoutAStackTrace(String what, int line, List<String> lines) throws Exception {
        Path file = write("bad.jsonl", String.join("\n", lines) + "\n");
        int status = replay(file);

        assertThat(status).as("%s; stderr: %s", what, stderr()).isEqualTo(2);
        assertThat(stderr()).as(what).contains("line " + line + ":").contains(file.toString());
        assertThat(stderr().lines().count()).as("%s: a one-line message, got %s", what, stderr()).isEqualTo(1);
        assertNoStackTrace();
        // the whole file is validated before anything runs: no partial output
        assertThat(stdout()).as(what).isEmpty();
    }

    /** JSON text is UTF-8; a file that is not is malformed and the message should say where. */
    @Test
    void invalidUtf8IsReportedWithItsLine() throws Exception {
        Path file = tmp.resolve("latin1.jsonl");
        byte[] bad = (GENESIS + "\n" + MINT + "\n{\"op\":\"checkpoint\",\"t\":1000,\"note\":\"caf\u00e9\"}\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, bad);
        int status = replay(file);
        assertThat(status).isEqualTo(2);
        assertNoStackTrace();
        assertThat(stdout()).isEmpty();
        assertThat(stderr()).contains("line 3");
    }

    @Test
    void aNonexistentFileExits2WithAClearMessage() {
        Path missing = tmp.resolve("does-not-exist.jsonl");
        int status = replay(missing);
        assertThat(status).isEqualTo(2);
        assertThat(stderr()).containsIgnoringCase("no such file").contains(missing.toString());
        assertNoStackTrace();
        assertThat(stdout()).isEmpty();
    }

    @Test
    void aDirectoryExits2WithAClearMessage() {
        int status = replay(tmp);
        assertThat(status).isEqualTo(2);
        assertThat(stderr()).contains(tmp.toString());
        assertNoStackTrace();
        assertThat(stdout()).isEmpty();
    }

    @Test
    void aMissingFileArgumentIsAUsageError() {
        int status = Main.run("replay");
        assertThat(status).isEqualTo(2);
        assertThat(stderr()).contains("FILE");
        assertNoStackTrace();
    }

    // ------------------------------------------------------------------ standard input

    @Test
    void dashReadsStandardInput() throws Exception {
        String text = String.join("\n", SCENARIO) + "\n";
        int fromFile = replay(write("same.jsonl", text));
        String fileOutput = stdout();
        assertThat(fromFile).isZero();
        io.resetOut();

        System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        int fromStdin = Main.run("replay", "-");
        assertThat(fromStdin).as("stderr: %s", stderr()).isZero();
        assertThat(stderr()).isEmpty();
        assertThat(stdout()).isEqualTo(fileOutput);
        assertThat(outputLines()).hasSize(15);
    }

    @Test
    void malformedStandardInputExits2NamingTheLine() {
        System.setIn(new ByteArrayInputStream((GENESIS + "\n" + MINT + "\n{\"op\":\"mint\"\n")
                .getBytes(StandardCharsets.UTF_8)));
        int status = Main.run("replay", "-");
        assertThat(status).isEqualTo(2);
        assertThat(stderr()).contains("line 3:").contains("<stdin>");
        assertNoStackTrace();
        assertThat(stdout()).isEmpty();
    }

    // ------------------------------------------------------------------ --state-hash

    private JsonNode lastLineOf(String out) throws Exception {
        String[] lines = out.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    @Test
    void stateHashEndsTheOutputAndDependsOnTheStateNotTheHistory() throws Exception {
        String m400 = MINT.replace("\"1000\"}", "\"400\"}");
        String m600 = MINT.replace("\"1000\"}", "\"600\"}");
        // two mints in either order reach one state; a different amount another
        String ab = GENESIS + "\n" + m400 + "\n" + m600 + "\n";
        String ba = GENESIS + "\n" + m600 + "\n" + m400 + "\n";
        String other = GENESIS + "\n" + m400 + "\n" + m400 + "\n";

        assertThat(Main.run("replay", "--state-hash", write("ab.jsonl", ab).toString())).isEqualTo(0);
        JsonNode a = lastLineOf(stdout());
        io.resetOut();
        assertThat(Main.run("replay", "--state-hash", write("ba.jsonl", ba).toString())).isEqualTo(0);
        JsonNode b = lastLineOf(stdout());
        io.resetOut();
        assertThat(Main.run("replay", "--state-hash", write("other.jsonl", other).toString())).isEqualTo(0);
        JsonNode c = lastLineOf(stdout());

        assertThat(a.path("stateHash").asText()).matches("0x[0-9a-f]{64}");
        assertThat(a.path("index").asLong()).isEqualTo(2);
        assertThat(a.path("stateHash").asText()).isEqualTo(b.path("stateHash").asText());
        assertThat(c.path("stateHash").asText()).isNotEqualTo(a.path("stateHash").asText());
    }

    @Test
    void withoutTheFlagTheLastLineIsNoHash() throws Exception {
        assertThat(replay(write("s.jsonl", String.join("\n", SCENARIO) + "\n"))).isEqualTo(0);
        assertThat(lastLineOf(stdout()).has("stateHash")).isFalse();
    }
}
