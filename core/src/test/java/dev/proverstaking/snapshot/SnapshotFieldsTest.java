package dev.proverstaking.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.snapshot.SnapshotBytes.Section;
import dev.proverstaking.snapshot.SnapshotFormatException.Reason;
import dev.proverstaking.testing.Seeds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The field encodings of {@link SnapshotOutput} and {@link SnapshotInput}: canonical (a uint is its
 * minimal big-endian magnitude, as {@link BigInteger} gives it), read back exactly whatever the frame
 * boundaries (fields straddling frames included), and every invalid value refused by name.
 */
class SnapshotFieldsTest {
    enum Color { RED, GREEN, BLUE }

    @Test
    void aUintIsItsLengthThenItsMinimalBigEndianMagnitude() {
        Seeds.forEach(new long[] {1, 2, 3}, seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            List<UInt256> values = new ArrayList<>();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (int i = 0; i < 5000; i++) {
                UInt256 v = randomUint(rng);
                values.add(v);
                byte[] magnitude = v.toBigInteger().toByteArray();
                if (magnitude[0] == 0) magnitude = Arrays.copyOfRange(magnitude, 1, magnitude.length);
                if (v.isZero()) magnitude = new byte[0];
                expected.write(magnitude.length);
                expected.writeBytes(magnitude);
            }
            byte[] content = encodeUnchecked(out -> {
                for (UInt256 v : values) out.uint(v);
            });
            assertThat(content).isEqualTo(expected.toByteArray());
        });
    }

    @Test
    void anAddressIsLength20ThenItsBytesMostSignificantFirst() throws Exception {
        Address a = Address.parse("0x0102030405060708090a0b0c0d0e0f1011121314");
        byte[] content = encode(out -> out.address(a));
        assertThat(content).hasSize(21);
        assertThat(content[0]).isEqualTo((byte) 20);
        for (int i = 1; i <= 20; i++) assertThat(content[i]).isEqualTo((byte) i);
    }

    /** Random fields through random frame sizes, down to the smallest: what is written is what is read. */
    @Test
    void everyFieldReadsBackWhateverTheFrameBoundaries() {
        Seeds.forEach(new long[] {11, 12, 13, 14}, seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            for (int round = 0; round < 40; round++) {
                int frame = rng.nextInt(4) == 0 ? SnapshotFormat.MAX_FRAME_LENGTH : 33 + rng.nextInt(100);
                List<Object> fields = new ArrayList<>();
                int n = 1 + rng.nextInt(300);
                for (int i = 0; i < n; i++) fields.add(randomField(rng));
                try {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    SnapshotWriter w = new SnapshotWriter(bytes, frame);
                    SnapshotOutput out = w.beginSection("fields", true);
                    for (Object f : fields) write(f, out);
                    w.endSection();
                    w.finish();
                    byte[] snapshot = bytes.toByteArray();
                    // frames filled as far as whole fields go: each but the last ends within the longest
                    // field (33 bytes) of the limit
                    List<SnapshotBytes.Frame> data = SnapshotBytes.frames(snapshot).stream()
                            .filter(f -> f.kind() == SnapshotBytes.Kind.DATA).toList();
                    for (int i = 0; i < data.size(); i++) {
                        int length = data.get(i).length();
                        assertThat(length).as("frame %d, frames of %d", i, frame).isLessThanOrEqualTo(frame);
                        if (i < data.size() - 1) assertThat(length).as("frame %d, frames of %d", i, frame).isGreaterThan(frame - 33);
                    }
                    SnapshotReader r = new SnapshotReader(new ByteArrayInputStream(snapshot));
                    assertThat(r.next().name()).isEqualTo("fields");
                    SnapshotInput in = r.content();
                    for (Object f : fields) {
                        Object back = read(f, in);
                        if (!back.equals(f)) assertThat(back).as("field %s, frames of %d", f, frame).isEqualTo(f);
                    }
                    r.endSection();
                    assertThat(r.next()).isNull();
                    r.requireEnd();
                    // and the same content cut in frames of any other size reads the same: boundaries mean nothing
                    byte[] content = SnapshotBytes.content(snapshot, "fields");
                    byte[] reframed = SnapshotBytes.build(List.of(new Section("fields", true, content)), 33 + rng.nextInt(50));
                    r = new SnapshotReader(new ByteArrayInputStream(reframed));
                    r.next();
                    in = r.content();
                    for (Object f : fields) {
                        Object back = read(f, in);
                        if (!back.equals(f)) assertThat(back).as("field %s, reframed", f).isEqualTo(f);
                    }
                    r.endSection();
                } catch (IOException | SnapshotFormatException e) {
                    throw new AssertionError("round " + round + ": " + e, e);
                }
            }
        });
    }

    @Test
    void aWriterEndsAFrameRatherThanSplitAField() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SnapshotWriter w = new SnapshotWriter(bytes, 40);
        SnapshotOutput out = w.beginSection("s", true);
        for (int i = 0; i < 10; i++) out.uint(UInt256.MAX); // 33 bytes each: one per frame
        w.endSection();
        w.finish();
        List<SnapshotBytes.Frame> frames = SnapshotBytes.frames(bytes.toByteArray());
        assertThat(frames.stream().filter(f -> f.kind() == SnapshotBytes.Kind.DATA).map(SnapshotBytes.Frame::length))
                .hasSize(10).containsOnly(33);
    }

    // ------------------------------------------------------------------ invalid values

    @Test
    void invalidValuesAreRefusedByName() {
        assertInvalid(bytes(19, 0, 0), in -> in.address("the owner"), "the owner", "address length 19");
        assertInvalid(bytes(33), in -> in.uint("a price"), "a price", "longer than 32");
        assertInvalid(bytes(2, 0, 5), in -> in.uint("a price"), "a price", "not minimal");
        assertInvalid(bytes(2), in -> in.flag("a flag"), "a flag", "neither 0 nor 1");
        assertInvalid(bytes(3), in -> in.ordinal(Color.values(), "a color"), "a color", "unknown ordinal 3");
        assertInvalid(bytes(0xFF, 0xFF, 0xFF, 0xFF), in -> in.count("a count", 10), "a count", "negative count -1");
        assertInvalid(bytes(0, 0, 0, 11), in -> in.count("a count", 10), "a count", "exceeds the maximum 10");
        assertInvalid(bytes(0x80, 0, 0, 0, 0, 0, 0, 0), in -> in.time("a time"), "a time", "negative timestamp");
        // the content ends inside a field: its frames are intact, what was written is short
        assertInvalid(bytes(5, 1, 2), in -> in.uint("a price"), "a price", "ends inside a price");
        assertInvalid(bytes(), in -> in.i64("a time"), "a time", "ends inside a time");
    }

    @Test
    void aHugeCountAllocatesNothingAndRunsIntoTheContentsEnd() {
        assertInvalid(bytes(0x7F, 0xFF, 0xFF, 0xFF, 20), in -> {
            int n = in.count("positions", Integer.MAX_VALUE);
            for (int i = 0; i < n; i++) in.address("position");
            return null;
        }, "position", "ends inside position");
    }

    @Test
    void bytesAfterTheLastFieldAreTrailing() throws Exception {
        byte[] snapshot = SnapshotBytes.build(List.of(new Section("s", true, bytes(1, 7))));
        SnapshotReader r = new SnapshotReader(new ByteArrayInputStream(snapshot));
        r.next();
        assertThat(r.content().flag("f")).isTrue();
        SnapshotFormatException e = catchThrowableOfType(r::endSection, SnapshotFormatException.class);
        assertThat(e.reason()).isEqualTo(Reason.TRAILING_BYTES);
        assertThat(e.getMessage()).contains("section s", "1 bytes after its last field");
        // the same with the extra byte alone in a frame of its own, after the frame the fields ended with
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        SnapshotWriter w = new SnapshotWriter(b, 33);
        SnapshotOutput out = w.beginSection("s", true);
        out.flag(true);
        out.flush();
        out.flag(true);
        w.endSection();
        w.finish();
        assertThat(SnapshotBytes.frames(b.toByteArray()).stream().filter(f -> f.kind() == SnapshotBytes.Kind.DATA)).hasSize(2);
        r = new SnapshotReader(new ByteArrayInputStream(b.toByteArray()));
        r.next();
        r.content().flag("f");
        e = catchThrowableOfType(r::endSection, SnapshotFormatException.class);
        assertThat(e.reason()).isEqualTo(Reason.TRAILING_BYTES);
        assertThat(e.getMessage()).contains("in frame 2");
    }

    // ------------------------------------------------------------------ helpers

    interface Write {
        void to(SnapshotOutput out) throws IOException;
    }

    interface Read {
        Object from(SnapshotInput in) throws IOException, SnapshotFormatException;
    }

    static byte[] encode(Write w) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SnapshotWriter writer = new SnapshotWriter(bytes);
        w.to(writer.beginSection("s", true));
        writer.endSection();
        writer.finish();
        return SnapshotBytes.content(bytes.toByteArray(), "s");
    }

    static byte[] encodeUnchecked(Write w) {
        try {
            return encode(w);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void assertInvalid(byte[] content, Read read, String what, String problem) {
        byte[] snapshot = SnapshotBytes.build(List.of(new Section("s", true, content)));
        SnapshotFormatException e = catchThrowableOfType(() -> {
            SnapshotReader r = new SnapshotReader(new ByteArrayInputStream(snapshot));
            r.next();
            read.from(r.content());
        }, SnapshotFormatException.class);
        assertThat(e).as("reading %s from %s", what, Arrays.toString(content)).isNotNull();
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.INVALID_VALUE);
        assertThat(e.getMessage()).contains("section s", what, problem);
    }

    static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
        return out;
    }

    static UInt256 randomUint(SplittableRandom rng) {
        int bits = rng.nextInt(257);
        BigInteger v = new BigInteger(bits, new java.util.Random(rng.nextLong()));
        return UInt256.of(v);
    }

    record I64(long v) {}
    record I32(int v) {}
    record Flag(boolean v) {}
    record Count(int v) {}
    record Ordinal(Color v) {}
    record Uint(UInt256 v) {}
    record Addr(Address v) {}

    static Object randomField(SplittableRandom rng) {
        return switch (rng.nextInt(7)) {
            case 0 -> new I64(rng.nextLong());
            case 1 -> new I32(rng.nextInt());
            case 2 -> new Flag(rng.nextBoolean());
            case 3 -> new Count(rng.nextInt(Integer.MAX_VALUE));
            case 4 -> new Ordinal(Color.values()[rng.nextInt(3)]);
            case 5 -> new Uint(randomUint(rng));
            default -> new Addr(new Address(rng.nextLong(), rng.nextLong(), rng.nextInt()));
        };
    }

    static void write(Object f, SnapshotOutput out) throws IOException {
        if (f instanceof I64 x) out.i64(x.v());
        else if (f instanceof I32 x) out.i32(x.v());
        else if (f instanceof Flag x) out.flag(x.v());
        else if (f instanceof Count x) out.count(x.v());
        else if (f instanceof Ordinal x) out.ordinal(x.v());
        else if (f instanceof Uint x) out.uint(x.v());
        else out.address(((Addr) f).v());
    }

    static Object read(Object f, SnapshotInput in) throws IOException, SnapshotFormatException {
        if (f instanceof I64) return new I64(in.i64("i64"));
        if (f instanceof I32) return new I32(in.i32("i32"));
        if (f instanceof Flag) return new Flag(in.flag("flag"));
        if (f instanceof Count) return new Count(in.count("count", Integer.MAX_VALUE));
        if (f instanceof Ordinal) return new Ordinal(in.ordinal(Color.values(), "ordinal"));
        if (f instanceof Uint) return new Uint(in.uint("uint"));
        return new Addr(in.address("address"));
    }
}
