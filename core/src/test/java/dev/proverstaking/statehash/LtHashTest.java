package dev.proverstaking.statehash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.testing.Seeds;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The element function (AES-256-CTR keystream keyed by SHA-256), recomputed another way; LtHash16
 * as a multiset hash (order-free, subtraction undoes addition, a multiset's count matters); the
 * records' field encodings; and the journal against a model: whatever records change and however
 * often it is flushed, its value is the sum over the records as they are.
 */
class LtHashTest {

    /** The element of a record: AES-256 under the record's SHA-256, of the counter blocks 0..127 (ECB here, CTR there). */
    @Test
    void anElementIsTheAesKeystreamUnderTheRecordsSha256() throws Exception {
        Elements elements = new Elements();
        for (String s : new String[] {"", "a", "abc", "x".repeat(1000)}) {
            byte[] record = s.getBytes(StandardCharsets.US_ASCII);
            byte[] key = MessageDigest.getInstance("SHA-256").digest(record);
            byte[] counters = new byte[LtHash.BYTES];
            for (int i = 0; i < 128; i++) counters[16 * i + 15] = (byte) i;
            Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            assertThat(elements.bytesOf(record)).as("element of \"%s\"", s).isEqualTo(ecb.doFinal(counters));
        }
        // a fixed answer, so that the function cannot change unnoticed (replicas must agree on it),
        // from openssl: key=$(printf abc | sha256sum | cut -c1-64);
        // head -c 2048 /dev/zero | openssl enc -aes-256-ctr -K $key -iv 0...0 | xxd -p (| sha256sum)
        byte[] abc = elements.bytesOf("abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(HexFormat.of().formatHex(abc, 0, 16)).isEqualTo("574301bfb06233fdd61a5a10b458ec2c");
        LtHash one = new LtHash();
        one.add(elements.of("abc".getBytes(StandardCharsets.US_ASCII), 0, 3));
        assertThat(HexFormat.of().formatHex(LtHash.digest(one.toBytes())))
                .as("the hash of the multiset {abc}: the SHA-256 of its element")
                .isEqualTo("03f4a1bf3967f7c1f163984de1e87ab2dfe00d2fa402c3d7748853bf8dfe5705");
    }

    @Test
    void theSumIsAMultisetHash() {
        Seeds.forEach(new long[] {1, 2}, seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            Elements e = new Elements();
            List<byte[]> records = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                byte[] r = new byte[1 + rng.nextInt(200)];
                for (int k = 0; k < r.length; k++) r[k] = (byte) rng.nextInt(256);
                records.add(r);
            }
            LtHash forward = new LtHash(), backward = new LtHash();
            for (byte[] r : records) forward.add(e.of(r, 0, r.length));
            List<byte[]> shuffled = new ArrayList<>(records);
            Collections.shuffle(shuffled, new java.util.Random(seed));
            for (byte[] r : shuffled) backward.add(e.of(r, 0, r.length));
            assertThat(backward.toBytes()).as("order-free").isEqualTo(forward.toBytes());
            // removing what was added gives the empty multiset's hash, all zero
            for (byte[] r : records) backward.subtract(e.of(r, 0, r.length));
            assertThat(backward.toBytes()).isEqualTo(new byte[LtHash.BYTES]);
            // a record twice is not the record once
            LtHash once = new LtHash(), twice = new LtHash();
            byte[] r = records.get(0);
            once.add(e.of(r, 0, r.length));
            twice.add(e.of(r, 0, r.length));
            twice.add(e.of(r, 0, r.length));
            assertThat(twice.toBytes()).isNotEqualTo(once.toBytes());
            // the value reads back as it was written
            LtHash copy = new LtHash();
            copy.set(forward.toBytes());
            assertThat(copy.toBytes()).isEqualTo(forward.toBytes());
            // lanes are little-endian 16-bit sums modulo 2^16
            LtHash sum = new LtHash();
            byte[] a = records.get(1), b = records.get(2);
            sum.add(e.of(a, 0, a.length));
            short[] ea = lanes(e.bytesOf(a));
            sum.add(e.of(b, 0, b.length));
            short[] eb = lanes(e.bytesOf(b));
            short[] s = lanes(sum.toBytes());
            for (int i = 0; i < LtHash.LANES; i++) assertThat(s[i]).isEqualTo((short) (ea[i] + eb[i]));
        });
    }

    static short[] lanes(byte[] b) {
        short[] s = new short[LtHash.LANES];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
        return s;
    }

    @Test
    void fieldsAreEncodedCanonically() {
        RecordOutput out = new RecordOutput();
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 2000; i++) {
            BigInteger v = new BigInteger(rng.nextInt(257), new java.util.Random(rng.nextLong()));
            out.reset();
            out.uint(UInt256.of(v));
            byte[] magnitude = v.signum() == 0 ? new byte[0] : stripped(v.toByteArray());
            byte[] expected = new byte[1 + magnitude.length];
            expected[0] = (byte) magnitude.length;
            System.arraycopy(magnitude, 0, expected, 1, magnitude.length);
            assertThat(out.toByteArray()).as("uint %s", v).isEqualTo(expected);
        }
        out.reset();
        out.kind(RecordKind.ACCOUNT);
        out.address(Address.parse("0x00112233445566778899aabbccddeeff00112233"));
        out.i64(-2);
        out.i32(7);
        out.flag(true);
        out.count(3);
        assertThat(HexFormat.of().formatHex(out.toByteArray())).isEqualTo(
                "0a" + "00112233445566778899aabbccddeeff00112233" + "fffffffffffffffe" + "00000007" + "01" + "00000003");
        // a buffer that grows keeps what it holds
        out.reset();
        for (int i = 0; i < 100; i++) out.i64(i);
        byte[] b = out.toByteArray();
        assertThat(b).hasSize(800);
        assertThat(ByteBuffer.wrap(b).getLong(99 * 8)).isEqualTo(99);
        // the tags are distinct
        assertThat(Arrays.stream(RecordKind.values()).mapToInt(RecordKind::tag).distinct().count())
                .isEqualTo(RecordKind.values().length);
    }

    static byte[] stripped(byte[] twos) {
        int from = 0;
        while (from < twos.length - 1 && twos[from] == 0) from++;
        return Arrays.copyOfRange(twos, from, twos.length);
    }

    /** A record of a test: a key and a value, which the model changes. */
    static final class Cell implements JournaledRecord {
        final int key;
        long value;
        boolean in;

        Cell(int key, long value) {
            this.key = key;
            this.value = value;
        }

        @Override
        public void encode(RecordOutput out) {
            out.kind(RecordKind.ACCOUNT);
            out.i32(key);
            out.i64(value);
        }

        @Override
        public boolean inJournal() {
            return in;
        }

        @Override
        public void setInJournal(boolean in) {
            this.in = in;
        }
    }

    /**
     * The journal against a model: cells created, changed (often several times between flushes,
     * sometimes back to what they were) and a watched cell that changes unannounced; flushed at
     * random; its value is always the sum over the cells as they are.
     */
    @Test
    void theJournalKeepsTheSumOfTheRecordsAsTheyAre() {
        Seeds.forEach(new long[] {1, 2, 3}, seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            List<Cell> cells = new ArrayList<>();
            Cell watched = new Cell(-1, 0);
            StateJournal journal = new StateJournal();
            journal.watch(watched);
            for (int i = 0; i < 5; i++) cells.add(new Cell(i, rng.nextInt(3)));
            journal.start(visit -> {
                visit.accept(watched);
                cells.forEach(visit);
            });
            for (int step = 0; step < 3000; step++) {
                int k = rng.nextInt(10);
                if (k == 0) {
                    Cell c = new Cell(cells.size(), rng.nextInt(3));
                    cells.add(c);
                    journal.created(c);
                    if (rng.nextBoolean()) {
                        journal.touch(c);
                        c.value++;
                    }
                } else if (k < 8) {
                    Cell c = cells.get(rng.nextInt(cells.size()));
                    journal.touch(c);
                    c.value = rng.nextInt(4) == 0 ? c.value : rng.nextInt(3);
                } else if (k == 8) {
                    watched.value = rng.nextInt(3);
                } else {
                    journal.flush();
                    assertThat(journal.pending()).isZero();
                }
                if (rng.nextInt(100) == 0) {
                    byte[] expected = StateJournal.valueOf(visit -> {
                        visit.accept(watched);
                        cells.forEach(visit);
                    });
                    assertThat(journal.value()).as("step %d", step).isEqualTo(expected);
                }
            }
        });
    }
}
