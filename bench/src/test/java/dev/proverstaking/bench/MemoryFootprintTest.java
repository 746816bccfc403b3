package dev.proverstaking.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link MemoryFootprint}: refuses bad arguments with a usage line (no stack trace), and reports a small ledger. */
class MemoryFootprintTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void jolCanReadHiddenClasses() {
        System.setProperty("jol.magicFieldOffset", "true"); // what the documented command line passes
    }

    private int run(String... args) {
        return MemoryFootprint.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void refusesAStakerCountThatIsNotANumber() {
        assertThat(run("many")).isEqualTo(2);
        assertThat(err()).contains("stakers must be a whole number, not \"many\"").contains("usage:")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out.size()).isZero();
    }

    @Test
    void refusesZeroStakersNegativeOpsAnUnknownProfileAndExtraArguments() {
        assertThat(run("0")).isEqualTo(2);
        assertThat(err()).contains("stakers must be >= 1, not 0");
        assertThat(run("10", "solvent", "-5")).isEqualTo(2);
        assertThat(err()).contains("mixOps must be >= 0, not -5");
        assertThat(run("10", "cheap")).isEqualTo(2);
        assertThat(err()).contains("unknown profile \"cheap\"");
        assertThat(run("10", "solvent", "0", "extra")).isEqualTo(2);
        assertThat(err()).contains("too many arguments").doesNotContain("Exception");
        assertThat(out.size()).isZero();
    }

    @Test
    void reportsWhatAPositionCostsOnASmallLedger() {
        assertThat(run("1000", "reference", "2000")).as(err()).isZero();
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("profile reference, 1,000 stakers").contains("2,000 mixed operations applied")
                .contains("bytes per position").contains("dev.proverstaking.staking.Stake")
                .contains("dev.proverstaking.token.Account");
    }
}
