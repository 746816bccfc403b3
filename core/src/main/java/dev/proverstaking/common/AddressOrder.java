package dev.proverstaking.common;

/**
 * Sorts records by their address keys, ascending in {@link Address}'s order, for readers that need
 * a canonical order of a table that has none (a snapshot of a million token accounts): an LSD radix
 * sort of the 20 key bytes over primitive copies of the keys, so no comparison ever reads a record
 * and nothing is allocated per record. A byte that is the same in every key (the tag bytes of
 * generated addresses, the zero bytes of small ones) costs no pass: all 20 byte histograms are
 * taken in one read of the keys, and only bytes that differ are sorted on.
 */
public final class AddressOrder {
    private static final int KEY_BYTES = 20;

    private AddressOrder() {}

    /** Sorts {@code records[0, n)} in place, ascending by key; keys are distinct (a table's). */
    public static <T extends AddressKeyed> void sort(T[] records, int n) {
        if (n < 2) return;
        long[] hi = new long[n], mid = new long[n];
        int[] lo = new int[n], at = new int[n];
        int[][] counts = new int[KEY_BYTES][256];
        for (int i = 0; i < n; i++) {
            AddressKeyed r = records[i];
            long h = r.keyHi(), m = r.keyMid();
            int l = r.keyLo();
            hi[i] = h;
            mid[i] = m;
            lo[i] = l;
            at[i] = i;
            for (int b = 0; b < KEY_BYTES; b++) counts[b][digit(h, m, l, b)]++;
        }
        long[] hi2 = new long[n], mid2 = new long[n];
        int[] lo2 = new int[n], at2 = new int[n];
        // b = 0 is the least significant byte (of lo), b = 19 the most (of hi)
        for (int b = 0; b < KEY_BYTES; b++) {
            int[] c = counts[b];
            if (c[digit(hi[0], mid[0], lo[0], b)] == n) continue; // every key has the same byte here
            int sum = 0;
            for (int d = 0; d < 256; d++) {
                int k = c[d];
                c[d] = sum;
                sum += k;
            }
            for (int i = 0; i < n; i++) {
                int j = c[digit(hi[i], mid[i], lo[i], b)]++;
                hi2[j] = hi[i];
                mid2[j] = mid[i];
                lo2[j] = lo[i];
                at2[j] = at[i];
            }
            long[] tl = hi; hi = hi2; hi2 = tl;
            tl = mid; mid = mid2; mid2 = tl;
            int[] ti = lo; lo = lo2; lo2 = ti;
            ti = at; at = at2; at2 = ti;
        }
        @SuppressWarnings("unchecked")
        T[] copy = (T[]) new AddressKeyed[n];
        System.arraycopy(records, 0, copy, 0, n);
        for (int i = 0; i < n; i++) records[i] = copy[at[i]];
    }

    /** Byte {@code b} of the key, 0 the least significant; unsigned, as {@link Address#compareTo} compares. */
    private static int digit(long hi, long mid, int lo, int b) {
        if (b < 4) return (lo >>> (8 * b)) & 0xFF;
        if (b < 12) return (int) (mid >>> (8 * (b - 4))) & 0xFF;
        return (int) (hi >>> (8 * (b - 12))) & 0xFF;
    }
}
