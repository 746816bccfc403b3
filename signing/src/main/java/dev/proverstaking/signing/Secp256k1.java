package dev.proverstaking.signing;

/**
 * The secp256k1 operations Ethereum signatures need, below the rules of {@link Signatures}: the
 * caller has checked every input (a private key in [1, n), a 32-byte digest, {@code r} and
 * {@code s} in [1, n), a recovery id 0 or 1). Implementations are thread-safe.
 *
 * <p>Two implementations: {@link LibSecp256k1} (libsecp256k1 through ACINQ's JNI binding, the
 * faster: BENCHMARKS.md, "Signature recovery") and {@link JavaSecp256k1} (BouncyCastle, pure Java).
 * {@link #get()} is the one this process uses.
 */
public interface Secp256k1 {

    /** A short name for logs: {@code libsecp256k1} or {@code bouncycastle}. */
    String name();

    /** The uncompressed public key, 65 bytes {@code 0x04 ‖ x ‖ y}. */
    byte[] publicKey(byte[] secret);

    /** The deterministic (RFC 6979) ECDSA signature of a 32-byte digest, 64 bytes {@code r ‖ s} with {@code s <= n/2}. */
    byte[] sign(byte[] secret, byte[] digest);

    /**
     * The uncompressed public key (65 bytes) that signed {@code digest} with {@code r ‖ s} and
     * recovery id 0 or 1, or {@code null} when there is none ({@code r} is not the x coordinate
     * of a point, or the key would be the point at infinity).
     */
    byte[] recover(byte[] digest, byte[] rs, int recoveryId);

    /**
     * The implementation of this process, chosen once: libsecp256k1 unless it does not load here
     * (then BouncyCastle, with a warning in the log), or as the system property
     * {@code prover.staking.secp256k1} says: {@code auto} (the default), {@code native} (fail
     * rather than fall back) or {@code java}.
     */
    static Secp256k1 get() {
        return Secp256k1Selection.Holder.CHOSEN;
    }
}
