package dev.proverstaking.signing;

import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Ethereum's keccak-256 (the original Keccak padding, not NIST SHA3-256), by BouncyCastle's
 * {@link KeccakDigest}. Thread-safe: every call has its own digest.
 */
public final class Keccak256 {
    private Keccak256() {}

    public static byte[] hash(byte[] input) {
        return hash(input, 0, input.length);
    }

    public static byte[] hash(byte[] input, int offset, int length) {
        KeccakDigest digest = new KeccakDigest(256);
        digest.update(input, offset, length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }
}
