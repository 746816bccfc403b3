package dev.proverstaking.bench.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each goal's threshold, from both sides, and no verdict for a run that did not measure the goal's sizes. */
class GoalsTest {

    @Test
    void throughputIsMetFromAMillionOpsPerSecondUp() {
        assertThat(Goals.MIN_OPS_PER_SECOND).isEqualTo(1_000_000);
        assertThat(Goals.throughput(1_000_000)).isEqualTo(Verdict.MET);
        assertThat(Goals.throughput(2_500_000)).isEqualTo(Verdict.MET);
        assertThat(Goals.throughput(999_999.9)).isEqualTo(Verdict.NOT_MET);
        assertThat(Goals.throughput(Double.NaN)).isEqualTo(Verdict.NOT_MET);
    }

    @Test
    void flatnessIsMetUpToTheThresholdAndJudgedOnlyOnTenToTheSixAgainstTenToTheThree() {
        assertThat(Goals.MAX_FLATNESS_RATIO).isEqualTo(1.5);
        assertThat(Goals.flatness(1_000, 1_000_000, 1.5)).isEqualTo(Verdict.MET);
        assertThat(Goals.flatness(1_000, 1_000_000, 1.4)).as("over the former 1.3, within 1.5").isEqualTo(Verdict.MET);
        assertThat(Goals.flatness(1_000, 1_000_000, 1.5001)).isEqualTo(Verdict.NOT_MET);
        assertThat(Goals.flatness(1_000, 1_000_000, Double.NaN)).isEqualTo(Verdict.NOT_MET);
        assertThat(Goals.flatness(1_000, 100_000, 1.0)).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(Goals.flatness(10_000, 1_000_000, 1.0)).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(Goals.flatness(1_000, 1_000_000 + 1, 1.0)).isEqualTo(Verdict.NOT_MEASURED);
    }

    @Test
    void memoryIsMetUpTo250BytesPerPositionAndJudgedOnlyAtTenToTheSix() {
        assertThat(Goals.MAX_HEAP_BYTES_PER_POSITION).isEqualTo(250);
        assertThat(Goals.memory(1_000_000, 250)).isEqualTo(Verdict.MET);
        assertThat(Goals.memory(1_000_000, 180)).isEqualTo(Verdict.MET);
        assertThat(Goals.memory(1_000_000, 250.4)).isEqualTo(Verdict.NOT_MET);
        assertThat(Goals.memory(100_000, 120)).isEqualTo(Verdict.NOT_MEASURED);
    }

    @Test
    void verdictsReadAsTheReportPrintsThem() {
        assertThat(Verdict.MET.text()).isEqualTo("MET");
        assertThat(Verdict.NOT_MET.text()).isEqualTo("NOT MET");
        assertThat(Verdict.of(true)).isEqualTo(Verdict.MET);
        assertThat(Verdict.of(false)).isEqualTo(Verdict.NOT_MET);
    }
}
