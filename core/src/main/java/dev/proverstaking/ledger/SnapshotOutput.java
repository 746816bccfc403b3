package dev.proverstaking.ledger;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The field encodings of a ledger snapshot, for the writers of each module's section
 * ({@link LedgerSnapshot} and the {@code *Snapshot} classes of the module packages). Snapshot use
 * only; created by {@link LedgerSnapshot} alone. All multi-byte integers are big-endian
 * ({@link DataOutputStream}).
 */
public final class SnapshotOutput {
    private final DataOutputStream out;

    SnapshotOutput(DataOutputStream out) {
        this.out = out;
    }

    /** 8 bytes, signed. */
    public void i64(long v) throws IOException {
        out.writeLong(v);
    }

    /** 4 bytes, signed. */
    public void i32(int v) throws IOException {
        out.writeInt(v);
    }

    /** 1 byte: 1 or 0. */
    public void flag(boolean b) throws IOException {
        out.writeByte(b ? 1 : 0);
    }

    /** A collection's size: 4 bytes, never negative. */
    public void count(int n) throws IOException {
        if (n < 0) throw new IllegalArgumentException("negative count " + n);
        out.writeInt(n);
    }

    /** An enum constant as its ordinal, 1 byte. */
    public void ordinal(Enum<?> e) throws IOException {
        if (e.ordinal() > 255) throw new IllegalArgumentException("ordinal beyond one byte: " + e);
        out.writeByte(e.ordinal());
    }

    /** A length byte (always 20), then the address's 20 bytes, most significant first. */
    public void address(Address a) throws IOException {
        out.writeByte(SnapshotInput.ADDRESS_LENGTH);
        out.writeLong(a.hi());
        out.writeLong(a.mid());
        out.writeInt(a.lo());
    }

    /** A length byte (0..32), then the minimal big-endian magnitude (no leading zero byte; 0 is empty). */
    public void uint(UInt256 v) throws IOException {
        if (v.isZero()) {
            out.writeByte(0);
            return;
        }
        byte[] be = v.toBigInteger().toByteArray(); // a leading 0 byte only as a sign byte
        int from = be[0] == 0 ? 1 : 0;
        out.writeByte(be.length - from);
        out.write(be, from, be.length - from);
    }
}
