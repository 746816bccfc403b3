package dev.proverstaking.signing;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;

/** secp256k1's constants, for the checks every backend shares and for the pure-Java one. */
final class Curve {
    /** BouncyCastle's custom secp256k1 (dedicated field arithmetic and the GLV endomorphism). */
    static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
    static final ECDomainParameters DOMAIN =
            new ECDomainParameters(PARAMS.getCurve(), PARAMS.getG(), PARAMS.getN(), PARAMS.getH());
    /** The order n of the group. */
    static final BigInteger N = PARAMS.getN();
    /** floor(n / 2): since EIP-2, an {@code s} above it is refused (malleable). */
    static final BigInteger HALF_N = N.shiftRight(1);
    private static final byte[] N_BYTES = bytes32(N);
    private static final byte[] HALF_N_BYTES = bytes32(HALF_N);
    private static final byte[] ZERO = new byte[32];

    private Curve() {}

    /** {@code v} as 32 big-endian bytes; {@code 0 <= v < 2^256}. */
    static byte[] bytes32(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b.length > 33 || (b.length == 33 && b[0] != 0) || v.signum() < 0) {
            throw new IllegalArgumentException("not a 256-bit unsigned value");
        }
        byte[] out = new byte[32];
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    /** Whether {@code b[off..off+32)}, big-endian, is in [1, n). */
    static boolean inRange(byte[] b, int off) {
        return !Arrays.equals(b, off, off + 32, ZERO, 0, 32)
                && Arrays.compareUnsigned(b, off, off + 32, N_BYTES, 0, 32) < 0;
    }

    /** Whether {@code b[off..off+32)}, big-endian, is at most floor(n / 2). */
    static boolean lowHalf(byte[] b, int off) {
        return Arrays.compareUnsigned(b, off, off + 32, HALF_N_BYTES, 0, 32) <= 0;
    }

    /** Whether 32 bytes are a private key: in [1, n). */
    static boolean validSecret(byte[] secret) {
        return secret.length == 32 && inRange(secret, 0);
    }
}
