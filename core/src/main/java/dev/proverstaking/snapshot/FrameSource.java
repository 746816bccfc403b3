package dev.proverstaking.snapshot;

import dev.proverstaking.snapshot.SnapshotFormatException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The frames of a snapshot, read from a stream exactly: it asks the stream for the bytes each
 * frame needs and no more (no buffering of its own), so whatever follows the snapshot stays in the
 * stream. Checks each frame's length against its CRC32C before trusting it, and the body against
 * its CRC32C before anyone reads it.
 */
final class FrameSource {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final InputStream in;
    private final byte[] word = new byte[SnapshotFormat.FRAME_PREFIX];
    private final CRC32C crc = new CRC32C();
    /** Bytes consumed from {@link #in}. */
    private long offset;

    FrameSource(InputStream in) {
        this.in = in;
    }

    /** The offset of the next byte, from the start of the snapshot. */
    long offset() {
        return offset;
    }

    /**
     * Reads as many of {@code n} bytes as the input still has; returns how many (fewer only at its
     * end).
     */
    int readUpTo(byte[] b, int off, int n) throws IOException {
        int got = in.readNBytes(b, off, n);
        offset += got;
        return got;
    }

    /** Reads exactly {@code n} bytes, or throws {@link Reason#TRUNCATED} naming {@code part} of {@code where}. */
    void readFully(byte[] b, int off, int n, String part, String where) throws IOException, SnapshotFormatException {
        long start = offset;
        int got = readUpTo(b, off, n);
        if (got < n) {
            throw new SnapshotFormatException(Reason.TRUNCATED, "snapshot truncated: the input ends at byte " + offset
                    + ", inside " + part + where + " (" + n + " bytes from byte " + start + ", " + got + " there)");
        }
    }

    /**
     * Reads one frame, its body into {@code b[off, off + length)}, and returns its length (0 for a
     * terminator, which has no body).
     *
     * @param max the longest body acceptable here; a longer one is {@link Reason#INVALID_VALUE}
     * @param where what the frame is, for messages ("frame 3 of section staking")
     */
    int readFrame(byte[] b, int off, int max, String where) throws IOException, SnapshotFormatException {
        long start = offset;
        readFully(word, 0, SnapshotFormat.FRAME_PREFIX, "the length of ", where);
        int length = (int) INT.get(word, 0);
        int stored = (int) INT.get(word, 4);
        int computed = crc(word, 0, 4);
        if (stored != computed) {
            throw new SnapshotFormatException(Reason.CHECKSUM_MISMATCH, String.format(
                    "corrupt snapshot: the length of %s at byte %d does not match its CRC32C (stored %08x, computed %08x)",
                    where, start, stored, computed));
        }
        if (length < 0 || length > max) {
            throw new SnapshotFormatException(Reason.INVALID_VALUE, "invalid snapshot: " + where + " at byte " + start
                    + " is " + Integer.toUnsignedString(length) + " bytes long, more than the " + max + " allowed there");
        }
        if (length == 0) return 0;
        readFully(b, off, length, "the body of ", where);
        readFully(word, 0, SnapshotFormat.FRAME_SUFFIX, "the checksum of ", where);
        stored = (int) INT.get(word, 0);
        computed = crc(b, off, length);
        if (stored != computed) {
            long body = start + SnapshotFormat.FRAME_PREFIX;
            throw new SnapshotFormatException(Reason.CHECKSUM_MISMATCH, String.format(
                    "corrupt snapshot: the checksum of %s (bytes %d..%d) does not match (stored CRC32C %08x, computed %08x)",
                    where, body, body + length - 1, stored, computed));
        }
        return length;
    }

    /** Whether the input ends here: reads at most one byte. */
    boolean atEnd() throws IOException {
        if (in.read() < 0) return true;
        offset++;
        return false;
    }

    private int crc(byte[] b, int off, int length) {
        crc.reset();
        crc.update(b, off, length);
        return (int) crc.getValue();
    }
}
