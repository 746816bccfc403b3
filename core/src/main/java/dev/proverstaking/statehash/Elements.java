package dev.proverstaking.statehash;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The element of a record in {@link LtHash}: {@link LtHash#BYTES} bytes that look random, a
 * function of the record's canonical bytes alone. It is the keystream of AES-256 in counter mode
 * whose key is the SHA-256 of the record's bytes, from the all-zero counter block (so the AES
 * encryptions of the 128-bit big-endian counters 0, 1, ..., 127, concatenated).
 *
 * <p>Why this function: LtHash needs an extendable-output function whose outputs behave as random
 * (Facebook's uses BLAKE2X, Solana's BLAKE3; neither is in the JDK, and the core has no
 * dependencies). SHA-256 compresses the record into a key, and AES-CTR stretches the key into
 * 2048 bytes, a standard key-derivation shape. On this machine (AES-NI, SHA-NI), an element of a
 * ~120-byte record costs ~1.3 us, nearly all of it in the JDK's AES key set-up; the 2048 bytes of
 * keystream take ~0.1 us. SHA-256 in counter mode (64 digests) took ~6 us, SHA-512 (32 digests)
 * ~8 us, the JDK's ChaCha20 ~4.5 us (BENCHMARKS.md, "State hash").
 *
 * <p>Not thread-safe: one per journal (it reuses its buffers).
 */
final class Elements {
    private static final byte[] ZEROS = new byte[LtHash.BYTES];
    private static final IvParameterSpec ZERO_COUNTER = new IvParameterSpec(new byte[16]);

    private final MessageDigest sha256;
    private final Cipher aes;
    private final byte[] key = new byte[32];
    private final byte[] stream = new byte[LtHash.BYTES];
    private final ShortBuffer lanes = ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();

    Elements() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
            aes = Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 and AES/CTR are in every JDK", e);
        }
    }

    /**
     * The element of the record {@code b[from, from + length)}, as lanes over a buffer that the
     * next call reuses.
     */
    ShortBuffer of(byte[] b, int from, int length) {
        try {
            sha256.update(b, from, length);
            sha256.digest(key, 0, key.length);
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), ZERO_COUNTER);
            aes.doFinal(ZEROS, 0, ZEROS.length, stream, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256/CTR failed", e);
        }
        return lanes;
    }

    /** The element's bytes, for tests. */
    byte[] bytesOf(byte[] record) {
        of(record, 0, record.length);
        return stream.clone();
    }
}
