package dev.proverstaking.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proverstaking.common.Role;
import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.Genesis;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.common.GlobalParam;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the scenario format (shared/spec/scenario-format.md, plus this project's extensions in
 * docs/scenario-format.md) into a {@link Scenario}. The whole input is validated before anything
 * runs, so a malformed file produces no partial output: the first problem is reported with its line.
 */
public final class ScenarioParser {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ScenarioParser() {}

    public static Scenario parse(Reader input) throws IOException, ScenarioFormatException {
        BufferedReader reader = input instanceof BufferedReader b ? b : new BufferedReader(input);
        return parse(line -> reader.readLine());
    }

    /**
     * Parses UTF-8 bytes, decoding each line strictly: a line that is not valid UTF-8 is reported
     * with its number (a decoding reader would report where its read-ahead buffer happened to be).
     */
    public static Scenario parse(InputStream input) throws IOException, ScenarioFormatException {
        Utf8Lines lines = new Utf8Lines(input);
        return parse(lines::next);
    }

    /**
     * The longest line read, in bytes. Far above any valid line (Jackson refuses strings over 20
     * million characters), and it keeps an endless line from exhausting the heap before it is refused.
     */
    static final int MAX_LINE_BYTES = 32 << 20;

    /** Splits bytes into lines and decodes each strictly as UTF-8, reusing one buffer and decoder. */
    private static final class Utf8Lines {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int end;
        private boolean eof;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        private final java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);

        Utf8Lines(InputStream in) {
            this.in = in;
        }

        String next(int lineNumber) throws IOException, ScenarioFormatException {
            line.reset();
            boolean any = false;
            while (true) {
                if (pos == end) {
                    if (eof) break;
                    end = in.read(buf, 0, buf.length);
                    pos = 0;
                    if (end <= 0) {
                        end = 0;
                        eof = true;
                        break;
                    }
                }
                any = true;
                int nl = -1;
                for (int i = pos; i < end; i++) {
                    if (buf[i] == '\n') {
                        nl = i;
                        break;
                    }
                }
                if (nl >= 0) {
                    line.write(buf, pos, nl - pos);
                    pos = nl + 1;
                    return decode(lineNumber);
                }
                line.write(buf, pos, end - pos);
                pos = end;
                if (line.size() > MAX_LINE_BYTES) {
                    throw new ScenarioFormatException(lineNumber, "line longer than " + (MAX_LINE_BYTES >> 20) + " MiB");
                }
            }
            return any ? decode(lineNumber) : null;
        }

        private String decode(int lineNumber) throws ScenarioFormatException {
            byte[] bytes = line.toByteArray();
            int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            try {
                return decoder.reset().decode(ByteBuffer.wrap(bytes, 0, len)).toString();
            } catch (CharacterCodingException e) {
                throw new ScenarioFormatException(lineNumber, "not valid UTF-8 text");
            }
        }
    }

    @FunctionalInterface
    private interface LineSource {
        /** The text of line {@code line} (1-based), or null at the end. */
        String next(int line) throws IOException, ScenarioFormatException;
    }

    /** Jackson's "[Source: ...; line: 1, column: 9]" inside a message: the line is always 1 here. */
    private static final Pattern SOURCE_LOCATION = Pattern.compile("\\[Source: .*?; line: \\d+, column: (\\d+)\\]");

    /**
     * What is wrong with a line's JSON, in the user's terms: Jackson's message without its notes
     * about sources (each line is parsed on its own, so only the column means anything), and the
     * column where reading stopped.
     */
    private static String jsonProblem(JsonProcessingException e) {
        String message = SOURCE_LOCATION.matcher(e.getOriginalMessage()).replaceAll("column $1");
        JsonLocation at = e.getLocation();
        return at == null || at.getColumnNr() < 1 ? message : message + " (at column " + at.getColumnNr() + ")";
    }

    private static Scenario parse(LineSource lines) throws IOException, ScenarioFormatException {
        Genesis genesis = null;
        int genesisLine = 0;
        long lastT = 0;
        List<Scenario.Step> steps = new ArrayList<>();
        String text;
        int n = 0;
        while ((text = lines.next(n + 1)) != null) {
            n++;
            if (n == Integer.MAX_VALUE) {
                throw new ScenarioFormatException(n, "a scenario may have at most " + (Integer.MAX_VALUE - 1) + " lines");
            }
            if (text.isBlank()) continue;
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new ScenarioFormatException(n, "not valid JSON: " + jsonProblem(e));
            }
            if (node == null || !node.isObject()) {
                throw new ScenarioFormatException(n, "expected a JSON object");
            }
            Fields f = new Fields(n, node);
            String op = f.string("op");
            if (genesis == null) {
                if (!op.equals("genesis")) {
                    throw new ScenarioFormatException(n, "the first line must be the genesis, found op \"" + truncate(op) + "\"");
                }
                genesis = genesis(f);
                genesisLine = n;
                lastT = genesis.timestamp();
                continue;
            }
            // the command first, so that a misspelt op (or a second genesis) is named as such, not as
            // its missing fields
            Command command = op.equals("checkpoint") ? null : command(op, f);
            long t = f.timestamp();
            if (t < lastT) {
                throw new ScenarioFormatException(n, "time goes backwards: t=" + t + " after t=" + lastT);
            }
            lastT = t;
            if (command == null) {
                if (node.has("from")) f.address("from");
                steps.add(new Scenario.Checkpoint(n, t));
            } else {
                Address from = f.address("from");
                steps.add(new Scenario.Operation(n, new Transaction(from, t, command, f.nonce())));
            }
        }
        if (genesis == null) {
            throw new ScenarioFormatException(Math.max(n, 1), "empty scenario: no genesis line");
        }
        return new Scenario(genesisLine, genesis, steps);
    }

    private static Genesis genesis(Fields f) throws ScenarioFormatException {
        long t = f.timestamp();
        Address owner = f.address("owner");
        UInt256 min = f.uint("minSelfStake");
        boolean sameToken = f.bool("sameToken");
        Profile profile = Profile.SOLVENT;
        if (f.node.has("profile")) {
            String p = f.string("profile");
            try {
                profile = Profile.fromWireName(p);
            } catch (IllegalArgumentException e) {
                throw f.bad(e.getMessage());
            }
        }
        return new Genesis(t, owner, min, sameToken, profile);
    }

    private static Command command(String op, Fields f) throws ScenarioFormatException {
        switch (op) {
            case "mint":
                return new Command.Mint(f.token("token"), f.address("to"), f.uint("amount"));
            case "initProver":
                return new Command.InitProver(f.uint("minSelfStake"), f.uint("commissionRate"));
            case "stake":
                return new Command.Stake(f.address("prover"), f.uint("amount"));
            case "requestUnstake":
                return new Command.RequestUnstake(f.address("prover"), f.uint("amount"));
            case "requestUnstakeAll":
                return new Command.RequestUnstakeAll(f.address("prover"));
            case "completeUnstake":
                return new Command.CompleteUnstake(f.address("prover"));
            case "slash":
                return new Command.Slash(f.address("prover"), f.uint("percentage"));
            case "addRewards":
                return new Command.AddRewards(f.address("prover"), f.uint("amount"));
            case "withdrawRewards":
                return new Command.WithdrawRewards(f.address("prover"));
            case "updateCommissionRate":
                return new Command.UpdateCommissionRate(f.uint("rate"));
            case "updateMinSelfStake":
                return new Command.UpdateMinSelfStake(f.uint("amount"));
            case "retireProver":
                return new Command.RetireProver(f.address("prover"));
            case "unretireProver":
                return new Command.UnretireProver();
            case "deactivateProver":
                return new Command.DeactivateProver(f.address("prover"));
            case "reactivateProver":
                return new Command.ReactivateProver(f.address("prover"));
            case "setGlobalParam":
                return new Command.SetGlobalParam(f.param("param"), f.uint("value"));
            case "withdrawTreasury":
                return new Command.WithdrawTreasury(f.module("module"), f.address("to"), f.uint("amount"));
            case "grantRole":
                return new Command.GrantRole(f.role("role"), f.address("account"));
            case "revokeRole":
                return new Command.RevokeRole(f.role("role"), f.address("account"));
            case "transferOwnership":
                return new Command.TransferOwnership(f.module("module"), f.address("newOwner"));
            case "fundEmission":
                return new Command.FundEmission(f.uint("amount"));
            case "setEmissionRate":
                return new Command.SetEmissionRate(f.uint("ratePerSecond"));
            case "poke":
                return new Command.Poke(f.address("prover"));
            case "deposit":
                return new Command.Deposit(f.token("token"), f.address("to"), f.uint("amount"));
            case "withdraw":
                return new Command.Withdraw(f.token("token"), f.address("to"), f.uint("amount"));
            case "genesis":
                throw f.bad("a second genesis line (genesis is only the first line)");
            default:
                throw f.bad("unknown op \"" + truncate(op) + "\"");
        }
    }

    /** Typed access to one line's fields, every failure naming the line and the field. */
    private static final class Fields {
        private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
        final int line;
        final JsonNode node;

        Fields(int line, JsonNode node) {
            this.line = line;
            this.node = node;
        }

        ScenarioFormatException bad(String message) {
            return new ScenarioFormatException(line, message);
        }

        JsonNode require(String name) throws ScenarioFormatException {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) throw bad("missing field \"" + name + "\"");
            return v;
        }

        String string(String name) throws ScenarioFormatException {
            JsonNode v = require(name);
            if (!v.isTextual()) throw bad("field \"" + name + "\" must be a string");
            return v.textValue();
        }

        boolean bool(String name) throws ScenarioFormatException {
            JsonNode v = require(name);
            if (!v.isBoolean()) throw bad("field \"" + name + "\" must be true or false");
            return v.booleanValue();
        }

        Address address(String name) throws ScenarioFormatException {
            String s = string(name);
            try {
                return Address.parse(s);
            } catch (IllegalArgumentException e) {
                throw bad("field \"" + name + "\": " + e.getMessage());
            }
        }

        /** A non-negative integer below 2^256: a decimal string or a JSON integer. */
        UInt256 uint(String name) throws ScenarioFormatException {
            JsonNode v = require(name);
            if (v.isTextual()) {
                try {
                    return UInt256.parse(v.textValue());
                } catch (NumberFormatException e) {
                    throw bad("field \"" + name + "\" must be a non-negative decimal integer below 2^256, got \""
                            + truncate(v.textValue()) + "\"");
                }
            }
            if (v.isIntegralNumber()) {
                BigInteger b = v.bigIntegerValue();
                if (b.signum() < 0 || b.bitLength() > 256) {
                    throw bad("field \"" + name + "\" must be a non-negative integer below 2^256, got " + truncate(b.toString()));
                }
                return UInt256.of(b);
            }
            if (v.isNumber()) {
                throw bad("field \"" + name + "\" must be an integer, got " + truncate(v.asText()));
            }
            throw bad("field \"" + name + "\" must be a decimal string or an integer");
        }

        long timestamp() throws ScenarioFormatException {
            return nonNegativeLong("t", "seconds");
        }

        /** The optional nonce of a signed transaction (the node's history), or none. */
        long nonce() throws ScenarioFormatException {
            return node.has("nonce") ? nonNegativeLong("nonce", "") : Transaction.NO_NONCE;
        }

        private long nonNegativeLong(String name, String unit) throws ScenarioFormatException {
            UInt256 v = uint(name);
            if (v.toBigInteger().compareTo(LONG_MAX) > 0) {
                throw bad("field \"" + name + "\" is beyond 2^63 - 1" + (unit.isEmpty() ? "" : " " + unit));
            }
            return v.toBigInteger().longValue();
        }

        TokenKind token(String name) throws ScenarioFormatException {
            try {
                return TokenKind.fromWireName(string(name));
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
        }

        Module module(String name) throws ScenarioFormatException {
            try {
                return Module.fromWireName(string(name));
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
        }

        GlobalParam param(String name) throws ScenarioFormatException {
            try {
                return GlobalParam.fromWireName(string(name));
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
        }

        Role role(String name) throws ScenarioFormatException {
            try {
                return Role.fromWireName(string(name));
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
        }
    }

    private static String truncate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
