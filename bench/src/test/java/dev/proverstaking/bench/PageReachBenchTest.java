package dev.proverstaking.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link PageReachBench} driven by hand: both layouts hold the same 16,384 lines, the spread one
 * a 4 KiB page apart at least, and a batch reads the same values in both. No timing.
 */
class PageReachBenchTest {
    private static PageReachBench.Lines lines(String layout) {
        PageReachBench.Lines l = new PageReachBench.Lines();
        l.layout = layout;
        l.setup();
        return l;
    }

    @Test
    void theSameLinesPackedOrOnAPageEach() {
        PageReachBench.Lines dense = lines("dense");
        assertThat(dense.words.length * 8L).isEqualTo(1L << 20); // 1 MiB: cached either way
        assertDistinctLinesApart(dense, 64);

        PageReachBench.Lines spread = lines("spread");
        assertThat(spread.words.length * 8L).isEqualTo(1L << 28);
        assertDistinctLinesApart(spread, 4096);
    }

    private static void assertDistinctLinesApart(PageReachBench.Lines l, int minBytesApart) {
        Set<Integer> lines = new HashSet<>();
        for (int offset : l.order.indices) {
            assertThat(offset * 8L % minBytesApart).isZero();
            lines.add(offset);
        }
        assertThat(lines).hasSize(PageReachBench.LINES); // the random order reaches every line
    }

    @Test
    void aBatchReadsTheSameValuesInBothLayouts() {
        PageReachBench bench = new PageReachBench();
        PageReachBench.Lines dense = lines("dense"), spread = lines("spread");
        for (int i = 0; i < 300; i++) {
            long expected = 0;
            for (int j = 0; j < PageReachBench.READS; j++) {
                expected ^= dense.order.indices[i * PageReachBench.READS + j] / 8; // each line holds its number
            }
            assertThat(bench.batch16(dense)).isEqualTo(expected);
            assertThat(bench.batch16(spread)).isEqualTo(expected);
        }
    }

    @Test
    void anUnknownLayoutIsRefused() {
        assertThatThrownBy(() -> lines("sparse")).hasMessageContaining("dense or spread");
    }
}
