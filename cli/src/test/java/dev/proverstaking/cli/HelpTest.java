package dev.proverstaking.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command answers -h and --help with its usage and exit status 0; no command at all is a usage error. */
class HelpTest {
    private record Outcome(int status, String out, String err) {}

    /** Runs the command line in-process, capturing what it prints. */
    private static Outcome run(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = Main.run(args);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "replay", "simulate", "bench", "bench core", "serve", "keygen", "tx", "query", "query account", "query status"})
    void everyCommandShowsItsUsage(String command) {
        for (String flag : new String[] {"-h", "--help"}) {
            Outcome o = run((command + " " + flag).split(" "));
            assertThat(o.status()).as(command + " " + flag + ": " + o.err()).isZero();
            assertThat(o.out()).startsWith("Usage: prover-staking " + command).contains("-h, --help", "show this help");
            assertThat(o.err()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bench", "query"})
    void noCommandIsAUsageErrorThatShowsTheUsage(String command) {
        Outcome o = command.isEmpty() ? run() : run(command);
        assertThat(o.status()).as(o.err()).isEqualTo(2);
        assertThat(o.err()).contains("a command is required").contains("Usage: prover-staking" + (command.isEmpty() ? "" : " " + command));
        assertThat(o.out()).isEmpty();
    }
}
