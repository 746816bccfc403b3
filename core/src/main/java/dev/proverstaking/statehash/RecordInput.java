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

    /** As {@link RecordOutput#uint} wrote it: the high limb's 1..8 bytes, then each lower limb's 8, big-endian. */
    public UInt256 uint() {
        int n = buf[take(1)] & 0xFF;
        if (n > 32) throw new IllegalArgumentException("uint of " + n + " bytes");
        if (n == 0) return UInt256.ZERO;
        int p = take(n);
        int top = (n - 1) >>> 3, k = n - 8 * top;
        long high = 0;
        for (int i = 0; i < k; i++) high = high << 8 | (buf[p + i] & 0xFFL);
        p += k;
        long[] l = new long[4];
        l[top] = high;
        for (int limb = top - 1; limb >= 0; limb--, p += 8) l[limb] = (long) LONG.get(buf, p);
        return UInt256.ofLimbs(l[0], l[1], l[2], l[3]);
    }

    /** Whether every byte of the record was read. */
    public boolean atEnd() {
        return at == end;
    }
}
