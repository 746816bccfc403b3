package dev.proverstaking.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Writes a snapshot container to a stream as it goes: the preamble, then sections (a header, the
 * content's frames, a terminator), then the end marker. It holds one frame buffer and nothing of
 * what it wrote. Never closes the stream; {@link #finish} flushes it.
 *
 * <pre>
 * SnapshotWriter w = new SnapshotWriter(out);
 * SnapshotOutput s = w.beginSection("staking", true);
 * s.uint(...); ...
 * w.endSection();
 * w.finish();
 * </pre>
 */
public final class SnapshotWriter {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    /** A frame of length 0: a section's terminator, and the end marker. */
    static final byte[] TERMINATOR = terminator();

    private final OutputStream out;
    private final SnapshotOutput fields;
    private final CRC32C crc = new CRC32C();
    private String section;
    private boolean finished;

    /** Writes the preamble; sections follow. */
    public SnapshotWriter(OutputStream out) throws IOException {
        this(out, SnapshotFormat.MAX_FRAME_LENGTH);
    }

    /** With frames of at most {@code frameLength} bytes: for tests of frames and fields across them. */
    SnapshotWriter(OutputStream out, int frameLength) throws IOException {
        this.out = out;
        this.fields = new SnapshotOutput(this::frame, frameLength);
        byte[] preamble = new byte[SnapshotFormat.PREAMBLE_LENGTH];
        System.arraycopy(SnapshotFormat.MAGIC_BYTES, 0, preamble, 0, SnapshotFormat.MAGIC_BYTES.length);
        INT.set(preamble, SnapshotFormat.MAGIC_BYTES.length, SnapshotFormat.VERSION);
        out.write(preamble);
    }

    /**
     * Writes the header of section {@code name} and returns where its content goes, until
     * {@link #endSection}.
     *
     * @param required whether a reader that does not know this section must refuse the snapshot
     * @throws IllegalArgumentException when the name is not a valid section name
     */
    public SnapshotOutput beginSection(String name, boolean required) throws IOException {
        if (finished || section != null) throw new IllegalStateException("a section is open or the snapshot finished");
        if (!SnapshotFormat.isValidName(name)) throw new IllegalArgumentException("not a section name: \"" + name + "\"");
        section = name;
        fields.header(required ? SnapshotFormat.FLAG_REQUIRED : 0, name.getBytes(StandardCharsets.US_ASCII));
        return fields;
    }

    /** Sends the section's last frame and its terminator. */
    public void endSection() throws IOException {
        if (section == null) throw new IllegalStateException("no section is open");
        fields.flush();
        out.write(TERMINATOR);
        section = null;
    }

    /** Writes the end marker and flushes the stream; nothing may follow. */
    public void finish() throws IOException {
        if (finished || section != null) throw new IllegalStateException("a section is open or the snapshot finished");
        out.write(TERMINATOR);
        out.flush();
        finished = true;
    }

    /** One frame, prefix and suffix filled in around the body {@link SnapshotOutput} left in {@code buf}, in one write. */
    private void frame(byte[] buf, int length) throws IOException {
        INT.set(buf, 0, length);
        crc.reset();
        crc.update(buf, 0, 4);
        INT.set(buf, 4, (int) crc.getValue());
        crc.reset();
        crc.update(buf, SnapshotFormat.FRAME_PREFIX, length);
        INT.set(buf, SnapshotFormat.FRAME_PREFIX + length, (int) crc.getValue());
        out.write(buf, 0, SnapshotFormat.FRAME_PREFIX + length + SnapshotFormat.FRAME_SUFFIX);
    }

    private static byte[] terminator() {
        byte[] t = new byte[SnapshotFormat.FRAME_PREFIX];
        INT.set(t, 4, SnapshotFormat.crc32c(t, 0, 4));
        return t;
    }
}
