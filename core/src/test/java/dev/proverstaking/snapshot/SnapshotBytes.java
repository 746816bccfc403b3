package dev.proverstaking.snapshot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Snapshot containers taken apart and put together, for tests that damage, cut, craft or inspect
 * them: the sections of a valid snapshot ({@link #sections}), a container of given sections
 * ({@link #build}), every frame where it lies ({@link #frames}), and checksums recomputed over
 * damaged bytes ({@link #withChecksums}).
 */
public final class SnapshotBytes {
    private SnapshotBytes() {}

    /** A section: its name, flag and whole content. */
    public record Section(String name, boolean required, byte[] content) {
        public Section withContent(byte[] c) {
            return new Section(name, required, c);
        }
    }

    public enum Kind { HEADER, DATA, TERMINATOR, END }

    /**
     * A frame as it lies in a container.
     *
     * @param at      the offset of its length field
     * @param length  its body's length (0 for a terminator or the end marker)
     * @param section the section it belongs to (null for the end marker)
     * @param index   for a data frame, its number in its section from 1; else 0
     */
    public record Frame(int at, int length, Kind kind, String section, int index) {
        /** The offset of its body. */
        public int body() {
            return at + SnapshotFormat.FRAME_PREFIX;
        }

        /** The offset just past it. */
        public int end() {
            return at + SnapshotFormat.FRAME_PREFIX + (length == 0 ? 0 : length + SnapshotFormat.FRAME_SUFFIX);
        }
    }

    /** The sections of a valid snapshot, in order, read with {@link SnapshotReader}. */
    public static List<Section> sections(byte[] snapshot) {
        try {
            SnapshotReader r = new SnapshotReader(new ByteArrayInputStream(snapshot));
            List<Section> out = new ArrayList<>();
            for (SectionHeader h; (h = r.next()) != null; ) {
                out.add(new Section(h.name(), h.required(), r.sectionBytes(Integer.MAX_VALUE)));
            }
            r.requireEnd();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SnapshotFormatException e) {
            throw new IllegalArgumentException("not a valid container: " + e.getMessage(), e);
        }
    }

    /** The content of section {@code name} of a valid snapshot. */
    public static byte[] content(byte[] snapshot, String name) {
        return sections(snapshot).stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().content();
    }

    /** The snapshot with section {@code name}'s content replaced (and framed, with checksums, as a writer frames it). */
    public static byte[] withContent(byte[] snapshot, String name, byte[] content) {
        List<Section> sections = new ArrayList<>();
        for (Section s : sections(snapshot)) sections.add(s.name().equals(name) ? s.withContent(content) : s);
        return build(sections);
    }

    /** A container of {@code sections}, written with {@link SnapshotWriter}. */
    public static byte[] build(List<Section> sections) {
        return build(sections, SnapshotFormat.MAX_FRAME_LENGTH);
    }

    /** The same with frames of at most {@code frameLength} bytes. */
    public static byte[] build(List<Section> sections, int frameLength) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SnapshotWriter w = new SnapshotWriter(out, frameLength);
            for (Section s : sections) {
                w.beginSection(s.name(), s.required()).bytes(s.content());
                w.endSection();
            }
            w.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every frame of a container whose frame lengths are intact, in order (checksums are not checked). */
    public static List<Frame> frames(byte[] snapshot) {
        List<Frame> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(snapshot);
        int at = SnapshotFormat.PREAMBLE_LENGTH;
        String section = null;
        int index = 0;
        while (true) {
            int length = b.getInt(at);
            Kind kind;
            if (section == null) {
                if (length == 0) {
                    out.add(new Frame(at, 0, Kind.END, null, 0));
                    return out;
                }
                kind = Kind.HEADER;
                section = new String(snapshot, at + SnapshotFormat.FRAME_PREFIX + 1, length - 1);
                index = 0;
            } else {
                kind = length == 0 ? Kind.TERMINATOR : Kind.DATA;
            }
            Frame f = new Frame(at, length, kind, section, kind == Kind.DATA ? ++index : 0);
            out.add(f);
            if (kind == Kind.TERMINATOR) section = null;
            at = f.end();
        }
    }

    /**
     * The bytes with every frame's checksums (of its length, and of its body) recomputed, so that
     * damage to bodies passes the checksums and reaches the field checks. Frame lengths must be intact.
     */
    public static byte[] withChecksums(byte[] damaged) {
        byte[] out = damaged.clone();
        ByteBuffer b = ByteBuffer.wrap(out);
        for (Frame f : frames(out)) {
            b.putInt(f.at() + 4, crc(out, f.at(), 4));
            if (f.length() > 0) b.putInt(f.body() + f.length(), crc(out, f.body(), f.length()));
        }
        return out;
    }

    public static int crc(byte[] b, int from, int length) {
        CRC32C c = new CRC32C();
        c.update(b, from, length);
        return (int) c.getValue();
    }
}
