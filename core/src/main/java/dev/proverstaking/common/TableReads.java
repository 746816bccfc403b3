package dev.proverstaking.common;

/**
 * Lookups in {@link AddressTable}s gathered to be read ahead together, just before the records
 * are needed: each record likely not in cache is loaded here, changing nothing, so that the
 * misses of a whole batch are waited for together instead of one after another.
 *
 * <p>Why three passes, each a short loop: an out-of-order core keeps only a few hundred
 * instructions in flight, and a load that misses holds the oldest place until memory answers. A
 * lookup that is one long sequence (hash, slot, record, compare, next slot, next record...)
 * lets only two or three lookups' misses overlap; short loops over the whole batch let every
 * miss of a step be under way at once. Measured at 10^6 positions (BENCHMARKS.md): reading the
 * home records first and then the next slot's record for displaced keys (22% of keys at a
 * table's load of 0.48, where a million keys were before tables stopped at 3/8) cut the
 * 10^6 / 10^3 cost ratio of the mixed workload by ~0.1 against slots first, then full lookups.
 * <ol>
 *   <li>every key's home slot ({@link #readSlots}, which a caller may run early: see below),
 *       then the record in it (for a key that is present, the home slot is never empty, so the
 *       branch on it is predictable);</li>
 *   <li>where that record is another key's, the record in the next slot, where most displaced
 *       keys are;</li>
 *   <li>every key not found at home looked up for real, probing past collisions in slots now
 *       cached, and its record read whole ({@link AddressKeyed#warmth}).</li>
 * </ol>
 * What the passes read is folded into the returned value so that the JIT cannot drop the loads.
 *
 * <p>The slot pass can run one batch ahead: {@code Ledger.applyAll} loads the next group's slots
 * just before this group's records, so that the two groups' misses, which do not depend on each
 * other, are waited for together, and the records' pass no longer waits for their slots first
 * (measured: BENCHMARKS.md). The tables may change in between (a new key, even a bigger slot
 * array): the passes then read a slot array as it was, whose records are still records and
 * whose probes still end at an empty slot, so the reads stay harmless and merely less useful.
 *
 * <p>Allocate one per batch: it holds references to tables' slot arrays, and a long-lived holder
 * would pay the garbage collector's card-marking barrier on every store.
 */
public final class TableReads {
    private final AddressKeyed[][] tables;
    private final int[] homes;
    private final Address[] keys;
    private int size;
    /** What each key's home slot held when {@link #readSlots} ran; null until then. */
    private AddressKeyed[] home;

    public TableReads(int capacity) {
        tables = new AddressKeyed[capacity][];
        homes = new int[capacity];
        keys = new Address[capacity];
    }

    void add(AddressKeyed[] table, int home, Address key) {
        tables[size] = table;
        homes[size] = home;
        keys[size] = key;
        size++;
    }

    /** The first pass alone: loads every enlisted key's home slot, not yet the record in it. */
    public void readSlots() {
        int n = size;
        AddressKeyed[] h = new AddressKeyed[n];
        for (int j = 0; j < n; j++) h[j] = tables[j][homes[j]];
        home = h;
    }

    /**
     * Reads every enlisted lookup's record, after the home slots if {@link #readSlots} has not
     * loaded them yet; the result means nothing and is to be discarded.
     */
    public long read() {
        if (home == null) readSlots();
        AddressKeyed[] h = home;
        int n = size;
        long w = 0;
        for (int j = 0; j < n; j++) {
            AddressKeyed e = h[j];
            w ^= e == null ? 0 : e.warmth();
        }
        // a key found at home is read now; only the others need the last pass
        boolean[] atHome = new boolean[n];
        for (int j = 0; j < n; j++) {
            AddressKeyed e = h[j];
            if (e == null) continue;
            AddressKeyed[] t = tables[j];
            if (e.keyEquals(keys[j])) {
                atHome[j] = true;
            } else {
                AddressKeyed f = t[(homes[j] + 1) & (t.length - 1)];
                if (f != null) w ^= f.warmth();
            }
        }
        for (int j = 0; j < n; j++) {
            if (atHome[j]) continue;
            AddressKeyed r = AddressTable.find(tables[j], homes[j], keys[j]);
            if (r != null) w ^= r.warmth();
        }
        return w;
    }
}
