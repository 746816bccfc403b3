package dev.proverstaking.bench;

/**
 * A long random order of indices that a memory benchmark reads a batch at a time, wrapping
 * around: precomputed, so that no random number is drawn while a benchmark is timed.
 */
final class ReadOrder {
    final int[] indices;
    private final int batch;
    private int cursor;

    /** @param indices a power-of-two count of them, a multiple of {@code batch} */
    ReadOrder(int[] indices, int batch) {
        if (Integer.bitCount(indices.length) != 1 || indices.length % batch != 0) {
            throw new IllegalArgumentException("need a power-of-two count of indices, a multiple of " + batch);
        }
        this.indices = indices;
        this.batch = batch;
    }

    /** Where the next batch starts in {@link #indices}. */
    int next() {
        int at = cursor;
        cursor = (at + batch) & (indices.length - 1);
        return at;
    }
}
