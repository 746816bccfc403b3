package dev.proverstaking.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the machine charges for reaching many pages, apart from the cache: the same 16,384
 * cache lines (1 MiB, which every second-level cache here holds) read at random, either packed
 * together ({@code dense}: 256 pages of 4 KiB) or one line per 16 KiB across 256 MiB
 * ({@code spread}: a page of its own each, over about the span of a ledger of 10^6 positions).
 * The cache holds both sets alike, so the difference between the two is address translation:
 * TLB misses and page walks.
 *
 * <p>Why it is here: at 10^6 positions every record a transaction touches is on a page of its
 * own, and whether the TLB reaches those pages decides how much more a transaction costs than at
 * 10^3. With transparent huge pages 256 MiB are 128 pages of 2 MiB, which any TLB holds, so
 * {@code spread} should cost about what {@code dense} does. In a virtual machine whose host
 * backs guest memory with 4 KiB pages, the TLB caches translations at 4 KiB whatever the guest
 * asks for, and {@code spread} shows it (BENCHMARKS.md, "The machine of 3 December").
 *
 * <p>Reads are batched like {@link MemoryFloorBench#twoLevelBatch16}: 16 independent loads, then
 * a dependency on all of them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(PageReachBench.READS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
public class PageReachBench {
    public static final int READS = 16;
    /** The lines read: 1 MiB of them. */
    public static final int LINES = 1 << 14;
    static final int WORDS_PER_LINE = 8;
    /** The spread layout's array: 256 MiB of longs. */
    static final int SPREAD_WORDS = 1 << 25;
    /** Words between two lines of the spread layout: 16 KiB, so each is on its own 4 KiB page. */
    static final int SPREAD_STRIDE = SPREAD_WORDS / LINES;

    @State(Scope.Thread)
    public static class Lines {
        @Param({"dense", "spread"})
        public String layout;

        long[] words;
        /** Word offsets of the lines to read, in a random order. */
        ReadOrder order;
        /** Always 0, but a field: {@code carry & zero} is a dependency the JIT cannot remove. */
        long zero;
        long carry;

        @Setup(Level.Trial)
        public void setup() {
            int stride = switch (layout) {
                case "dense" -> WORDS_PER_LINE;
                case "spread" -> SPREAD_STRIDE;
                default -> throw new IllegalArgumentException("layout is dense or spread, not " + layout);
            };
            words = new long[LINES * stride];
            for (int line = 0; line < LINES; line++) words[line * stride] = line;
            SplittableRandom random = new SplittableRandom(11);
            int[] offsets = new int[1 << 20];
            for (int k = 0; k < offsets.length; k++) offsets[k] = random.nextInt(LINES) * stride;
            order = new ReadOrder(offsets, READS);
        }
    }

    @Benchmark
    public long batch16(Lines l) {
        int at = l.order.next();
        int dep = (int) (l.carry & l.zero);
        long w = 0;
        long[] d = l.words;
        for (int j = 0; j < READS; j++) w ^= d[l.order.indices[at + j] ^ dep];
        return l.carry = w;
    }
}
