package dev.proverstaking.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed scenario files are rejected with the offending line; well-formed variants parse alike. */
class ScenarioParserTest {
    static final String OWNER = "0x00000000000000000000000000000000000000a0";
    static final String A1 = "0x00000000000000000000000000000000000000a1";
    static final String B1 = "0x00000000000000000000000000000000000000b1";
    static final String GENESIS =
            "{\"op\":\"genesis\",\"t\":1000,\"owner\":\"" + OWNER + "\",\"minSelfStake\":\"100\",\"sameToken\":false}";
    static final String TWO_POW_256 = BigInteger.ONE.shiftLeft(256).toString();
    static final String TWO_POW_256_MINUS_1 = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE).toString();

    // ------------------------------------------------------------------ helpers

    private static Scenario parse(String... lines) throws Exception {
        return ScenarioParser.parse(new StringReader(String.join("\n", lines)));
    }

    /** Parses and expects a format error; returns it. */
    private static ScenarioFormatException reject(String... lines) {
        ScenarioFormatException e = catchThrowableOfType(() -> parse(lines), ScenarioFormatException.class);
        assertThat(e).as("a ScenarioFormatException for %s", List.of(lines)).isNotNull();
        return e;
    }

    /** Expects line {@code line} to be reported, with every one of {@code words} in the message. */
    private static void assertRejected(int line, List<String> words, String... lines) {
        ScenarioFormatException e = reject(lines);
        assertThat(e.line()).as("line of: %s", e.getMessage()).isEqualTo(line);
        assertThat(e.getMessage()).startsWith("line " + line + ":");
        for (String w : words) assertThat(e.getMessage()).containsIgnoringCase(w);
    }

    private static String mint(String amountJson) {
        return "{\"op\":\"mint\",\"t\":1000,\"from\":\"" + A1 + "\",\"token\":\"stake\",\"to\":\"" + A1
                + "\",\"amount\":" + amountJson + "}";
    }

    private static String stake(String prover) {
        return "{\"op\":\"stake\",\"t\":1000,\"from\":\"" + A1 + "\",\"prover\":" + prover + ",\"amount\":\"5\"}";
    }

    private static Command onlyCommand(Scenario s) {
        assertThat(s.steps()).hasSize(1);
        return ((Scenario.Operation) s.steps().get(0)).tx().command();
    }

    // ------------------------------------------------------------------ JSON-level problems

    @Test
    void badJson() {
        assertRejected(2, List.of("JSON"), GENESIS, "{\"op\":\"mint\",\"t\":1000,");
        assertRejected(3, List.of("JSON"), GENESIS, mint("\"1\""), "{op:\"mint\"}");
        assertRejected(1, List.of("JSON"), "{\"op\":\"genesis\"");
        assertRejected(2, List.of("JSON"), GENESIS, "not json at all");
    }

    @Test
    void badJsonIsExplainedInTheLinesTermsNotJacksons() {
        String unclosed = reject("{\"op\":\"genesis\"").getMessage();
        assertThat(unclosed).doesNotContain("Source:", "REDACTED", "StreamReadFeature")
                .contains("start marker at column 1").endsWith("(at column 16)"); // just past the 15 characters
        String garbage = reject(GENESIS, "{\"op\": garbage}").getMessage();
        assertThat(garbage).startsWith("line 2: not valid JSON: ").doesNotContain("Source:").contains("garbage").contains("(at column ");
    }

    @Test
    void aLineThatIsNotAnObject() {
        assertRejected(2, List.of("object"), GENESIS, "[1,2,3]");
        assertRejected(2, List.of("object"), GENESIS, "\"checkpoint\"");
        assertRejected(2, List.of("object"), GENESIS, "42");
        assertRejected(2, List.of("object"), GENESIS, "null");
        assertRejected(1, List.of("object"), "[" + GENESIS + "]");
    }

    @Test
    void duplicateKeysInOneObject() {
        assertRejected(2, List.of("duplicate", "amount"), GENESIS,
                "{\"op\":\"mint\",\"t\":1000,\"from\":\"" + A1 + "\",\"token\":\"stake\",\"to\":\"" + A1
                        + "\",\"amount\":\"1\",\"amount\":\"2\"}");
        assertRejected(1, List.of("duplicate", "op"), "{\"op\":\"genesis\",\"op\":\"genesis\",\"t\":1000,\"owner\":\""
                + OWNER + "\",\"minSelfStake\":\"100\",\"sameToken\":false}");
    }

    @Test
    void trailingGarbageAfterTheObject() {
        assertRejected(2, List.of(), GENESIS, mint("\"1\"") + " x");
        assertRejected(2, List.of(), GENESIS, mint("\"1\"") + "}");
        assertRejected(2, List.of(), GENESIS, mint("\"1\"") + mint("\"1\""));
        assertRejected(2, List.of(), GENESIS, mint("\"1\"") + ",");
        assertRejected(1, List.of(), GENESIS + " 7");
    }

    // ------------------------------------------------------------------ op-level problems

    @Test
    void unknownOp() {
        assertRejected(2, List.of("unknown op", "frobnicate"), GENESIS,
                "{\"op\":\"frobnicate\",\"t\":1000,\"from\":\"" + A1 + "\"}");
        // op names are case-sensitive
        assertRejected(2, List.of("unknown op", "Mint"), GENESIS,
                mint("\"1\"").replace("\"op\":\"mint\"", "\"op\":\"Mint\""));
        // a misspelt op is named as such, not as the fields its line lacks
        assertRejected(2, List.of("unknown op", "nope"), GENESIS, "{\"op\":\"nope\"}");
        assertRejected(2, List.of("unknown op", "stak"), GENESIS, "{\"op\":\"stak\",\"t\":1000}");
    }

    @Test
    void missingOp() {
        assertRejected(2, List.of("missing", "op"), GENESIS, "{\"t\":1000,\"from\":\"" + A1 + "\"}");
        assertRejected(2, List.of("op"), GENESIS, "{\"op\":7,\"t\":1000,\"from\":\"" + A1 + "\"}");
    }

    @Test
    void missingAddressField() {
        assertRejected(2, List.of("missing", "prover"), GENESIS,
                "{\"op\":\"stake\",\"t\":1000,\"from\":\"" + A1 + "\",\"amount\":\"5\"}");
        assertRejected(2, List.of("missing", "from"), GENESIS,
                "{\"op\":\"stake\",\"t\":1000,\"prover\":\"" + A1 + "\",\"amount\":\"5\"}");
        assertRejected(1, List.of("missing", "owner"),
                "{\"op\":\"genesis\",\"t\":1000,\"minSelfStake\":\"100\",\"sameToken\":false}");
        // null counts as missing
        assertRejected(2, List.of("prover"), GENESIS, stake("null"));
        // a number is not an address
        assertRejected(2, List.of("prover"), GENESIS, stake("161"));
    }

    @Test
    void missingAmountField() {
        assertRejected(2, List.of("missing", "amount"), GENESIS,
                "{\"op\":\"stake\",\"t\":1000,\"from\":\"" + A1 + "\",\"prover\":\"" + A1 + "\"}");
        assertRejected(2, List.of("missing", "t"), GENESIS,
                "{\"op\":\"stake\",\"from\":\"" + A1 + "\",\"prover\":\"" + A1 + "\",\"amount\":\"5\"}");
        assertRejected(1, List.of("missing", "minSelfStake"),
                "{\"op\":\"genesis\",\"t\":1000,\"owner\":\"" + OWNER + "\",\"sameToken\":false}");
        assertRejected(2, List.of("amount"), GENESIS, mint("null"));
        assertRejected(2, List.of("amount"), GENESIS, mint("true"));
        assertRejected(2, List.of("amount"), GENESIS, mint("[1]"));
    }

    @Test
    void missingBooleanField() {
        assertRejected(1, List.of("missing", "sameToken"),
                "{\"op\":\"genesis\",\"t\":1000,\"owner\":\"" + OWNER + "\",\"minSelfStake\":\"100\"}");
        assertRejected(1, List.of("sameToken"), GENESIS.replace("\"sameToken\":false", "\"sameToken\":\"false\""));
        assertRejected(1, List.of("sameToken"), GENESIS.replace("\"sameToken\":false", "\"sameToken\":0"));
    }

    // ------------------------------------------------------------------ numbers

    @Test
    void negativeNumbers() {
        assertRejected(2, List.of("amount", "-1"), GENESIS, mint("\"-1\""));
        assertRejected(2, List.of("amount", "-1"), GENESIS, mint("-1"));
        assertRejected(2, List.of("amount"), GENESIS, mint("\"-0\""));
        assertRejected(2, List.of("t"), GENESIS, mint("\"1\"").replace("\"t\":1000", "\"t\":-5"));
    }

    @Test
    void fractionalNumbers() {
        assertRejected(2, List.of("amount", "1.5"), GENESIS, mint("1.5"));
        assertRejected(2, List.of("amount"), GENESIS, mint("1e3"));
        assertRejected(2, List.of("amount"), GENESIS, mint("1E3"));
        assertRejected(2, List.of("amount"), GENESIS, mint("1.0"));
        assertRejected(2, List.of("amount", "1.0"), GENESIS, mint("\"1.0\""));
        assertRejected(2, List.of("amount", "1e3"), GENESIS, mint("\"1e3\""));
        assertRejected(2, List.of("t"), GENESIS, mint("\"1\"").replace("\"t\":1000", "\"t\":1000.5"));
    }

    @Test
    void numbersAtOrAbove2Pow256() {
        assertRejected(2, List.of("amount", "2^256"), GENESIS, mint("\"" + TWO_POW_256 + "\""));
        assertRejected(2, List.of("amount", "2^256"), GENESIS, mint(TWO_POW_256));
        assertRejected(2, List.of("amount"), GENESIS, mint("\"" + TWO_POW_256 + "0\""));
        assertRejected(2, List.of("amount"), GENESIS, mint(TWO_POW_256 + "0"));
        assertRejected(2, List.of("amount"), GENESIS, mint("\"" + "9".repeat(200) + "\""));
        assertRejected(2, List.of("amount"), GENESIS, mint("9".repeat(200)));
    }

    @Test
    void twoPow256Minus1IsAccepted() throws Exception {
        UInt256 max = UInt256.of(new BigInteger(TWO_POW_256_MINUS_1));
        assertThat(max).isEqualTo(UInt256.MAX);
        Command asString = onlyCommand(parse(GENESIS, mint("\"" + TWO_POW_256_MINUS_1 + "\"")));
        Command asNumber = onlyCommand(parse(GENESIS, mint(TWO_POW_256_MINUS_1)));
        assertThat(((Command.Mint) asString).amount()).isEqualTo(UInt256.MAX);
        assertThat(asNumber).isEqualTo(asString);
        // and in the genesis
        Scenario g = parse(GENESIS.replace("\"100\"", "\"" + TWO_POW_256_MINUS_1 + "\""));
        assertThat(g.genesis().globalMinSelfStake()).isEqualTo(UInt256.MAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x10", "+1", " 1", "1 ", "", "1_000", "１", "0b1", "NaN", "Infinity", "1,000", "\\u0031\\u0032x"})
    void nonDecimalStringsAreRejected(String s) {
        ScenarioFormatException e = reject(GENESIS, mint("\"" + s + "\""));
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).contains("amount");
    }

    @Test
    void timestampBeyondALongIsRejectedNotWrapped() {
        assertRejected(2, List.of("t"), GENESIS, mint("\"1\"").replace("\"t\":1000", "\"t\":" + TWO_POW_256_MINUS_1));
    }

    // ------------------------------------------------------------------ addresses

    @Test
    void addressesOfTheWrongLength() {
        String hex39 = "0x" + "0".repeat(37) + "a1";
        String hex41 = "0x" + "0".repeat(39) + "a1";
        assertThat(hex39).hasSize(41);
        assertThat(hex41).hasSize(43);
        assertRejected(2, List.of("prover", "address"), GENESIS, stake("\"" + hex39 + "\""));
        assertRejected(2, List.of("prover", "address"), GENESIS, stake("\"" + hex41 + "\""));
        assertRejected(2, List.of("prover"), GENESIS, stake("\"\""));
        assertRejected(2, List.of("prover"), GENESIS, stake("\"0x\""));
        // 42 characters but no 0x prefix
        assertRejected(2, List.of("prover"), GENESIS, stake("\"00" + "0".repeat(38) + "a1\""));
    }

    @Test
    void addressesWithNonHexCharacters() {
        assertRejected(2, List.of("prover", "address"), GENESIS, stake("\"0x" + "0".repeat(38) + "g1\""));
        assertRejected(2, List.of("prover"), GENESIS, stake("\"0x" + "0".repeat(38) + " 1\""));
        assertRejected(2, List.of("prover"), GENESIS, stake("\"0x" + "0".repeat(38) + "-1\""));
        assertRejected(2, List.of("from"), GENESIS, stake("\"" + A1 + "\"").replace("\"from\":\"" + A1 + "\"",
                "\"from\":\"0x" + "z".repeat(40) + "\""));
        assertRejected(1, List.of("owner"), GENESIS.replace(OWNER, "0x" + "0".repeat(39) + "Z"));
    }

    /**
     * "0x + 40 hex digits" means ASCII hex digits. Non-ASCII characters that Java's
     * Character.digit(c, 16) happens to accept (fullwidth digits and letters, other scripts'
     * decimal digits) must not parse into some other address.
     */
    @ParameterizedTest
    @ValueSource(strings = {"\uFF11", "\uFF21", "\uFF41", "\u0661", "\u0967"})
    void addressesWithNonAsciiDigitsAreRejected(String digit) {
        String address = "0x" + "0".repeat(39) + digit;
        assertThat(address).hasSize(42);
        assertRejected(2, List.of("prover"), GENESIS, stake("\"" + address + "\""));
    }

    @Test
    void addressesAreCaseInsensitive() throws Exception {
        String mixed = "0xAbCdEf0000000000000000000000000000AbCdEf";
        Command upper = onlyCommand(parse(GENESIS, stake("\"" + mixed + "\"")));
        Command lower = onlyCommand(parse(GENESIS, stake("\"" + mixed.toLowerCase() + "\"")));
        assertThat(upper).isEqualTo(lower);
        Address a = ((Command.Stake) upper).prover();
        assertThat(a).isEqualTo(Address.parse(mixed.toLowerCase()));
        assertThat(a.toString()).isEqualTo(mixed.toLowerCase());
        // the sender and the genesis owner too
        Scenario s = parse(GENESIS.replace(OWNER, OWNER.toUpperCase().replace("0X", "0x")),
                stake("\"" + A1 + "\"").replace("\"from\":\"" + A1, "\"from\":\"" + A1.toUpperCase().replace("0X", "0x")));
        assertThat(s.genesis().owner()).isEqualTo(Address.parse(OWNER));
        assertThat(((Scenario.Operation) s.steps().get(0)).tx().sender()).isEqualTo(Address.parse(A1));
    }

    // ------------------------------------------------------------------ ordering and structure

    @Test
    void timeGoingBackwards() {
        assertRejected(3, List.of("time", "backwards"), GENESIS, mint("\"1\"").replace("\"t\":1000", "\"t\":2000"),
                mint("\"1\"").replace("\"t\":1000", "\"t\":1999"));
        assertRejected(2, List.of("backwards"), GENESIS, mint("\"1\"").replace("\"t\":1000", "\"t\":999"));
        assertRejected(3, List.of("backwards"), GENESIS, mint("\"1\"").replace("\"t\":1000", "\"t\":2000"),
                "{\"op\":\"checkpoint\",\"t\":1500}");
    }

    @Test
    void equalTimesAreFine() throws Exception {
        Scenario s = parse(GENESIS, mint("\"1\""), mint("\"2\""), "{\"op\":\"checkpoint\",\"t\":1000}");
        assertThat(s.steps()).hasSize(3);
    }

    @Test
    void aFirstLineThatIsNotGenesis() {
        assertRejected(1, List.of("genesis"), mint("\"1\""), GENESIS);
        assertRejected(1, List.of("genesis"), "{\"op\":\"checkpoint\",\"t\":1000}");
        assertRejected(2, List.of("genesis"), "", mint("\"1\""));
    }

    @Test
    void aSecondGenesisWithAFromField() {
        assertRejected(3, List.of("genesis"), GENESIS, mint("\"1\""),
                GENESIS.replace("{\"op\":\"genesis\",", "{\"op\":\"genesis\",\"from\":\"" + OWNER + "\","));
    }

    /**
     * A second genesis line as one would write it (genesis lines have no "from", e.g. two scenario
     * files concatenated): the message must name the second genesis, not a missing "from".
     */
    @Test
    void aSecondGenesisAsWrittenIsReportedAsSuch() {
        assertRejected(3, List.of("genesis"), GENESIS, mint("\"1\""), GENESIS);
    }

    @Test
    void anEmptyFile() {
        assertRejected(1, List.of("empty"), "");
        ScenarioFormatException blank = reject("", "   ", "\t");
        assertThat(blank.getMessage()).containsIgnoringCase("genesis");
    }

    // ------------------------------------------------------------------ enumerations

    @Test
    void unknownToken() {
        assertRejected(2, List.of("token", "gold"), GENESIS, mint("\"1\"").replace("\"token\":\"stake\"", "\"token\":\"gold\""));
        assertRejected(2, List.of("token"), GENESIS, mint("\"1\"").replace("\"token\":\"stake\"", "\"token\":\"STAKE\""));
        assertRejected(2, List.of("missing", "token"), GENESIS, mint("\"1\"").replace("\"token\":\"stake\",", ""));
    }

    @Test
    void unknownModule() {
        assertRejected(2, List.of("module", "treasury"), GENESIS, "{\"op\":\"withdrawTreasury\",\"t\":1000,\"from\":\""
                + OWNER + "\",\"module\":\"treasury\",\"to\":\"" + A1 + "\",\"amount\":\"1\"}");
        assertRejected(2, List.of("module", "Staking"), GENESIS, "{\"op\":\"transferOwnership\",\"t\":1000,\"from\":\""
                + OWNER + "\",\"module\":\"Staking\",\"newOwner\":\"" + A1 + "\"}");
    }

    @Test
    void unknownParam() {
        assertRejected(2, List.of("param", "unstakeDelay"), GENESIS, "{\"op\":\"setGlobalParam\",\"t\":1000,\"from\":\""
                + OWNER + "\",\"param\":\"unstakeDelay\",\"value\":\"1\"}");
        assertRejected(2, List.of("missing", "value"), GENESIS, "{\"op\":\"setGlobalParam\",\"t\":1000,\"from\":\""
                + OWNER + "\",\"param\":\"UnstakeDelay\"}");
    }

    @Test
    void unknownRole() {
        assertRejected(2, List.of("role", "ADMIN"), GENESIS, "{\"op\":\"grantRole\",\"t\":1000,\"from\":\""
                + OWNER + "\",\"role\":\"ADMIN\",\"account\":\"" + A1 + "\"}");
        assertRejected(2, List.of("role", "slasher"), GENESIS, "{\"op\":\"revokeRole\",\"t\":1000,\"from\":\""
                + OWNER + "\",\"role\":\"slasher\",\"account\":\"" + A1 + "\"}");
    }

    @Test
    void unknownProfile() {
        assertRejected(1, List.of("profile", "exact"), GENESIS.replace("}", ",\"profile\":\"exact\"}"));
        assertRejected(1, List.of("profile"), GENESIS.replace("}", ",\"profile\":\"Reference\"}"));
        assertRejected(1, List.of("profile"), GENESIS.replace("}", ",\"profile\":1}"));
    }

    // ------------------------------------------------------------------ positive cases

    @Test
    void jsonNumberAndStringAmountsParseEqual() throws Exception {
        assertThat(onlyCommand(parse(GENESIS, mint("12345678901234567890123"))))
                .isEqualTo(onlyCommand(parse(GENESIS, mint("\"12345678901234567890123\""))));
        assertThat(onlyCommand(parse(GENESIS, mint("0")))).isEqualTo(onlyCommand(parse(GENESIS, mint("\"0\""))));
        Command.Mint m = (Command.Mint) onlyCommand(parse(GENESIS, mint("7")));
        assertThat(m.amount()).isEqualTo(UInt256.of(7));
        assertThat(m.token()).isEqualTo(TokenKind.STAKE);
        // t as a string and as a number
        Scenario a = parse(GENESIS, mint("\"1\"").replace("\"t\":1000", "\"t\":\"1234\""));
        assertThat(a.steps().get(0).timestamp()).isEqualTo(1234L);
    }

    @Test
    void profileAbsentMeansSolvent() throws Exception {
        assertThat(parse(GENESIS).genesis().profile()).isEqualTo(Profile.SOLVENT);
        assertThat(parse(GENESIS.replace("}", ",\"profile\":\"solvent\"}")).genesis().profile()).isEqualTo(Profile.SOLVENT);
        assertThat(parse(GENESIS.replace("}", ",\"profile\":\"reference\"}")).genesis().profile()).isEqualTo(Profile.REFERENCE);
    }

    @Test
    void theGenesisFields() throws Exception {
        Scenario s = parse(GENESIS.replace("false", "true"));
        assertThat(s.genesisLine()).isEqualTo(1);
        assertThat(s.genesis().timestamp()).isEqualTo(1000L);
        assertThat(s.genesis().owner()).isEqualTo(Address.parse(OWNER));
        assertThat(s.genesis().globalMinSelfStake()).isEqualTo(UInt256.of(100));
        assertThat(s.genesis().sameToken()).isTrue();
        assertThat(s.steps()).isEmpty();
    }

    @Test
    void blankLinesAreSkippedButCounted() throws Exception {
        Scenario s = parse("", GENESIS, "", "   ", mint("\"1\""), "\t", "{\"op\":\"checkpoint\",\"t\":1000}", "");
        assertThat(s.genesisLine()).isEqualTo(2);
        assertThat(s.steps()).hasSize(2);
        assertThat(s.steps().get(0)).isInstanceOf(Scenario.Operation.class);
        assertThat(s.steps().get(0).line()).isEqualTo(5);
        assertThat(s.steps().get(1)).isInstanceOf(Scenario.Checkpoint.class);
        assertThat(s.steps().get(1).line()).isEqualTo(7);
        // and an error after blank lines names the physical line
        assertRejected(6, List.of("unknown op"), GENESIS, "", mint("\"1\""), "", "  ",
                "{\"op\":\"nope\",\"t\":1000,\"from\":\"" + A1 + "\"}");
    }

    @Test
    void crlfLineEndingsAreAccepted() throws Exception {
        Scenario s = ScenarioParser.parse(new StringReader(GENESIS + "\r\n" + mint("\"1\"") + "\r\n\r\n"
                + "{\"op\":\"checkpoint\",\"t\":1000}\r\n"));
        assertThat(s.steps()).extracting(Scenario.Step::line).containsExactly(2, 4);
    }

    @Test
    void everyOpParses() throws Exception {
        String f = ",\"t\":1000,\"from\":\"" + A1 + "\"";
        String pa = ",\"prover\":\"" + B1 + "\"";
        Scenario s = parse(GENESIS,
                "{\"op\":\"mint\"" + f + ",\"token\":\"reward\",\"to\":\"" + B1 + "\",\"amount\":\"1\"}",
                "{\"op\":\"initProver\"" + f + ",\"minSelfStake\":\"1\",\"commissionRate\":100}",
                "{\"op\":\"stake\"" + f + pa + ",\"amount\":\"1\"}",
                "{\"op\":\"requestUnstake\"" + f + pa + ",\"amount\":\"1\"}",
                "{\"op\":\"requestUnstakeAll\"" + f + pa + "}",
                "{\"op\":\"completeUnstake\"" + f + pa + "}",
                "{\"op\":\"slash\"" + f + pa + ",\"percentage\":1000}",
                "{\"op\":\"addRewards\"" + f + pa + ",\"amount\":\"1\"}",
                "{\"op\":\"withdrawRewards\"" + f + pa + "}",
                "{\"op\":\"updateCommissionRate\"" + f + ",\"rate\":5}",
                "{\"op\":\"updateMinSelfStake\"" + f + ",\"amount\":\"1\"}",
                "{\"op\":\"retireProver\"" + f + pa + "}",
                "{\"op\":\"unretireProver\"" + f + "}",
                "{\"op\":\"deactivateProver\"" + f + pa + "}",
                "{\"op\":\"reactivateProver\"" + f + pa + "}",
                "{\"op\":\"setGlobalParam\"" + f + ",\"param\":\"MaxSlashPercentage\",\"value\":\"1\"}",
                "{\"op\":\"withdrawTreasury\"" + f + ",\"module\":\"rewards\",\"to\":\"" + B1 + "\",\"amount\":\"1\"}",
                "{\"op\":\"grantRole\"" + f + ",\"role\":\"SLASHER\",\"account\":\"" + B1 + "\"}",
                "{\"op\":\"revokeRole\"" + f + ",\"role\":\"SLASHER\",\"account\":\"" + B1 + "\"}",
                "{\"op\":\"transferOwnership\"" + f + ",\"module\":\"staking\",\"newOwner\":\"" + B1 + "\"}",
                "{\"op\":\"checkpoint\",\"t\":1000}");
        assertThat(s.steps()).hasSize(21);
        assertThat(s.steps().subList(0, 20)).allSatisfy(st -> assertThat(st).isInstanceOf(Scenario.Operation.class));
        assertThat(s.steps().subList(0, 20)).extracting(st -> ((Scenario.Operation) st).tx().command().op().name())
                .containsExactly("mint", "initProver", "stake", "requestUnstake", "requestUnstakeAll", "completeUnstake",
                        "slash", "addRewards", "withdrawRewards", "updateCommissionRate", "updateMinSelfStake",
                        "retireProver", "unretireProver", "deactivateProver", "reactivateProver", "setGlobalParam",
                        "withdrawTreasury", "grantRole", "revokeRole", "transferOwnership");
    }
}
