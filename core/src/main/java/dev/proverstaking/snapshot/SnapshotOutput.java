package dev.proverstaking.snapshot;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;

/**
 * The field encodings of a section's content ({@code package-info.java}), written into one frame
 * buffer that goes to its {@link FrameTarget} whenever the next field would not fit: the only
 * memory a writer holds, whatever the size of the state. Fields are stored straight from their
 * primitive parts, big-endian, with no object per field.
 *
 * <p>Made by a {@link SnapshotWriter} (frames to a stream) or by {@link #digesting} (contents to a
 * digest, for fingerprints).
 */
public final class SnapshotOutput {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    /** The longest field: a uint's length byte and 32 bytes. */
    private static final int MAX_FIELD = 33;
    /**
     * Room past a full frame: the body CRC, and the 7 bytes a uint's top limb may spill past its
     * end when it is stored as a whole long (the next field overwrites them).
     */
    private static final int TAIL = SnapshotFormat.FRAME_SUFFIX + 8;

    /** Where a full frame goes. */
    interface FrameTarget {
        /** Takes the frame whose body is {@code buf[FRAME_PREFIX, FRAME_PREFIX + length)}; may use the prefix and suffix room around it. */
        void frame(byte[] buf, int length) throws IOException;
    }

    private final FrameTarget target;
    private final int limit;
    private final byte[] buf;
    private int pos = SnapshotFormat.FRAME_PREFIX;

    SnapshotOutput(FrameTarget target, int frameLength) {
        if (frameLength < MAX_FIELD || frameLength > SnapshotFormat.MAX_FRAME_LENGTH) {
            throw new IllegalArgumentException("frame length " + frameLength);
        }
        this.target = target;
        this.limit = SnapshotFormat.FRAME_PREFIX + frameLength;
        this.buf = new byte[limit + TAIL];
    }

    /**
     * Fields whose encoding goes to {@code digest} (content only, no framing): the same bytes for
     * the same fields, so a digest of a section's content identifies it as its snapshot bytes do.
     * Call {@link #flush} before reading the digest.
     */
    public static SnapshotOutput digesting(MessageDigest digest) {
        return new SnapshotOutput((b, length) -> digest.update(b, SnapshotFormat.FRAME_PREFIX, length),
                SnapshotFormat.MAX_FRAME_LENGTH);
    }

    /** Sends what the buffer holds as a frame (nothing if it is empty). */
    public void flush() throws IOException {
        if (pos > SnapshotFormat.FRAME_PREFIX) {
            int length = pos - SnapshotFormat.FRAME_PREFIX;
            pos = SnapshotFormat.FRAME_PREFIX;
            target.frame(buf, length);
        }
    }

    /** Whether the buffer holds nothing (between sections it must). */
    boolean isEmpty() {
        return pos == SnapshotFormat.FRAME_PREFIX;
    }

    private void room(int n) throws IOException {
        if (pos + n > limit) flush();
    }

    /** 8 bytes, signed. */
    public void i64(long v) throws IOException {
        room(8);
        LONG.set(buf, pos, v);
        pos += 8;
    }

    /** 4 bytes, signed. */
    public void i32(int v) throws IOException {
        room(4);
        INT.set(buf, pos, v);
        pos += 4;
    }

    /** 1 byte: 1 or 0. */
    public void flag(boolean b) throws IOException {
        room(1);
        buf[pos++] = (byte) (b ? 1 : 0);
    }

    /** A collection's size: 4 bytes, never negative. */
    public void count(int n) throws IOException {
        if (n < 0) throw new IllegalArgumentException("negative count " + n);
        i32(n);
    }

    /** An enum constant as its ordinal, 1 byte. */
    public void ordinal(Enum<?> e) throws IOException {
        if (e.ordinal() > 255) throw new IllegalArgumentException("ordinal beyond one byte: " + e);
        room(1);
        buf[pos++] = (byte) e.ordinal();
    }

    /** A length byte (always 20), then the address's 20 bytes, most significant first. */
    public void address(Address a) throws IOException {
        room(1 + SnapshotInput.ADDRESS_LENGTH);
        int p = pos;
        buf[p] = SnapshotInput.ADDRESS_LENGTH;
        LONG.set(buf, p + 1, a.hi());
        LONG.set(buf, p + 9, a.mid());
        INT.set(buf, p + 17, a.lo());
        pos = p + 1 + SnapshotInput.ADDRESS_LENGTH;
    }

    /** A length byte (0..32), then the minimal big-endian magnitude (no leading zero byte; 0 is empty). */
    public void uint(UInt256 v) throws IOException {
        uint(v.limb(0), v.limb(1), v.limb(2), v.limb(3));
    }

    /** {@link #uint(UInt256)} of the value whose limbs, least significant first, are given. */
    public void uint(long l0, long l1, long l2, long l3) throws IOException {
        room(MAX_FIELD);
        int p = pos;
        if (l3 != 0) {
            p = top(l3, 24, p);
            LONG.set(buf, p, l2);
            LONG.set(buf, p + 8, l1);
            LONG.set(buf, p + 16, l0);
            p += 24;
        } else if (l2 != 0) {
            p = top(l2, 16, p);
            LONG.set(buf, p, l1);
            LONG.set(buf, p + 8, l0);
            p += 16;
        } else if (l1 != 0) {
            p = top(l1, 8, p);
            LONG.set(buf, p, l0);
            p += 8;
        } else if (l0 != 0) {
            p = top(l0, 0, p);
        } else {
            buf[p++] = 0;
        }
        pos = p;
    }

    /**
     * Writes the length byte of a uint whose most significant non-zero limb is {@code limb}, with
     * {@code lower} bytes below it, then that limb's significant bytes; returns where the lower
     * limbs go. The limb is stored as a whole long shifted to its first byte: the bytes past its
     * significant ones fall where the next limb or field goes (or into the tail room).
     */
    private int top(long limb, int lower, int p) {
        int k = 8 - (Long.numberOfLeadingZeros(limb) >>> 3);
        buf[p] = (byte) (lower + k);
        LONG.set(buf, p + 1, limb << (64 - 8 * k));
        return p + 1 + k;
    }

    /** Raw bytes, as many frames as they need (for sections whose content is opaque to this format). */
    public void bytes(byte[] b) throws IOException {
        int from = 0;
        while (from < b.length) {
            if (pos == limit) flush();
            int n = Math.min(b.length - from, limit - pos);
            System.arraycopy(b, from, buf, pos, n);
            pos += n;
            from += n;
        }
    }

    /** Raw bytes for a section header: the frame buffer must be empty and is sent at once. */
    void header(int flags, byte[] name) throws IOException {
        if (!isEmpty()) throw new IllegalStateException("a header inside a section");
        buf[pos++] = (byte) flags;
        System.arraycopy(name, 0, buf, pos, name.length);
        pos += name.length;
        flush();
    }
}
