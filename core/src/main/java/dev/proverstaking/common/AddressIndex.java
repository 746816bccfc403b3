package dev.proverstaking.common;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The records of an {@link AddressTable} in ascending address order: an insert-only B+tree, so
 * that pages can be read by cursor (the address after which a page starts) and stay stable while
 * other records come and go, and so that dumps and snapshots read records in a canonical order
 * without sorting.
 *
 * <p>Why it holds no keys in its leaves: a leaf is an array of record references and nothing
 * else, so the index costs about what the design's enumerable staker list cost (4 to 7 bytes a
 * record); a search in a leaf compares the records' own inline keys. That is a few reads of
 * records not in cache for each insertion, paid only when a record is created (a position's first
 * stake, once in its life). Branches hold their separator keys inline, in primitive arrays: they
 * are few and stay in cache.
 *
 * <p>Insertion at the end of the last leaf (ascending keys, as when a snapshot is read) fills
 * leaves completely; anywhere else a full node splits in halves.
 *
 * <p>Invariants: keys strictly ascending across the leaf chain; every leaf but the only one holds
 * at least one record; a branch's separator {@code i} is the smallest key under child {@code i}
 * ({@code i >= 1}).
 */
public final class AddressIndex<T extends AddressKeyed> {
    static final int LEAF_CAPACITY = 64;
    static final int BRANCH_CAPACITY = 64;

    private static final class Leaf {
        final AddressKeyed[] items = new AddressKeyed[LEAF_CAPACITY];
        int size;
        Leaf next;
    }

    private static final class Branch {
        // separators[i] (i >= 1) is the smallest key under children[i]; index 0 unused
        final long[] hi = new long[BRANCH_CAPACITY];
        final long[] mid = new long[BRANCH_CAPACITY];
        final int[] lo = new int[BRANCH_CAPACITY];
        final Object[] children = new Object[BRANCH_CAPACITY];
        int size;
    }

    private Object root = new Leaf();
    private int size;

    public int size() {
        return size;
    }

    /** Adds a record whose key is not in the index yet. */
    public void add(T record) {
        Object split = insert(root, record);
        if (split != null) {
            Branch b = new Branch();
            b.children[0] = root;
            setSeparator(b, 1, split);
            b.children[1] = split;
            b.size = 2;
            root = b;
        }
        size++;
    }

    /**
     * Adds {@code records[0, n)}, in strictly ascending key order, to an empty index at once: full
     * leaves, then full branches above them, as ascending insertion one by one would leave them but
     * without a search per record (a snapshot's restore of a million positions).
     *
     * @throws IllegalStateException    when the index is not empty
     * @throws IllegalArgumentException when the keys do not ascend strictly (the index is left empty)
     */
    public void addAllAscending(T[] records, int n) {
        if (size != 0) throw new IllegalStateException("bulk load into an index in use");
        for (int i = 1; i < n; i++) {
            if (records[i - 1].compareKeyTo(records[i]) >= 0) {
                throw new IllegalArgumentException("keys not strictly ascending at " + records[i].key());
            }
        }
        if (n == 0) return;
        int count = (n + LEAF_CAPACITY - 1) / LEAF_CAPACITY;
        Object[] level = new Object[count];
        Leaf previous = null;
        for (int l = 0; l < count; l++) {
            Leaf leaf = new Leaf();
            int from = l * LEAF_CAPACITY;
            leaf.size = Math.min(LEAF_CAPACITY, n - from);
            System.arraycopy(records, from, leaf.items, 0, leaf.size);
            if (previous != null) previous.next = leaf;
            previous = leaf;
            level[l] = leaf;
        }
        while (count > 1) {
            int branches = (count + BRANCH_CAPACITY - 1) / BRANCH_CAPACITY;
            Object[] up = new Object[branches];
            for (int b = 0; b < branches; b++) {
                Branch branch = new Branch();
                int from = b * BRANCH_CAPACITY;
                branch.size = Math.min(BRANCH_CAPACITY, count - from);
                for (int i = 0; i < branch.size; i++) {
                    branch.children[i] = level[from + i];
                    if (i > 0) setSeparator(branch, i, level[from + i]);
                }
                up[b] = branch;
            }
            level = up;
            count = branches;
        }
        root = level[0];
        size = n;
    }

    /** Inserts under {@code node}; returns the new right sibling if {@code node} split, else null. */
    private static Object insert(Object node, AddressKeyed record) {
        if (node instanceof Leaf leaf) return insert(leaf, record);
        Branch b = (Branch) node;
        int child = childFor(b, record.keyHi(), record.keyMid(), record.keyLo());
        Object split = insert(b.children[child], record);
        if (split == null) return null;
        return insertChild(b, child + 1, split);
    }

    private static Leaf insert(Leaf leaf, AddressKeyed record) {
        int at = insertionPoint(leaf, record);
        if (leaf.size < LEAF_CAPACITY) {
            System.arraycopy(leaf.items, at, leaf.items, at + 1, leaf.size - at);
            leaf.items[at] = record;
            leaf.size++;
            return null;
        }
        Leaf right = new Leaf();
        right.next = leaf.next;
        leaf.next = right;
        if (at == LEAF_CAPACITY && right.next == null) {
            // appending past the last key: keep this leaf full
            right.items[0] = record;
            right.size = 1;
            return right;
        }
        int half = LEAF_CAPACITY / 2;
        System.arraycopy(leaf.items, half, right.items, 0, LEAF_CAPACITY - half);
        java.util.Arrays.fill(leaf.items, half, LEAF_CAPACITY, null);
        leaf.size = half;
        right.size = LEAF_CAPACITY - half;
        Leaf target = at <= half ? leaf : right;
        int pos = at <= half ? at : at - half;
        System.arraycopy(target.items, pos, target.items, pos + 1, target.size - pos);
        target.items[pos] = record;
        target.size++;
        return right;
    }

    /** Where {@code record} goes in {@code leaf}: the number of its records with smaller keys. */
    private static int insertionPoint(Leaf leaf, AddressKeyed record) {
        int low = 0, high = leaf.size;
        long hi = record.keyHi(), mid = record.keyMid();
        int lo = record.keyLo();
        while (low < high) {
            int m = (low + high) >>> 1;
            int c = leaf.items[m].compareKey(hi, mid, lo);
            if (c == 0) throw new IllegalStateException("already in the index: " + record.key());
            if (c < 0) low = m + 1;
            else high = m;
        }
        return low;
    }

    /** Puts {@code child} at position {@code at} of {@code b}; returns b's new right sibling if it split. */
    private static Object insertChild(Branch b, int at, Object child) {
        if (b.size < BRANCH_CAPACITY) {
            shiftRight(b, at);
            setSeparator(b, at, child);
            b.children[at] = child;
            b.size++;
            return null;
        }
        Branch right = new Branch();
        int half = at == BRANCH_CAPACITY ? BRANCH_CAPACITY : BRANCH_CAPACITY / 2;
        int moved = BRANCH_CAPACITY - half;
        System.arraycopy(b.hi, half, right.hi, 0, moved);
        System.arraycopy(b.mid, half, right.mid, 0, moved);
        System.arraycopy(b.lo, half, right.lo, 0, moved);
        System.arraycopy(b.children, half, right.children, 0, moved);
        java.util.Arrays.fill(b.children, half, BRANCH_CAPACITY, null);
        b.size = half;
        right.size = moved;
        Branch target = at <= half && half < BRANCH_CAPACITY ? b : right;
        int pos = target == b ? at : at - half;
        shiftRight(target, pos);
        setSeparator(target, pos, child);
        target.children[pos] = child;
        target.size++;
        // right's separator 0 is the smallest key under it: the parent takes it from its first leaf
        return right;
    }

    private static void shiftRight(Branch b, int at) {
        int n = b.size - at;
        System.arraycopy(b.hi, at, b.hi, at + 1, n);
        System.arraycopy(b.mid, at, b.mid, at + 1, n);
        System.arraycopy(b.lo, at, b.lo, at + 1, n);
        System.arraycopy(b.children, at, b.children, at + 1, n);
    }

    private static void setSeparator(Branch b, int at, Object child) {
        AddressKeyed first = firstRecord(child);
        b.hi[at] = first.keyHi();
        b.mid[at] = first.keyMid();
        b.lo[at] = first.keyLo();
    }

    private static AddressKeyed firstRecord(Object node) {
        while (node instanceof Branch b) node = b.children[0];
        return ((Leaf) node).items[0];
    }

    /** The child of {@code b} whose keys may include the key: the last one whose separator is at most it. */
    private static int childFor(Branch b, long hi, long mid, int lo) {
        int low = 1, high = b.size;
        while (low < high) {
            int m = (low + high) >>> 1;
            if (AddressKeyed.compare(b.hi[m], b.mid[m], b.lo[m], hi, mid, lo) <= 0) low = m + 1;
            else high = m;
        }
        return low - 1;
    }

    /** The records with keys above {@code after} (all of them when it is null), in ascending order. */
    public Iterator<T> after(Address after) {
        Object node = root;
        while (node instanceof Branch b) {
            node = after == null ? b.children[0] : b.children[childFor(b, after.hi(), after.mid(), after.lo())];
        }
        Leaf leaf = (Leaf) node;
        int at = 0;
        if (after != null) {
            while (at < leaf.size && leaf.items[at].compareKey(after.hi(), after.mid(), after.lo()) <= 0) at++;
        }
        return new Cursor<>(leaf, at);
    }

    private static final class Cursor<T> implements Iterator<T> {
        private Leaf leaf;
        private int at;

        Cursor(Leaf leaf, int at) {
            this.leaf = leaf;
            this.at = at;
            skipEmpty();
        }

        private void skipEmpty() {
            while (leaf != null && at >= leaf.size) {
                leaf = leaf.next;
                at = 0;
            }
        }

        @Override
        public boolean hasNext() {
            return leaf != null;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T next() {
            if (leaf == null) throw new NoSuchElementException();
            T t = (T) leaf.items[at++];
            skipEmpty();
            return t;
        }
    }
}
