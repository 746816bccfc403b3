package dev.proverstaking.statehash;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * LtHash16, the lattice-based homomorphic multiset hash (Bellare and Micciancio's additive hash,
 * as parameterized by Lewi, Kim, Maykov and Weis, "Securing Update Propagation with Homomorphic
 * Hashing", 2019, used by Facebook and by Solana for its accounts): a multiset's hash is the sum,
 * lane by lane modulo 2^16, of the {@link #LANES} 16-bit lanes of one {@link Elements element} per
 * member. Adding a member adds its element; removing one subtracts it; so a set of records that
 * changes a few at a time keeps its hash up to date at the cost of the changes, in any order.
 *
 * <p>The value is {@link #BYTES} bytes, each lane little-endian; its digest ({@link #digest}) is
 * the SHA-256 of those bytes.
 */
public final class LtHash {
    public static final int LANES = 1024;
    public static final int BYTES = 2 * LANES;

    private final short[] lanes = new short[LANES];
    /** Scratch: an element's lanes. */
    private final short[] element = new short[LANES];

    /** Adds the element whose bytes (lanes little-endian) {@code e} holds. */
    void add(ShortBuffer e) {
        e.rewind();
        e.get(element);
        short[] l = lanes, x = element;
        for (int i = 0; i < LANES; i++) l[i] += x[i];
    }

    /** Subtracts the element whose bytes {@code e} holds. */
    void subtract(ShortBuffer e) {
        e.rewind();
        e.get(element);
        short[] l = lanes, x = element;
        for (int i = 0; i < LANES; i++) l[i] -= x[i];
    }

    /** Back to the hash of the empty multiset (all lanes 0). */
    void clear() {
        Arrays.fill(lanes, (short) 0);
    }

    /** Sets the value from its {@link #BYTES} bytes. */
    void set(byte[] value) {
        if (value.length != BYTES) throw new IllegalArgumentException(value.length + " bytes, not " + BYTES);
        ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(lanes);
    }

    /** The value: {@link #BYTES} bytes, lane 0 first, each lane little-endian. */
    public byte[] toBytes() {
        byte[] b = new byte[BYTES];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(lanes);
        return b;
    }

    /** The SHA-256 of {@link #toBytes}: the 32 bytes that are published. */
    public static byte[] digest(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
