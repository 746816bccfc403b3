package dev.proverstaking.snapshot;

import dev.proverstaking.snapshot.SnapshotFormatException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads a snapshot container from a stream, section by section, with bounded memory (one frame):
 * the preamble when made, then each section's header ({@link #next}) and content
 * ({@link #content}, then {@link #endSection}; or {@link #skipSection}, {@link #sectionBytes}),
 * then, after the end marker, {@link #requireEnd}. Never closes the stream, and asks it for no byte
 * past the end marker but the one {@link #requireEnd} needs to see that nothing follows.
 *
 * <p>Every malformed input is a {@link SnapshotFormatException}; a failure of the stream itself
 * is its {@link IOException}.
 */
public final class SnapshotReader {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    /** A header's body: flags and the longest name. */
    private static final int MAX_HEADER = 1 + SnapshotFormat.MAX_NAME_LENGTH;

    private enum State { BETWEEN, IN_SECTION, ENDED }

    private final FrameSource source;
    private final SnapshotInput content;
    private final byte[] header = new byte[MAX_HEADER];
    private State state = State.BETWEEN;
    private int sections;
    private String last;

    /**
     * Reads and checks the preamble.
     *
     * @throws SnapshotFormatException {@link Reason#BAD_MAGIC}, {@link Reason#UNSUPPORTED_VERSION} or
     *                                 {@link Reason#TRUNCATED}
     */
    public SnapshotReader(InputStream in) throws IOException, SnapshotFormatException {
        this.source = new FrameSource(in);
        this.content = new SnapshotInput(source);
        byte[] magic = SnapshotFormat.MAGIC_BYTES;
        byte[] got = new byte[magic.length];
        int n = source.readUpTo(got, 0, magic.length);
        for (int i = 0; i < n; i++) {
            if (got[i] != magic[i]) {
                throw new SnapshotFormatException(Reason.BAD_MAGIC,
                        "not a snapshot: it does not start with the magic \"" + SnapshotFormat.MAGIC + "\"");
            }
        }
        if (n < magic.length) {
            throw new SnapshotFormatException(Reason.TRUNCATED,
                    "snapshot truncated: " + n + " bytes, inside the magic \"" + SnapshotFormat.MAGIC + "\"");
        }
        byte[] v = new byte[4];
        source.readFully(v, 0, 4, "the format version", "");
        int version = (int) INT.get(v, 0);
        if (version == 1) {
            throw new SnapshotFormatException(Reason.UNSUPPORTED_VERSION, "unsupported snapshot format version 1: "
                    + "this code reads version " + SnapshotFormat.VERSION + " only (version 1, one unframed block, was "
                    + "never deployed); take the snapshot again with this version");
        }
        if (version != SnapshotFormat.VERSION) {
            throw new SnapshotFormatException(Reason.UNSUPPORTED_VERSION, "unsupported snapshot format version "
                    + Integer.toUnsignedString(version) + " (this code reads version " + SnapshotFormat.VERSION + ")");
        }
    }

    /**
     * The next section's header, or null at the end marker. The previous section must have been
     * ended, skipped or read whole.
     */
    public SectionHeader next() throws IOException, SnapshotFormatException {
        if (state != State.BETWEEN) throw new IllegalStateException("a section is open, or the end was read");
        String where = last == null ? "the first section's header (or the end marker)"
                : "the header after section " + last + " (or the end marker)";
        long at = source.offset();
        int length = source.readFrame(header, 0, MAX_HEADER, where);
        if (length == 0) {
            state = State.ENDED;
            return null;
        }
        int flags = header[0] & 0xFF;
        if ((flags & ~SnapshotFormat.FLAG_REQUIRED) != 0) {
            throw new SnapshotFormatException(Reason.INVALID_VALUE, "invalid snapshot: " + where + " at byte " + at
                    + " has flags " + flags + ", of which only bit 0 (required) has a meaning");
        }
        String name = new String(header, 1, length - 1, StandardCharsets.ISO_8859_1);
        if (!SnapshotFormat.isValidName(name)) {
            throw new SnapshotFormatException(Reason.INVALID_VALUE, "invalid snapshot: " + where + " at byte " + at
                    + " names the section \"" + name + "\", not a section name");
        }
        state = State.IN_SECTION;
        last = name;
        content.begin(name);
        return new SectionHeader(name, (flags & SnapshotFormat.FLAG_REQUIRED) != 0, sections++);
    }

    /** The fields of the section whose header {@link #next} just returned. */
    public SnapshotInput content() {
        if (state != State.IN_SECTION) throw new IllegalStateException("no section is open");
        return content;
    }

    /** After reading the section's fields: they must be all it holds ({@link Reason#TRAILING_BYTES}). */
    public void endSection() throws IOException, SnapshotFormatException {
        content().finish();
        state = State.BETWEEN;
    }

    /** Passes over the rest of the section, checking its frames. */
    public void skipSection() throws IOException, SnapshotFormatException {
        content().skip();
        state = State.BETWEEN;
    }

    /** The rest of the section's content as bytes; more than {@code max} is {@link Reason#INVALID_VALUE}. */
    public byte[] sectionBytes(int max) throws IOException, SnapshotFormatException {
        byte[] b = content().rest(max);
        state = State.BETWEEN;
        return b;
    }

    /** After {@link #next} returned null: the input must end with the end marker. Reads at most one byte. */
    public void requireEnd() throws IOException, SnapshotFormatException {
        if (state != State.ENDED) throw new IllegalStateException("the end marker was not read");
        long end = source.offset();
        if (!source.atEnd()) {
            throw new SnapshotFormatException(Reason.TRAILING_BYTES,
                    "invalid snapshot: trailing bytes after the end marker, which ends at byte " + end);
        }
    }
}
