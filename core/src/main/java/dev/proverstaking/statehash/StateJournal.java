package dev.proverstaking.statehash;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Keeps a ledger's state hash ({@link LtHash} over one element per record) up to date at the cost
 * of what changes, not of the state's size.
 *
 * <p><b>The journal.</b> A record of which there are many ({@link JournaledRecord}: provers, their
 * reward books, positions, accounts, role holder lists) calls {@link #touch} before it is written,
 * and a record just made calls {@link #created}. The first touch since the last flush copies the
 * record's canonical bytes as they were; later touches cost a flag check. A {@link #flush} then
 * encodes each journaled record as it is now, and where its bytes changed subtracts the old
 * element and adds the new one (a record created has no old element). Where they did not change
 * (a refused transaction's emission settlement, undone; a record written back to what it was) it
 * does nothing more. So a record written by many transactions between two flushes (the emission
 * pool, a busy prover) is hashed once per flush, not per transaction.
 *
 * <p><b>Watched records.</b> The records of which there is one, or one per module or token (the
 * ledger's clock and genesis, the modules' parameters, treasuries and emission pool, the tokens'
 * supply and custody, the owners: {@link #watch}), are not journaled: every flush encodes them and
 * compares them with their bytes at the previous flush. They change in almost every transaction,
 * and they have many writers; comparing them costs a few hundred nanoseconds a flush and cannot
 * miss a writer.
 *
 * <p><b>When.</b> The owner flushes when the hash is asked for, when a snapshot is taken, and
 * between transactions once more than {@link #FLUSH_BOUND} records are journaled
 * ({@link #needsFlush}), which bounds the journal's memory (a few hundred KiB).
 *
 * <p><b>Off.</b> Until {@link #start}, {@link #startFrom} or {@link #startTracking}, the journal is
 * off: touches return at once and nothing is kept, so a ledger that never asks for its hash pays one
 * branch per write.
 *
 * <p><b>Tracking.</b> An invariant checker that must cost what an operation touches asks for the
 * records that changed ({@link #startTracking}, then {@link #drain} after every transaction): the
 * same journal, drained by its owner after each transaction instead of flushed when it fills, which
 * hands every record whose bytes changed (journaled or watched) to a {@link ChangeVisitor} with its
 * bytes before and after. Without the hash kept, a drain computes no element: it costs an encoding
 * and a comparison per record touched. While tracking, the journal never asks to be flushed
 * ({@link #needsFlush}): a flush without a visitor would lose the changes the tracker has not seen.
 * Records are never deleted from a ledger's state (positions and accounts live forever), so there
 * is no removal here.
 *
 * <p>Not thread-safe: the ledger's own thread, like every write.
 */
public final class StateJournal {
    /** Journaled records beyond which the owner flushes between transactions. */
    public static final int FLUSH_BOUND = 4096;

    /** Every record of a state, in any order. */
    @FunctionalInterface
    public interface RecordSource {
        void forEach(Consumer<? super StateRecord> visit);
    }

    /**
     * A record whose canonical bytes changed since the last drain. The arrays are the journal's and
     * are reused: read them before returning.
     */
    @FunctionalInterface
    public interface ChangeVisitor {
        /**
         * @param before       the record's bytes at the last drain, or null when it was created since
         * @param beforeAt     where they start in {@code before}
         * @param beforeLength how many there are
         * @param after        the record's bytes now, its first {@code afterLength}
         */
        void changed(byte[] before, int beforeAt, int beforeLength, byte[] after, int afterLength);
    }

    /** Touches are journaled: the hash is kept, or changes are tracked, or both. */
    private boolean on;
    /** The hash is kept ({@link #start}, {@link #startFrom}). */
    private boolean hashing;
    /** Changes are drained after every transaction ({@link #startTracking}). */
    private boolean tracking;
    private int flushBound = FLUSH_BOUND;
    // all made when the journal starts: a ledger that never keeps its hash holds none of it
    private LtHash sum;
    private Elements elements;
    private RecordOutput out;

    // the journal: record i, and where its old bytes are in the arena (length -1: created)
    private JournaledRecord[] records;
    private int[] oldAt;
    private int[] oldLength;
    private int size;
    private byte[] arena;
    private int arenaUsed;

    private final ArrayList<StateRecord> watched = new ArrayList<>();
    /** The bytes of each watched record at the last flush. */
    private byte[][] watchedBytes = new byte[0][];

    /** Whether the hash is kept: after {@link #start} or {@link #startFrom}. */
    public boolean isOn() {
        return hashing;
    }

    /** Whether changes are tracked for a checker: after {@link #startTracking}. */
    public boolean isTracking() {
        return tracking;
    }

    /**
     * {@code r} is about to be written: if it is the first write since the last flush, its bytes
     * as they are now are kept. Call it before the write, not after.
     */
    public void touch(JournaledRecord r) {
        if (on && !r.inJournal()) keep(r); // the fast path, inlined into every writer: one branch while off
    }

    /** The first touch of {@code r} since the last flush: its bytes as they are now. */
    private void keep(JournaledRecord r) {
        r.setInJournal(true);
        out.reset();
        r.encode(out);
        int n = out.length();
        if (arenaUsed + n > arena.length) arena = Arrays.copyOf(arena, Math.max(2 * arena.length, arenaUsed + n));
        System.arraycopy(out.array(), 0, arena, arenaUsed, n);
        append(r, arenaUsed, n);
        arenaUsed += n;
    }

    /**
     * {@code r} was just added to the state (it had no element before); call it before any
     * {@link #touch} of it. Its element is added at the next flush.
     */
    public void created(JournaledRecord r) {
        if (on) added(r);
    }

    private void added(JournaledRecord r) {
        if (r.inJournal()) throw new IllegalStateException("a record created twice, or touched before it was created");
        r.setInJournal(true);
        append(r, 0, -1);
    }

    private void append(JournaledRecord r, int at, int length) {
        if (size == records.length) {
            records = Arrays.copyOf(records, 2 * size);
            oldAt = Arrays.copyOf(oldAt, 2 * size);
            oldLength = Arrays.copyOf(oldLength, 2 * size);
        }
        records[size] = r;
        oldAt[size] = at;
        oldLength[size] = length;
        size++;
    }

    /** Watches {@code r}, a record of which the state has one: compared at every flush. Before {@link #start}. */
    public void watch(StateRecord r) {
        if (on) throw new IllegalStateException("watch before the journal starts");
        watched.add(r);
    }

    /** Records journaled since the last flush. */
    public int pending() {
        return size;
    }

    /**
     * Whether more than {@link #flushBound} records wait: the owner should flush between
     * transactions. Never while tracking: the tracker drains after every transaction.
     */
    public boolean needsFlush() {
        return size > flushBound && !tracking;
    }

    /** Journaled records beyond which {@link #needsFlush} says so: {@link #FLUSH_BOUND} unless set. */
    public int flushBound() {
        return flushBound;
    }

    /** Sets {@link #flushBound} (a test flushes at every transaction with 0). */
    public void setFlushBound(int bound) {
        if (bound < 0) throw new IllegalArgumentException("negative bound " + bound);
        flushBound = bound;
    }

    /**
     * Starts keeping the hash of the state that {@code all} enumerates (the watched records
     * included), computed from scratch: O(state).
     */
    public void start(RecordSource all) {
        startHashing();
        Elements e = elements;
        all.forEach(r -> {
            out.reset();
            r.encode(out);
            sum.add(e.of(out.array(), 0, out.length()));
        });
        begin();
    }

    /**
     * Starts keeping the hash from {@code value} ({@link LtHash#BYTES} bytes), trusted to be the
     * hash of the current state (a snapshot's, restored with it): O(1).
     */
    public void startFrom(byte[] value) {
        startHashing();
        sum.set(value);
        begin();
    }

    /**
     * The hash starts from the state as it is now. While tracking, only right after a drain: the
     * journal's old bytes are then those of the current state, as the hash's base must be.
     */
    private void startHashing() {
        if (hashing) throw new IllegalStateException("already started");
        if (size > 0) throw new IllegalStateException("tracked changes not drained: drain before the state hash starts");
        if (!on) allocate();
        sum = new LtHash();
        elements = new Elements();
        hashing = true;
    }

    /**
     * Starts tracking changes from the state as it is now (O(watched records)): from now on the
     * owner {@link #drain}s after every transaction. With or without the hash kept.
     */
    public void startTracking() {
        if (tracking) throw new IllegalStateException("already tracking");
        if (!on) {
            allocate();
            begin();
        }
        tracking = true;
    }

    private void begin() {
        watchedBytes = new byte[watched.size()][];
        for (int i = 0; i < watchedBytes.length; i++) watchedBytes[i] = bytesOf(watched.get(i));
        on = true;
    }

    private byte[] bytesOf(StateRecord r) {
        out.reset();
        r.encode(out);
        return out.toByteArray();
    }

    private void allocate() {
        out = new RecordOutput();
        records = new JournaledRecord[64];
        oldAt = new int[64];
        oldLength = new int[64];
        arena = new byte[16 << 10];
    }

    /**
     * Folds every change since the last flush into the hash; O(records changed). While tracking,
     * the changes it folds are not reported: the tracker {@link #drain}s instead.
     */
    public void flush() {
        drain(null);
    }

    /**
     * Hands every record whose bytes changed since the last drain or flush to {@code visitor} (if
     * not null), with its bytes before and after, and folds the changes into the hash if it is
     * kept: journaled records first, in the order of their first touch, then the watched ones.
     * O(records touched); no element is computed unless the hash is kept.
     */
    public void drain(ChangeVisitor visitor) {
        if (!on) return;
        Elements e = elements; // null unless hashing
        for (int i = 0; i < size; i++) {
            JournaledRecord r = records[i];
            records[i] = null;
            r.setInJournal(false);
            out.reset();
            r.encode(out);
            int at = oldAt[i], length = oldLength[i];
            if (length >= 0 && Arrays.equals(arena, at, at + length, out.array(), 0, out.length())) continue;
            if (visitor != null) visitor.changed(length >= 0 ? arena : null, at, Math.max(length, 0), out.array(), out.length());
            if (hashing) {
                if (length >= 0) sum.subtract(e.of(arena, at, length));
                sum.add(e.of(out.array(), 0, out.length()));
            }
        }
        size = 0;
        arenaUsed = 0;
        for (int i = 0; i < watchedBytes.length; i++) {
            out.reset();
            watched.get(i).encode(out);
            byte[] last = watchedBytes[i];
            if (Arrays.equals(last, 0, last.length, out.array(), 0, out.length())) continue;
            if (visitor != null) visitor.changed(last, 0, last.length, out.array(), out.length());
            if (hashing) {
                sum.subtract(e.of(last, 0, last.length));
                sum.add(e.of(out.array(), 0, out.length()));
            }
            watchedBytes[i] = out.toByteArray();
        }
    }

    /** The hash's value after a {@link #flush} ({@link LtHash#BYTES} bytes, a copy). */
    public byte[] value() {
        if (!hashing) throw new IllegalStateException("the state hash is not kept");
        flush();
        return sum.toBytes();
    }

    /** The hash of the records {@code all} enumerates, from scratch (O(state)); changes nothing. */
    public static byte[] valueOf(RecordSource all) {
        Elements e = new Elements();
        RecordOutput o = new RecordOutput();
        LtHash h = new LtHash();
        all.forEach(r -> {
            o.reset();
            r.encode(o);
            h.add(e.of(o.array(), 0, o.length()));
        });
        return h.toBytes();
    }
}
