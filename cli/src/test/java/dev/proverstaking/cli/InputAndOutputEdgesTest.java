package dev.proverstaking.cli;

import static dev.proverstaking.cli.ReplayCommandTest.A1;
import static dev.proverstaking.cli.ReplayCommandTest.GENESIS;
import static dev.proverstaking.cli.ReplayCommandTest.MINT;
import static dev.proverstaking.cli.ReplayCommandTest.OWNER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unusual input and failing output, driven in-process through {@link Main#run} (and, where the
 * process's own standard output matters, as a child process): each case once ended in a stack
 * trace, an internal error or a success that was not one.
 */
class InputAndOutputEdgesTest {
    @TempDir
    Path tmp;

    @RegisterExtension
    final CapturedStdio io = new CapturedStdio();

    private String stderr() {
        return io.stderr();
    }

    private Path write(String name, String... lines) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return p;
    }

    /** A commission rate is a uint256 in the format; the ledger refuses it, and the demo shows it as given. */
    @Test
    void theDemoDescribesAnInitProverWhoseCommissionRateDoesNotFitInALong() throws Exception {
        Path file = write("big-rate.jsonl", GENESIS, MINT,
                "{\"op\":\"initProver\",\"t\":1000,\"from\":\"" + A1
                        + "\",\"minSelfStake\":\"100\",\"commissionRate\":\"99999999999999999999\"}");
        assertThat(Main.run("replay", file.toString())).isZero();
        io.resetErr();
        int status = Main.run("demo", file.toString());
        assertThat(stderr()).doesNotContain("internal error").doesNotContain("Exception");
        assertThat(status).isZero();
        assertThat(io.stdout()).contains("commission 99999999999999999999 bps", "refused: InvalidCommission");
    }

    @Test
    void theDemoDescribesAnUpdateCommissionRateThatDoesNotFitInALong() throws Exception {
        Path file = write("big-update.jsonl", GENESIS,
                "{\"op\":\"updateCommissionRate\",\"t\":1000,\"from\":\"" + A1 + "\",\"rate\":\"18446744073709551616\"}");
        int status = Main.run("demo", file.toString());
        assertThat(stderr()).doesNotContain("internal error").doesNotContain("Exception");
        assertThat(status).isZero();
    }

    /** Output that cannot be written (a full disk, a closed descriptor) is not a success: PrintStream hides the error. */
    @Test
    void replayToAnOutputThatFailsIsNotASuccess() throws Exception {
        Path file = write("ok.jsonl", GENESIS, MINT, "{\"op\":\"checkpoint\",\"t\":1000}");
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        System.setOut(new PrintStream(full, true, StandardCharsets.UTF_8));
        int status = Main.run("replay", file.toString());
        assertThat(status).as("exit status when every byte of output was lost").isEqualTo(StandardOutput.CANNOT_WRITE);
        assertThat(stderr()).contains("cannot write output");
    }

    /** Leading zeros do not count against the 78 digits of a uint256: "00...01000" is 1000 however many zeros. */
    @Test
    void leadingZerosAreTreatedAlikeWhateverTheirNumber() throws Exception {
        String padded = "0".repeat(80) + "1000";
        Path file = write("padded.jsonl", GENESIS,
                "{\"op\":\"mint\",\"t\":1000,\"from\":\"" + OWNER + "\",\"token\":\"stake\",\"to\":\"" + A1
                        + "\",\"amount\":\"00" + "1000\"}",
                "{\"op\":\"mint\",\"t\":1000,\"from\":\"" + OWNER + "\",\"token\":\"stake\",\"to\":\"" + A1
                        + "\",\"amount\":\"" + padded + "\"}");
        Files.writeString(file, "{\"op\":\"checkpoint\",\"t\":1000}\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        int status = Main.run("replay", file.toString());
        assertThat(stderr()).as("same value, more zeros").isEmpty();
        assertThat(status).isZero();
        assertThat(io.stdout()).as("two mints of 1000").contains("\"" + A1 + "\":\"2000\"");
    }

    /** Text from the file quoted in a message cannot drive the terminal: controls are shown escaped. */
    @Test
    void controlCharactersOfTheInputAreEscapedInMessages() throws Exception {
        Path file = write("esc.jsonl", GENESIS,
                "{\"op\":\"\\u001b[2J\\u202egnikats\",\"t\":1000,\"from\":\"" + OWNER + "\"}");
        int status = Main.run("replay", file.toString());
        assertThat(status).isEqualTo(2);
        assertThat(stderr()).contains("line 2: unknown op \"\\u001b[2J\\u202egnikats\"")
                .doesNotContain("\u001b").doesNotContain("\u202e");
    }

    /** An endless line is refused once it passes the limit, long before it could fill the heap. */
    @Test
    void anEndlessLineIsRefusedAtTheLimit() {
        InputStream endless = new InputStream() {
            long given;

            @Override
            public int read() {
                given++;
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                given += len;
                return len;
            }
        };
        System.setIn(endless); // put back by io
        int status = Main.run("replay", "-");
        assertThat(status).isEqualTo(2);
        assertThat(stderr()).contains("<stdin>: line 1: line longer than 32 MiB");
    }

    @Test
    void simulateRefusesAnOutputPathItCouldNotWriteBeforeRunning() throws Exception {
        assertThat(Main.run("simulate", "--seed", "1", "--ops", "10", "--out", tmp.toString())).isEqualTo(2);
        assertThat(stderr()).contains("is a directory");
        io.resetErr();
        assertThat(Main.run("simulate", "--seed", "1", "--ops", "10", "--out", tmp.resolve("no/such/x.jsonl").toString())).isEqualTo(2);
        assertThat(stderr()).contains("no such directory");
        assertThat(io.stdout()).as("nothing ran").doesNotContain("seed 1");
    }

    @Test
    void aReaderThatLeftIsNotReportedAndOtherWriteErrorsAre() {
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        PrintStream to = new PrintStream(messages, true, StandardCharsets.UTF_8);
        assertThat(StandardOutput.checked(1, false, null, to)).isEqualTo(1);
        assertThat(StandardOutput.checked(0, true, new IOException("Broken pipe"), to)).isEqualTo(StandardOutput.READER_GONE);
        assertThat(messages.size()).isZero();
        assertThat(StandardOutput.checked(0, true, new IOException("No space left on device"), to)).isEqualTo(StandardOutput.CANNOT_WRITE);
        assertThat(messages.toString(StandardCharsets.UTF_8)).contains("cannot write output (No space left on device)");
    }

    /** The real process: its standard output is the one {@link StandardOutput#install} wraps. */
    @Test
    void aProcessWhoseOutputIsAFullDiskExits74() throws Exception {
        Path devFull = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(devFull), "/dev/full exists on Linux");
        Path file = write("ok.jsonl", GENESIS, MINT, "{\"op\":\"checkpoint\",\"t\":1000}");
        Process p = cli("replay", file.toString()).redirectOutput(devFull.toFile()).start();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(stderr).isEqualTo(StandardOutput.CANNOT_WRITE);
        assertThat(stderr).contains("cannot write output (No space left on device)").doesNotContain("Exception");
    }

    @Test
    void aProcessWhoseReaderLeavesExits141Quietly() throws Exception {
        String[] lines = new String[20_002];
        lines[0] = GENESIS;
        for (int i = 1; i < lines.length; i++) lines[i] = MINT; // ~1 MB of result lines, far more than a pipe holds
        Path file = write("long.jsonl", lines);
        Process p = cli("replay", file.toString()).start();
        java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(reader.readLine()).startsWith("{\"i\":");
        p.getInputStream().close(); // like `| head -1`
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(stderr).isEqualTo(StandardOutput.READER_GONE);
        assertThat(stderr).isEmpty();
    }

    /** A scenario held whole must fit the heap; when it does not, a message says so (exit 2), not a stack trace. */
    @Test
    void aScenarioTooLargeForTheHeapIsRefusedWithAMessage() throws Exception {
        Process p = cli("-Xmx24m", "replay", "-").start();
        String line = MINT + "\n";
        byte[] chunk = line.repeat(1000).getBytes(StandardCharsets.UTF_8);
        try (OutputStream in = p.getOutputStream()) {
            in.write((GENESIS + "\n").getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 100_000 && p.isAlive(); i++) in.write(chunk); // until the child gives up
        } catch (IOException childClosedItsInput) {
            // expected: it stopped reading
        }
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(stderr).isEqualTo(2);
        assertThat(stderr).contains("<stdin>: too large to hold in memory").doesNotContain("\tat ");
    }

    /** {@code java [jvmOption] -cp <the test classpath> Main args}: the entry point a user's process runs. */
    private static ProcessBuilder cli(String... args) {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        int i = 0;
        while (i < args.length && args[i].startsWith("-X")) command.add(args[i++]);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(java.util.Arrays.asList(args).subList(i, args.length));
        return new ProcessBuilder(command);
    }
}
