package dev.proverstaking.bench.core;

/**
 * Issue 4's goals for the core, each a threshold on a figure of {@code bench core}, and the
 * verdict of a run's figure on it. A goal stated for a staker count gets a verdict only from a
 * run that measured that count: a figure of another size would read as one on the goal.
 */
public final class Goals {
    /** Throughput: at least this many ops/s at every staker count measured. */
    public static final double MIN_OPS_PER_SECOND = 1_000_000;
    /** Flatness: ns/op at {@link #LARGE_SIZE} at most this many times that at {@link #SMALL_SIZE}, side by side. */
    public static final double MAX_FLATNESS_RATIO = 1.5;
    /** Memory: at most this many bytes of heap per (prover, staker) position at {@link #LARGE_SIZE}. */
    public static final double MAX_HEAP_BYTES_PER_POSITION = 250;

    /** The staker counts the flatness goal compares; the memory goal is stated for the large one. */
    public static final int SMALL_SIZE = 1_000;
    public static final int LARGE_SIZE = 1_000_000;

    private Goals() {}

    /** On the lowest ops/s of a profile's sizes. */
    public static Verdict throughput(double lowestOpsPerSecond) {
        return Verdict.of(lowestOpsPerSecond >= MIN_OPS_PER_SECOND);
    }

    /** On the side-by-side ratio of the {@code largest} measured size to the {@code smallest}. */
    public static Verdict flatness(int smallest, int largest, double sideBySideRatio) {
        if (smallest != SMALL_SIZE || largest != LARGE_SIZE) return Verdict.NOT_MEASURED;
        return Verdict.of(sideBySideRatio <= MAX_FLATNESS_RATIO);
    }

    /** On the heap per position at the {@code largest} measured size. */
    public static Verdict memory(int largest, double heapBytesPerPosition) {
        if (largest != LARGE_SIZE) return Verdict.NOT_MEASURED;
        return Verdict.of(heapBytesPerPosition <= MAX_HEAP_BYTES_PER_POSITION);
    }
}
