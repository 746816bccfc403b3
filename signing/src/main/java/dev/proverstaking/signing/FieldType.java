package dev.proverstaking.signing;

/**
 * The types of a transaction's fields (node-api.md): addresses are {@code address}; {@code token},
 * {@code module}, {@code param} and {@code role} are {@code string}; {@code commissionRate},
 * {@code rate}, {@code nonce} and {@code deadline} are {@code uint64}; every other number is
 * {@code uint256}.
 */
public enum FieldType {
    ADDRESS("address"),
    STRING("string"),
    UINT64("uint64"),
    UINT256("uint256");

    private final String eip712;

    FieldType(String eip712) {
        this.eip712 = eip712;
    }

    /** The type's name in EIP-712 (and Solidity). */
    public String eip712() {
        return eip712;
    }
}
