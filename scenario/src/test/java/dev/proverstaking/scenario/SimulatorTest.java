package dev.proverstaking.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.transition.ErrorCode;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.StateFingerprint;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.simulation.Simulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The deterministic simulator over fixed seeds plus fresh ones each run, in both profiles. A
 * failure prints the seed, the operation and the path of a scenario file that replays it.
 */
class SimulatorTest {
    static final long[] FIXED_SEEDS = {1, 2, 3, 4, 5, 6, 7, 8, 1234, 987_654_321};
    static final int OPS = 1500;

    @TestFactory
    List<DynamicTest> everyInvariantHoldsAfterEveryOperation() {
        List<Long> seeds = new ArrayList<>();
        for (long s : FIXED_SEEDS) seeds.add(s);
        long fresh = System.nanoTime();
        seeds.add(fresh);
        seeds.add(fresh * 31 + 7);
        List<DynamicTest> tests = new ArrayList<>();
        for (Profile profile : Profile.values()) {
            for (long seed : seeds) {
                tests.add(DynamicTest.dynamicTest(profile.wireName() + " seed " + seed, () -> simulate(seed, profile)));
            }
        }
        return tests;
    }

    static void simulate(long seed, Profile profile) throws IOException {
        Simulator.Result r = Simulator.run(Simulator.Config.of(seed, OPS, profile));
        if (!r.passed()) {
            Path file = Path.of("target", "sim-failure-" + profile.wireName() + "-" + seed + ".scenario.jsonl");
            Files.createDirectories(file.getParent());
            Files.writeString(file, ScenarioWriter.toText(r.genesis(), r.history().subList(0, (int) r.failure().index()), true),
                    StandardCharsets.UTF_8);
            fail("simulation failed: seed " + seed + ", profile " + profile.wireName() + ", operation #"
                    + r.failure().index() + ": " + r.failure().message()
                    + "\n  reproduce: bin/prover-staking simulate --seed " + seed + " --ops " + OPS + " --profile " + profile.wireName()
                    + "\n  replay:    bin/prover-staking replay --verify " + file.toAbsolutePath());
        }
        assertThat(r.successRate()).as("seed %d: most operations succeed", seed).isGreaterThan(0.5);
    }

    @Test
    void theSameSeedGivesTheSameHistoryAndState() {
        Simulator.Config c = Simulator.Config.of(77, 800, Profile.SOLVENT);
        Simulator.Result a = Simulator.run(c);
        Simulator.Result b = Simulator.run(c);
        assertThat(a.history()).isEqualTo(b.history());
        assertThat(fingerprintAfter(a)).isEqualTo(fingerprintAfter(b));
        assertThat(Simulator.run(Simulator.Config.of(78, 800, Profile.SOLVENT)).history()).isNotEqualTo(a.history());
    }

    @Test
    void historiesGoDeep() {
        // across the fixed seeds, the states the issue asks for are reached
        Set<ErrorCode> seen = EnumSet.noneOf(ErrorCode.class);
        int deactivations = 0, rewardsWithoutStakers = 0;
        for (long seed : FIXED_SEEDS) {
            Simulator.Result r = Simulator.run(Simulator.Config.of(seed, OPS, Profile.SOLVENT));
            Ledger l = new Ledger(r.genesis());
            for (Transaction tx : r.history()) {
                if (tx.command() instanceof Command.AddRewards a) {
                    var p = l.view().proverRecord(a.prover()).orElse(null);
                    if (p != null && p.totalRawShares().isZero()) rewardsWithoutStakers++;
                }
                Receipt rc = l.apply(tx);
                if (!rc.ok()) seen.add(rc.error());
                deactivations += (int) rc.events().stream().filter(e -> e instanceof dev.proverstaking.transition.Event.ProverDeactivated).count();
            }
        }
        assertThat(seen).contains(ErrorCode.ScaleTooLow, ErrorCode.TooManyPendingUnstakes, ErrorCode.SlashTooHigh,
                ErrorCode.NoReadyUnstakes, ErrorCode.ArithmeticOverflow, ErrorCode.NotOwner, ErrorCode.InsufficientBalance,
                ErrorCode.ActiveStakesRemain, ErrorCode.MinSelfStakeNotMet, ErrorCode.NoRewards);
        assertThat(deactivations).isPositive();
        assertThat(rewardsWithoutStakers).isPositive();
    }

    @Test
    void aSimulatedHistoryRoundTripsThroughTheScenarioFormat() throws Exception {
        Simulator.Result r = Simulator.run(Simulator.Config.of(5, 600, Profile.REFERENCE));
        String text = ScenarioWriter.toText(r.genesis(), r.history(), true);
        Scenario parsed = ScenarioParser.parse(new StringReader(text));
        assertThat(parsed.genesis()).isEqualTo(r.genesis());
        List<Transaction> txs = parsed.steps().stream()
                .filter(s -> s instanceof Scenario.Operation)
                .map(s -> ((Scenario.Operation) s).tx())
                .toList();
        assertThat(txs).isEqualTo(r.history());
        assertThat(parsed.steps().get(parsed.steps().size() - 1)).isInstanceOf(Scenario.Checkpoint.class);
    }

    @Test
    void linesWrittenOneByOneAreTheFilesLines() throws Exception {
        Simulator.Result r = Simulator.run(Simulator.Config.of(6, 300, Profile.SOLVENT));
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(lines)) {
            g.setRootValueSeparator(null);
            for (Transaction tx : r.history()) ScenarioWriter.writeLine(tx, g);
        }
        String file = ScenarioWriter.toText(r.genesis(), r.history(), false);
        assertThat(file.substring(file.indexOf('\n') + 1)).isEqualTo(lines.toString(StandardCharsets.UTF_8));
    }

    private static String fingerprintAfter(Simulator.Result r) {
        Ledger l = new Ledger(r.genesis());
        r.history().forEach(l::apply);
        return StateFingerprint.of(l);
    }
}
