package dev.proverstaking.statehash;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The canonical bytes of one record ({@link RecordKind} has the layouts), written into a reusable
 * buffer: the snapshot's field encodings, but an address is its 20 bytes alone (no length byte).
 */
public final class RecordOutput {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buf = new byte[256];
    private int length;

    /** Empties the buffer for the next record. */
    public void reset() {
        length = 0;
    }

    /** How many bytes the record written so far has. */
    public int length() {
        return length;
    }

    /** The buffer: the record is its first {@link #length} bytes. */
    byte[] array() {
        return buf;
    }

    /** A copy of the record's bytes. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, length);
    }

    private int room(int n) {
        if (length + n > buf.length) buf = Arrays.copyOf(buf, Math.max(2 * buf.length, length + n));
        int at = length;
        length += n;
        return at;
    }

    /** The record's first byte: its kind's tag. */
    // each writer takes its room before it reads buf: room may replace it

    public void kind(RecordKind kind) {
        int at = room(1);
        buf[at] = kind.tag;
    }

    public void i64(long v) {
        int at = room(8);
        LONG.set(buf, at, v);
    }

    public void i32(int v) {
        int at = room(4);
        INT.set(buf, at, v);
    }

    public void flag(boolean b) {
        int at = room(1);
        buf[at] = (byte) (b ? 1 : 0);
    }

    /** An enum constant's ordinal, 1 byte. */
    public void ordinal(Enum<?> e) {
        if (e.ordinal() > 255) throw new IllegalArgumentException("ordinal beyond one byte: " + e);
        int at = room(1);
        buf[at] = (byte) e.ordinal();
    }

    /** A collection's size, 4 bytes. */
    public void count(int n) {
        if (n < 0) throw new IllegalArgumentException("negative count " + n);
        i32(n);
    }

    /** The address's 20 bytes, most significant first. */
    public void address(Address a) {
        int at = room(20);
        LONG.set(buf, at, a.hi());
        LONG.set(buf, at + 8, a.mid());
        INT.set(buf, at + 16, a.lo());
    }

    public void uint(UInt256 v) {
        uint(v.limb(0), v.limb(1), v.limb(2), v.limb(3));
    }

    /** A length byte (0..32), then the minimal big-endian magnitude of the value whose limbs, least significant first, are given. */
    public void uint(long l0, long l1, long l2, long l3) {
        int top = l3 != 0 ? 3 : l2 != 0 ? 2 : l1 != 0 ? 1 : l0 != 0 ? 0 : -1;
        if (top < 0) {
            int at = room(1);
            buf[at] = 0;
            return;
        }
        long high = top == 3 ? l3 : top == 2 ? l2 : top == 1 ? l1 : l0;
        int k = 8 - (Long.numberOfLeadingZeros(high) >>> 3);
        int at = room(1 + k + 8 * top);
        buf[at++] = (byte) (k + 8 * top);
        for (int i = k - 1; i >= 0; i--) buf[at++] = (byte) (high >>> (8 * i));
        if (top >= 3) {
            LONG.set(buf, at, l2);
            at += 8;
        }
        if (top >= 2) {
            LONG.set(buf, at, l1);
            at += 8;
        }
        if (top >= 1) LONG.set(buf, at, l0);
    }
}
