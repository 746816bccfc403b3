package dev.proverstaking.bench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The runner's statistics. */
class StatisticsTest {

    @Test
    void quantilesInterpolateBetweenRanksAndIgnoreNaN() {
        double[] v = {7, 1, Double.NaN, 3, 5}; // sorted without NaN: 1 3 5 7
        assertThat(Statistics.quantile(v, 0)).isEqualTo(1);
        assertThat(Statistics.quantile(v, 0.25)).isEqualTo(2.5); // rank 0.75: 1 + 0.75 * (3 - 1)
        assertThat(Statistics.median(v)).isEqualTo(4);
        assertThat(Statistics.quantile(v, 0.75)).isEqualTo(5.5);
        assertThat(Statistics.quantile(v, 1)).isEqualTo(7);
        assertThat(Statistics.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(Statistics.median(new double[] {Double.NaN})).isNaN();
        assertThatThrownBy(() -> Statistics.quantile(v, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
