package dev.proverstaking.statehash;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads back what {@link RecordOutput} wrote: one record's canonical bytes, field by field in the
 * order of its kind's layout ({@link RecordKind}). For checkers that compare a record before and
 * after a transaction from the bytes the journal kept; a read past the record's end throws.
 */
public final class RecordInput {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final RecordKind[] BY_TAG = new RecordKind[256];

    static {
        for (RecordKind k : RecordKind.values()) BY_TAG[k.tag & 0xFF] = k;
    }

    private final byte[] buf;
    private int at;
    private final int end;

    public RecordInput(byte[] buf, int at, int length) {
        this.buf = buf;
        this.at = at;
        this.end = at + length;
    }

    private int take(int n) {
        if (at + n > end) throw new IllegalArgumentException("record ends " + (at + n - end) + " bytes early");
        int from = at;
        at += n;
        return from;
    }

    /** The record's kind, from its first byte. */
    public RecordKind kind() {
        RecordKind k = BY_TAG[buf[take(1)] & 0xFF];
        if (k == null) throw new IllegalArgumentException("unknown record tag " + (buf[at - 1] & 0xFF));
        return k;
    }

    /** The kind of the record in {@code buf} at {@code at}, without reading it. */
    public static RecordKind kindAt(byte[] buf, int at) {
        return new RecordInput(buf, at, 1).kind();
    }

    public long i64() {
        return (long) LONG.get(buf, take(8));
    }

    public int i32() {
        return (int) INT.get(buf, take(4));
    }

    public boolean flag() {
        return buf[take(1)] != 0;
    }

    public int ordinal() {
        return buf[take(1)] & 0xFF;
    }

    public int count() {
        return i32();
    }

    public Address address() {
        int p = take(20);
        return new Address((long) LONG.get(buf, p), (long) LONG.get(buf, p + 8), (int) INT.get(buf, p + 16));
    }

    public UInt256 uint() {
        int n = buf[take(1)] & 0xFF;
        if (n > 32) throw new IllegalArgumentException("uint of " + n + " bytes");
        int p = take(n);
        long[] limbs = new long[4];
        for (int i = 0; i < n; i++) {
            int fromLow = n - 1 - i; // byte index counted from the least significant
            limbs[fromLow >>> 3] |= (buf[p + i] & 0xFFL) << (8 * (fromLow & 7));
        }
        return UInt256.ofLimbs(limbs[0], limbs[1], limbs[2], limbs[3]);
    }

    /** Whether every byte of the record was read. */
    public boolean atEnd() {
        return at == end;
    }
}
