package dev.proverstaking.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proverstaking.common.Address;
import dev.proverstaking.common.GlobalParam;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.Role;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.node.Refusal;
import dev.proverstaking.signing.FieldType;
import dev.proverstaking.signing.Hex;
import dev.proverstaking.signing.TxField;
import dev.proverstaking.signing.TxType;
import dev.proverstaking.signing.TxTypes;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads one transaction's envelope (node-api.md): {@code {"op","args","nonce","deadline","signature","from"?}},
 * {@code op} and {@code args} exactly an op of the signed-ops table ({@link TxTypes}) and its fields.
 * Everything that can be refused without the signature's recovery is refused here, with the
 * spec's codes: {@code MalformedTransaction} (wrong types, missing or extra fields, numbers
 * negative or out of their type's range), {@code UnknownOp}, {@code BadSignature} (not 65 bytes of
 * hex). Thread-safe (stateless).
 *
 * <p>Numbers: amounts (every {@code uint256} field but {@code percentage}) are decimal strings; the
 * small integers {@code commissionRate}, {@code rate} and {@code percentage}, and {@code nonce} and
 * {@code deadline}, may be JSON integers or decimal strings. A decimal string is digits only
 * (leading zeros allowed). {@code uint64} fields take values below 2^64 (what can be signed), but a
 * nonce must be below 2^63 (no account gets further); a deadline at or above 2^63 means "never".
 */
final class TxDecoder {
    static final Set<String> ENVELOPE = Set.of("op", "args", "nonce", "deadline", "signature", "from");
    private static final Set<String> SMALL_INTEGERS = Set.of("commissionRate", "rate", "percentage");
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private TxDecoder() {}

    /**
     * A transaction read and checked up to its signature.
     *
     * @param message   the EIP-712 message: every arg as a Java value, then nonce and deadline
     * @param deadline  the deadline, 2^63 - 1 for any later one
     * @param signature the 65 bytes (their recovery is the verifier's)
     * @param from      the optional claimed sender, or null
     */
    record Decoded(TxType type, Map<String, Object> message, Command command, long nonce, long deadline,
                   byte[] signature, Address from) {}

    /** @throws ApiError with a refusal code when the envelope is not a transaction the node takes */
    static Decoded decode(JsonNode root) {
        if (root == null || !root.isObject()) throw ApiError.malformed("a transaction is a JSON object");
        JsonNode opNode = root.get("op");
        if (opNode == null || opNode.isNull()) throw ApiError.malformed("missing field \"op\"");
        if (!opNode.isTextual()) throw ApiError.malformed("\"op\" must be a string");
        String op = opNode.textValue();
        TxType type = TxTypes.find(op).orElseThrow(() -> unknownOp(op));
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!ENVELOPE.contains(f)) {
                throw ApiError.malformed("unknown field " + Json.quote(f) + " (a transaction has op, args, nonce, deadline, signature and, optionally, from)");
            }
        }
        for (String f : new String[] {"args", "nonce", "deadline", "signature"}) {
            JsonNode v = root.get(f);
            if (v == null || v.isNull()) throw ApiError.malformed("missing field \"" + f + "\"");
        }
        JsonNode args = root.get("args");
        if (!args.isObject()) throw ApiError.malformed("\"args\" must be an object with the fields of " + op);
        for (Iterator<String> it = args.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (type.args().stream().noneMatch(a -> a.name().equals(f))) {
                throw ApiError.malformed(op + " has no field " + Json.quote(f) + " (its fields: " + fieldList(type) + ")");
            }
        }
        Map<String, Object> message = new LinkedHashMap<>();
        for (TxField f : type.args()) {
            JsonNode v = args.get(f.name());
            if (v == null || v.isNull()) throw ApiError.malformed(op + ": missing field \"args." + f.name() + "\" (its fields: " + fieldList(type) + ")");
            message.put(f.name(), value(op, f, v));
        }
        BigInteger nonce = integer("nonce", root.get("nonce"), TWO_64);
        if (nonce.compareTo(LONG_MAX) > 0) throw ApiError.malformed("\"nonce\" " + nonce + " is beyond 2^63 - 1");
        BigInteger deadline = integer("deadline", root.get("deadline"), TWO_64);
        message.put(TxType.NONCE.name(), nonce.longValue());
        message.put(TxType.DEADLINE.name(), deadline);
        byte[] signature = signature(root.get("signature"));
        Address from = null;
        JsonNode fromNode = root.get("from");
        if (fromNode != null && !fromNode.isNull()) from = address("from", fromNode);
        Command command = command(op, message);
        long deadlineLong = deadline.compareTo(LONG_MAX) > 0 ? Long.MAX_VALUE : deadline.longValue();
        return new Decoded(type, message, command, nonce.longValue(), deadlineLong, signature, from);
    }

    private static ApiError unknownOp(String op) {
        String why = switch (op) {
            case "mint" -> ": mint is a scenario's test faucet; a node takes deposit (by a MINTER) instead";
            case "genesis", "checkpoint" -> ": " + op + " is a line of a scenario file, not a transaction";
            default -> "";
        };
        return ApiError.of(Refusal.UnknownOp, "unknown op " + Json.quote(op) + why + " (GET /v1/tx/types lists the ops)");
    }

    private static String fieldList(TxType type) {
        if (type.args().isEmpty()) return "none";
        StringBuilder sb = new StringBuilder();
        for (TxField f : type.args()) sb.append(sb.length() == 0 ? "" : ", ").append(f.name());
        return sb.toString();
    }

    private static Object value(String op, TxField f, JsonNode v) {
        String where = "args." + f.name();
        return switch (f.type()) {
            case ADDRESS -> address(where, v);
            case STRING -> {
                if (!v.isTextual()) throw ApiError.malformed("\"" + where + "\" must be a string");
                String s = v.textValue();
                try {
                    switch (f.name()) {
                        case "token" -> TokenKind.fromWireName(s);
                        case "module" -> Module.fromWireName(s);
                        case "param" -> GlobalParam.fromWireName(s);
                        case "role" -> Role.fromWireName(s);
                        default -> throw new IllegalStateException("a string field the node does not know: " + f.name());
                    }
                } catch (IllegalArgumentException e) {
                    throw ApiError.malformed("\"" + where + "\": " + e.getMessage().replace("\"" + s + "\"", Json.quote(s)));
                }
                yield s;
            }
            case UINT64 -> integer(where, v, TWO_64);
            case UINT256 -> {
                if (!SMALL_INTEGERS.contains(f.name()) && !v.isTextual()) {
                    throw ApiError.malformed("\"" + where + "\" must be a decimal string (amounts are strings, not JSON numbers)");
                }
                yield UInt256.of(integer(where, v, null));
            }
        };
    }

    /** A non-negative integer below {@code bound} (2^256 when null): a JSON integer or a decimal string. */
    private static BigInteger integer(String where, JsonNode v, BigInteger bound) {
        BigInteger b;
        if (v.isTextual()) {
            String s = v.textValue();
            try {
                b = UInt256.parse(s).toBigInteger();
            } catch (NumberFormatException e) {
                boolean digits = !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
                throw ApiError.malformed("\"" + where + "\" must be " + (digits ? "below 2^256" : "a non-negative decimal integer")
                        + ", not " + Json.quote(s));
            }
        } else if (v.isIntegralNumber()) {
            b = v.bigIntegerValue();
            if (b.signum() < 0) throw ApiError.malformed("\"" + where + "\" must not be negative: " + shorten(b));
            if (b.bitLength() > 256) throw ApiError.malformed("\"" + where + "\" must be below 2^256");
        } else if (v.isNumber()) {
            throw ApiError.malformed("\"" + where + "\" must be an integer, not " + shorten(v.asText()));
        } else {
            throw ApiError.malformed("\"" + where + "\" must be a decimal string" + (where.startsWith("args.") && !SMALL_INTEGERS.contains(where.substring(5)) ? "" : " or an integer"));
        }
        if (bound != null && b.compareTo(bound) >= 0) {
            throw ApiError.malformed("\"" + where + "\" is a uint64: it must be below 2^64, not " + shorten(b));
        }
        return b;
    }

    private static String shorten(Object o) {
        String s = String.valueOf(o);
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static Address address(String where, JsonNode v) {
        if (!v.isTextual()) throw ApiError.malformed("\"" + where + "\" must be an address string (0x and 40 hex digits)");
        try {
            return Address.parse(v.textValue());
        } catch (IllegalArgumentException e) {
            throw ApiError.malformed("\"" + where + "\" is not an address (0x and 40 hex digits): " + Json.quote(v.textValue()));
        }
    }

    private static byte[] signature(JsonNode v) {
        if (!v.isTextual()) throw ApiError.malformed("\"signature\" must be a string: 0x and 130 hex digits (r, s, v)");
        String s = v.textValue();
        byte[] bytes;
        try {
            bytes = Hex.decode(s);
        } catch (IllegalArgumentException e) {
            throw ApiError.of(Refusal.BadSignature, "the signature is not 0x-prefixed hex: 65 bytes r ‖ s ‖ v are 0x and 130 hex digits");
        }
        if (bytes.length != 65) {
            throw ApiError.of(Refusal.BadSignature, "a signature is 65 bytes r ‖ s ‖ v, not " + bytes.length);
        }
        return bytes;
    }

    private static UInt256 u(Map<String, Object> m, String name) {
        Object v = m.get(name);
        return v instanceof UInt256 u ? u : UInt256.of((BigInteger) v);
    }

    private static Address a(Map<String, Object> m, String name) {
        return (Address) m.get(name);
    }

    private static String s(Map<String, Object> m, String name) {
        return (String) m.get(name);
    }

    /** The core's command of a checked message. */
    static Command command(String op, Map<String, Object> m) {
        return switch (op) {
            case "initProver" -> new Command.InitProver(u(m, "minSelfStake"), u(m, "commissionRate"));
            case "stake" -> new Command.Stake(a(m, "prover"), u(m, "amount"));
            case "requestUnstake" -> new Command.RequestUnstake(a(m, "prover"), u(m, "amount"));
            case "requestUnstakeAll" -> new Command.RequestUnstakeAll(a(m, "prover"));
            case "completeUnstake" -> new Command.CompleteUnstake(a(m, "prover"));
            case "slash" -> new Command.Slash(a(m, "prover"), u(m, "percentage"));
            case "addRewards" -> new Command.AddRewards(a(m, "prover"), u(m, "amount"));
            case "withdrawRewards" -> new Command.WithdrawRewards(a(m, "prover"));
            case "updateCommissionRate" -> new Command.UpdateCommissionRate(u(m, "rate"));
            case "updateMinSelfStake" -> new Command.UpdateMinSelfStake(u(m, "amount"));
            case "retireProver" -> new Command.RetireProver(a(m, "prover"));
            case "unretireProver" -> new Command.UnretireProver();
            case "deactivateProver" -> new Command.DeactivateProver(a(m, "prover"));
            case "reactivateProver" -> new Command.ReactivateProver(a(m, "prover"));
            case "setGlobalParam" -> new Command.SetGlobalParam(GlobalParam.fromWireName(s(m, "param")), u(m, "value"));
            case "withdrawTreasury" -> new Command.WithdrawTreasury(Module.fromWireName(s(m, "module")), a(m, "to"), u(m, "amount"));
            case "grantRole" -> new Command.GrantRole(Role.fromWireName(s(m, "role")), a(m, "account"));
            case "revokeRole" -> new Command.RevokeRole(Role.fromWireName(s(m, "role")), a(m, "account"));
            case "transferOwnership" -> new Command.TransferOwnership(Module.fromWireName(s(m, "module")), a(m, "newOwner"));
            case "fundEmission" -> new Command.FundEmission(u(m, "amount"));
            case "setEmissionRate" -> new Command.SetEmissionRate(u(m, "ratePerSecond"));
            case "poke" -> new Command.Poke(a(m, "prover"));
            case "deposit" -> new Command.Deposit(TokenKind.fromWireName(s(m, "token")), a(m, "to"), u(m, "amount"));
            case "withdraw" -> new Command.Withdraw(TokenKind.fromWireName(s(m, "token")), a(m, "to"), u(m, "amount"));
            default -> throw new IllegalStateException("an op of the table without a command: " + op);
        };
    }

    /** Every op of the table has a command (checked when the server starts, and by a test). */
    static void checkTable() {
        for (TxType t : TxTypes.all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (TxField f : t.args()) {
                m.put(f.name(), switch (f.type()) {
                    case ADDRESS -> Address.ZERO;
                    case UINT64 -> BigInteger.ZERO;
                    case UINT256 -> UInt256.ZERO;
                    case STRING -> switch (f.name()) {
                        case "token" -> "stake";
                        case "module" -> "staking";
                        case "param" -> "UnstakeDelay";
                        default -> "SLASHER";
                    };
                });
            }
            if (!command(t.op(), m).op().name().equals(t.op())) throw new IllegalStateException("op " + t.op() + " maps to another command");
        }
    }

    static boolean isAmountType(FieldType type, String name) {
        return type == FieldType.UINT256 && !SMALL_INTEGERS.contains(name);
    }
}
