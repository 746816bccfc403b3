package dev.proverstaking.common;

import java.util.function.Consumer;

/**
 * An insert-only hash table of {@link AddressKeyed} records, open addressing with linear probing:
 * one reference per slot and no entry objects, so a million positions cost a few bytes each on
 * top of the records themselves, and a lookup touches one slot and one record, mostly: see
 * {@link #MAX_LOAD_EIGHTHS}.
 *
 * <p>Records are never removed: positions and token accounts exist forever once created.
 * Where a record sits depends on the process's hash key ({@link #hash}), so the table's order is
 * not one to show: readers that need an order use an {@link AddressIndex} or sort.
 */
public final class AddressTable<T extends AddressKeyed> {
    private static final int MIN_CAPACITY = 8;
    /**
     * The table doubles before more than 3/8 of its slots are used. Why so few: with linear
     * probing, a lookup of a present key compares (1 + 1 / (1 - load)) / 2 records on average,
     * and past the L2 cache each record that turns out to hold another key is two or three more
     * cache lines from memory. A limit of 3/4 left a million keys at load 0.48 (1.46 records per
     * lookup); 3/8 leaves them at 0.24 (1.16). Measured (BENCHMARKS.md, "Tables at most 3/8
     * full"): ~30 ns less per transaction at 10^6 positions, nothing at 10^3, for 8 more bytes
     * of slots per key at 10^6 (4 / load bytes per key: between 10.7 and 21.3).
     */
    static final int MAX_LOAD_EIGHTHS = 3;
    private AddressKeyed[] slots = new AddressKeyed[MIN_CAPACITY];
    private int size;

    public int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    public T get(Address key) {
        AddressKeyed[] s = slots;
        return (T) find(s, hash(key.hi(), key.mid(), key.lo()) & (s.length - 1), key);
    }

    /** The record of {@code key} in {@code s}, probing from its home slot {@code home}; null if absent. */
    static AddressKeyed find(AddressKeyed[] s, int home, Address key) {
        int mask = s.length - 1;
        for (int i = home; ; i = (i + 1) & mask) {
            AddressKeyed e = s[i];
            if (e == null) return null;
            if (e.keyEquals(key)) return e;
        }
    }

    /** Whether {@code record} itself is in the table (under its key), without making an {@link Address}. */
    public boolean holds(AddressKeyed record) {
        AddressKeyed[] s = slots;
        int mask = s.length - 1;
        for (int i = record.keyHash() & mask; ; i = (i + 1) & mask) {
            AddressKeyed e = s[i];
            if (e == null) return false;
            if (e == record) return true;
        }
    }

    /** Slot {@code i} as it is (for tests of what reading ahead reads). */
    AddressKeyed slot(int i) {
        return slots[i];
    }

    int capacity() {
        return slots.length;
    }

    /** How many records a lookup of {@code key} compares (1 for a key in its home slot); for tests. */
    int probeLength(Address key) {
        AddressKeyed[] s = slots;
        int mask = s.length - 1;
        int n = 1;
        for (int i = hash(key.hi(), key.mid(), key.lo()) & mask; s[i] != null && !s[i].keyEquals(key); i = (i + 1) & mask) n++;
        return n;
    }

    /** Adds the lookup of {@code key} to {@code reads}, to be read ahead with the others; reads nothing yet. */
    public void enlist(Address key, TableReads reads) {
        AddressKeyed[] s = slots;
        reads.add(s, hash(key.hi(), key.mid(), key.lo()) & (s.length - 1), key);
    }

    /** Whether {@code keys} keys fit in {@code capacity} slots under {@link #MAX_LOAD_EIGHTHS}. */
    private static boolean fits(long keys, int capacity) {
        return keys * 8 <= (long) capacity * MAX_LOAD_EIGHTHS;
    }

    /** The slots a table holding {@code keys} keys has (for models of its layout, such as benchmarks). */
    public static int capacityFor(int keys) {
        int capacity = MIN_CAPACITY;
        while (!fits(keys, capacity)) capacity *= 2;
        return capacity;
    }

    /** Adds a record whose key is not in the table yet. */
    public void add(T record) {
        if (!fits(size + 1, slots.length)) grow();
        place(slots, record);
        size++;
    }

    /**
     * Adds {@code records[0, n)}, whose keys are not in the table yet and are distinct: the table
     * grows once to its final size instead of doubling its way there, and the records are placed
     * in slot order (a snapshot's restore of a million records).
     *
     * <p>Why in slot order: each reference stored into the slot array, which is large and old,
     * passes the collector's write barrier, which marks the array's card (512 bytes) dirty for the
     * collector to scan. Stored in random order, a card is dirtied, cleaned by the collector's
     * refinement, and dirtied again, over and over: under G1 that cost ~0.3-0.8 us a record at
     * 10^6, ten to twenty times the placement itself. Sorted by home slot (a counting sort on the
     * slot's high bits, over indices, which pass no barrier), the stores sweep the array once and
     * each card is dirtied about once; the probes stay in cache as well.
     */
    public void addAll(T[] records, int n) {
        long keys = (long) size + n;
        int capacity = slots.length;
        while (!fits(keys, capacity)) capacity *= 2;
        if (capacity != slots.length) slots = rehash(slots, capacity);
        AddressKeyed[] s = slots;
        int mask = s.length - 1;
        int shift = Math.max(0, Integer.numberOfTrailingZeros(s.length) - SORT_BITS);
        int[] homes = new int[n];
        int[] start = new int[(s.length >>> shift) + 1];
        for (int i = 0; i < n; i++) {
            int home = records[i].keyHash() & mask;
            homes[i] = home;
            start[(home >>> shift) + 1]++;
        }
        for (int b = 1; b < start.length; b++) start[b] += start[b - 1];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[start[homes[i] >>> shift]++] = i;
        for (int j = 0; j < n; j++) {
            int r = order[j];
            AddressKeyed record = records[r];
            int i = homes[r];
            while (s[i] != null) {
                if (s[i] == record) throw new IllegalStateException("already in the table");
                i = (i + 1) & mask;
            }
            s[i] = record;
        }
        size += n;
    }

    /** {@link #addAll} sorts by the top this many bits of the home slot: 1024 runs of 16 KiB at 10^6. */
    private static final int SORT_BITS = 10;

    private static void place(AddressKeyed[] s, AddressKeyed record) {
        int mask = s.length - 1;
        int i = record.keyHash() & mask;
        while (s[i] != null) {
            if (s[i] == record) throw new IllegalStateException("already in the table");
            i = (i + 1) & mask;
        }
        s[i] = record;
    }

    private void grow() {
        slots = rehash(slots, slots.length * 2);
    }

    /**
     * The records of {@code old} in a new array of {@code capacity} slots. Taken in slot order, each
     * lands at its old home or its old home plus the old capacity (the one new bit of its hash),
     * so the stores sweep two halves of the new array in order, as {@link #addAll} explains why.
     */
    private static AddressKeyed[] rehash(AddressKeyed[] old, int capacity) {
        AddressKeyed[] bigger = new AddressKeyed[capacity];
        for (AddressKeyed e : old) if (e != null) place(bigger, e);
        return bigger;
    }

    /** Each record, in the table's order (which depends on the process's hash key: not an order to show). */
    @SuppressWarnings("unchecked")
    public void forEach(Consumer<T> visit) {
        for (AddressKeyed e : slots) if (e != null) visit.accept((T) e);
    }

    /**
     * The table's hash of an address, keyed with {@link #KEY}. Why keyed: with a fixed function a
     * client choosing its addresses (a sender grinds keys; a minter or a withdrawal names any
     * address) could aim them all at one home slot and make every lookup walk a long probe chain.
     * With a key drawn at random when the process starts, nobody outside it can tell where an
     * address lands. The mixing is wyhash's: a 64 x 64 -> 128-bit product folded to 64 bits, twice.
     *
     * <p>Table order is not state: no result, dump, snapshot or hash depends on where a record sits
     * (every reader that needs an order takes the {@link AddressIndex}'s or sorts), so the key
     * costs the core's determinism nothing.
     */
    static int hash(long hi, long mid, int lo) {
        long a = hi ^ KEY[0], b = mid ^ KEY[1];
        long h = Math.multiplyHigh(a, b) ^ (a * b);
        long c = h ^ KEY[2], d = (lo & 0xFFFF_FFFFL) ^ KEY[3];
        h = Math.multiplyHigh(c, d) ^ (c * d);
        return (int) (h ^ (h >>> 32));
    }

    /** The hash key of this process: four words from the system's secure random source. */
    private static final long[] KEY = newKey();

    private static long[] newKey() {
        java.security.SecureRandom random = new java.security.SecureRandom();
        long[] k = new long[4];
        for (int i = 0; i < k.length; i++) k[i] = random.nextLong();
        return k;
    }

    /** The first word of this process's key, for a test that two processes draw different keys. */
    static long keyFingerprint() {
        return KEY[0];
    }
}
