package dev.proverstaking.signing;

import java.util.Arrays;

/**
 * secp256k1 by libsecp256k1 (Bitcoin Core's library) through ACINQ's JNI binding
 * ({@code fr.acinq.secp256k1:secp256k1-kmp-jni-jvm}), which carries the native library for Linux
 * (x86_64, aarch64), macOS and Windows (x86_64) and extracts it to {@code java.io.tmpdir} (or
 * {@code fr.acinq.secp256k1.tmpdir}) when it first loads; {@code fr.acinq.secp256k1.lib.path}
 * names a directory holding an installed copy instead. Its context is created once and only read
 * afterwards, which libsecp256k1 allows from any number of threads.
 */
public final class LibSecp256k1 implements Secp256k1 {
    private final fr.acinq.secp256k1.Secp256k1 lib;

    private LibSecp256k1(fr.acinq.secp256k1.Secp256k1 lib) {
        this.lib = lib;
    }

    /**
     * Loads the native library and checks it against {@link JavaSecp256k1} on a fixed key.
     *
     * @throws IllegalStateException when it does not load on this machine or answers wrongly
     */
    public static LibSecp256k1 load() {
        LibSecp256k1 loaded;
        try {
            loaded = new LibSecp256k1(fr.acinq.secp256k1.Secp256k1.get());
            selfTest(loaded);
        } catch (Exception | LinkageError e) {
            throw new IllegalStateException("libsecp256k1 (JNI) is not available: " + e, e);
        }
        return loaded;
    }

    private static void selfTest(LibSecp256k1 lib) {
        byte[] secret = Keccak256.hash("prover-staking secp256k1 self-test".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] digest = Keccak256.hash(secret);
        byte[] expectedKey = JavaSecp256k1.INSTANCE.publicKey(secret);
        byte[] rs = lib.sign(secret, digest);
        if (!Arrays.equals(lib.publicKey(secret), expectedKey)
                || !Arrays.equals(rs, JavaSecp256k1.INSTANCE.sign(secret, digest))) {
            throw new IllegalStateException("self-test: libsecp256k1 and BouncyCastle disagree");
        }
        byte[] r0 = lib.recover(digest, rs, 0), r1 = lib.recover(digest, rs, 1);
        if (!Arrays.equals(r0, expectedKey) && !Arrays.equals(r1, expectedKey)) {
            throw new IllegalStateException("self-test: libsecp256k1 does not recover its own signature");
        }
    }

    @Override
    public String name() {
        return "libsecp256k1";
    }

    @Override
    public byte[] publicKey(byte[] secret) {
        return lib.pubkeyCreate(secret);
    }

    @Override
    public byte[] sign(byte[] secret, byte[] digest) {
        return lib.sign(digest, secret); // libsecp256k1 signs with RFC 6979 nonces and always a low s
    }

    @Override
    public byte[] recover(byte[] digest, byte[] rs, int recoveryId) {
        try {
            return lib.ecdsaRecover(rs, digest, recoveryId);
        } catch (fr.acinq.secp256k1.Secp256k1Exception notRecoverable) {
            return null;
        }
    }
}
