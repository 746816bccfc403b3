package dev.proverstaking.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo} (the main job) and {@code simulate}, driven in-process through {@link Main#run}. */
class DemoAndSimulateCommandTest {
    @RegisterExtension
    final CapturedStdio io = new CapturedStdio();

    private String out() {
        return io.stdout();
    }

    private String err() {
        return io.stderr();
    }

    @Test
    void theDemoReplaysTheBundledScenarioWithEveryInvariantChecked() {
        assertThat(Main.run("demo")).isEqualTo(0);
        String o = out();
        assertThat(o).contains("the bundled demo scenario", "profile solvent");
        // the story: who did what and what was refused, then the summary
        assertThat(o).contains("stake 1200 with carol", "refused: MissingRole", "refused: NoReadyUnstakes");
        assertThat(o).contains("30 operations: 26 succeeded, 4 refused");
        assertThat(o).contains("Provers", "Positions", "Treasuries");
        assertThat(o).contains("held after every operation");
    }

    @Test
    void theDemoTakesAnyScenarioFileAndRefusesAMalformedOne(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"op\":\"genesis\",\"t\":1,\"owner\":\"0x12\",\"minSelfStake\":\"1\",\"sameToken\":false}\n");
        assertThat(Main.run("demo", bad.toString())).isEqualTo(2);
        assertThat(err()).contains("line 1").doesNotContain("Exception").doesNotContain("\tat ");
        Path missing = dir.resolve("missing.jsonl");
        assertThat(Main.run("demo", missing.toString())).isEqualTo(2);
        assertThat(err()).contains("prover-staking demo: no such file: " + missing);
        assertThat(Main.run("demo", dir.toString())).isEqualTo(2);
        assertThat(err()).contains("prover-staking demo: cannot read " + dir + ": ");
    }

    @Test
    void simulateChecksEveryInvariantAndReportsTheRun() {
        assertThat(Main.run("simulate", "--seed", "7", "--ops", "300")).isEqualTo(0);
        assertThat(out()).contains("seed 7", "profile solvent", "all invariants held after every operation", "finale");
        assertThat(Main.run("simulate", "--seed", "7", "--ops", "300", "--profile", "reference")).isEqualTo(0);
        assertThat(out()).contains("reference leaks");
    }

    @Test
    void simulateRefusesBadArgumentsWithoutAStackTrace() {
        assertThat(Main.run("simulate", "--seed", "x")).isEqualTo(2);
        assertThat(Main.run("simulate", "--seed", "1", "--ops", "-5")).isEqualTo(2);
        assertThat(Main.run("simulate", "--seed", "1", "--profile", "bogus")).isEqualTo(2);
        assertThat(err()).doesNotContain("\tat ")
                .contains("Invalid value for option '--profile': unknown profile \"bogus\" (reference or solvent)")
                .doesNotContain("IllegalArgumentException");
    }
}
