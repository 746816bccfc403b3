package dev.proverstaking.cli;

import dev.proverstaking.cli.report.SimulationReport;
import dev.proverstaking.ledger.Command.Op;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.scenario.ScenarioWriter;
import dev.proverstaking.simulation.ProfileComparison;
import dev.proverstaking.simulation.Simulator;
import dev.proverstaking.simulation.Simulator.Population;
import dev.proverstaking.simulation.Simulator.Strategy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * {@code simulate --seed S --ops N}: reproducible random histories with every invariant checked,
 * on as many cores as asked ({@code --runs K --jobs J}), with a progress bar on a terminal.
 */
@Command(name = "simulate",
        description = {"Run deterministic random histories, checking every invariant.",
                "Runs random histories from seeds S, S+1, ..., checking the invariants of what each operation touches "
                        + "after it, all of them every --sweep-every operations and at the end, then a finale in which "
                        + "everyone withdraws everything.",
                "Exit status: 0 passed, 1 an invariant failed (the seed, the operation and a scenario that "
                        + "replays it are printed), 2 usage error, 74 the report could not be written."})
final class SimulateCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Option(names = "--seed", required = true, description = "seed of the first history (any long)")
    long seed;

    @Option(names = "--ops", defaultValue = "2000", description = "random operations before the finale, per run (default ${DEFAULT-VALUE})")
    int ops;

    @Option(names = "--profile", defaultValue = "solvent", converter = ProfileConverter.class,
            description = "reference or solvent (default ${DEFAULT-VALUE})")
    Profile profile;

    @Option(names = "--runs", defaultValue = "1", description = "run this many seeds: seed, seed+1, ... (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--jobs", description = "runs at once, each on its own thread (default: the processors, at most --runs)")
    Integer jobs;

    @Option(names = "--population", defaultValue = "tiny", converter = PopulationConverter.class,
            description = "tiny (2-6 provers, 3-14 stakers: collisions, retirements, dust), medium (100 provers, "
                    + "10^4 stakers, 3x10^4 positions) or large (10^4 provers, 10^5 stakers, 10^6 positions) (default ${DEFAULT-VALUE})")
    Population population;

    @Option(names = "--strategy", defaultValue = "random", converter = StrategyConverter.class,
            description = "random, or half the steps adversarial: dust, queue-grief, unit-rewards, slash-floor, "
                    + "commission-flip, mixed (default ${DEFAULT-VALUE})")
    Strategy strategy;

    @Option(names = "--sweep-every", description = "a full sweep of every invariant over the whole state every N operations "
            + "(default: 10000 tiny, 100000 medium, 1000000 large; 0: only at the end)")
    Long sweepEvery;

    @Option(names = "--report", description = "write a self-contained HTML page of the first run's history in both profiles (FILE.html)")
    Path report;

    @Option(names = "--report-points", defaultValue = "400", description = "points per series in the report (default ${DEFAULT-VALUE})")
    int reportPoints;

    @Option(names = "--progress", negatable = true, description = "a progress bar on standard error (default: when it is a terminal)")
    Boolean progress;

    @Option(names = "--out", description = "where to write the failing scenario (default: sim-failure-SEED.scenario.jsonl)")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (ops < 0 || runs < 1 || (jobs != null && jobs < 1) || (sweepEvery != null && sweepEvery < 0) || reportPoints < 1) {
            System.err.println("prover-staking simulate: --ops and --sweep-every must be >= 0, --runs, --jobs and --report-points >= 1");
            return 2;
        }
        for (Path file : new Path[] {out, report}) {
            if (file != null && (Files.isDirectory(file) || !Files.isDirectory(file.toAbsolutePath().getParent()))) {
                // found out before the runs, not after the one that fails
                System.err.println("prover-staking simulate: " + file + (Files.isDirectory(file)
                        ? " is a directory: give a file name" : ": no such directory " + file.toAbsolutePath().getParent()));
                return 2;
            }
        }
        int threads = jobs != null ? jobs : Math.min(runs, Runtime.getRuntime().availableProcessors());
        boolean bar = progress != null ? progress : System.console() != null;
        List<Simulator.Config> configs = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            Simulator.Config c = Simulator.Config.of(seed + run, ops, profile, population, strategy);
            configs.add(sweepEvery == null ? c : c.withSweepEvery(sweepEvery));
        }
        AtomicLong done = new AtomicLong();
        AtomicLong violations = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "simulate");
            t.setDaemon(true);
            return t;
        });
        PrintStream o = System.out;
        try (ProgressBar pb = bar ? progressBar((long) ops * runs) : null) {
            List<Future<Timed>> futures = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                Simulator.Config c = configs.get(run);
                boolean keepHistory = report != null && run == 0;
                futures.add(pool.submit(() -> {
                    long[] last = {0};
                    long t0 = System.nanoTime(), cpu0 = CPU.getCurrentThreadCpuTime();
                    Simulator.Result r = Simulator.run(c, keepHistory, n -> {
                        if (stop.get()) throw new Stopped();
                        if (pb != null) pb.stepBy(n - last[0]);
                        done.addAndGet(n - last[0]);
                        last[0] = n;
                    });
                    if (!r.passed()) {
                        violations.incrementAndGet();
                        stop.set(true);
                        if (pb != null) pb.setExtraMessage(" violations " + violations.get());
                    }
                    return new Timed(r, System.nanoTime() - t0, CPU.getCurrentThreadCpuTime() - cpu0);
                }));
            }
            for (Future<Timed> f : futures) {
                Timed t;
                try {
                    t = f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Stopped) continue; // stopped by another run's failure
                    throw e;
                }
                if (pb != null) pb.pause();
                int status = print(o, t);
                if (status != 0) return status;
                if (report != null && t.result.config() == configs.get(0)) {
                    int written = writeReport(o, t.result);
                    if (written != 0) return written;
                }
                if (pb != null) pb.resume();
            }
        } finally {
            pool.shutdownNow();
        }
        if (runs > 1) {
            double seconds = (System.nanoTime() - started) / 1e9;
            o.printf(Locale.ROOT, "%d runs passed: %d random operations in %.1f s (%,.0f checked operations/s on %d threads)%n",
                    runs, done.get(), seconds, done.get() / seconds, threads);
        }
        return 0;
    }

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    /** A run's result, how long it took, and the CPU time its thread used (what a shared machine does not distort). */
    private record Timed(Simulator.Result result, long nanos, long cpuNanos) {}

    /** Thrown through a run's progress callback once another run failed: the rest stop early. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private static ProgressBar progressBar(long total) {
        ProgressBar pb = new ProgressBarBuilder().setTaskName("simulate").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500).setUnit(" ops", 1).showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        pb.setExtraMessage(" violations 0");
        return pb;
    }

    /** Prints one run's outcome; on a failure writes the scenario that replays it and returns 1. */
    private int print(PrintStream o, Timed t) {
        Simulator.Result r = t.result;
        Simulator.Config config = r.config();
        o.printf("seed %d  profile %s  population %s  strategy %s  provers %d  stakers %d  sameToken %s%n", config.seed(),
                profile.wireName(), name(population), name(strategy), config.provers(), config.stakers(), config.sameToken());
        o.printf(Locale.ROOT, "  operations %d (with setup and finale: %d), %.1f%% succeeded%n",
                config.ops(), r.operations(), 100 * r.successRate());
        o.printf(Locale.ROOT, "  checked in %.2f s (%,.0f operations/s; CPU %.2f s: %,.0f/s), %d full sweeps%n",
                t.nanos / 1e9, r.operations() / (t.nanos / 1e9), t.cpuNanos / 1e9, r.operations() / (t.cpuNanos / 1e9), r.sweeps());
        if (!r.passed()) {
            o.printf("  FAILED at operation #%d (scenario line %d): %s%n", r.failure().index(),
                    r.failure().index() + 1, r.failure().message());
            o.printf("  reproduce: prover-staking simulate --seed %d --ops %d --profile %s --population %s --strategy %s%s%n",
                    config.seed(), ops, profile.wireName(), name(population), name(strategy),
                    sweepEvery == null ? "" : " --sweep-every " + sweepEvery);
            // a run without its history is run again with it: the history is a function of the config
            Simulator.Result withHistory = r.history() != null ? r : Simulator.run(config);
            Path file = out != null ? out : Path.of("sim-failure-" + config.seed() + ".scenario.jsonl");
            try {
                Files.writeString(file, ScenarioWriter.toText(withHistory.genesis(),
                        withHistory.history().subList(0, (int) r.failure().index()), true), StandardCharsets.UTF_8);
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
        return 0;
    }

    private int writeReport(PrintStream o, Simulator.Result r) {
        Simulator.Config c = r.config();
        Map<String, String> about = new LinkedHashMap<>();
        about.put("seed", Long.toString(c.seed()));
        about.put("generated in profile", profile.wireName());
        about.put("population", name(population) + " (" + c.provers() + " provers, " + c.stakers() + " stakers)");
        about.put("strategy", name(strategy));
        about.put("random operations", Integer.toString(c.ops()));
        about.put("one token for both modules", Boolean.toString(c.sameToken()));
        try {
            String page = SimulationReport.html("prover-staking simulate, seed " + c.seed(), about,
                    ProfileComparison.of(r.genesis(), r.history(), reportPoints));
            Files.writeString(report, page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("prover-staking simulate: could not write the report: " + ReadProblem.describeWrite(report.toString(), e));
            return 74;
        }
        o.printf("  report: %s%n", report);
        return 0;
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
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

    /** An enum constant by its name in lower case with '-' for '_'. */
    abstract static class LowerCase<E extends Enum<E>> implements ITypeConverter<E> {
        private final Class<E> type;

        LowerCase(Class<E> type) {
            this.type = type;
        }

        @Override
        public E convert(String value) {
            for (E e : type.getEnumConstants()) if (name(e).equals(value)) return e;
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) names.add(name(e));
            throw new CommandLine.TypeConversionException("'" + value + "' is none of " + String.join(", ", names));
        }
    }

    static final class PopulationConverter extends LowerCase<Population> {
        PopulationConverter() {
            super(Population.class);
        }
    }

    static final class StrategyConverter extends LowerCase<Strategy> {
        StrategyConverter() {
            super(Strategy.class);
        }
    }
}
