package dev.proverstaking.snapshot;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.snapshot.SnapshotFormatException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The field decodings of one section's content, the inverse of {@link SnapshotOutput}, read frame
 * by frame: it holds one frame (checked against its CRC32C before a byte of it is decoded) and
 * loads the next when a field needs it, a field that straddles two frames included. Made by a
 * {@link SnapshotReader}, one per reader, reused for each section.
 *
 * <p>Every read checks that the content holds the field (a content that ends inside one is
 * {@link Reason#INVALID_VALUE}: its frames are intact, it is what was written that is short) and
 * that the value is valid and canonical ({@link Reason#INVALID_VALUE}); the stream ending early is
 * {@link Reason#TRUNCATED}, a frame that does not match its checksum {@link Reason#CHECKSUM_MISMATCH}.
 * Nothing here throws an unchecked exception. {@code what} names the field in messages.
 */
public final class SnapshotInput {
    static final int ADDRESS_LENGTH = 20;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    /**
     * Room before a frame for what is left of the previous one when a field straddles them (less
     * than the longest field, 33 bytes), and so that a uint's top limb can be read as the whole
     * long ending at its last byte (at most 7 bytes before the field).
     */
    private static final int SLACK = 64;

    private final FrameSource source;
    private final byte[] buf = new byte[SLACK + SnapshotFormat.MAX_FRAME_LENGTH];
    private int pos = SLACK;
    private int limit = SLACK;
    private String section;
    /** Frames of the section read so far. */
    private int frames;
    /** The terminator was read: no more content. */
    private boolean ended = true;
    /** The offset in the section's content of {@code buf[0]}, so that a field's is {@code base + pos}. */
    private long base;

    SnapshotInput(FrameSource source) {
        this.source = source;
    }

    /** Starts reading the content of {@code section}, whose header was just read. */
    void begin(String section) {
        this.section = section;
        this.frames = 0;
        this.ended = false;
        this.pos = SLACK;
        this.limit = SLACK;
        this.base = -SLACK;
    }

    /** The section being read. */
    public String section() {
        return section;
    }

    /**
     * Loads the section's next frame after what is left of the current one (fewer than
     * {@link #SLACK} bytes); false when it is the terminator.
     */
    private boolean loadFrame() throws IOException, SnapshotFormatException {
        int left = limit - pos;
        System.arraycopy(buf, pos, buf, SLACK - left, left);
        base += pos - (SLACK - left);
        pos = SLACK - left;
        int length = source.readFrame(buf, SLACK, SnapshotFormat.MAX_FRAME_LENGTH,
                "frame " + (frames + 1) + " of section " + section);
        if (length == 0) {
            ended = true;
            limit = SLACK;
            return false;
        }
        frames++;
        limit = SLACK + length;
        return true;
    }

    /** Makes {@code n} bytes available at {@link #pos}, or throws. */
    private void need(int n, String what) throws IOException, SnapshotFormatException {
        if (limit - pos < n) fill(n, what);
    }

    /** {@link #need}'s slow path: loads frames until {@code n} bytes are available. */
    private void fill(int n, String what) throws IOException, SnapshotFormatException {
        while (limit - pos < n) {
            if (ended || !loadFrame()) {
                throw new SnapshotFormatException(Reason.INVALID_VALUE, "invalid snapshot: the content of section "
                        + section + " ends inside " + what + " (at its byte " + (base + pos) + ", " + n
                        + " bytes needed, " + (limit - pos) + " left)");
            }
        }
    }

    /** An error about the field just read (or about to be). */
    public SnapshotFormatException invalid(String what, String problem) {
        return new SnapshotFormatException(Reason.INVALID_VALUE, "invalid snapshot: section " + section + ", "
                + what + " (before byte " + (base + pos) + " of its content, in frame " + frames + "): " + problem);
    }

    public long i64(String what) throws IOException, SnapshotFormatException {
        need(8, what);
        long v = (long) LONG.get(buf, pos);
        pos += 8;
        return v;
    }

    public int i32(String what) throws IOException, SnapshotFormatException {
        need(4, what);
        int v = (int) INT.get(buf, pos);
        pos += 4;
        return v;
    }

    private int u8(String what) throws IOException, SnapshotFormatException {
        need(1, what);
        return buf[pos++] & 0xFF;
    }

    /** A timestamp: an {@link #i64} that is not negative. */
    public long time(String what) throws IOException, SnapshotFormatException {
        long t = i64(what);
        if (t < 0) throw invalid(what, "negative timestamp " + t);
        return t;
    }

    public boolean flag(String what) throws IOException, SnapshotFormatException {
        int b = u8(what);
        if (b > 1) throw invalid(what, "flag byte " + b + " is neither 0 nor 1");
        return b == 1;
    }

    /**
     * A collection's size, at most {@code max}. Nothing is allocated by it: a count beyond the
     * content runs into the content's end.
     */
    public int count(String what, int max) throws IOException, SnapshotFormatException {
        int n = i32(what);
        if (n < 0) throw invalid(what, "negative count " + n);
        if (n > max) throw invalid(what, "count " + n + " exceeds the maximum " + max);
        return n;
    }

    public <E extends Enum<E>> E ordinal(E[] values, String what) throws IOException, SnapshotFormatException {
        int o = u8(what);
        if (o >= values.length) {
            throw invalid(what, "unknown ordinal " + o + " (" + values.length + " constants, "
                    + values[0].getDeclaringClass().getSimpleName() + ")");
        }
        return values[o];
    }

    public Address address(String what) throws IOException, SnapshotFormatException {
        need(1, what);
        int length = buf[pos] & 0xFF;
        if (length != ADDRESS_LENGTH) {
            throw invalid(what, "address length " + length + ", expected " + ADDRESS_LENGTH);
        }
        need(1 + ADDRESS_LENGTH, what);
        int p = pos + 1;
        Address a = new Address((long) LONG.get(buf, p), (long) LONG.get(buf, p + 8), (int) INT.get(buf, p + 16));
        pos = p + ADDRESS_LENGTH;
        return a;
    }

    public UInt256 uint(String what) throws IOException, SnapshotFormatException {
        need(1, what);
        int length = buf[pos] & 0xFF;
        if (length == 0) {
            pos++;
            return UInt256.ZERO;
        }
        if (length > 32) throw invalid(what, "uint256 of " + length + " bytes, longer than 32");
        need(1 + length, what);
        int from = pos + 1;
        if (buf[from] == 0) throw invalid(what, "uint256 not minimal (leading zero byte)");
        int end = from + length;
        // limb i is the (up to) 8 bytes ending 8 * i bytes before the end; a partial top limb is
        // read as the long ending at its last byte (SLACK keeps that inside the buffer) and masked
        long l0 = limb(end, from);
        long l1 = length > 8 ? limb(end - 8, from) : 0;
        long l2 = length > 16 ? limb(end - 16, from) : 0;
        long l3 = length > 24 ? limb(end - 24, from) : 0;
        pos = end;
        return UInt256.ofLimbs(l0, l1, l2, l3);
    }

    /**
     * {@code into.length} raw bytes (a field of fixed length, whose meaning is its section's),
     * across frames if need be.
     */
    public void bytes(byte[] into, String what) throws IOException, SnapshotFormatException {
        int done = 0;
        while (done < into.length) {
            if (pos == limit && (ended || !loadFrame())) {
                throw new SnapshotFormatException(Reason.INVALID_VALUE, "invalid snapshot: the content of section "
                        + section + " ends inside " + what + " (at its byte " + (base + pos) + ", "
                        + (into.length - done) + " more bytes needed)");
            }
            int n = Math.min(into.length - done, limit - pos);
            System.arraycopy(buf, pos, into, done, n);
            pos += n;
            done += n;
        }
    }

    /** The limb whose bytes end at {@code end} (exclusive) and start at {@code from} at the earliest. */
    private long limb(int end, int from) {
        long v = (long) LONG.get(buf, end - 8);
        int k = end - from;
        return k >= 8 ? v : v & ((1L << (8 * k)) - 1);
    }

    // ---- the section as a whole: for SnapshotReader ----

    /**
     * Checks that the section's content was read to its end (anything after the last field is
     * {@link Reason#TRAILING_BYTES}) and reads its terminator.
     */
    void finish() throws IOException, SnapshotFormatException {
        if (pos < limit || !ended && loadFrame()) {
            throw new SnapshotFormatException(Reason.TRAILING_BYTES, "invalid snapshot: section " + section
                    + " has " + (limit - pos) + " bytes after its last field (from byte " + (base + pos)
                    + " of its content, in frame " + frames + ")");
        }
    }

    /** Reads the rest of the section's frames, checking them, and drops them. */
    void skip() throws IOException, SnapshotFormatException {
        pos = limit;
        while (!ended) {
            loadFrame();
            pos = limit;
        }
    }

    /** The rest of the section's content, at most {@code max} bytes of it, and its terminator. */
    byte[] rest(int max) throws IOException, SnapshotFormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int n = limit - pos;
            if (out.size() + n > max) {
                throw new SnapshotFormatException(Reason.INVALID_VALUE, "invalid snapshot: section " + section
                        + " is longer than the " + max + " bytes a section kept in memory may be");
            }
            out.write(buf, pos, n);
            pos = limit;
            if (ended || !loadFrame()) return out.toByteArray();
        }
    }
}
