package dev.proverstaking.bench;

import dev.proverstaking.common.AddressTable;
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
 * The machine's floor for reaching a record that may not be in cache, with no staking logic at
 * all: what the memory costs before the core does anything, at 10^3 and 10^6 records. It is the
 * yardstick for the flatness goal (ns/op at 10^6 within 1.3x of 10^3): a transition cannot be
 * cheaper than reading its records.
 *
 * <p>Two layouts of a million records of a position's size (136 bytes, like {@code Stake}):
 * <ul>
 *   <li>{@code twoLevel}: a hash table's slot array of references to separate record objects,
 *       the core's layout ({@code AddressTable}): a read is two dependent loads, slot then record;</li>
 *   <li>{@code oneLevel}: the record's words inline in one {@code long[]} at a fixed stride (the
 *       layout that would need no object per record): one load, plus the record's next lines.</li>
 * </ul>
 * Two access patterns, each reading the first and the last word of a record:
 * <ul>
 *   <li>{@code serial}: each read's slot depends on the previous read's value, so nothing
 *       overlaps: what {@code Ledger.apply} of one transaction at a time is exposed to;</li>
 *   <li>{@code batch16}: 16 independent reads, then a dependency on all of them: what a read
 *       ahead over a group of transactions ({@code Ledger.applyAll}) can reach at best.</li>
 * </ul>
 * Every invocation starts from the previous one's result, so invocations do not overlap either.
 * Slots are the table's (load at most 3/8, power-of-two capacity), chosen uniformly at
 * random, like the benchmark mix's stakers. Reported per read.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(MemoryFloorBench.READS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
public class MemoryFloorBench {
    /** Reads per invocation (and per batch). */
    public static final int READS = 16;
    /** Words per record in the one-level layout: 17 words of a position, rounded to a power of two. */
    static final int STRIDE = 16;

    /** A record of a position's size: 12-byte header, 3 key fields, 12 limbs, an int and a reference. */
    static final class Rec {
        long keyHi, keyMid;
        int keyLo;
        long a0, a1, a2, a3, b0, b1, b2, b3, c0, c1, c2, c3;
        int index;
        long[] queue;

        Rec(long v) {
            keyHi = v;
            c3 = last(v);
        }
    }

    /** What a record's last word holds: not its first, so that reading both is not a no-op. */
    static long last(long v) {
        return v * 0x9E3779B97F4A7C15L + 1;
    }

    @State(Scope.Thread)
    public static class Memory {
        @Param({"1000", "1000000"})
        public int records;

        Rec[] slots;
        long[] inline;
        ReadOrder order;
        /** Always 0, but a field: the JIT cannot prove it, so {@code w & zero} is a real dependency. */
        long zero;
        /** The previous invocation's result: every invocation waits for the one before. */
        long carry;

        @Setup(Level.Trial)
        public void setup() {
            int capacity = AddressTable.capacityFor(records);
            slots = new Rec[capacity];
            inline = new long[capacity * STRIDE];
            SplittableRandom random = new SplittableRandom(7);
            int[] used = new int[records];
            for (int r = 0; r < records; r++) {
                int i = random.nextInt(capacity);
                while (slots[i] != null) i = (i + 1) & (capacity - 1);
                slots[i] = new Rec(r);
                inline[i * STRIDE] = r;
                inline[i * STRIDE + STRIDE - 1] = last(r);
                used[r] = i;
            }
            int[] slotsToRead = new int[1 << 20];
            for (int k = 0; k < slotsToRead.length; k++) slotsToRead[k] = used[random.nextInt(records)];
            order = new ReadOrder(slotsToRead, READS);
        }
    }

    @Benchmark
    public long twoLevelSerial(Memory m) {
        int at = m.order.next();
        long w = m.carry;
        for (int j = 0; j < READS; j++) {
            Rec r = m.slots[m.order.indices[at + j] ^ (int) (w & m.zero)];
            w ^= r.keyHi ^ r.c3;
        }
        return m.carry = w;
    }

    @Benchmark
    public long twoLevelBatch16(Memory m) {
        int at = m.order.next();
        int dep = (int) (m.carry & m.zero);
        long w = 0;
        for (int j = 0; j < READS; j++) {
            Rec r = m.slots[m.order.indices[at + j] ^ dep];
            w ^= r.keyHi ^ r.c3;
        }
        return m.carry = w;
    }

    @Benchmark
    public long oneLevelSerial(Memory m) {
        int at = m.order.next();
        long w = m.carry;
        long[] d = m.inline;
        for (int j = 0; j < READS; j++) {
            int i = (m.order.indices[at + j] ^ (int) (w & m.zero)) * STRIDE;
            w ^= d[i] ^ d[i + STRIDE - 1];
        }
        return m.carry = w;
    }

    @Benchmark
    public long oneLevelBatch16(Memory m) {
        int at = m.order.next();
        int dep = (int) (m.carry & m.zero);
        long w = 0;
        long[] d = m.inline;
        for (int j = 0; j < READS; j++) {
            int i = (m.order.indices[at + j] ^ dep) * STRIDE;
            w ^= d[i] ^ d[i + STRIDE - 1];
        }
        return m.carry = w;
    }
}
