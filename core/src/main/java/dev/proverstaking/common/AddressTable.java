package dev.proverstaking.common;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * An insert-only hash table of {@link AddressKeyed} records, open addressing with linear probing:
 * one reference per slot and no entry objects, so a million positions cost a few bytes each on
 * top of the records themselves, and a lookup touches one slot and one record, mostly: see
 * {@link #MAX_LOAD_EIGHTHS}.
 *
 * <p>Records are never removed: positions and token accounts exist forever once created.
 * Iteration order is the table's (deterministic for the same insertions, but meaningless);
 * callers that need an order sort.
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

    /** Slot {@code i} as it is (for tests of what reading ahead reads). */
    AddressKeyed slot(int i) {
        return slots[i];
    }

    int capacity() {
        return slots.length;
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
        AddressKeyed[] bigger = new AddressKeyed[slots.length * 2];
        for (AddressKeyed e : slots) if (e != null) place(bigger, e);
        slots = bigger;
    }

    /** A read-only map view: key to {@code value.apply(record)}. */
    public <V> Map<Address, V> asMap(Function<T, V> value) {
        return asMap(t -> true, this::size, value);
    }

    /**
     * A read-only map view of the records that are {@code present}: key to
     * {@code value.apply(record)}; {@code size} must count exactly those records.
     */
    public <V> Map<Address, V> asMap(Predicate<T> present, IntSupplier size, Function<T, V> value) {
        return new AbstractMap<>() {
            @Override
            public int size() {
                return size.getAsInt();
            }

            @Override
            public V get(Object key) {
                T t = record(key);
                return t == null ? null : value.apply(t);
            }

            @Override
            public boolean containsKey(Object key) {
                return record(key) != null;
            }

            private T record(Object key) {
                if (!(key instanceof Address a)) return null;
                T t = AddressTable.this.get(a);
                return t != null && present.test(t) ? t : null;
            }

            @Override
            public Set<Entry<Address, V>> entrySet() {
                return new AbstractSet<>() {
                    @Override
                    public int size() {
                        return size.getAsInt();
                    }

                    @Override
                    public Iterator<Entry<Address, V>> iterator() {
                        AddressKeyed[] s = slots;
                        return new Iterator<>() {
                            int next = advance(0);

                            @SuppressWarnings("unchecked")
                            private int advance(int from) {
                                while (from < s.length && (s[from] == null || !present.test((T) s[from]))) from++;
                                return from;
                            }

                            @Override
                            public boolean hasNext() {
                                return next < s.length;
                            }

                            @Override
                            @SuppressWarnings("unchecked")
                            public Entry<Address, V> next() {
                                if (next >= s.length) throw new NoSuchElementException();
                                T t = (T) s[next];
                                next = advance(next + 1);
                                return Map.entry(t.key(), value.apply(t));
                            }
                        };
                    }
                };
            }
        };
    }

    static int hash(long hi, long mid, int lo) {
        long h = (hi * 0x9E3779B97F4A7C15L) ^ (mid * 0xC2B2AE3D27D4EB4FL) ^ (lo * 0x165667B19E3779F9L);
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }
}
