package dev.proverstaking.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.simulation.Simulator;
import dev.proverstaking.snapshot.SnapshotBytes;
import dev.proverstaking.snapshot.SnapshotBytes.Frame;
import dev.proverstaking.snapshot.SnapshotBytes.Kind;
import dev.proverstaking.snapshot.SnapshotBytes.Section;
import dev.proverstaking.snapshot.CountingStream;
import dev.proverstaking.snapshot.SnapshotFormatException;
import dev.proverstaking.snapshot.SnapshotFormatException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link LedgerSnapshot}: a snapshot taken anywhere in a simulated history restores a ledger with the
 * same fingerprint, clock and count, that snapshots to the same bytes and answers the rest of the
 * history with the same receipts; extra sections travel with it; every malformed input is a
 * {@link SnapshotFormatException} with its reason, whatever the damage and wherever the cut.
 */
class LedgerSnapshotTest {
    /** Config.of(seed) of these seeds gives two-token and one-token ledgers (checked below), and histories with emission in both profiles (seed 3 has none in solvent since the simulator picks in O(1)). */
    static final long[] SEEDS = {1, 2, 4, 13, 25};
    static final int OPS = 800;
    static final int EVERY = 100;

    static final Address OWNER = Address.ofIndex(0);
    static final List<String> CORE = List.of("ledger", "clock", "access", "staking", "rewards", "tokens", "nonces",
            "state-hash");

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
        assertThat(write(plain)).as("equal states, equal bytes").isEqualTo(finalSnapshot);

        for (int s = 0; s < at.size(); s++) {
            int k = at.get(s);
            byte[] bytes = snapshots.get(s);
            assertThat(SnapshotBytes.sections(bytes).stream().map(Section::name)).containsExactlyElementsOf(CORE);
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
        Transaction t = new Transaction(OWNER, 1_700_000_100L, new Command.Mint(TokenKind.STAKE, OWNER, UInt256.of(5)));
        assertThat(restored.apply(t)).isEqualTo(fresh.apply(t));
        assertThat(StateFingerprint.of(restored)).isEqualTo(StateFingerprint.of(fresh));
    }

    static Stream<Arguments> genesisOnly() {
        return Stream.of(Arguments.of(Profile.SOLVENT, false), Arguments.of(Profile.SOLVENT, true),
                Arguments.of(Profile.REFERENCE, false), Arguments.of(Profile.REFERENCE, true));
    }

    @Test
    void aSnapshotDoesNotCloseItsStream() throws Exception {
        Ledger fresh = new Ledger(new Genesis(7, OWNER, UInt256.ONE, false, Profile.SOLVENT));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LedgerSnapshot.write(fresh, out);
        int first = out.size();
        LedgerSnapshot.write(fresh, out); // still open
        assertThat(out.size()).isEqualTo(2 * first);
        assertThat(Arrays.copyOfRange(out.toByteArray(), 0, first)).isEqualTo(LedgerSnapshot.toBytes(fresh));
    }

    // ------------------------------------------------------------------ streams

    @Test
    void aStreamThatDeliversOneByteAtATimeRestoresTheSameLedger() throws Exception {
        Ledger l = LedgerSnapshot.read(new CountingStream(busy, 1));
        assertThat(write(l)).isEqualTo(busy);
    }

    /** A snapshot followed by other data: the reader takes the snapshot and one byte, and says it is not alone. */
    @Test
    void theReaderAsksForNoMoreThanOneBytePastTheEndMarker() throws Exception {
        CountingStream exact = new CountingStream(busy, 0);
        LedgerSnapshot.read(exact);
        assertThat(exact.furthestAsked).isEqualTo(busy.length + 1);
        CountingStream followed = new CountingStream(Arrays.copyOf(busy, busy.length + 4096), 0);
        Throwable t = catchThrowable(() -> LedgerSnapshot.read(followed));
        assertThat(((SnapshotFormatException) t).reason()).isEqualTo(Reason.TRAILING_BYTES);
        assertThat(followed.furthestAsked).isEqualTo(busy.length + 1);
    }

    // ------------------------------------------------------------------ extra sections

    @Test
    void extraSectionsTravelWithTheStateInNameOrder() throws Exception {
        Ledger l = LedgerSnapshot.fromBytes(busy);
        Map<String, byte[]> extras = new LinkedHashMap<>();
        extras.put("node.raft", ByteBuffer.allocate(16).putLong(7).putLong(123_456).array());
        extras.put("node.empty", new byte[0]);
        extras.put("app.big", ramp(3 << 20)); // several frames
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LedgerSnapshot.write(l, out, extras);
        byte[] bytes = out.toByteArray();
        List<Section> sections = SnapshotBytes.sections(bytes);
        assertThat(sections.stream().map(Section::name)).containsExactly(
                "ledger", "clock", "access", "staking", "rewards", "tokens", "nonces", "state-hash", "app.big", "node.empty",
                "node.raft");
        assertThat(sections.stream().filter(s -> s.name().contains(".")).map(Section::required)).containsOnly(false);
        assertThat(sections.stream().filter(s -> !s.name().contains(".")).map(Section::required)).containsOnly(true);

        LedgerSnapshot.Restored r = LedgerSnapshot.readWithExtras(new ByteArrayInputStream(bytes));
        assertThat(r.extraSections().keySet()).containsExactly("app.big", "node.empty", "node.raft");
        extras.forEach((name, content) -> assertThat(r.extraSections().get(name)).as(name).isEqualTo(content));
        assertThat(write(r.ledger())).isEqualTo(busy);
        // the plain reader passes over them
        assertThat(write(LedgerSnapshot.read(new ByteArrayInputStream(bytes)))).isEqualTo(busy);
        // and the same extras give the same bytes, whatever the map's order
        Map<String, byte[]> reversed = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(extras.keySet());
        java.util.Collections.reverse(names);
        names.forEach(k -> reversed.put(k, extras.get(k)));
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        LedgerSnapshot.write(l, again, reversed);
        assertThat(again.toByteArray()).isEqualTo(bytes);
    }

    @Test
    void anExtraSectionMayNotTakeACoreName() {
        Ledger l = new Ledger(new Genesis(7, OWNER, UInt256.ONE, false, Profile.SOLVENT));
        for (String name : CORE) {
            assertThatThrownBy(() -> LedgerSnapshot.write(l, new ByteArrayOutputStream(), Map.of(name, new byte[1])))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clashes with the core");
        }
        for (String name : new String[] {"raft", "emission"}) { // a later core section's, maybe
            assertThatThrownBy(() -> LedgerSnapshot.write(l, new ByteArrayOutputStream(), Map.of(name, new byte[1])))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a '.'");
        }
        for (String name : new String[] {"Node.raft", "node raft", ".raft", "n".repeat(30) + ".ab"}) {
            assertThatThrownBy(() -> LedgerSnapshot.write(l, new ByteArrayOutputStream(), Map.of(name, new byte[1])))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a section name");
        }
        assertThatThrownBy(() -> LedgerSnapshot.write(l, new ByteArrayOutputStream(),
                Map.of("node.huge", new byte[LedgerSnapshot.MAX_EXTRA_SECTION_LENGTH + 1])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than");
    }

    @Test
    void anUnknownOptionalSectionIsSkippedAnywhereAndAnUnknownRequiredOneRefused() throws Exception {
        List<Section> sections = new ArrayList<>(SnapshotBytes.sections(busy));
        sections.add(3, new Section("future-thing", false, ramp(5000)));
        Ledger l = LedgerSnapshot.fromBytes(SnapshotBytes.build(sections));
        assertThat(write(l)).isEqualTo(busy);
        assertThat(LedgerSnapshot.readWithExtras(new ByteArrayInputStream(SnapshotBytes.build(sections)))
                .extraSections()).containsOnlyKeys("future-thing");

        sections.set(3, new Section("future-thing", true, ramp(5000)));
        SnapshotFormatException e = rejects(SnapshotBytes.build(sections));
        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_REQUIRED_SECTION);
        assertThat(e.getMessage()).contains("future-thing", "required");
        // a skipped section's frames are checked all the same
        sections.set(3, new Section("future-thing", false, ramp(5000)));
        byte[] b = SnapshotBytes.build(sections);
        Frame data = SnapshotBytes.frames(b).stream()
                .filter(f -> "future-thing".equals(f.section()) && f.kind() == Kind.DATA).findFirst().orElseThrow();
        b[data.body() + 4000] ^= 0x10;
        assertThat(rejects(b).reason()).isEqualTo(Reason.CHECKSUM_MISMATCH);
    }

    @Test
    void coreSectionsMustAllBeThereOnceInOrderAndRequired() {
        List<Section> sections = SnapshotBytes.sections(busy);
        for (int i = 0; i < sections.size(); i++) {
            List<Section> without = new ArrayList<>(sections);
            without.remove(i);
            SnapshotFormatException e = rejects(SnapshotBytes.build(without));
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.INVALID_VALUE);
            assertThat(e.getMessage()).contains(i == sections.size() - 1 ? "section state-hash is missing"
                    : "where section " + sections.get(i).name() + " was expected");
        }
        List<Section> swapped = new ArrayList<>(sections);
        swapped.set(3, sections.get(4));
        swapped.set(4, sections.get(3));
        assertThat(rejects(SnapshotBytes.build(swapped)).getMessage()).contains("section rewards where section staking was expected");
        List<Section> twice = new ArrayList<>(sections);
        twice.add(sections.get(2));
        assertThat(rejects(SnapshotBytes.build(twice)).getMessage()).contains("section access appears twice");
        List<Section> optional = new ArrayList<>(sections);
        optional.set(1, new Section("clock", false, sections.get(1).content()));
        assertThat(rejects(SnapshotBytes.build(optional)).getMessage()).contains("core section clock is not marked required");
    }

    // ------------------------------------------------------------------ malformed input

    static byte[] small; // a genesis-only ledger
    static byte[] busy;  // mid-history, with provers, queues, emission, two tokens
    /** 60,000 positions: the staking and tokens sections span several frames each. */
    static byte[] large;

    @BeforeAll
    static void snapshots() throws Exception {
        small = write(new Ledger(new Genesis(1_700_000_000L, OWNER, UInt256.WAD.mul(UInt256.of(100)), false,
                Profile.SOLVENT)));
        Simulator.Result sim = Simulator.run(Simulator.Config.of(1, 300, Profile.SOLVENT));
        Ledger l = new Ledger(sim.genesis());
        sim.history().subList(0, sim.history().size() * 2 / 3).forEach(l::apply);
        assertThat(l.view().proverCount()).isPositive();
        busy = write(l);
        large = write(manyPositions(60_000));
        assertThat(SnapshotBytes.frames(large).stream().filter(f -> "staking".equals(f.section()) && f.kind() == Kind.DATA))
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(SnapshotBytes.frames(large).stream().filter(f -> "tokens".equals(f.section()) && f.kind() == Kind.DATA))
                .hasSizeGreaterThanOrEqualTo(2);
    }

    /** One prover, {@code n} stakers, some with unstakes pending, a reward: built by ordinary transactions. */
    static Ledger manyPositions(int n) {
        Address p = Address.ofIndex(1);
        Ledger l = new Ledger(new Genesis(1_700_000_000L, OWNER, UInt256.ONE, false, Profile.SOLVENT));
        long t = 1_700_000_000L;
        List<Transaction> txs = new ArrayList<>();
        txs.add(new Transaction(OWNER, t, new Command.Mint(TokenKind.STAKE, p, UInt256.of(1_000_000))));
        txs.add(new Transaction(p, t, new Command.InitProver(UInt256.of(1000), UInt256.of(500))));
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < n; i++) {
            Address s = Address.ofIndex(1_000_000 + rng.nextLong(1L << 40));
            UInt256 amount = UInt256.of(1 + rng.nextLong(1L << 50));
            txs.add(new Transaction(OWNER, t, new Command.Mint(TokenKind.STAKE, s, amount)));
            txs.add(new Transaction(s, t, new Command.Stake(p, amount)));
            if (i % 10 == 0) txs.add(new Transaction(s, t, new Command.RequestUnstake(p, UInt256.ONE)));
        }
        txs.add(new Transaction(OWNER, t, new Command.Mint(TokenKind.REWARD, OWNER, UInt256.of(1L << 60))));
        txs.add(new Transaction(OWNER, t, new Command.AddRewards(p, UInt256.of(1L << 59))));
        l.applyAll(txs, r -> { });
        return l;
    }

    /** Every frame of every section (headers, data, terminators, the end marker), one damaged byte each. */
    @Test
    void aDamagedByteInAnyFrameIsAChecksumMismatchNamingIt() {
        for (byte[] original : List.of(small, busy, large)) {
            List<Frame> frames = SnapshotBytes.frames(original);
            SplittableRandom rng = new SplittableRandom(original.length);
            for (Frame f : frames) {
                // in its length, its length's checksum, its body and its body's checksum
                List<Integer> where = new ArrayList<>(List.of(f.at() + rng.nextInt(4), f.at() + 4 + rng.nextInt(4)));
                if (f.length() > 0) {
                    where.add(f.body() + rng.nextInt(f.length()));
                    where.add(f.body() + f.length() + rng.nextInt(4));
                }
                for (int i : where) {
                    byte[] b = original.clone();
                    b[i] ^= (byte) (1 + rng.nextInt(255));
                    SnapshotFormatException e = rejects(b);
                    assertThat(e.reason()).as("%s frame at %d, byte %d: %s", f.kind(), f.at(), i, e.getMessage())
                            .isEqualTo(Reason.CHECKSUM_MISMATCH);
                    if (f.kind() == Kind.DATA) {
                        assertThat(e.getMessage()).contains("frame " + f.index() + " of section " + f.section());
                    }
                }
            }
        }
    }

    @Test
    void everyFlippedByteOfASmallSnapshotIsRefused() {
        for (int i = 0; i < small.length; i++) {
            for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                byte[] b = small.clone();
                b[i] ^= (byte) mask;
                SnapshotFormatException e = rejects(b);
                Reason expected = i < 5 ? Reason.BAD_MAGIC : i < 9 ? Reason.UNSUPPORTED_VERSION : Reason.CHECKSUM_MISMATCH;
                assertThat(e.reason()).as("byte %d ^ %02x: %s", i, mask, e.getMessage()).isEqualTo(expected);
            }
        }
    }

    /** Cut at every section and frame boundary, and inside each frame's parts: truncated. */
    @Test
    void aCutAnywhereIsATruncation() {
        for (int n = 0; n < small.length; n++) assertTruncated(small, n);
        for (byte[] original : List.of(busy, large)) {
            SplittableRandom rng = new SplittableRandom(original.length);
            for (Frame f : SnapshotBytes.frames(original)) {
                // before it, inside its length or its length's checksum, and before its last byte
                for (int n : new int[] {f.at(), f.at() + 1 + rng.nextInt(7), f.end() - 1}) assertTruncated(original, n);
                if (f.length() > 0) {
                    // at its body, inside it, and inside its checksum
                    for (int n : new int[] {f.body(), f.body() + rng.nextInt(f.length()), f.end() - 1 - rng.nextInt(4)}) {
                        assertTruncated(original, n);
                    }
                }
            }
        }
    }

    @Test
    void aCutBetweenSectionsOrBeforeTheEndMarkerSaysWhere() {
        List<Frame> frames = SnapshotBytes.frames(busy);
        Frame end = frames.get(frames.size() - 1);
        assertThat(rejects(Arrays.copyOf(busy, end.at())).getMessage())
                .contains("truncated", "after section state-hash (or the end marker)");
        Frame stakingHeader = frames.stream().filter(f -> f.kind() == Kind.HEADER && "staking".equals(f.section()))
                .findFirst().orElseThrow();
        assertThat(rejects(Arrays.copyOf(busy, stakingHeader.at())).getMessage())
                .contains("truncated", "after section access");
    }

    static void assertTruncated(byte[] original, int n) {
        SnapshotFormatException e = rejects(Arrays.copyOf(original, n));
        assertThat(e.reason()).as("cut at %d of %d: %s", n, original.length, e.getMessage()).isEqualTo(Reason.TRUNCATED);
        assertThat(e.getMessage()).contains("truncated");
    }

    @Test
    void aWrongMagicIsRejected() {
        byte[] b = busy.clone();
        b[4] = 'Q';
        SnapshotFormatException e = rejects(b);
        assertThat(e.reason()).isEqualTo(Reason.BAD_MAGIC);
        assertThat(e.getMessage()).contains("magic");
        assertThat(rejects("{\"json\": true}".getBytes(StandardCharsets.US_ASCII)).reason()).isEqualTo(Reason.BAD_MAGIC);
        assertThat(rejects(new byte[0]).reason()).isEqualTo(Reason.TRUNCATED);
    }

    /** Version 1 (one unframed block, never deployed) is refused plainly, whatever follows its header. */
    @Test
    void version1IsUnsupported() {
        byte[] v1 = busy.clone();
        ByteBuffer.wrap(v1).putInt(5, 1);
        SnapshotFormatException e = rejects(v1);
        assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION);
        assertThat(e.getMessage()).contains("version 1", "reads version 2 only", "take the snapshot again");
        byte[] v3 = busy.clone();
        ByteBuffer.wrap(v3).putInt(5, 3);
        assertThat(rejects(v3).getMessage()).contains("unsupported snapshot format version 3");
    }

    @Test
    void trailingBytesAreRejected() {
        for (int extra : new int[] {1, 3, 4, 5, 8, 100}) {
            SnapshotFormatException e = rejects(Arrays.copyOf(busy, busy.length + extra));
            assertThat(e.reason()).as("%d trailing bytes: %s", extra, e.getMessage()).isEqualTo(Reason.TRAILING_BYTES);
            assertThat(e.getMessage()).contains("trailing");
        }
        // a byte after a section's last field, under valid checksums
        for (String section : CORE) {
            byte[] content = SnapshotBytes.content(small, section);
            byte[] longer = Arrays.copyOf(content, content.length + 1);
            SnapshotFormatException e = rejects(SnapshotBytes.withContent(small, section, longer));
            assertThat(e.reason()).as(section).isEqualTo(Reason.TRAILING_BYTES);
            assertThat(e.getMessage()).contains("section " + section + " has 1 bytes after its last field");
        }
    }

    /*
     * The genesis-only layout, by section content: ledger = timestamp 0..7, owner 8..28 (length byte
     * at 8), global min self-stake at 29 (length byte L, then L bytes), sameToken at 30+L, profile at
     * 31+L; clock = now 0..7, applied 8..15; access = staking owner 0..20, rewards owner 21..41, role
     * count 42..45.
     */
    static final int MIN_AT = 29;

    static int l() {
        return SnapshotBytes.content(small, "ledger")[MIN_AT];
    }

    @Test
    void invalidValuesUnderValidChecksumsAreRejected() {
        assertThat(l()).isEqualTo(9); // 100e18 needs 67 bits
        assertInvalid("ledger", 8, 19, "address length 19");
        assertInvalid("ledger", MIN_AT, 33, "longer than 32");
        assertInvalid("ledger", 30 + l(), 2, "neither 0 nor 1");
        assertInvalid("ledger", 31 + l(), 7, "unknown ordinal 7");
        assertInvalid("ledger", 0, 0x80, "negative timestamp");
        assertInvalid("access", 42, 0xFF, "negative count");
        assertInvalid("access", 21, 0, "address length 0");
        byte[] earlyClock = SnapshotBytes.content(small, "clock");
        Arrays.fill(earlyClock, 0, 8, (byte) 0);
        assertInvalid(SnapshotBytes.withContent(small, "clock", earlyClock), "before the genesis time");
        byte[] negativeCount = SnapshotBytes.content(small, "clock");
        Arrays.fill(negativeCount, 8, 16, (byte) 0xFF);
        assertInvalid(SnapshotBytes.withContent(small, "clock", negativeCount), "applied count", "negative count -1");
        // a uint with a leading zero byte: not the one canonical encoding
        byte[] ledger = SnapshotBytes.content(small, "ledger");
        byte[] padded = new byte[ledger.length + 1];
        System.arraycopy(ledger, 0, padded, 0, MIN_AT);
        padded[MIN_AT] = (byte) (l() + 1);
        System.arraycopy(ledger, MIN_AT + 1, padded, MIN_AT + 2, ledger.length - MIN_AT - 1);
        assertInvalid(SnapshotBytes.withContent(small, "ledger", padded), "not minimal");
        // a huge count is not allocated: the content ends first
        byte[] access = SnapshotBytes.content(small, "access");
        Arrays.fill(access, 42, 46, (byte) 0x7F);
        assertThat(rejects(SnapshotBytes.withContent(small, "access", access)).reason()).isEqualTo(Reason.INVALID_VALUE);
        // a content cut short, under valid checksums
        byte[] staking = SnapshotBytes.content(busy, "staking");
        assertInvalid(SnapshotBytes.withContent(busy, "staking", Arrays.copyOf(staking, staking.length / 2)),
                "the content of section staking ends inside");
    }

    static void assertInvalid(String section, int at, int value, String message) {
        byte[] content = SnapshotBytes.content(small, section);
        content[at] = (byte) value;
        assertInvalid(SnapshotBytes.withContent(small, section, content), "section " + section, message);
    }

    static void assertInvalid(byte[] snapshot, String... message) {
        SnapshotFormatException e = rejects(snapshot);
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.INVALID_VALUE);
        assertThat(e.getMessage()).contains(message);
    }

    @Test
    void randomDamageUnderValidChecksumsNeverThrowsAnythingElse() {
        List<Frame> bodies = SnapshotBytes.frames(busy).stream().filter(f -> f.kind() == Kind.DATA).toList();
        SplittableRandom rng = new SplittableRandom(42);
        for (int round = 0; round < 3000; round++) {
            byte[] b = busy.clone();
            int flips = 1 + rng.nextInt(3);
            for (int f = 0; f < flips; f++) {
                Frame frame = bodies.get(rng.nextInt(bodies.size()));
                b[frame.body() + rng.nextInt(frame.length())] ^= (byte) (1 + rng.nextInt(255));
            }
            byte[] damaged = SnapshotBytes.withChecksums(b);
            Throwable t = catchThrowable(() -> LedgerSnapshot.fromBytes(damaged));
            if (t != null) assertThat(t).as("round %d (seed 42)", round).isInstanceOf(SnapshotFormatException.class);
        }
    }

    // ------------------------------------------------------------------ helpers

    static byte[] ramp(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + 7);
        return b;
    }

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
}
