package dev.proverstaking.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code bench core} and {@code bench snapshot} on the command line: options, exit statuses, the child JVM. */
class BenchCommandTest {

    @Test
    void benchCoreRunsThroughTheCommandLine() {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            status = Main.run("bench", "core", "--in-process", "--sizes=50,200", "--ops=500", "--runs=1",
                    "--warmup=0", "--no-json", "--profile=solvent");
        } finally {
            System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(text).isZero();
        assertThat(text).contains("profile solvent", "ratio 200/50", "Goals of issue 4").doesNotContain("profile reference");
    }

    @Test
    void benchCoreWithTheStateHashTellsTheChildAndSaysSo() {
        BenchCommand.Core core = new BenchCommand.Core();
        new CommandLine(core).parseArgs("--state-hash", "--hash-every=50");
        assertThat(core.childCommand(false)).contains("--state-hash", "--hash-every=50");
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            status = Main.run("bench", "core", "--in-process", "--sizes=50", "--ops=500", "--runs=1",
                    "--warmup=0", "--no-json", "--profile=solvent", "--state-hash", "--hash-every=50");
        } finally {
            System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(text).isZero();
        assertThat(text).contains("state hash: kept by every measured ledger", "every 50 transactions");
    }

    @Test
    void badOptionsAreUsageErrors() {
        PrintStream saved = System.err;
        try {
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertThat(Main.run("bench", "core", "--in-process", "--profile=fast")).isEqualTo(2);
            assertThat(Main.run("bench", "core", "--in-process", "--sizes=0")).isEqualTo(2);
            assertThat(Main.run("bench", "core", "--heap=zz")).isEqualTo(2);
            assertThat(Main.run("bench", "core", "--heap=4 g")).isEqualTo(2);
            assertThat(Main.run("bench", "core", "--in-process", "--hash-every=10")).as("without --state-hash").isEqualTo(2);
            assertThat(Main.run("bench", "core", "--in-process", "--state-hash", "--hash-every=0")).isEqualTo(2);
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void aJvmOptThatIsNoOptionIsRefusedBeforeAnyJvmIsStarted() {
        // the JVM would take it for the class to run and answer "Could not find or load main class"
        for (String opt : new String[] {"", "Xmx1g"}) {
            PrintStream saved = System.err;
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status;
            try {
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                status = Main.run("bench", "core", "--jvm-opt=" + opt);
            } finally {
                System.setErr(saved);
            }
            String text = err.toString(StandardCharsets.UTF_8);
            assertThat(status).as(text).isEqualTo(2);
            assertThat(text).contains("--jvm-opt takes a JVM option starting with '-'", "not '" + opt + "'")
                    .doesNotContain("main class");
        }
    }

    @Test
    void aJvmOptionTheChildRefusesIsAUsageErrorNamingIt() {
        PrintStream savedErr = System.err;
        PrintStream savedOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            status = Main.run("bench", "core", "--quick", "--heap=64m", "--jvm-opt=-XX:+NoSuchOptionAnywhere");
        } finally {
            System.setErr(savedErr);
            System.setOut(savedOut);
        }
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("refuses its options", "NoSuchOptionAnywhere");
        assertThat(out.toString(StandardCharsets.UTF_8)).as("nothing was run").doesNotContain("running in a child JVM");
    }

    @Test
    void sizesTheHeapCannotHoldAreAUsageErrorNotAStackTrace() {
        // the child JVM (its output goes to this process's own streams) runs out of heap building
        // 10^6 positions in 48 MB; it used to die of the OutOfMemoryError with status 1
        PrintStream savedOut = System.out;
        int status;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            status = Main.run("bench", "core", "--heap=48m", "--no-huge-pages", "--sizes=1000000", "--ops=1000",
                    "--runs=1", "--warmup=0", "--no-json", "--profile=solvent");
        } finally {
            System.setOut(savedOut);
        }
        assertThat(status).isEqualTo(2);
    }

    @Test
    void theChildJvmsOptionsAreCheckedWithoutRunningAnything() throws Exception {
        BenchCommand.Core core = new BenchCommand.Core();
        core.jvm.heap = "64m";
        assertThat(BenchCommand.Core.refusedJvmOptions(core.childCommand(false))).isNull();
        core.jvm.jvmOpts.add("-XX:+NoSuchOptionAnywhere");
        assertThat(BenchCommand.Core.refusedJvmOptions(core.childCommand(false))).contains("NoSuchOptionAnywhere");
    }

    private static List<String> child(boolean offered, String... args) {
        BenchCommand.Core core = new BenchCommand.Core();
        new CommandLine(core).parseArgs(args);
        return core.childCommand(offered);
    }

    @Test
    void theChildJvmAsksForHugePagesOnlyWhenOfferedAndNotRefused() {
        assertThat(child(true)).contains("-XX:+UseTransparentHugePages", "-XX:+AlwaysPreTouch", "--in-process");
        assertThat(child(false)).doesNotContain("-XX:+UseTransparentHugePages");
        assertThat(child(true, "--no-huge-pages")).doesNotContain("-XX:+UseTransparentHugePages");
        // the user's options come after ours, so that the JVM's last-one-wins rule lets them override
        List<String> cmd = child(true, "--jvm-opt=-XX:-UseTransparentHugePages");
        assertThat(cmd.indexOf("-XX:-UseTransparentHugePages")).isGreaterThan(cmd.indexOf("-XX:+UseTransparentHugePages"));
    }

    // ------------------------------------------------------------------ bench snapshot

    @Test
    void benchSnapshotRunsThroughTheCommandLine() {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            status = Main.run("bench", "snapshot", "--in-process", "--positions=3000", "--runs=2", "--mix-ops=5000",
                    "--provers=3");
        } finally {
            System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(text).isZero();
        assertThat(text).contains("run 2 of 2", "snapshot: ", "bytes per position", "write (to a file, not synced)",
                "read (restore + audit)", "of which the audit", "MB/s",
                "restored ledger identical to the original (fingerprint, bytes written again): yes",
                "not measured in this run (fewer than 10^6 positions)");
    }

    @Test
    void badSnapshotOptionsAreUsageErrors() {
        PrintStream saved = System.err;
        try {
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertThat(Main.run("bench", "snapshot", "--in-process", "--positions=0")).isEqualTo(2);
            assertThat(Main.run("bench", "snapshot", "--in-process", "--runs=0")).isEqualTo(2);
            assertThat(Main.run("bench", "snapshot", "--in-process", "--profile=fast")).isEqualTo(2);
            assertThat(Main.run("bench", "snapshot", "--heap=zz")).isEqualTo(2);
            assertThat(Main.run("bench", "snapshot", "--jvm-opt=Xmx1g")).isEqualTo(2);
            assertThat(Main.run("bench", "snapshot", "--in-process", "--dir=/no/such/directory")).isEqualTo(2);
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void theSnapshotChildJvmGetsTheOptionsAndHugePagesOnlyWhenOffered() {
        SnapshotBenchCommand cmd = new SnapshotBenchCommand();
        new CommandLine(cmd).parseArgs("--positions=5000", "--runs=3", "--heap=6g", "--jvm-opt=-XX:+UseParallelGC");
        List<String> child = cmd.childCommand(true);
        assertThat(child).contains("-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch", "-XX:+UseTransparentHugePages",
                "-XX:+UseParallelGC", "snapshot", "--in-process", "--positions=5000", "--runs=3");
        assertThat(child.indexOf("-XX:+UseParallelGC")).isLessThan(child.indexOf("-cp"));
        assertThat(cmd.childCommand(false)).doesNotContain("-XX:+UseTransparentHugePages");
    }
}
