package dev.proverstaking.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.proverstaking.common.Address;
import dev.proverstaking.ledger.SnapshotFormatException.Reason;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.simulation.Simulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link LedgerSnapshot}: a snapshot taken anywhere in a simulated history restores a ledger with the
 * same fingerprint, clock and count, that snapshots to the same bytes and answers the rest of the
 * history with the same receipts; every malformed input is a {@link SnapshotFormatException}.
 */
class LedgerSnapshotTest {
    /** Config.of(seed) of these seeds gives two-token and one-token ledgers (checked below). */
    static final long[] SEEDS = {1, 2, 3, 13, 25};
    static final int OPS = 800;
    static final int EVERY = 100;

    static final Address OWNER = Address.ofIndex(0);

    static Stream<Arguments> histories() {
        List<Arguments> out = new ArrayList<>();
        for (long seed : SEEDS) {
            for (Profile p : Profile.values()) out.add(Arguments.of(seed, p));
        }
        return out.stream();
    }

    @Test
    void theSeedsCoverOneAndTwoTokens() {
        for (Profile p : Profile.values()) {
            List<Boolean> same = Arrays.stream(SEEDS).mapToObj(s -> Simulator.Config.of(s, OPS, p).sameToken()).toList();
            assertThat(same).as("sameToken of the seeds' configs, %s", p).contains(true, false);
        }
    }

    @ParameterizedTest(name = "seed {0}, {1}")
    @MethodSource("histories")
    void aSnapshotAnywhereInAHistoryRestoresTheSameLedger(long seed, Profile profile) throws Exception {
        Simulator.Result sim = Simulator.run(Simulator.Config.of(seed, OPS, profile));
        List<Transaction> history = sim.history();
        assertThat(history.stream().map(t -> t.command().op()))
                .as("the history exercises time-based emission")
                .contains(Command.Op.fundEmission, Command.Op.setEmissionRate);

        // where to snapshot: every 100 operations, the end, and right after the first few failures
        // (a failed operation moves the clock but not the emission pool's last accrual)
        TreeSet<Integer> points = new TreeSet<>();
        for (int i = 0; i <= history.size(); i += EVERY) points.add(i);
        points.add(history.size());

        Ledger original = new Ledger(sim.genesis());
        List<Receipt> receipts = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        List<byte[]> snapshots = new ArrayList<>();
        List<String> fingerprints = new ArrayList<>();
        int failuresMarked = 0;
        for (int i = 0; i <= history.size(); i++) {
            if (points.contains(i) || (i > 0 && !receipts.get(i - 1).ok() && failuresMarked++ < 3)) {
                at.add(i);
                snapshots.add(write(original));
                fingerprints.add(StateFingerprint.of(original));
            }
            if (i < history.size()) receipts.add(original.apply(history.get(i)));
        }
        String finalFingerprint = StateFingerprint.of(original);
        byte[] finalSnapshot = write(original);

        // taking snapshots changed nothing: a plain replay ends in the same state
        Ledger plain = new Ledger(sim.genesis());
        history.forEach(plain::apply);
        assertThat(StateFingerprint.of(plain)).isEqualTo(finalFingerprint);

        for (int s = 0; s < at.size(); s++) {
            int k = at.get(s);
            byte[] bytes = snapshots.get(s);
            Ledger restored = read(bytes);
            assertThat(StateFingerprint.of(restored)).as("fingerprint restored at %d", k).isEqualTo(fingerprints.get(s));
            assertThat(write(restored)).as("snapshot of the ledger restored at %d", k).isEqualTo(bytes);
            assertThat(restored.genesis()).isEqualTo(sim.genesis());
            assertThat(restored.appliedCount()).isEqualTo(k);
            assertThat(restored.now()).isEqualTo(k == 0 ? sim.genesis().timestamp() : history.get(k - 1).timestamp());
            assertThat(restored.sameToken()).isEqualTo(sim.config().sameToken());
            for (int i = k; i < history.size(); i++) {
                Receipt r = restored.apply(history.get(i));
                Receipt expected = receipts.get(i);
                if (!r.equals(expected)) {
                    assertThat(r).as("receipt of transaction %d (%s) after a restore at %d", i,
                            history.get(i).command(), k).isEqualTo(expected);
                }
            }
            assertThat(StateFingerprint.of(restored)).as("final fingerprint after a restore at %d", k)
                    .isEqualTo(finalFingerprint);
            assertThat(write(restored)).as("final snapshot after a restore at %d", k).isEqualTo(finalSnapshot);
        }
    }

    @ParameterizedTest(name = "{0}, sameToken {1}")
    @MethodSource("genesisOnly")
    void aGenesisOnlyLedgerRoundTrips(Profile profile, boolean sameToken) throws Exception {
        Ledger fresh = new Ledger(new Genesis(1_700_000_000L, OWNER, UInt256.WAD.mul(UInt256.of(100)), sameToken, profile));
        byte[] bytes = write(fresh);
        Ledger restored = read(bytes);
        assertThat(StateFingerprint.of(restored)).isEqualTo(StateFingerprint.of(fresh));
        assertThat(write(restored)).isEqualTo(bytes);
        assertThat(restored.genesis()).isEqualTo(fresh.genesis());
        assertThat(restored.now()).isEqualTo(fresh.now());
        assertThat(restored.appliedCount()).isZero();
        // and both go on alike
        Transaction t = new Transaction(OWNER, 1_700_000_100L,
                new Command.Mint(dev.proverstaking.common.TokenKind.STAKE, OWNER, UInt256.of(5)));
        assertThat(restored.apply(t)).isEqualTo(fresh.apply(t));
        assertThat(StateFingerprint.of(restored)).isEqualTo(StateFingerprint.of(fresh));
    }

    static Stream<Arguments> genesisOnly() {
        return Stream.of(Arguments.of(Profile.SOLVENT, false), Arguments.of(Profile.SOLVENT, true),
                Arguments.of(Profile.REFERENCE, false), Arguments.of(Profile.REFERENCE, true));
    }

    @Test
    void aSnapshotDoesNotCloseOrOverreadItsStreams() throws Exception {
        Ledger fresh = new Ledger(new Genesis(7, OWNER, UInt256.ONE, false, Profile.SOLVENT));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LedgerSnapshot.write(fresh, out);
        int first = out.size();
        LedgerSnapshot.write(fresh, out); // still open
        assertThat(out.size()).isEqualTo(2 * first);
        assertThat(Arrays.copyOfRange(out.toByteArray(), 0, first)).isEqualTo(LedgerSnapshot.toBytes(fresh));
    }

    // ------------------------------------------------------------------ malformed input

    static byte[] small;  // a genesis-only ledger
    static byte[] busy;   // mid-history, with provers, queues, emission, two tokens

    @BeforeAll
    static void snapshots() throws Exception {
        small = write(new Ledger(new Genesis(1_700_000_000L, OWNER, UInt256.WAD.mul(UInt256.of(100)), false,
                Profile.SOLVENT)));
        Simulator.Result sim = Simulator.run(Simulator.Config.of(1, 300, Profile.SOLVENT));
        Ledger l = new Ledger(sim.genesis());
        sim.history().subList(0, sim.history().size() * 2 / 3).forEach(l::apply);
        assertThat(l.view().proverCount()).isPositive();
        busy = write(l);
    }

    @Test
    void aFlippedByteInTheMiddleIsAChecksumError() {
        byte[] b = busy.clone();
        b[b.length / 2] ^= 0x5A;
        SnapshotFormatException e = rejects(b);
        assertThat(e.reason()).isEqualTo(Reason.CHECKSUM_MISMATCH);
        assertThat(e.getMessage()).contains("checksum");
    }

    @Test
    void everyFlippedByteIsRejected() {
        for (byte[] original : List.of(small, busy)) {
            int step = original == small ? 1 : Math.max(1, original.length / 1500);
            for (int i = 0; i < original.length; i += step) {
                for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                    byte[] b = original.clone();
                    b[i] ^= (byte) mask;
                    SnapshotFormatException e = rejects(b);
                    if (i >= LedgerSnapshot.MAGIC.length() + 4) {
                        assertThat(e.getMessage()).as("flip at %d of %d", i, b.length).contains("checksum");
                    }
                }
            }
        }
    }

    @Test
    void aTruncatedSnapshotIsRejectedAsTruncated() {
        for (int n = 0; n < small.length; n++) {
            SnapshotFormatException e = rejects(Arrays.copyOf(small, n));
            assertThat(e.reason()).as("cut at %d of %d: %s", n, small.length, e.getMessage()).isEqualTo(Reason.TRUNCATED);
            assertThat(e.getMessage()).contains("truncated");
        }
        int len = busy.length;
        for (int n : new int[] {0, 1, 4, 5, 8, 9, 10, 17, 40, len / 3, len / 2, len - 100, len - 5, len - 4, len - 3, len - 1}) {
            SnapshotFormatException e = rejects(Arrays.copyOf(busy, n));
            assertThat(e.reason()).as("cut at %d of %d: %s", n, len, e.getMessage()).isEqualTo(Reason.TRUNCATED);
        }
        for (int n = 0; n < len; n += 97) {
            assertThat(rejects(Arrays.copyOf(busy, n)).reason()).as("cut at %d", n).isEqualTo(Reason.TRUNCATED);
        }
    }

    @Test
    void aWrongMagicIsRejected() {
        byte[] b = busy.clone();
        b[4] = 'Q';
        SnapshotFormatException e = rejects(b);
        assertThat(e.reason()).isEqualTo(Reason.BAD_MAGIC);
        assertThat(e.getMessage()).contains("magic");
        assertThat(rejects("{\"json\": true}".getBytes()).reason()).isEqualTo(Reason.BAD_MAGIC);
        assertThat(rejects(new byte[] {'P', 'S', 'X'}).reason()).isEqualTo(Reason.BAD_MAGIC);
        assertThat(rejects(new byte[0]).reason()).isEqualTo(Reason.TRUNCATED);
    }

    @Test
    void version2IsUnsupported() {
        byte[] b = busy.clone();
        b[8] = 2;
        SnapshotFormatException e = rejects(b);
        assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION);
        assertThat(e.getMessage()).contains("version 2");
        assertThat(rejects(withChecksum(b)).reason()).isEqualTo(Reason.UNSUPPORTED_VERSION);
    }

    @Test
    void trailingBytesAreRejected() {
        for (int extra : new int[] {1, 3, 4, 5, 100}) {
            byte[] b = Arrays.copyOf(busy, busy.length + extra);
            SnapshotFormatException e = rejects(b);
            assertThat(e.reason()).as("%d trailing bytes: %s", extra, e.getMessage()).isEqualTo(Reason.TRAILING_BYTES);
            assertThat(e.getMessage()).contains("trailing");
        }
        // an extra byte before a checksum that covers it
        byte[] inside = Arrays.copyOf(small, small.length + 1); // body, 7, then a checksum (written below)
        inside[small.length - 4] = 7;
        assertThat(rejects(withChecksum(inside)).reason()).isEqualTo(Reason.TRAILING_BYTES);
    }

    /*
     * The genesis-only layout: magic 0..4, version 5..8, timestamp 9..16, owner 17..37 (length byte
     * at 17), global min self-stake at 38 (length byte L, then L bytes), sameToken at 39+L, profile at
     * 40+L, now 41+L, applied 49+L, staking owner 57+L, rewards owner 78+L, role count 99+L.
     */
    static final int OWNER_AT = 17;
    static final int MIN_AT = 38;

    static int l() {
        return small[MIN_AT];
    }

    @Test
    void invalidValuesUnderAValidChecksumAreRejected() {
        assertThat(l()).isEqualTo(9); // 100e18 needs 67 bits
        assertInvalid(patch(OWNER_AT, 19), "address length 19");
        assertInvalid(patch(MIN_AT, 33), "longer than 32");
        assertInvalid(patch(39 + l(), 2), "neither 0 nor 1");
        assertInvalid(patch(40 + l(), 7), "unknown ordinal 7");
        byte[] negativeCount = small.clone();
        Arrays.fill(negativeCount, 99 + l(), 103 + l(), (byte) 0xFF);
        assertInvalid(negativeCount, "negative count -1");
        byte[] negativeTime = small.clone();
        negativeTime[9] = (byte) 0x80;
        assertInvalid(negativeTime, "negative timestamp");
        byte[] earlyClock = small.clone();
        Arrays.fill(earlyClock, 41 + l(), 49 + l(), (byte) 0);
        assertInvalid(earlyClock, "before the genesis time");
        // a uint with a leading zero byte: not the one canonical encoding
        byte[] padded = new byte[small.length + 1];
        System.arraycopy(small, 0, padded, 0, MIN_AT);
        padded[MIN_AT] = (byte) (l() + 1);
        padded[MIN_AT + 1] = 0;
        System.arraycopy(small, MIN_AT + 1, padded, MIN_AT + 2, small.length - MIN_AT - 1);
        assertInvalid(padded, "not minimal");
        // a huge count is cut short, not allocated
        byte[] huge = small.clone();
        Arrays.fill(huge, 99 + l(), 103 + l(), (byte) 0x7F);
        assertThat(rejects(withChecksum(huge)).reason()).isIn(Reason.INVALID_VALUE, Reason.TRUNCATED);
    }

    @Test
    void randomDamageUnderAValidChecksumNeverThrowsAnythingElse() {
        SplittableRandom rng = new SplittableRandom(42);
        for (int round = 0; round < 3000; round++) {
            byte[] b = busy.clone();
            int flips = 1 + rng.nextInt(3);
            for (int f = 0; f < flips; f++) {
                b[LedgerSnapshot.MAGIC.length() + 4 + rng.nextInt(b.length - 13)] ^= (byte) (1 + rng.nextInt(255));
            }
            byte[] damaged = withChecksum(b);
            Throwable t = catchThrowable(() -> LedgerSnapshot.fromBytes(damaged));
            if (t != null) assertThat(t).as("round %d", round).isInstanceOf(SnapshotFormatException.class);
        }
    }

    // ------------------------------------------------------------------ helpers

    static byte[] write(Ledger ledger) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LedgerSnapshot.write(ledger, out);
        return out.toByteArray();
    }

    static Ledger read(byte[] bytes) throws IOException, SnapshotFormatException {
        return LedgerSnapshot.read(new ByteArrayInputStream(bytes));
    }

    /** Asserts that reading fails with a SnapshotFormatException and nothing else, and returns it. */
    static SnapshotFormatException rejects(byte[] bytes) {
        Throwable t = catchThrowable(() -> read(bytes));
        assertThat(t).as("reading %d bytes", bytes.length).isInstanceOf(SnapshotFormatException.class);
        assertThat(t.getMessage()).isNotBlank();
        return (SnapshotFormatException) t;
    }

    static void assertInvalid(byte[] body, String message) {
        SnapshotFormatException e = rejects(withChecksum(body));
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.INVALID_VALUE);
        assertThat(e.getMessage()).contains(message);
    }

    static byte[] patch(int at, int value) {
        byte[] b = small.clone();
        b[at] = (byte) value;
        return b;
    }

    /** The bytes with their last four replaced by the CRC32 of the rest. */
    static byte[] withChecksum(byte[] b) {
        byte[] out = b.clone();
        CRC32 crc = new CRC32();
        crc.update(out, 0, out.length - 4);
        int v = (int) crc.getValue();
        for (int i = 0; i < 4; i++) out[out.length - 4 + i] = (byte) (v >>> (24 - 8 * i));
        return out;
    }
}
