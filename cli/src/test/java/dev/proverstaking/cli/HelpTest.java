package dev.proverstaking.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command answers -h and --help with its usage and exit status 0; no command at all is a usage error. */
class HelpTest {
    @ParameterizedTest
    @ValueSource(strings = {"demo", "replay", "simulate", "bench", "bench core"})
    void everyCommandShowsItsUsage(String command) {
        for (String flag : new String[] {"-h", "--help"}) {
            PrintStream savedOut = System.out;
            PrintStream savedErr = System.err;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status;
            try {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                status = Main.run((command + " " + flag).split(" "));
            } finally {
                System.setOut(savedOut);
                System.setErr(savedErr);
            }
            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(status).as(command + " " + flag + ": " + err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(text).startsWith("Usage: prover-staking " + command).contains("-h, --help", "show this help");
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bench"})
    void noCommandIsAUsageErrorThatShowsTheUsage(String command) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = command.isEmpty() ? Main.run(new String[0]) : Main.run(command);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(status).as(text).isEqualTo(2);
        assertThat(text).contains("a command is required").contains("Usage: prover-staking" + (command.isEmpty() ? "" : " " + command));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
