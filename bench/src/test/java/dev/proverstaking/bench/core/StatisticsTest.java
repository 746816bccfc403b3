package dev.proverstaking.bench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The runner's statistics: quantiles of runs, ratios, the pooled mean of operation types. */
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

    @Test
    void aRatioNeedsAPositiveDenominator() {
        assertThat(Statistics.ratio(3, 2)).isEqualTo(1.5);
        assertThat(Statistics.ratio(0, 2)).isZero();
        assertThat(Statistics.ratio(3, Double.MIN_VALUE)).isInfinite();
        assertThat(Statistics.ratio(3, 0)).isNaN();
        assertThat(Statistics.ratio(3, -2)).isNaN();
        assertThat(Statistics.ratio(3, Double.NaN)).isNaN();
    }

    @Test
    void theCountWeightedMeanPoolsTypesByTheirCounts() {
        OpStat a = new OpStat(1, 100, 10);
        OpStat b = new OpStat(3, 200, 50);
        OpStat pooled = Statistics.countWeightedMean(List.of(a, b));
        assertThat(pooled.countPerRun()).isEqualTo(4);
        assertThat(pooled.nsPerOp()).isEqualTo(175); // (1 * 100 + 3 * 200) / 4, not the plain mean 150
        assertThat(pooled.bytesPerOp()).isEqualTo(40); // (1 * 10 + 3 * 50) / 4
        // a type without a timing is left out, its count too
        assertThat(Statistics.countWeightedMean(List.of(a, b, new OpStat(1_000, Double.NaN, 1e6)))).isEqualTo(pooled);
        // bytes the JVM could not count make the pooled bytes unknown, not smaller
        assertThat(Statistics.countWeightedMean(List.of(a, new OpStat(3, 200, Double.NaN))).bytesPerOp()).isNaN();
        assertThat(Statistics.countWeightedMean(List.of())).isNull();
        assertThat(Statistics.countWeightedMean(List.of(new OpStat(5, Double.NaN, 1)))).isNull();
        assertThat(Statistics.countWeightedMean(List.of(new OpStat(0, 100, 1)))).as("nothing counted").isNull();
    }
}
