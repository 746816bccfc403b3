package dev.proverstaking.signing;

import java.util.Map;

/** The digest an EIP-712 signature signs: {@code keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(message))}. */
public final class Eip712 {
    private Eip712() {}

    public static byte[] digest(byte[] domainSeparator, byte[] structHash) {
        if (domainSeparator.length != 32 || structHash.length != 32) {
            throw new IllegalArgumentException("a domain separator and a struct hash are 32 bytes each");
        }
        byte[] buffer = new byte[66];
        buffer[0] = 0x19;
        buffer[1] = 0x01;
        System.arraycopy(domainSeparator, 0, buffer, 2, 32);
        System.arraycopy(structHash, 0, buffer, 34, 32);
        return Keccak256.hash(buffer);
    }

    /** The digest of {@code message}, of struct {@code primaryType} of {@code types}, in {@code domain}. */
    public static byte[] digest(Eip712Domain domain, Eip712Types types, String primaryType, Map<String, ?> message) {
        return digest(domain.separator(), types.hashStruct(primaryType, message));
    }
}
