package dev.proverstaking.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proverstaking.signing.Recovery.Reason;
import dev.proverstaking.signing.Recovery.Recovered;
import dev.proverstaking.signing.Recovery.Refused;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Signing and recovery on both curve implementations: every refusal, low s, v, determinism, threads. */
class SignaturesTest {
    static final SigningKey KEY = SigningKey.parse("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    static final byte[] DIGEST = Keccak256.hash("a transaction".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    static Stream<Signatures> both() {
        return Backends.both().map(Signatures::new);
    }

    @ParameterizedTest
    @MethodSource("both")
    void aSignatureRecoversItsSignerWithEitherV(Signatures s) {
        byte[] sig = s.sign(KEY, DIGEST);
        assertThat(sig).hasSize(65);
        assertThat(sig[64]).isIn((byte) 27, (byte) 28);
        assertThat(new BigInteger(1, Arrays.copyOfRange(sig, 32, 64))).isLessThanOrEqualTo(Curve.HALF_N);
        assertThat(s.recoverSigner(DIGEST, sig)).isEqualTo(new Recovered(KEY.address()));
        assertThat(s.recoverSigner(DIGEST, withV(sig, sig[64] - 27))).isEqualTo(new Recovered(KEY.address()));
        assertThat(s.sign(KEY, DIGEST)).as("deterministic").isEqualTo(sig);
        assertThat(s.recoverSigner(Keccak256.hash(DIGEST), sig)).as("another digest recovers someone else")
                .isInstanceOf(Recovered.class).isNotEqualTo(new Recovered(KEY.address()));
        assertThat(s.recoverSigner(DIGEST, withV(sig, 27 + 28 - sig[64]))).as("the other v recovers someone else")
                .isNotEqualTo(new Recovered(KEY.address()));
    }

    @Test
    void bothImplementationsSignTheSameBytes() {
        List<Signatures> all = both().toList();
        for (int i = 0; i < 50; i++) {
            byte[] digest = Keccak256.hash(new byte[] {(byte) i});
            SigningKey key = SigningKey.of(Keccak256.hash(digest));
            assertThat(all.get(0).sign(key, digest)).isEqualTo(all.get(1).sign(key, digest));
            assertThat(key.sign(digest)).isEqualTo(all.get(1).sign(key, digest));
        }
    }

    @ParameterizedTest
    @MethodSource("both")
    void everyMalformedSignatureIsRefusedForItsReason(Signatures s) {
        byte[] sig = s.sign(KEY, DIGEST);
        assertRefused(s, null, Reason.LENGTH);
        assertRefused(s, new byte[0], Reason.LENGTH);
        assertRefused(s, Arrays.copyOf(sig, 64), Reason.LENGTH);
        assertRefused(s, Arrays.copyOf(sig, 66), Reason.LENGTH);
        for (int v : new int[] {2, 3, 26, 29, 35, 36, 127, 128, 255}) assertRefused(s, withV(sig, v), Reason.RECOVERY_ID);

        BigInteger n = Curve.N;
        assertRefused(s, withR(sig, BigInteger.ZERO), Reason.R_RANGE);
        assertRefused(s, withR(sig, n), Reason.R_RANGE);
        assertRefused(s, withR(sig, n.add(BigInteger.ONE)), Reason.R_RANGE);
        assertRefused(s, withR(sig, BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)), Reason.R_RANGE);
        assertRefused(s, withS(sig, BigInteger.ZERO), Reason.S_RANGE);
        assertRefused(s, withS(sig, n), Reason.S_RANGE);
        assertRefused(s, withS(sig, BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)), Reason.S_RANGE);
    }

    /** The malleable twin (n - s, v flipped) is a valid ECDSA signature of the same key, refused since EIP-2. */
    @ParameterizedTest
    @MethodSource("both")
    void theHighSTwinIsRefused(Signatures s) {
        for (int i = 0; i < 20; i++) {
            byte[] digest = Keccak256.hash(new byte[] {(byte) i, 7});
            byte[] sig = s.sign(KEY, digest);
            BigInteger low = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
            byte[] twin = withV(withS(sig, Curve.N.subtract(low)), 27 + 28 - sig[64]);
            assertRefused(s, twin, Reason.HIGH_S);
            // the twin is a real signature: what EIP-2 refuses is only its form
            assertThat(s.curve().recover(digest, Arrays.copyOf(twin, 64), twin[64] - 27)).isEqualTo(KEY.publicKey());
        }
        // the boundary: s = floor(n/2) passes the range rules, one more does not
        byte[] sig = s.sign(KEY, DIGEST);
        assertThat(s.recoverSigner(DIGEST, withS(sig, Curve.HALF_N))).isInstanceOf(Recovered.class);
        assertRefused(s, withS(sig, Curve.HALF_N.add(BigInteger.ONE)), Reason.HIGH_S);
    }

    @ParameterizedTest
    @MethodSource("both")
    void anRThatIsNoPointsXDoesNotRecover(Signatures s) {
        byte[] sig = s.sign(KEY, DIGEST);
        BigInteger r = notAnX();
        assertRefused(s, withR(sig, r), Reason.NOT_RECOVERABLE);
        assertRefused(s, withV(withR(sig, r), 28), Reason.NOT_RECOVERABLE);
    }

    @Test
    void aDigestThatIsNot32BytesIsTheCallersMistake() {
        Signatures s = Signatures.get();
        byte[] sig = s.sign(KEY, DIGEST);
        assertThatThrownBy(() -> s.recoverSigner(new byte[31], sig)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.sign(KEY, new byte[33])).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("both")
    void recoveryFromManyThreadsAtOnce(Signatures s) throws Exception {
        int count = 400;
        List<SigningKey> keys = new ArrayList<>();
        List<byte[]> digests = new ArrayList<>();
        List<byte[]> sigs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] digest = Keccak256.hash(new byte[] {(byte) i, (byte) (i >> 8), 1});
            SigningKey key = SigningKey.of(Keccak256.hash(digest));
            keys.add(key);
            digests.add(digest);
            sigs.add(s.sign(key, digest));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t * 97;
                results.add(pool.submit(() -> {
                    for (int k = 0; k < count; k++) {
                        int i = (k + offset) % count;
                        if (!s.recoverSigner(digests.get(i), sigs.get(i)).equals(new Recovered(keys.get(i).address()))) return false;
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) assertThat(f.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keysAreValidatedAndNeverPrinted() {
        assertThat(KEY.toString()).doesNotContain(KEY.secretHex().substring(2)).contains(KEY.address().toString());
        assertThatThrownBy(() -> SigningKey.of(new byte[32])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SigningKey.of(Curve.bytes32(Curve.N))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SigningKey.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThat(SigningKey.of(Curve.bytes32(Curve.N.subtract(BigInteger.ONE))).address()).isNotNull();
        assertThat(SigningKey.parse(KEY.secretHex())).isEqualTo(KEY);
        byte[] copy = KEY.secretBytes();
        copy[0] ^= 1;
        assertThat(KEY.secretBytes()).isNotEqualTo(copy);
    }

    /** The smallest r whose x has no point on the curve. */
    static BigInteger notAnX() {
        for (BigInteger r = BigInteger.ONE; ; r = r.add(BigInteger.ONE)) {
            byte[] compressed = new byte[33];
            compressed[0] = 2;
            System.arraycopy(Curve.bytes32(r), 0, compressed, 1, 32);
            try {
                Curve.DOMAIN.getCurve().decodePoint(compressed);
            } catch (IllegalArgumentException e) {
                return r;
            }
        }
    }

    private static void assertRefused(Signatures s, byte[] signature, Reason reason) {
        Recovery r = s.recoverSigner(DIGEST, signature);
        assertThat(r).as("%s: %s", s.curve().name(), signature == null ? null : Hex.encode(signature)).isInstanceOf(Refused.class);
        assertThat(((Refused) r).reason()).as(((Refused) r).message()).isEqualTo(reason);
    }

    static byte[] withV(byte[] sig, int v) {
        byte[] out = sig.clone();
        out[64] = (byte) v;
        return out;
    }

    static byte[] withR(byte[] sig, BigInteger r) {
        byte[] out = sig.clone();
        System.arraycopy(Curve.bytes32(r), 0, out, 0, 32);
        return out;
    }

    static byte[] withS(byte[] sig, BigInteger s) {
        byte[] out = sig.clone();
        System.arraycopy(Curve.bytes32(s), 0, out, 32, 32);
        return out;
    }
}
