package dev.proverstaking.ledger;

import dev.proverstaking.access.AccessSnapshot;
import dev.proverstaking.rewards.RewardsSnapshot;
import dev.proverstaking.snapshot.SectionHeader;
import dev.proverstaking.snapshot.SnapshotFormat;
import dev.proverstaking.snapshot.SnapshotFormatException;
import dev.proverstaking.snapshot.SnapshotFormatException.Reason;
import dev.proverstaking.snapshot.SnapshotReader;
import dev.proverstaking.snapshot.SnapshotWriter;
import dev.proverstaking.staking.StakingSnapshot;
import dev.proverstaking.token.TokenSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole state of a {@link Ledger} as bytes, and back: a node restarts from a snapshot plus the
 * suffix of the transaction log after it ({@link Ledger#appliedCount()} transactions were applied)
 * instead of replaying the whole log. A restored ledger has the same {@link StateFingerprint}, the
 * same clock and count, and answers every later transaction with the same receipt as the original;
 * snapshotting it again gives the same bytes. Written and read as a stream, with one frame buffer
 * of memory whatever the size of the state.
 *
 * <h2>Format, version 2</h2>
 *
 * The container ({@code dev.proverstaking.snapshot}, {@code package-info.java} there): magic
 * {@code "PSNAP"}, version u32 2, then sections, each a header (flags, name), its content in frames
 * {@code [u32 length][u32 CRC32C of the length][body][u32 CRC32C of the body]} of at most 1 MiB, and
 * a zero-length frame; then a zero-length frame as the end marker, and nothing after it. Fields are
 * big-endian: i64 / i32, flag (1 byte), ordinal (1 byte), count (i32), address (a length byte 20,
 * then 20 bytes), uint (a length byte 0..32, then the minimal big-endian magnitude). The core
 * writes these sections, all required, in this order:
 * <pre>
 * ledger    the genesis: timestamp i64, owner address, globalMinSelfStake uint, sameToken flag, profile ordinal
 * clock     now i64 (the last transaction's timestamp), applied i64 (transactions applied, refused ones included)
 * access    staking owner address, rewards owner address,
 *           roles: count, per role in ordinal order: ordinal, holder count, holders in grant order
 *           ({@link AccessSnapshot})
 * staking   unstake delay, global min self-stake, max slash, treasury (uint each); prover count, provers in
 *           registration order, each: address, state ordinal, minSelfStake, totalRawShares,
 *           pendingRawShares, scale; position count, positions in ascending staker order, each:
 *           staker address, rawShares, reward debt, reward entitled, pending count, requests oldest
 *           first (rawShares uint, requestedAt i64) ({@link StakingSnapshot})
 * rewards   treasury; emission pool: rate, budget, totalFunded, totalEmitted, acc, carry, totalWeight,
 *           lastAccrual i64, used flag; a prover count and each prover's reward book in registration
 *           order ({@link RewardsSnapshot})
 * tokens    count (1 with one token, else 2), then the stake token and, with two, the reward token:
 *           kind ordinal, supply, custody count and custodies, account count, accounts in ascending
 *           address order, each address and balance ({@link TokenSnapshot})
 * nonces    count, then each address with a nonce above 0 in ascending order and its nonce i64
 *           ({@link dev.proverstaking.token.NonceSnapshot})
 * state-hash kept flag; when 1, the state hash's LtHash16 value: 2048 bytes, 1024 lanes of 16 bits,
 *           each little-endian ({@link StateHash}, {@link dev.proverstaking.statehash.LtHash})
 * </pre>
 * then the caller's extra sections ({@link #write(Ledger, OutputStream, Map)}), optional, in
 * ascending name order. Orders that decide future behaviour (unstake queues, role holders, prover
 * registration) are kept exactly; sets without an observable order (positions, token accounts) are
 * written sorted, so the bytes are canonical: equal states give equal snapshots (of ledgers that
 * both keep their state hash, or both do not: the {@code state-hash} section holds the value only
 * when the writer kept it). Positions and accounts with nothing left are kept, as the ledger keeps
 * them.
 *
 * <h2>The state hash</h2>
 *
 * The {@code state-hash} section is derived from the others, and left out of
 * {@link StateFingerprint}. A writer that keeps its state hash ({@link Ledger#keepsStateHash})
 * stores its value, so that a ledger of a million positions restores it in O(1) rather than
 * recomputing it (seconds); the reader trusts it once its frames' checksums pass, when asked to keep
 * the hash ({@link #read(InputStream, Ledger.StateHashing)} with {@code ON}: from scratch when the
 * snapshot holds none). {@link Ledger#checkStateHash} recomputes it to check it. A ledger restored
 * with {@code OFF} keeps none, and computes it from scratch if it is asked for.
 *
 * <h2>Extra sections</h2>
 *
 * A caller may store its own data beside the state (a node: the Raft term and index the snapshot
 * was taken at): {@link #write(Ledger, OutputStream, Map)} writes each as an optional section, and
 * {@link #readWithExtras} returns every optional section it found that the core does not know. An
 * extra section's name must be a section name with a '.' in it ({@code "node.raft"}): the core's
 * names have none, so no extra section can clash with a core section, today's or a later version's.
 *
 * <h2>Reading</h2>
 *
 * {@link #read} either returns a complete ledger or throws {@link SnapshotFormatException} (never an
 * unchecked exception, never a partial ledger), with a {@link Reason}: a bad magic, an unsupported
 * version (version 1 included: it was never deployed and is not read), input cut short anywhere, a
 * frame whose length or body does not match its CRC32C (naming the frame and section), trailing
 * bytes (after the end marker, or after a section's last field), an invalid value (an address
 * length other than 20, a negative count, a uint longer than 32 bytes or with a leading zero byte,
 * an unknown ordinal, a flag other than 0/1, a negative timestamp, a set out of order, a content
 * that ends inside a field, a core section missing, repeated or out of order, or state the
 * transitions rely on not having: see the module {@code *Snapshot} classes), a section it does not
 * know marked required, and a well-formed state that breaks an invariant ({@link Ledger#audit}:
 * custody short of what is owed, a queue out of time order, a request after the clock, ...), which
 * only a crafted snapshot, or one whose checksums were recomputed over damaged bytes, holds. Each
 * frame's checksum is checked before its bytes are interpreted. A section the reader does not know
 * that is optional is skipped, its frames checked.
 *
 * <p>Transient state is not part of a snapshot: the events of the last transaction (already in its
 * receipt) and the rewards module's undo record (only meaningful within one {@link Ledger#apply}).
 */
public final class LedgerSnapshot {
    /** The first bytes of every snapshot. */
    public static final String MAGIC = SnapshotFormat.MAGIC;
    /** The format version this class writes and reads. */
    public static final int VERSION = SnapshotFormat.VERSION;
    /** The most an extra section may hold: it is kept in memory, written and read. */
    public static final int MAX_EXTRA_SECTION_LENGTH = 16 << 20;

    /**
     * A restored ledger and the extra sections found beside it, by name, in the order they were
     * found (the arrays are the caller's to keep).
     */
    public record Restored(Ledger ledger, Map<String, byte[]> extraSections) {}

    private LedgerSnapshot() {}

    /**
     * Writes the ledger's whole state to {@code out} (which is flushed, not closed). Reads the ledger's
     * state only (it folds the state hash's journal into the kept hash, if the ledger keeps one);
     * call it between transactions, on the ledger's own thread.
     */
    public static void write(Ledger ledger, OutputStream out) throws IOException {
        write(ledger, out, Map.of());
    }

    /**
     * {@link #write(Ledger, OutputStream)}, then {@code extraSections} as optional sections, in
     * ascending name order.
     *
     * @throws IllegalArgumentException when a name is not a section name with a '.' in it (so not a
     *                                  core section's), or a section holds more than
     *                                  {@link #MAX_EXTRA_SECTION_LENGTH} bytes; nothing is written then
     */
    public static void write(Ledger ledger, OutputStream out, Map<String, byte[]> extraSections) throws IOException {
        TreeMap<String, byte[]> extras = new TreeMap<>();
        extraSections.forEach((name, bytes) -> extras.put(checkedExtraName(name), checkedExtraBytes(name, bytes)));
        SnapshotWriter writer = new SnapshotWriter(out);
        for (CoreSection s : CoreSection.values()) {
            s.write(ledger, writer.beginSection(s.sectionName, true));
            writer.endSection();
        }
        for (Map.Entry<String, byte[]> e : extras.entrySet()) {
            writer.beginSection(e.getKey(), false).bytes(e.getValue());
            writer.endSection();
        }
        writer.finish();
    }

    private static String checkedExtraName(String name) {
        if (!SnapshotFormat.isValidName(name)) {
            throw new IllegalArgumentException("not a section name: \"" + name + "\" (1 to "
                    + SnapshotFormat.MAX_NAME_LENGTH + " of a-z, 0-9, '.', '_', '-', a letter first)");
        }
        if (CoreSection.named(name) != null) {
            throw new IllegalArgumentException("the extra section \"" + name + "\" clashes with the core's section of that name");
        }
        if (name.indexOf('.') < 0) {
            throw new IllegalArgumentException("the extra section \"" + name + "\" needs a '.' in its name (such as \"node."
                    + name + "\"): names without one are the core's");
        }
        return name;
    }

    private static byte[] checkedExtraBytes(String name, byte[] bytes) {
        if (bytes.length > MAX_EXTRA_SECTION_LENGTH) {
            throw new IllegalArgumentException("the extra section \"" + name + "\" holds " + bytes.length
                    + " bytes, more than " + MAX_EXTRA_SECTION_LENGTH);
        }
        return bytes;
    }

    /** {@link #write(Ledger, OutputStream)} into a new array. */
    public static byte[] toBytes(Ledger ledger) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            write(ledger, bytes);
        } catch (IOException e) {
            throw new AssertionError("a byte array stream does not fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a snapshot from {@code in}, which must hold exactly one: it is read frame by frame up to
     * the end marker, then one more byte is asked for to see that the input ends there (not closed).
     * Unknown optional sections are skipped.
     *
     * @throws SnapshotFormatException when the bytes are not a valid snapshot of version 2
     * @throws IOException             when {@code in} fails
     */
    public static Ledger read(InputStream in) throws IOException, SnapshotFormatException {
        return read(in, Ledger.StateHashing.OFF);
    }

    /**
     * {@link #read(InputStream)}, into a ledger that keeps its state hash when {@code hashing} is
     * {@code ON}: the snapshot's if it holds one (trusted: {@link Ledger#checkStateHash} checks it),
     * else computed from scratch (O(state)).
     */
    public static Ledger read(InputStream in, Ledger.StateHashing hashing) throws IOException, SnapshotFormatException {
        return read(in, false, hashing).ledger();
    }

    /** {@link #read}, also returning the optional sections it does not know: the caller's extras. */
    public static Restored readWithExtras(InputStream in) throws IOException, SnapshotFormatException {
        return readWithExtras(in, Ledger.StateHashing.OFF);
    }

    /** {@link #readWithExtras(InputStream)}, keeping the state hash as {@link #read(InputStream, Ledger.StateHashing)} does. */
    public static Restored readWithExtras(InputStream in, Ledger.StateHashing hashing)
            throws IOException, SnapshotFormatException {
        return read(in, true, hashing);
    }

    /** {@link #read} from an array. */
    public static Ledger fromBytes(byte[] data) throws SnapshotFormatException {
        return fromBytes(data, Ledger.StateHashing.OFF);
    }

    /** {@link #read(InputStream, Ledger.StateHashing)} from an array. */
    public static Ledger fromBytes(byte[] data, Ledger.StateHashing hashing) throws SnapshotFormatException {
        try {
            return read(new ByteArrayInputStream(data), hashing);
        } catch (IOException e) {
            throw new AssertionError("a byte array stream does not fail", e);
        }
    }

    private static Restored read(InputStream in, boolean keepExtras, Ledger.StateHashing hashing)
            throws IOException, SnapshotFormatException {
        SnapshotReader reader = new SnapshotReader(in);
        CoreSection[] core = CoreSection.values();
        CoreSection.Restoring restoring = new CoreSection.Restoring();
        Map<String, byte[]> extras = new LinkedHashMap<>();
        List<String> seen = new ArrayList<>();
        int next = 0; // the core section expected next
        for (SectionHeader h; (h = reader.next()) != null; ) {
            String name = h.name();
            if (seen.contains(name)) throw invalid("section " + name + " appears twice");
            seen.add(name);
            CoreSection s = CoreSection.named(name);
            if (s != null) {
                if (s.ordinal() != next) {
                    throw invalid("section " + name + " where section " + core[next].sectionName + " was expected "
                            + "(the core's sections are, in this order: " + CORE_ORDER + ")");
                }
                if (!h.required()) throw invalid("the core section " + name + " is not marked required");
                try {
                    s.read(restoring, reader.content());
                } catch (RuntimeException e) {
                    // a value the field checks let through but a restore refuses: still not a snapshot
                    throw new SnapshotFormatException(Reason.INVALID_VALUE,
                            "invalid snapshot: section " + name + " cannot be restored: " + e, e);
                }
                reader.endSection();
                next++;
            } else if (h.required()) {
                throw new SnapshotFormatException(Reason.UNKNOWN_REQUIRED_SECTION, "unsupported snapshot: section "
                        + name + " is marked required, and this reader does not know it (a newer writer's?)");
            } else if (keepExtras) {
                extras.put(name, reader.sectionBytes(MAX_EXTRA_SECTION_LENGTH));
            } else {
                reader.skipSection();
            }
        }
        if (next < core.length) throw invalid("section " + core[next].sectionName + " is missing");
        reader.requireEnd();
        requireReachable(restoring.ledger);
        if (hashing == Ledger.StateHashing.ON) restoring.ledger.keepStateHash(restoring.stateHash);
        return new Restored(restoring.ledger, Collections.unmodifiableMap(extras));
    }

    private static final String CORE_ORDER = String.join(", ",
            java.util.Arrays.stream(CoreSection.values()).map(c -> c.sectionName).toList());

    private static SnapshotFormatException invalid(String problem) {
        return new SnapshotFormatException(Reason.INVALID_VALUE, "invalid snapshot: " + problem);
    }

    /**
     * The field checks cannot see relations between sections (custody against what is owed,
     * emission weights against stakes, queue times against the clock); the transitions rely on them,
     * so a ledger that breaks one is refused here rather than returned to fail later.
     */
    private static void requireReachable(Ledger ledger) throws SnapshotFormatException {
        List<Violation> broken;
        try {
            broken = ledger.audit();
        } catch (RuntimeException e) { // e.g. raw shares that overflow when summed: not a state at all
            throw new SnapshotFormatException(Reason.INVARIANT_BROKEN, "invalid snapshot: its state cannot be checked: " + e, e);
        }
        if (!broken.isEmpty()) {
            throw new SnapshotFormatException(Reason.INVARIANT_BROKEN, "invalid snapshot: its state breaks "
                    + broken.size() + " invariant(s), first " + broken.get(0));
        }
    }
}
