package dev.proverstaking.signing;

import dev.proverstaking.common.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An EIP-712 domain. Its {@code EIP712Domain} type has exactly the members that are present, in
 * the specification's order ({@code name}, {@code version}, {@code chainId},
 * {@code verifyingContract}); {@code verifyingContract} is optional (the node's domain has none),
 * and salts are not supported.
 */
public record Eip712Domain(String name, String version, BigInteger chainId, Address verifyingContract) {
    public static final String TYPE = "EIP712Domain";

    public Eip712Domain {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(chainId, "chainId");
        if (chainId.signum() < 0 || chainId.bitLength() > 256) throw new IllegalArgumentException("chainId must be a uint256: " + chainId);
    }

    /** A domain without a verifying contract. */
    public Eip712Domain(String name, String version, long chainId) {
        this(name, version, BigInteger.valueOf(chainId), null);
    }

    /** The members of {@code EIP712Domain} for this domain. */
    public List<Eip712Field> fields() {
        List<Eip712Field> fields = new ArrayList<>(List.of(
                new Eip712Field("name", "string"),
                new Eip712Field("version", "string"),
                new Eip712Field("chainId", "uint256")));
        if (verifyingContract != null) fields.add(new Eip712Field("verifyingContract", "address"));
        return List.copyOf(fields);
    }

    /** The domain's values, by member name. */
    public Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", name);
        v.put("version", version);
        v.put("chainId", chainId);
        if (verifyingContract != null) v.put("verifyingContract", verifyingContract);
        return v;
    }

    /** {@code hashStruct(EIP712Domain, this)}: the domain separator. */
    public byte[] separator() {
        return new Eip712Types(Map.of(TYPE, fields())).hashStruct(TYPE, values());
    }
}
