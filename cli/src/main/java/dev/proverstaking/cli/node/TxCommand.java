package dev.proverstaking.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.signing.DevAccounts;
import dev.proverstaking.signing.FieldType;
import dev.proverstaking.signing.Hex;
import dev.proverstaking.signing.KeyFile;
import dev.proverstaking.signing.KeyFileException;
import dev.proverstaking.signing.SigningKey;
import dev.proverstaking.signing.TxField;
import dev.proverstaking.signing.TxType;
import dev.proverstaking.signing.TxTypedData;
import dev.proverstaking.signing.TxTypes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tx OP --key FILE|--dev N [--node URL] [field=value ...]}: signs one transaction and sends it. */
@Command(name = "tx",
        description = {"Sign one transaction (EIP-712, for the node's chain id) and send it to a node; print its outcome.",
                "Fields are the op's (GET /v1/tx/types; `prover-staking tx OP` without them lists them) as field=value.",
                "Amounts are in token units, converted with the token's decimals from the node: amount=12.5;"
                        + " a value ending in wei is raw units (the smallest unit, whatever the token): amount=1500wei.",
                "Addresses may be dev:N for dev account N. percentage (ppm) also takes N%% (2.5%% = 25000 ppm);"
                        + " commissionRate and rate are basis points.",
                "The nonce is the sender's next one, read from the node (--nonce to set it); the deadline is now + --ttl.",
                "Exit status: 0 applied and succeeded, 1 refused (by the ledger, or by the node before its log) or the node"
                        + " could not be reached, 2 usage error."})
public final class TxCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Parameters(index = "0", paramLabel = "OP", description = "the operation: stake, requestUnstake, initProver, ... (GET /v1/tx/types)")
    String op;

    @Parameters(index = "1..*", paramLabel = "FIELD=VALUE", description = "the op's fields")
    List<String> fields = new ArrayList<>();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Signer signer;

    static final class Signer {
        @Option(names = "--key", paramLabel = "FILE", description = "sign with the key in this key file (keygen --out FILE)")
        Path keyFile;

        @Option(names = "--dev", paramLabel = "N", description = "sign with dev account N (0..9; public keys: the dev chain only)")
        Integer dev;
    }

    @Option(names = "--node", paramLabel = "URL", description = "the node (default: ${DEFAULT-VALUE}, or $PROVER_STAKING_NODE)",
            defaultValue = "${env:PROVER_STAKING_NODE:-" + NodeClient.DEFAULT_URL + "}")
    String url;

    @Option(names = "--nonce", paramLabel = "N", description = "the nonce to sign (default: the sender's next, from the node)")
    Long nonce;

    @Option(names = "--ttl", paramLabel = "SECONDS", defaultValue = "300", description = "the deadline is now plus this (default: ${DEFAULT-VALUE})")
    long ttl;

    @Option(names = "--json", description = "print the node's answer as it is (JSON)")
    boolean json;

    @Override
    public Integer call() {
        TxType type = TxTypes.find(op).orElse(null);
        if (type == null) {
            System.err.println("prover-staking tx: unknown op \"" + op + "\"; the ops: "
                    + String.join(", ", TxTypes.all().stream().map(TxType::op).toList()));
            return 2;
        }
        if (ttl < 1) {
            System.err.println("prover-staking tx: --ttl must be at least 1 second");
            return 2;
        }
        SigningKey key;
        try {
            key = signer.keyFile != null ? KeyFile.read(signer.keyFile) : devKey(signer.dev);
        } catch (KeyFileException | IllegalArgumentException e) {
            System.err.println("prover-staking tx: " + e.getMessage());
            return 2;
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (String f : fields) {
            int eq = f.indexOf('=');
            if (eq <= 0) {
                System.err.println("prover-staking tx: \"" + f + "\" is not FIELD=VALUE; " + op + "'s fields: " + fieldList(type));
                return 2;
            }
            if (given.put(f.substring(0, eq), f.substring(eq + 1)) != null) {
                System.err.println("prover-staking tx: " + f.substring(0, eq) + " given twice");
                return 2;
            }
        }
        for (String name : given.keySet()) {
            if (type.args().stream().noneMatch(a -> a.name().equals(name))) {
                System.err.println("prover-staking tx: " + op + " has no field " + name + "; its fields: " + fieldList(type));
                return 2;
            }
        }
        for (TxField f : type.args()) {
            if (!given.containsKey(f.name())) {
                System.err.println("prover-staking tx: " + op + " needs " + f.name() + "; its fields: " + fieldList(type));
                return 2;
            }
        }
        try {
            NodeClient node = new NodeClient(url);
            JsonNode types = node.get("/v1/tx/types");
            long chainId = types.path("domain").path("chainId").asLong();
            Tokens tokens = Tokens.of(node);
            Map<String, Object> message = new LinkedHashMap<>();
            ObjectNode args = NodeClient.JSON.createObjectNode();
            for (TxField f : type.args()) {
                String text = given.get(f.name());
                Object v;
                try {
                    v = value(f, text, given, tokens);
                } catch (IllegalArgumentException e) {
                    System.err.println("prover-staking tx: " + f.name() + ": " + e.getMessage());
                    return 2;
                }
                message.put(f.name(), v);
                if (v instanceof Address a) args.put(f.name(), a.toString());
                else if (v instanceof String s) args.put(f.name(), s);
                else if (f.type() == FieldType.UINT64) args.put(f.name(), (Long) v);
                else args.put(f.name(), v.toString());
            }
            long n = nonce != null ? nonce : node.get("/v1/accounts/" + key.address()).path("nonce").asLong();
            long deadline = Instant.now().getEpochSecond() + ttl;
            byte[] digest;
            try {
                digest = TxTypedData.forChain(chainId).digest(op, message, n, deadline);
            } catch (IllegalArgumentException e) {
                System.err.println("prover-staking tx: " + e.getMessage());
                return 2;
            }
            ObjectNode envelope = NodeClient.JSON.createObjectNode();
            envelope.put("op", op);
            envelope.set("args", args);
            envelope.put("nonce", n);
            envelope.put("deadline", deadline);
            envelope.put("signature", Hex.encode(key.sign(digest)));
            envelope.put("from", key.address().toString());
            NodeClient.Reply r = node.post("/v1/tx", envelope);
            if (json) {
                System.out.println(r.body() == null ? "" : r.body().toString());
            }
            if (r.status() == 200 && r.body() != null && r.body().has("ok")) {
                JsonNode b = r.body();
                boolean ok = b.path("ok").asBoolean();
                if (!json) {
                    String at = "index " + b.path("index").asLong() + ", t " + b.path("t").asLong()
                            + " (" + Instant.ofEpochSecond(b.path("t").asLong()) + ")";
                    if (ok) {
                        System.out.println(op + " by " + key.address() + ": ok, " + at);
                        for (JsonNode e : b.path("events")) System.out.println("  " + Readable.event(e, tokens));
                    } else {
                        System.out.println(op + " by " + key.address() + ": refused by the ledger: " + b.path("error").asText()
                                + (b.hasNonNull("message") && !b.get("message").asText().equals(b.path("error").asText())
                                        ? " (" + b.get("message").asText() + ")" : "") + ", " + at
                                + "; nonce " + n + " is used");
                    }
                }
                return ok ? 0 : 1;
            }
            NodeClient.NodeException e = NodeClient.refused(r);
            System.err.println("prover-staking tx: " + op + " not taken: " + e.getMessage().replace("the node answered", "the node refused it:"));
            return 1;
        } catch (NodeClient.NodeException e) {
            System.err.println("prover-staking tx: " + e.getMessage());
            return 1;
        }
    }

    private static SigningKey devKey(int i) {
        if (i < 0 || i >= DevAccounts.COUNT) throw new IllegalArgumentException("--dev takes 0.." + (DevAccounts.COUNT - 1) + ", not " + i);
        return DevAccounts.get(i).key();
    }

    private static String fieldList(TxType type) {
        if (type.args().isEmpty()) return "none";
        List<String> out = new ArrayList<>();
        for (TxField f : type.args()) out.add(f.name() + " (" + f.type().eip712() + ")");
        return String.join(", ", out);
    }

    /** The token whose units a uint256 field counts, or null for a plain integer. */
    static String tokenOf(String op, String field, Map<String, String> given) {
        return switch (op + "." + field) {
            case "initProver.minSelfStake", "stake.amount", "requestUnstake.amount", "updateMinSelfStake.amount" -> "stake";
            case "addRewards.amount", "fundEmission.amount", "setEmissionRate.ratePerSecond" -> "reward";
            case "withdrawTreasury.amount" -> "rewards".equals(given.get("module")) ? "reward" : "stake";
            case "deposit.amount", "withdraw.amount" -> "reward".equals(given.get("token")) ? "reward" : "stake";
            case "setGlobalParam.value" -> "GlobalMinSelfStake".equals(given.get("param")) ? "stake" : null;
            default -> null;
        };
    }

    private Object value(TxField f, String text, Map<String, String> given, Tokens tokens) {
        return switch (f.type()) {
            case ADDRESS -> Tokens.address(text);
            case STRING -> text;
            case UINT64 -> {
                if (!text.matches("[0-9]{1,18}")) throw new IllegalArgumentException("an integer, not " + text);
                yield Long.parseLong(text);
            }
            case UINT256 -> {
                String token = tokenOf(op, f.name(), given);
                if (token != null) yield UInt256.of(Units.parse(text, tokens.decimals(token)));
                if (f.name().equals("percentage") && text.endsWith("%")) {
                    BigDecimal ppm = new BigDecimal(text.substring(0, text.length() - 1).strip()).movePointRight(4);
                    try {
                        yield UInt256.of(ppm.toBigIntegerExact());
                    } catch (ArithmeticException e) {
                        throw new IllegalArgumentException(text + " is not a whole number of ppm");
                    }
                }
                try {
                    yield UInt256.parse(text.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("a non-negative integer below 2^256, not " + text);
                }
            }
        };
    }

}
