package dev.proverstaking.signing;

import dev.proverstaking.signing.Recovery.Reason;
import dev.proverstaking.signing.Recovery.Recovered;
import dev.proverstaking.signing.Recovery.Refused;
import java.util.Arrays;

/**
 * Ethereum's signatures of 32-byte digests: 65 bytes {@code r ‖ s ‖ v}, {@code v} 27/28 (or 0/1
 * for recovery), {@code s} in the lower half of the curve order. Thread-safe: the node recovers
 * signers from many threads at once.
 */
public final class Signatures {
    private static final Signatures DEFAULT = new Signatures(Secp256k1.get());

    private final Secp256k1 curve;

    public Signatures(Secp256k1 curve) {
        this.curve = curve;
    }

    /** On this process's {@link Secp256k1#get()}. */
    public static Signatures get() {
        return DEFAULT;
    }

    public Secp256k1 curve() {
        return curve;
    }

    /**
     * The address that signed {@code digest}, or why the signature is refused. Never throws for
     * any signature bytes.
     *
     * @throws IllegalArgumentException when {@code digest} is not 32 bytes (a caller's mistake, not a client's)
     */
    public Recovery recoverSigner(byte[] digest, byte[] signature) {
        checkDigest(digest);
        if (signature == null || signature.length != 65) {
            return new Refused(Reason.LENGTH, "a signature is 65 bytes r ‖ s ‖ v, not "
                    + (signature == null ? "none" : signature.length + " bytes"));
        }
        int v = signature[64] & 0xFF;
        int recoveryId;
        if (v == 27 || v == 28) recoveryId = v - 27;
        else if (v == 0 || v == 1) recoveryId = v;
        else return new Refused(Reason.RECOVERY_ID, "v is 27, 28, 0 or 1, not " + v);
        if (!Curve.inRange(signature, 0)) return new Refused(Reason.R_RANGE, "r is 0 or not below the curve order");
        if (!Curve.inRange(signature, 32)) return new Refused(Reason.S_RANGE, "s is 0 or not below the curve order");
        if (!Curve.lowHalf(signature, 32)) {
            return new Refused(Reason.HIGH_S, "s is in the upper half of the curve order (malleable, refused since EIP-2)");
        }
        byte[] publicKey;
        try {
            publicKey = curve.recover(digest, Arrays.copyOf(signature, 64), recoveryId);
        } catch (RuntimeException e) {
            publicKey = null; // a library's complaint about these bytes: no signer either way
        }
        if (publicKey == null) return new Refused(Reason.NOT_RECOVERABLE, "the signature recovers no public key");
        return new Recovered(EthAddress.of(publicKey));
    }

    /** The 65-byte signature {@code r ‖ s ‖ v} of {@code digest}: deterministic (RFC 6979), low {@code s}, {@code v} 27 or 28. */
    public byte[] sign(SigningKey key, byte[] digest) {
        checkDigest(digest);
        byte[] secret = key.secretBytes();
        try {
            byte[] rs = curve.sign(secret, digest);
            if (!Curve.lowHalf(rs, 32)) throw new IllegalStateException(curve.name() + " signed with a high s");
            byte[] publicKey = key.publicKey();
            int recoveryId;
            if (Arrays.equals(curve.recover(digest, rs, 0), publicKey)) recoveryId = 0;
            else if (Arrays.equals(curve.recover(digest, rs, 1), publicKey)) recoveryId = 1;
            else throw new IllegalStateException(curve.name() + " made a signature that does not recover its key");
            byte[] out = Arrays.copyOf(rs, 65);
            out[64] = (byte) (27 + recoveryId);
            return out;
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private static void checkDigest(byte[] digest) {
        if (digest == null || digest.length != 32) {
            throw new IllegalArgumentException("a digest is 32 bytes, not " + (digest == null ? "none" : digest.length));
        }
    }
}
