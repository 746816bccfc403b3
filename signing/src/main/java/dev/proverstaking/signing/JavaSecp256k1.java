package dev.proverstaking.signing;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * secp256k1 in pure Java, on BouncyCastle's curve arithmetic: signing by its {@link ECDSASigner}
 * with RFC 6979 nonces (HMAC-SHA256, as libsecp256k1), recovery as in SEC 1 section 4.1.6 (and as
 * web3j does it, without its check that n times R is the point at infinity: secp256k1's cofactor
 * is 1, so every point of the curve has order n). The fallback when {@link LibSecp256k1} does not
 * load.
 */
public final class JavaSecp256k1 implements Secp256k1 {
    public static final JavaSecp256k1 INSTANCE = new JavaSecp256k1();

    private JavaSecp256k1() {}

    @Override
    public String name() {
        return "bouncycastle";
    }

    @Override
    public byte[] publicKey(byte[] secret) {
        ECPoint q = new FixedPointCombMultiplier().multiply(Curve.DOMAIN.getG(), new BigInteger(1, secret));
        return q.normalize().getEncoded(false);
    }

    @Override
    public byte[] sign(byte[] secret, byte[] digest) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(new BigInteger(1, secret), Curve.DOMAIN));
        BigInteger[] rs = signer.generateSignature(digest);
        BigInteger s = rs[1].compareTo(Curve.HALF_N) > 0 ? Curve.N.subtract(rs[1]) : rs[1];
        byte[] out = new byte[64];
        System.arraycopy(Curve.bytes32(rs[0]), 0, out, 0, 32);
        System.arraycopy(Curve.bytes32(s), 0, out, 32, 32);
        return out;
    }

    @Override
    public byte[] recover(byte[] digest, byte[] rs, int recoveryId) {
        BigInteger n = Curve.N;
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(rs, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(rs, 32, 64));
        // R: the point whose x is r (r < n < p, so no r + n) and whose y has the id's parity
        byte[] compressed = new byte[33];
        compressed[0] = (byte) (0x02 | (recoveryId & 1));
        System.arraycopy(rs, 0, compressed, 1, 32);
        ECPoint bigR;
        try {
            bigR = Curve.DOMAIN.getCurve().decodePoint(compressed);
        } catch (IllegalArgumentException notOnCurve) {
            return null;
        }
        // Q = r^-1 (s R - e G)
        BigInteger e = new BigInteger(1, digest).mod(n);
        BigInteger rInv = r.modInverse(n);
        BigInteger u1 = n.subtract(e).multiply(rInv).mod(n);
        BigInteger u2 = s.multiply(rInv).mod(n);
        ECPoint q = ECAlgorithms.sumOfTwoMultiplies(Curve.DOMAIN.getG(), u1, bigR, u2).normalize();
        return q.isInfinity() ? null : q.getEncoded(false);
    }
}
