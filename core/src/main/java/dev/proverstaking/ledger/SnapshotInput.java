package dev.proverstaking.ledger;

import dev.proverstaking.common.Address;
import dev.proverstaking.ledger.SnapshotFormatException.Reason;
import dev.proverstaking.math.UInt256;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.math.BigInteger;

/**
 * The field decodings of a ledger snapshot, the inverse of {@link SnapshotOutput}, for the readers of
 * each module's section. Snapshot use only; created by {@link LedgerSnapshot} alone, over the bytes
 * of one snapshot. Every read checks that the input holds the field ({@link Reason#TRUNCATED}) and
 * that the value is valid and canonical ({@link Reason#INVALID_VALUE}); nothing here throws an
 * unchecked exception.
 *
 * <p>{@code what} names the field in error messages.
 */
public final class SnapshotInput {
    static final int ADDRESS_LENGTH = 20;

    private final ByteArrayInputStream bytes;
    private final DataInputStream in;
    private final int limit;

    /** Reads {@code data[from, limit)}. */
    SnapshotInput(byte[] data, int from, int limit) {
        this.bytes = new ByteArrayInputStream(data, from, limit - from);
        this.in = new DataInputStream(bytes);
        this.limit = limit;
    }

    /** The offset of the next byte, from the start of the snapshot. */
    public int position() {
        return limit - bytes.available();
    }

    private void need(int n, String what) throws SnapshotFormatException {
        int left = bytes.available();
        if (left < n) {
            throw new SnapshotFormatException(Reason.TRUNCATED, "snapshot truncated: the input ends at byte "
                    + limit + " inside " + what + " (" + n + " bytes needed at byte " + position() + ", "
                    + left + " left)");
        }
    }

    /** An error about the field just read (or about to be). */
    public SnapshotFormatException invalid(String what, String problem) {
        return new SnapshotFormatException(Reason.INVALID_VALUE,
                "invalid snapshot: " + what + " before byte " + position() + ": " + problem);
    }

    public long i64(String what) throws SnapshotFormatException {
        need(8, what);
        try {
            return in.readLong();
        } catch (IOException e) {
            throw new AssertionError("checked above", e);
        }
    }

    public int i32(String what) throws SnapshotFormatException {
        need(4, what);
        try {
            return in.readInt();
        } catch (IOException e) {
            throw new AssertionError("checked above", e);
        }
    }

    private int u8(String what) throws SnapshotFormatException {
        need(1, what);
        try {
            return in.readUnsignedByte();
        } catch (IOException e) {
            throw new AssertionError("checked above", e);
        }
    }

    /** A timestamp: an {@link #i64} that is not negative. */
    public long time(String what) throws SnapshotFormatException {
        long t = i64(what);
        if (t < 0) throw invalid(what, "negative timestamp " + t);
        return t;
    }

    public boolean flag(String what) throws SnapshotFormatException {
        int b = u8(what);
        if (b > 1) throw invalid(what, "flag byte " + b + " is neither 0 nor 1");
        return b == 1;
    }

    /**
     * A collection's size, at most {@code max}. Every element takes at least one byte, so a count
     * beyond the bytes left means the input was cut short.
     */
    public int count(String what, int max) throws SnapshotFormatException {
        int n = i32(what);
        if (n < 0) throw invalid(what, "negative count " + n);
        if (n > max) throw invalid(what, "count " + n + " exceeds the maximum " + max);
        if (n > bytes.available()) {
            throw new SnapshotFormatException(Reason.TRUNCATED, "snapshot truncated: " + what + " " + n
                    + " at byte " + (position() - 4) + " needs more bytes than the " + bytes.available()
                    + " left before byte " + limit);
        }
        return n;
    }

    public <E extends Enum<E>> E ordinal(E[] values, String what) throws SnapshotFormatException {
        int o = u8(what);
        if (o >= values.length) {
            throw invalid(what, "unknown ordinal " + o + " (" + values.length + " constants, "
                    + values[0].getDeclaringClass().getSimpleName() + ")");
        }
        return values[o];
    }

    public Address address(String what) throws SnapshotFormatException {
        int length = u8(what);
        if (length != ADDRESS_LENGTH) {
            throw invalid(what, "address length " + length + ", expected " + ADDRESS_LENGTH);
        }
        need(ADDRESS_LENGTH, what);
        try {
            return new Address(in.readLong(), in.readLong(), in.readInt());
        } catch (IOException e) {
            throw new AssertionError("checked above", e);
        }
    }

    public UInt256 uint(String what) throws SnapshotFormatException {
        int length = u8(what);
        if (length > 32) throw invalid(what, "uint256 of " + length + " bytes, longer than 32");
        if (length == 0) return UInt256.ZERO;
        need(length, what);
        byte[] magnitude = new byte[length];
        try {
            in.readFully(magnitude);
        } catch (IOException e) {
            throw new AssertionError("checked above", e);
        }
        if (magnitude[0] == 0) throw invalid(what, "uint256 not minimal (leading zero byte)");
        return UInt256.of(new BigInteger(1, magnitude));
    }
}
