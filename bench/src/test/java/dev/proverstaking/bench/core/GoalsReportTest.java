package dev.proverstaking.bench.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.rounding.Profile;
import org.junit.jupiter.api.Test;

/** The goals' lines of the report: the thresholds they state, and a verdict only where the run measured the goal's sizes. */
class GoalsReportTest {

    @Test
    void goalLinesGiveAVerdictOnlyForTheGoalsSizes() {
        SideBySideRatio flat = new SideBySideRatio(1.5, 1.48, 1.53, 1.9, 15);
        SideBySideRatio steep = new SideBySideRatio(1.501, 1.49, 1.55, 2.0, 15);
        assertThat(GoalsReport.flatnessLine(Profile.SOLVENT, 1_000, 1_000_000, flat))
                .contains("ns/op at M=10^6 within 1.5x of M=10^3: MET ", "(ratio 1.500 side by side, median of 15 rounds, middle half 1.480-1.530; 1.90 one by one)");
        assertThat(GoalsReport.flatnessLine(Profile.SOLVENT, 1_000, 1_000_000, steep)).contains(": NOT MET ", "ratio 1.501 side by side");
        assertThat(GoalsReport.flatnessLine(Profile.REFERENCE, 1_000, 100_000, flat))
                .contains("reference", "ns/op at M=10^6 within 1.5x of M=10^3: not measured in this run (M=10^5 against M=10^3: ratio 1.500")
                .doesNotContain("MET");
        assertThat(GoalsReport.flatnessLine(Profile.SOLVENT, 10_000, 1_000_000, steep)).contains("not measured in this run").doesNotContain("MET");

        assertThat(GoalsReport.memoryLine(Profile.SOLVENT, 1_000_000, 250)).contains("<= 250 B heap per position at M=10^6: MET ", "(250 B/position)");
        assertThat(GoalsReport.memoryLine(Profile.SOLVENT, 1_000_000, 250.4)).contains(": NOT MET ");
        assertThat(GoalsReport.memoryLine(Profile.SOLVENT, 100_000, 253))
                .contains("at M=10^6: not measured in this run (M=10^5: 253 B/position)").doesNotContain("MET");
    }
}
