package dev.proverstaking.cli;

import dev.proverstaking.ledger.Command.Op;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.scenario.ScenarioWriter;
import dev.proverstaking.simulation.Simulator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** {@code simulate --seed S --ops N}: a reproducible random history with every invariant checked. */
@Command(name = "simulate",
        description = {"Run deterministic random histories, checking every invariant.",
                "Runs a random history from a seed, checking every invariant after every operation, then a "
                        + "finale in which everyone withdraws everything.",
                "Exit status: 0 passed, 1 an invariant failed (the seed, the operation and a scenario that "
                        + "replays it are printed), 2 usage error."})
final class SimulateCommand implements Callable<Integer> {
    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;


    @Option(names = "--seed", required = true, description = "seed of the history (any long)")
    long seed;

    @Option(names = "--ops", defaultValue = "2000", description = "random operations before the finale (default ${DEFAULT-VALUE})")
    int ops;

    @Option(names = "--profile", defaultValue = "solvent", converter = ProfileConverter.class,
            description = "reference or solvent (default ${DEFAULT-VALUE})")
    Profile profile;

    @Option(names = "--runs", defaultValue = "1", description = "run this many seeds: seed, seed+1, ... (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--out", description = "where to write the failing scenario (default: sim-failure-SEED.scenario.jsonl)")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (ops < 0 || runs < 1) {
            System.err.println("prover-staking simulate: --ops must be >= 0 and --runs >= 1");
            return 2;
        }
        if (out != null && (Files.isDirectory(out) || !Files.isDirectory(out.toAbsolutePath().getParent()))) {
            // found out before the runs, not after the one that fails
            System.err.println("prover-staking simulate: --out " + out + (Files.isDirectory(out)
                    ? " is a directory: give a file name" : ": no such directory " + out.toAbsolutePath().getParent()));
            return 2;
        }
        PrintStream o = System.out;
        for (int run = 0; run < runs; run++) {
            Simulator.Config config = Simulator.Config.of(seed + run, ops, profile);
            Simulator.Result r = Simulator.run(config);
            o.printf("seed %d  profile %s  provers %d  stakers %d  sameToken %s%n", config.seed(),
                    profile.wireName(), config.provers(), config.stakers(), config.sameToken());
            o.printf("  operations %d (history with setup and finale: %d), %.1f%% succeeded%n",
                    config.ops(), r.history().size(), 100 * r.successRate());
            if (!r.passed()) {
                o.printf("  FAILED at operation #%d (scenario line %d): %s%n", r.failure().index(),
                        r.failure().index() + 1, r.failure().message());
                o.printf("  reproduce: prover-staking simulate --seed %d --ops %d --profile %s%n",
                        config.seed(), ops, profile.wireName());
                Path file = out != null ? out : Path.of("sim-failure-" + config.seed() + ".scenario.jsonl");
                try {
                    Files.writeString(file, ScenarioWriter.toText(r.genesis(), r.history().subList(0, (int) r.failure().index()), true),
                            StandardCharsets.UTF_8);
                    o.printf("  replay:    prover-staking replay --verify %s%n", file);
                } catch (IOException e) { // the failure and its seed are printed above: that report is what matters
                    System.err.println("prover-staking simulate: could not write the failing scenario: "
                            + ReadProblem.describeWrite(file.toString(), e));
                }
                return 1;
            }
            StringBuilder mix = new StringBuilder();
            for (Map.Entry<Op, int[]> e : r.outcomes().entrySet()) {
                mix.append(String.format(" %s %d/%d", e.getKey(), e.getValue()[0], e.getValue()[0] + e.getValue()[1]));
            }
            o.println("  ok/all by op:" + mix);
            Simulator.Finale f = r.finale();
            o.printf("  finale: staking custody left %s units, rewards custody left %s units%n", f.stakingLeft(), f.rewardsLeft());
            if (profile == Profile.REFERENCE) {
                o.printf("  reference leaks: stranded stake %s units, unpaid rewards %s units, failed finale ops %d%s%n",
                        f.strandedStake(), f.rewardsShortfall(), f.finaleFailures().size(),
                        f.finaleFailures().isEmpty() ? "" : " " + f.finaleFailures());
            }
            o.println("  all invariants held after every operation");
        }
        return 0;
    }

    static final class ProfileConverter implements ITypeConverter<Profile> {
        @Override
        public Profile convert(String value) {
            try {
                return Profile.fromWireName(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
