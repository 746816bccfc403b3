package dev.proverstaking.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.proverstaking.snapshot.SnapshotBytes.Frame;
import dev.proverstaking.snapshot.SnapshotBytes.Kind;
import dev.proverstaking.snapshot.SnapshotBytes.Section;
import dev.proverstaking.snapshot.SnapshotFormatException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The container of {@code package-info.java}: its preamble, sections and frames. Every byte after
 * the version is under a CRC32C checked before use, so any one damaged byte is a checksum mismatch;
 * any cut is a truncation; anything after the end marker is trailing; and the reader takes from its
 * stream exactly the snapshot (and one byte to see that it ends).
 */
class SnapshotContainerTest {
    /** Three sections, the middle one spread over several small frames, and an empty one. */
    static final List<Section> SECTIONS = List.of(
            new Section("alpha", true, "the first".getBytes(StandardCharsets.US_ASCII)),
            new Section("beta.long", false, ramp(300)),
            new Section("gamma", true, new byte[0]));
    static final byte[] SMALL = SnapshotBytes.build(SECTIONS, 64);

    static byte[] ramp(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 7 + 3);
        return b;
    }

    @Test
    void theSectionsReadBackWithTheirFlags() {
        List<Section> back = SnapshotBytes.sections(SMALL);
        assertThat(back).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(back.get(i).name()).isEqualTo(SECTIONS.get(i).name());
            assertThat(back.get(i).required()).isEqualTo(SECTIONS.get(i).required());
            assertThat(back.get(i).content()).isEqualTo(SECTIONS.get(i).content());
        }
        List<Frame> frames = SnapshotBytes.frames(SMALL);
        assertThat(frames.stream().filter(f -> "beta.long".equals(f.section()) && f.kind() == Kind.DATA)).hasSize(5);
        assertThat(frames.stream().filter(f -> "gamma".equals(f.section()) && f.kind() == Kind.DATA)).isEmpty();
        assertThat(frames.get(frames.size() - 1).kind()).isEqualTo(Kind.END);
        assertThat(frames.get(frames.size() - 1).end()).isEqualTo(SMALL.length);
    }

    @Test
    void thePreambleIsMagicThenVersion2() {
        assertThat(new String(SMALL, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("PSNAP");
        assertThat(ByteBuffer.wrap(SMALL).getInt(5)).isEqualTo(2);
    }

    @Test
    void aWrongMagicIsNotASnapshot() {
        byte[] b = SMALL.clone();
        b[4] = 'Q';
        assertThat(rejects(b).reason()).isEqualTo(Reason.BAD_MAGIC);
        assertThat(rejects("{\"json\": true}".getBytes(StandardCharsets.US_ASCII)).reason()).isEqualTo(Reason.BAD_MAGIC);
        assertThat(rejects(new byte[] {'P', 'S', 'X'}).getMessage()).contains("magic");
        assertThat(rejects(new byte[] {'P', 'S'}).reason()).isEqualTo(Reason.TRUNCATED);
        assertThat(rejects(new byte[0]).reason()).isEqualTo(Reason.TRUNCATED);
    }

    @Test
    void version1AndFutureVersionsAreUnsupported() {
        for (int version : new int[] {0, 1, 3, -1}) {
            byte[] b = SMALL.clone();
            ByteBuffer.wrap(b).putInt(5, version);
            SnapshotFormatException e = rejects(b);
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.UNSUPPORTED_VERSION);
            assertThat(e.getMessage()).contains("version " + Integer.toUnsignedString(version), "reads version 2");
        }
        assertThat(rejects(withVersion(1)).getMessage()).contains("never deployed");
    }

    static byte[] withVersion(int v) {
        byte[] b = SMALL.clone();
        ByteBuffer.wrap(b).putInt(5, v);
        return b;
    }

    /** Whatever one byte after the version becomes, a checksum says so, naming the frame. */
    @Test
    void everyDamagedByteIsAChecksumMismatch() {
        for (int i = 9; i < SMALL.length; i++) {
            for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                byte[] b = SMALL.clone();
                b[i] ^= (byte) mask;
                SnapshotFormatException e = rejects(b);
                assertThat(e.reason()).as("byte %d ^ %02x: %s", i, mask, e.getMessage()).isEqualTo(Reason.CHECKSUM_MISMATCH);
                assertThat(e.getMessage()).contains("corrupt", "CRC32C");
            }
        }
    }

    @Test
    void aMismatchNamesTheFrameAndSection() {
        Frame third = SnapshotBytes.frames(SMALL).stream()
                .filter(f -> "beta.long".equals(f.section()) && f.index() == 3).findFirst().orElseThrow();
        byte[] b = SMALL.clone();
        b[third.body() + 10] ^= 1;
        assertThat(rejects(b).getMessage()).contains("frame 3 of section beta.long");
        b = SMALL.clone();
        b[third.at() + 3] ^= 1; // its length
        assertThat(rejects(b).getMessage()).contains("the length of frame 3 of section beta.long");
    }

    /** Cut anywhere (in a header, a frame, between sections, before the end marker): truncated. */
    @Test
    void everyCutIsATruncation() {
        for (int n = 0; n < SMALL.length; n++) {
            SnapshotFormatException e = rejects(Arrays.copyOf(SMALL, n));
            assertThat(e.reason()).as("cut at %d of %d: %s", n, SMALL.length, e.getMessage()).isEqualTo(Reason.TRUNCATED);
            assertThat(e.getMessage()).contains("truncated");
        }
    }

    @Test
    void aCutBeforeTheEndMarkerSaysSo() {
        Frame end = SnapshotBytes.frames(SMALL).get(SnapshotBytes.frames(SMALL).size() - 1);
        SnapshotFormatException e = rejects(Arrays.copyOf(SMALL, end.at()));
        assertThat(e.getMessage()).contains("the header after section gamma (or the end marker)");
    }

    @Test
    void bytesAfterTheEndMarkerAreTrailing() {
        for (int extra : new int[] {1, 4, 8, 100}) {
            SnapshotFormatException e = rejects(Arrays.copyOf(SMALL, SMALL.length + extra));
            assertThat(e.reason()).as("%d trailing bytes", extra).isEqualTo(Reason.TRAILING_BYTES);
            assertThat(e.getMessage()).contains("trailing", "end marker");
        }
        // a second snapshot after the first is trailing data too
        byte[] two = Arrays.copyOf(SMALL, 2 * SMALL.length);
        System.arraycopy(SMALL, 0, two, SMALL.length, SMALL.length);
        assertThat(rejects(two).reason()).isEqualTo(Reason.TRAILING_BYTES);
    }

    /** The reader asks its stream for the snapshot's bytes and at most one more. */
    @Test
    void theReaderAsksForNoMoreThanOneBytePastTheEndMarker() throws Exception {
        byte[] withMore = Arrays.copyOf(SMALL, SMALL.length + 1000);
        CountingStream in = new CountingStream(withMore, 0);
        SnapshotFormatException e = (SnapshotFormatException) catchThrowable(() -> readAll(in));
        assertThat(e.reason()).isEqualTo(Reason.TRAILING_BYTES);
        assertThat(in.furthestAsked).isEqualTo(SMALL.length + 1);
        // and on a snapshot alone it ends, having asked for one byte past it
        CountingStream exact = new CountingStream(SMALL, 0);
        readAll(exact);
        assertThat(exact.furthestAsked).isEqualTo(SMALL.length + 1);
    }

    @Test
    void aStreamThatDeliversOneByteAtATimeIsReadWhole() throws Exception {
        CountingStream in = new CountingStream(SMALL, 1);
        List<Section> back = readAll(in);
        assertThat(back.get(1).content()).isEqualTo(SECTIONS.get(1).content());
    }

    // ------------------------------------------------------------------ structure

    @Test
    void aFrameLongerThanTheMaximumIsInvalidEvenUnderItsChecksum() {
        Frame first = SnapshotBytes.frames(SMALL).stream().filter(f -> f.kind() == Kind.DATA).findFirst().orElseThrow();
        byte[] b = SMALL.clone();
        ByteBuffer.wrap(b).putInt(first.at(), SnapshotFormat.MAX_FRAME_LENGTH + 1).putInt(first.at() + 4, SnapshotBytes.crc(
                ByteBuffer.allocate(4).putInt(SnapshotFormat.MAX_FRAME_LENGTH + 1).array(), 0, 4));
        SnapshotFormatException e = rejects(b);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_VALUE);
        assertThat(e.getMessage()).contains("1048577 bytes long, more than the 1048576 allowed");
    }

    @Test
    void aHeaderWithReservedFlagsOrABadNameIsInvalid() {
        assertHeaderInvalid(0x03, "alpha", "flags 3");
        assertHeaderInvalid(0x00, "Alpha", "not a section name");
        assertHeaderInvalid(0x00, "a b", "not a section name");
        assertHeaderInvalid(0x00, "9lives", "not a section name");
        assertHeaderInvalid(0x00, "x".repeat(33), "bytes long, more than the 33 allowed");
        assertHeaderInvalid(0x01, "", "not a section name");
    }

    /** A container whose first header is {@code flags, name} (its checksums right). */
    static void assertHeaderInvalid(int flags, String name, String problem) {
        byte[] nameBytes = name.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(9 + 8 + 1 + nameBytes.length + 4 + 16);
        b.put(SMALL, 0, 9);
        byte[] body = new byte[1 + nameBytes.length];
        body[0] = (byte) flags;
        System.arraycopy(nameBytes, 0, body, 1, nameBytes.length);
        b.putInt(body.length).putInt(SnapshotBytes.crc(ByteBuffer.allocate(4).putInt(body.length).array(), 0, 4));
        b.put(body).putInt(SnapshotBytes.crc(body, 0, body.length));
        b.put(SnapshotWriter.TERMINATOR).put(SnapshotWriter.TERMINATOR);
        SnapshotFormatException e = rejects(Arrays.copyOf(b.array(), b.position()));
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.INVALID_VALUE);
        assertThat(e.getMessage()).contains(problem);
    }

    @Test
    void aSkippedSectionsFramesAreChecked() throws Exception {
        Frame second = SnapshotBytes.frames(SMALL).stream()
                .filter(f -> "beta.long".equals(f.section()) && f.index() == 2).findFirst().orElseThrow();
        byte[] b = SMALL.clone();
        b[second.body()] ^= 0x40;
        SnapshotReader r = new SnapshotReader(new ByteArrayInputStream(b));
        r.next();
        r.content().i32("x");
        r.skipSection(); // alpha, partly read: the rest is skipped
        assertThat(r.next().name()).isEqualTo("beta.long");
        SnapshotFormatException e = (SnapshotFormatException) catchThrowable(r::skipSection);
        assertThat(e.reason()).isEqualTo(Reason.CHECKSUM_MISMATCH);
        assertThat(e.getMessage()).contains("frame 2 of section beta.long");
    }

    @Test
    void aSectionKeptInMemoryHasALimit() throws Exception {
        SnapshotReader r = new SnapshotReader(new ByteArrayInputStream(SMALL));
        r.next();
        r.skipSection();
        r.next();
        SnapshotFormatException e = (SnapshotFormatException) catchThrowable(() -> r.sectionBytes(299));
        assertThat(e.reason()).isEqualTo(Reason.INVALID_VALUE);
        assertThat(e.getMessage()).contains("longer than the 299 bytes");
    }

    @Test
    void theWriterRefusesNamesThatAreNotNamesAndMisuse() throws Exception {
        SnapshotWriter w = new SnapshotWriter(new ByteArrayOutputStream());
        assertThatThrownBy(() -> w.beginSection("Upper", true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.beginSection("", true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.beginSection("n".repeat(33), true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(w::endSection).isInstanceOf(IllegalStateException.class);
        w.beginSection("ok-name_1.x", false);
        assertThatThrownBy(() -> w.beginSection("other", true)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(w::finish).isInstanceOf(IllegalStateException.class);
    }

    // ------------------------------------------------------------------ helpers

    static List<Section> readAll(InputStream in) throws IOException, SnapshotFormatException {
        SnapshotReader r = new SnapshotReader(in);
        List<Section> out = new ArrayList<>();
        for (SectionHeader h; (h = r.next()) != null; ) out.add(new Section(h.name(), h.required(), r.sectionBytes(1 << 20)));
        r.requireEnd();
        return out;
    }

    static SnapshotFormatException rejects(byte[] bytes) {
        Throwable t = catchThrowable(() -> readAll(new ByteArrayInputStream(bytes)));
        assertThat(t).as("reading %d bytes", bytes.length).isInstanceOf(SnapshotFormatException.class);
        assertThat(t.getMessage()).isNotBlank();
        return (SnapshotFormatException) t;
    }
}
