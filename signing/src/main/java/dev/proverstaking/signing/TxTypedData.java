package dev.proverstaking.signing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's typed data on one chain: the domain {@code {"name":"ProverStaking","version":"1",
 * "chainId":N}} (no verifying contract, no salt), its separator computed once, and the digests of
 * transactions. Immutable and thread-safe.
 */
public final class TxTypedData {
    public static final String DOMAIN_NAME = "ProverStaking";
    public static final String DOMAIN_VERSION = "1";

    private final long chainId;
    private final Eip712Domain domain;
    private final byte[] domainSeparator;

    private TxTypedData(long chainId) {
        if (chainId <= 0) throw new IllegalArgumentException("a chain id is positive: " + chainId);
        this.chainId = chainId;
        this.domain = new Eip712Domain(DOMAIN_NAME, DOMAIN_VERSION, chainId);
        this.domainSeparator = domain.separator();
    }

    public static TxTypedData forChain(long chainId) {
        return new TxTypedData(chainId);
    }

    public long chainId() {
        return chainId;
    }

    public Eip712Domain domain() {
        return domain;
    }

    public byte[] domainSeparator() {
        return domainSeparator.clone();
    }

    /**
     * {@code hashStruct} of a transaction's message.
     *
     * @param message every member of the op's primary type, {@code nonce} and {@code deadline}
     *     included, as Java values ({@link Eip712Types} lists them)
     * @throws IllegalArgumentException for an op that is not signed, a missing or unknown member,
     *     or a value of the wrong Java type or out of its type's range
     */
    public byte[] hashStruct(String op, Map<String, ?> message) {
        return TxTypes.eip712Types().hashStruct(type(op).primaryType(), message);
    }

    /** The digest a transaction's signature signs: {@code keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(message))}. */
    public byte[] digest(String op, Map<String, ?> message) {
        return Eip712.digest(domainSeparator, hashStruct(op, message));
    }

    /**
     * The same, with the op's arguments apart from the nonce and the deadline.
     *
     * @throws IllegalArgumentException as {@link #digest(String, Map)}, and for a negative nonce or deadline
     */
    public byte[] digest(String op, Map<String, ?> args, long nonce, long deadline) {
        if (args.containsKey(TxType.NONCE.name()) || args.containsKey(TxType.DEADLINE.name())) {
            throw new IllegalArgumentException(op + ": nonce and deadline are not arguments");
        }
        Map<String, Object> message = new LinkedHashMap<>(args);
        message.put(TxType.NONCE.name(), nonce);
        message.put(TxType.DEADLINE.name(), deadline);
        return digest(op, message);
    }

    /**
     * {@code GET /v1/tx/types}: {@code {"domain":{...},"types":{"EIP712Domain":[...],"InitProver":[...],...}}},
     * everything a wallet's {@code eth_signTypedData_v4} needs for every op, in the table's order.
     */
    public String typesDocument() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ObjectNode d = root.putObject("domain");
        d.put("name", domain.name());
        d.put("version", domain.version());
        d.put("chainId", chainId);
        ObjectNode types = root.putObject("types");
        fields(types.putArray(Eip712Domain.TYPE), domain.fields());
        for (TxType t : TxTypes.all()) fields(types.putArray(t.primaryType()), t.eip712Fields());
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree of strings and numbers always writes
        }
    }

    private static void fields(ArrayNode array, List<Eip712Field> fields) {
        for (Eip712Field f : fields) array.addObject().put("name", f.name()).put("type", f.type());
    }

    private static TxType type(String op) {
        return TxTypes.find(op).orElseThrow(() -> new IllegalArgumentException("not a signed op: " + op));
    }
}
