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

    @Test
    void simulateRunsSeedsOnSeveralThreadsAndPrintsThemInOrder() {
        assertThat(Main.run("simulate", "--seed", "7", "--ops", "300", "--runs", "3", "--jobs", "2", "--strategy", "mixed",
                "--no-progress")).isEqualTo(0);
        String o = out();
        assertThat(o).contains("3 runs passed", "strategy mixed", "full sweeps");
        assertThat(o.indexOf("seed 7 ")).isLessThan(o.indexOf("seed 8 "));
        assertThat(o.indexOf("seed 8 ")).isLessThan(o.indexOf("seed 9 "));
    }

    @Test
    void simulateRefusesAnUnknownPopulationOrStrategyWithoutAStackTrace() {
        assertThat(Main.run("simulate", "--seed", "1", "--population", "huge")).isEqualTo(2);
        assertThat(Main.run("simulate", "--seed", "1", "--strategy", "nasty")).isEqualTo(2);
        assertThat(Main.run("simulate", "--seed", "1", "--jobs", "0")).isEqualTo(2);
        assertThat(err()).doesNotContain("\tat ").contains("'huge' is none of tiny, medium, large")
                .contains("'nasty' is none of random, dust, queue-grief");
    }

    @Test
    void simulateWritesASelfContainedReportWithEverySeriesInBothProfiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path page = dir.resolve("report.html");
        assertThat(Main.run("simulate", "--seed", "3", "--ops", "400", "--profile", "reference", "--report", page.toString(),
                "--report-points", "50")).isEqualTo(0);
        assertThat(out()).contains("report: " + page);
        String html = java.nio.file.Files.readString(page);
        // self-contained: uPlot inlined, nothing to fetch
        // (uPlot's own code names the SVG namespace by its URL: not something fetched)
        assertThat(html).contains("var uPlot=function", "new uPlot(").doesNotContain("<script src", "<link", "@import", "<img");
        String marker = "<script type=\"application/json\" id=\"data\">";
        String json = html.substring(html.indexOf(marker) + marker.length(), html.indexOf("</script>", html.indexOf(marker)));
        com.fasterxml.jackson.databind.JsonNode data = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        int points = data.get("x").size();
        assertThat(points).isBetween(26, 51);
        for (String profile : new String[] {"reference", "solvent"}) {
            for (String series : dev.proverstaking.cli.report.SimulationReport.SERIES) {
                assertThat(data.get("profiles").get(profile).get(series)).as(profile + " " + series).hasSize(points);
            }
        }
        // the same history: the solvent module owes exactly what it holds at every point (to the plot's precision)
        com.fasterxml.jackson.databind.JsonNode solvent = data.get("profiles").get("solvent");
        for (int i = 0; i < points; i++) {
            assertThat(solvent.get("rewards held").get(i).asDouble())
                    .isCloseTo(solvent.get("rewards owed").get(i).asDouble(), org.assertj.core.data.Offset.offset(1e-9));
        }
        assertThat(data.get("profiles").get("reference").get("total stake").get(points - 1).asDouble()).isPositive();
        assertThat(html).contains("staking surplus (stranded slashes and flooring)", "rewards surplus");
    }
}
