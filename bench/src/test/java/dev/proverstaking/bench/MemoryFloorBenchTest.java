package dev.proverstaking.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link MemoryFloorBench} driven by hand: both layouts hold the same records in the same slots,
 * every read lands on a record, and the four benchmarks read what they claim to. No timing.
 */
class MemoryFloorBenchTest {
    private static MemoryFloorBench.Memory memory() {
        MemoryFloorBench.Memory m = new MemoryFloorBench.Memory();
        m.records = 1000;
        m.setup();
        return m;
    }

    @Test
    void everyReadLandsOnARecordHeldAlikeInBothLayouts() {
        MemoryFloorBench.Memory m = memory();
        assertThat(m.slots.length).isEqualTo(4096); // load 0.24, as AddressTable's at 10^6
        Set<Long> seen = new HashSet<>();
        for (int slot : m.order.indices) {
            MemoryFloorBench.Rec r = m.slots[slot];
            assertThat(r).isNotNull();
            assertThat(m.inline[slot * MemoryFloorBench.STRIDE]).isEqualTo(r.keyHi);
            assertThat(m.inline[slot * MemoryFloorBench.STRIDE + MemoryFloorBench.STRIDE - 1]).isEqualTo(r.c3);
            seen.add(r.keyHi);
        }
        assertThat(seen).hasSize(1000); // the random order reaches every record
    }

    @Test
    void bothLayoutsReadTheSameValuesInBothPatterns() {
        MemoryFloorBench bench = new MemoryFloorBench();
        MemoryFloorBench.Memory a = memory(), b = memory(), c = memory(), d = memory();
        long expectedCarry = 0;
        for (int i = 0; i < 200; i++) {
            long two = bench.twoLevelBatch16(a);
            assertThat(bench.oneLevelBatch16(b)).isEqualTo(two);
            long serial = bench.twoLevelSerial(c);
            assertThat(bench.oneLevelSerial(d)).isEqualTo(serial);
            // a batch reads the same 16 records as the serial pattern; the serial one folds in its carry
            assertThat(serial).isEqualTo(expectedCarry ^ two);
            expectedCarry = serial;
            long manual = 0;
            int at = i * MemoryFloorBench.READS;
            for (int j = 0; j < MemoryFloorBench.READS; j++) {
                long key = a.slots[a.order.indices[at + j]].keyHi;
                manual ^= key ^ MemoryFloorBench.last(key);
            }
            assertThat(two).isEqualTo(manual);
        }
    }
}
