package dev.proverstaking.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proverstaking.common.Address;
import dev.proverstaking.common.Role;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.Genesis;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.signing.DevAccount;
import dev.proverstaking.signing.DevAccounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a node's ledger starts: everything every member of its group must agree on before the first
 * transaction. The core's {@link Genesis} (time, owner, minimum self-stake, one or two tokens,
 * profile), the chain id transactions are signed for, the tokens' names, symbols and decimals
 * (for people and wallets; the ledger counts units), and the roles and deposits it starts with.
 *
 * <p>The roles and deposits are applied as the history's first transactions ({@link #setup}):
 * the owner grants each role, then mints each deposit, at the genesis time. So the history export,
 * which starts with them, replays to the node's state.
 *
 * <p>The file format (JSON, every field required unless marked):
 * <pre>
 * {"chainId": 1001,                          positive integer
 *  "timestamp": 1767225600,                  unix seconds
 *  "owner": "0x…",                           owner of both modules
 *  "profile": "solvent",                     optional: solvent (default) or reference
 *  "globalMinSelfStake": "1000000000000000000",
 *  "sameToken": false,                       optional: true when rewards are paid in the staking token
 *  "tokens": {"stake":  {"name": "Stake",  "symbol": "STAKE",  "decimals": 18},
 *             "reward": {"name": "Reward", "symbol": "REWARD", "decimals": 18}},   reward: absent with sameToken
 *  "roles": [{"role": "SLASHER", "account": "0x…"}, …],                            optional
 *  "deposits": [{"token": "stake", "to": "0x…", "amount": "…"}, …]}                 optional
 * </pre>
 * Amounts are decimal strings in the token's smallest unit; unknown fields are refused.
 */
public record NodeGenesis(long chainId, long timestamp, Address owner, Profile profile, boolean sameToken,
                          UInt256 globalMinSelfStake, TokenInfo stakeToken, TokenInfo rewardToken,
                          List<RoleGrant> roles, List<Deposit> deposits) {

    /** A token's name, symbol and decimals: how wallets and people show its amounts. */
    public record TokenInfo(String name, String symbol, int decimals) {
        public TokenInfo {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(symbol, "symbol");
            if (decimals < 0 || decimals > 77) throw new IllegalArgumentException("decimals must be 0..77, not " + decimals);
        }
    }

    public record RoleGrant(Role role, Address account) {
        public RoleGrant {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(account, "account");
        }
    }

    public record Deposit(TokenKind token, Address to, UInt256 amount) {
        public Deposit {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(amount, "amount");
        }
    }

    /** The dev chain's id, as local Ethereum dev nodes have it. */
    public static final long DEV_CHAIN_ID = DevAccounts.CHAIN_ID;

    public NodeGenesis {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(globalMinSelfStake, "globalMinSelfStake");
        Objects.requireNonNull(stakeToken, "stakeToken");
        Objects.requireNonNull(rewardToken, "rewardToken");
        roles = List.copyOf(roles);
        deposits = List.copyOf(deposits);
        if (chainId <= 0) throw new IllegalArgumentException("chainId must be positive, not " + chainId);
        if (timestamp < 0) throw new IllegalArgumentException("timestamp must not be negative");
        if (sameToken && !stakeToken.equals(rewardToken)) {
            throw new IllegalArgumentException("with sameToken the reward token is the staking token");
        }
    }

    /**
     * The dev chain of node-api.md: chain id 31337; the ten accounts of the dev mnemonic; account 0
     * owns both modules and holds the SLASHER and MINTER roles; every account starts with 1,000,000
     * stake tokens and 1,000,000 reward tokens (18 decimals); profile solvent; global minimum
     * self-stake 1 token.
     */
    public static NodeGenesis dev(long timestamp) {
        List<DevAccount> accounts = DevAccounts.all();
        Address owner = accounts.get(0).address();
        UInt256 token = UInt256.WAD;
        UInt256 million = token.mul(UInt256.of(1_000_000));
        List<Deposit> deposits = new ArrayList<>();
        for (DevAccount a : accounts) {
            deposits.add(new Deposit(TokenKind.STAKE, a.address(), million));
            deposits.add(new Deposit(TokenKind.REWARD, a.address(), million));
        }
        return new NodeGenesis(DEV_CHAIN_ID, timestamp, owner, Profile.SOLVENT, false, token,
                new TokenInfo("Dev Stake", "STAKE", 18), new TokenInfo("Dev Reward", "REWARD", 18),
                List.of(new RoleGrant(Role.SLASHER, owner), new RoleGrant(Role.MINTER, owner)), deposits);
    }

    /** The core's genesis of this node's ledger. */
    public Genesis ledgerGenesis() {
        return new Genesis(timestamp, owner, globalMinSelfStake, sameToken, profile);
    }

    /** The transactions that give the ledger its roles and deposits: the history's first ones, at the genesis time. */
    public List<Transaction> setup() {
        List<Transaction> out = new ArrayList<>();
        for (RoleGrant r : roles) out.add(new Transaction(owner, timestamp, new Command.GrantRole(r.role(), r.account())));
        for (Deposit d : deposits) out.add(new Transaction(owner, timestamp, new Command.Mint(d.token(), d.to(), d.amount())));
        return out;
    }

    /** The token of {@code kind}'s name, symbol and decimals. */
    public TokenInfo token(TokenKind kind) {
        return kind == TokenKind.STAKE ? stakeToken : rewardToken;
    }

    // ---------------------------------------------------------------- the file

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** A genesis file that cannot be used, with a message that names the file and what is wrong. */
    public static final class GenesisException extends Exception {
        private static final long serialVersionUID = 1L;

        public GenesisException(String message) {
            super(message);
        }
    }

    /** Reads a genesis file. */
    public static NodeGenesis read(Path file) throws GenesisException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new GenesisException("genesis file " + file + " does not exist");
        } catch (IOException e) {
            throw new GenesisException("genesis file " + file + " cannot be read: " + e.getMessage());
        }
        try {
            return parse(text);
        } catch (GenesisException e) {
            throw new GenesisException("genesis file " + file + ": " + e.getMessage());
        }
    }

    /** A genesis from its JSON text. */
    public static NodeGenesis parse(String text) throws GenesisException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new GenesisException("not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new GenesisException("not a JSON object");
        onlyFields(root, "", Set.of("chainId", "timestamp", "owner", "profile", "globalMinSelfStake", "sameToken",
                "tokens", "roles", "deposits"));
        long chainId = longField(root, "chainId");
        long timestamp = longField(root, "timestamp");
        Address owner = address(root, "owner");
        Profile profile = Profile.SOLVENT;
        if (root.has("profile")) {
            try {
                profile = Profile.fromWireName(text(root, "profile"));
            } catch (IllegalArgumentException e) {
                throw new GenesisException(e.getMessage());
            }
        }
        boolean sameToken = root.has("sameToken") && bool(root, "sameToken");
        UInt256 min = uint(root, "globalMinSelfStake");
        JsonNode tokens = object(root, "tokens");
        onlyFields(tokens, "tokens.", sameToken ? Set.of("stake") : Set.of("stake", "reward"));
        TokenInfo stake = tokenInfo(tokens, "stake");
        TokenInfo reward = sameToken ? stake : tokenInfo(tokens, "reward");
        List<RoleGrant> roles = new ArrayList<>();
        for (JsonNode r : array(root, "roles")) {
            onlyFields(r, "roles[].", Set.of("role", "account"));
            try {
                roles.add(new RoleGrant(Role.fromWireName(text(r, "role")), address(r, "account")));
            } catch (IllegalArgumentException e) {
                throw new GenesisException("roles: " + e.getMessage());
            }
        }
        List<Deposit> deposits = new ArrayList<>();
        for (JsonNode d : array(root, "deposits")) {
            onlyFields(d, "deposits[].", Set.of("token", "to", "amount"));
            try {
                deposits.add(new Deposit(TokenKind.fromWireName(text(d, "token")), address(d, "to"), uint(d, "amount")));
            } catch (IllegalArgumentException e) {
                throw new GenesisException("deposits: " + e.getMessage());
            }
        }
        try {
            return new NodeGenesis(chainId, timestamp, owner, profile, sameToken, min, stake, reward, roles, deposits);
        } catch (IllegalArgumentException e) {
            throw new GenesisException(e.getMessage());
        }
    }

    /** This genesis as the file's JSON. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("chainId", chainId);
        root.put("timestamp", timestamp);
        root.put("owner", owner.toString());
        root.put("profile", profile.wireName());
        root.put("globalMinSelfStake", globalMinSelfStake.toString());
        root.put("sameToken", sameToken);
        ObjectNode tokens = root.putObject("tokens");
        tokenJson(tokens.putObject("stake"), stakeToken);
        if (!sameToken) tokenJson(tokens.putObject("reward"), rewardToken);
        ArrayNode r = root.putArray("roles");
        for (RoleGrant g : roles) r.addObject().put("role", g.role().name()).put("account", g.account().toString());
        ArrayNode d = root.putArray("deposits");
        for (Deposit x : deposits) {
            d.addObject().put("token", x.token().wireName()).put("to", x.to().toString()).put("amount", x.amount().toString());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always writes", e);
        }
    }

    private static void tokenJson(ObjectNode o, TokenInfo t) {
        o.put("name", t.name()).put("symbol", t.symbol()).put("decimals", t.decimals());
    }

    private static TokenInfo tokenInfo(JsonNode tokens, String kind) throws GenesisException {
        JsonNode t = object(tokens, kind);
        onlyFields(t, "tokens." + kind + ".", Set.of("name", "symbol", "decimals"));
        long decimals = longField(t, "decimals");
        if (decimals > 77) throw new GenesisException("tokens." + kind + ".decimals must be 0..77, not " + decimals);
        return new TokenInfo(text(t, "name"), text(t, "symbol"), (int) decimals);
    }

    private static void onlyFields(JsonNode node, String prefix, Set<String> allowed) throws GenesisException {
        if (!node.isObject()) throw new GenesisException(prefix.isEmpty() ? "not a JSON object" : prefix + " must be an object");
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) throw new GenesisException("unknown field \"" + prefix + f + "\"");
        }
    }

    private static JsonNode require(JsonNode node, String name) throws GenesisException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) throw new GenesisException("missing field \"" + name + "\"");
        return v;
    }

    private static String text(JsonNode node, String name) throws GenesisException {
        JsonNode v = require(node, name);
        if (!v.isTextual()) throw new GenesisException("\"" + name + "\" must be a string");
        return v.textValue();
    }

    private static boolean bool(JsonNode node, String name) throws GenesisException {
        JsonNode v = require(node, name);
        if (!v.isBoolean()) throw new GenesisException("\"" + name + "\" must be true or false");
        return v.booleanValue();
    }

    private static long longField(JsonNode node, String name) throws GenesisException {
        JsonNode v = require(node, name);
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw new GenesisException("\"" + name + "\" must be a non-negative integer");
        }
        return v.longValue();
    }

    private static UInt256 uint(JsonNode node, String name) throws GenesisException {
        try {
            return UInt256.parse(text(node, name));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new GenesisException("\"" + name + "\" must be a decimal string of a uint256: " + e.getMessage());
        }
    }

    private static Address address(JsonNode node, String name) throws GenesisException {
        try {
            return Address.parse(text(node, name));
        } catch (IllegalArgumentException e) {
            throw new GenesisException("\"" + name + "\": " + e.getMessage());
        }
    }

    private static JsonNode object(JsonNode node, String name) throws GenesisException {
        JsonNode v = require(node, name);
        if (!v.isObject()) throw new GenesisException("\"" + name + "\" must be an object");
        return v;
    }

    private static Iterable<JsonNode> array(JsonNode node, String name) throws GenesisException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw new GenesisException("\"" + name + "\" must be an array");
        return v;
    }
}
