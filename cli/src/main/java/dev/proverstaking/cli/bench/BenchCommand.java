package dev.proverstaking.cli.bench;

import dev.proverstaking.bench.core.CoreBenchConfig;
import dev.proverstaking.bench.core.CoreBenchReport;
import dev.proverstaking.bench.core.CoreBenchResults;
import dev.proverstaking.bench.core.CoreBenchRunner;
import dev.proverstaking.bench.core.HugePages;
import dev.proverstaking.bench.core.ProgressPrinter;
import dev.proverstaking.rounding.Profile;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench}: performance measurements that need no JMH ({@code core}, {@code snapshot}, {@code node}). */
@Command(name = "bench",
        description = {"Performance measurements of the core (JMH suite: see BENCHMARKS.md).",
                "The JMH microbenchmarks are in bench/target/benchmarks.jar."},
        subcommands = {BenchCommand.Core.class, SnapshotBenchCommand.class, NodeBenchCommand.class, CommandLine.HelpCommand.class})
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** No measurement named: a usage error (exit 2), the usage on standard error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "prover-staking bench: a command is required (core, snapshot or node)");
    }

    /**
     * {@code bench core [--quick]}: the throughput of the core on a realistic mix, for growing staker
     * counts. The measuring and the report are {@code dev.proverstaking.bench.core}'s; this turns the
     * options into a {@link CoreBenchConfig}, runs itself again in a child JVM unless told not to,
     * and turns the outcome into an exit status.
     */
    @Command(name = "core",
            description = {"Throughput of the core ledger, for 10^3 .. 10^6 stakers.",
                    "Builds N provers and M stakers, applies pre-built mixed transactions in one thread (no "
                            + "parsing, no I/O, no invariant checks) and prints ops/s, ns/op and bytes allocated per "
                            + "operation type, and heap bytes per (prover, staker) position, for both rounding "
                            + "profiles, plus the speed of a JSON scenario replay. Runs in a child JVM (fixed, "
                            + "pre-touched heap, full JIT, transparent huge pages where the kernel offers them) "
                            + "unless --in-process.",
                    "Exit status: 0 done, 1 a measured operation failed or the child JVM died, 2 usage error "
                            + "(bad options, options the child JVM refuses, or sizes its heap cannot hold)."})
    static final class Core implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--quick", description = "M = 10^3 and 10^5 only, shorter runs: under a minute on 2 cores")
        boolean quick;

        @Option(names = "--profile", defaultValue = "both",
                description = "solvent, reference or both (default ${DEFAULT-VALUE})")
        String profile;

        @Option(names = "--sizes", split = ",", paramLabel = "M",
                description = "staker counts to measure, e.g. 1000,1000000 (default 10^3..10^6, --quick 10^3,10^5)")
        int[] sizes;

        @Option(names = "--ops", paramLabel = "N", description = "transactions per run (default 200000, --quick 100000)")
        Integer ops;

        @Option(names = "--runs", paramLabel = "R", description = "throughput runs per size (default 5); the side-by-side ratio takes 3 rounds per run, so more runs give a steadier median on a noisy machine")
        Integer runs;

        @Option(names = "--provers", paramLabel = "N", description = "provers (default 10)")
        Integer provers;

        @Option(names = "--warmup", paramLabel = "N",
                description = "operations applied per profile before measuring, for the JIT (default 1000000, --quick 500000)")
        Integer warmup;

        @Option(names = "--no-json", description = "skip the JSON replay")
        boolean noJson;

        @Option(names = "--state-hash", description = "the measured ledgers keep their state hash (off by default, as in a ledger built without it)")
        boolean stateHash;

        @Option(names = "--hash-every", paramLabel = "K",
                description = "with --state-hash: ask for the state hash every K transactions of the throughput runs (default: never; the journal folds itself every 4096 records)")
        Integer hashEvery;

        @CommandLine.Mixin
        ChildJvmOptions jvm = new ChildJvmOptions();

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
        boolean help;

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintStream out = System.out;
            CoreBenchConfig config;
            try {
                config = config();
            } catch (IllegalArgumentException e) {
                System.err.println("prover-staking bench core: " + e.getMessage());
                return 2;
            }
            if (!jvm.inProcess) return fork();
            CoreBenchResults results;
            try {
                results = CoreBenchRunner.run(config, new ProgressPrinter(out));
            } catch (OutOfMemoryError e) {
                // the ledgers asked for do not fit: a matter of this command's options, said plainly
                System.err.printf(Locale.ROOT, "prover-staking bench core: out of memory: %,d MB of heap is too little for "
                        + "these --sizes and --provers; give a larger --heap (default 4g) or ask for less%n",
                        Runtime.getRuntime().maxMemory() >> 20);
                return 2;
            }
            CoreBenchReport.print(results, out);
            long failed = results.failedOperations();
            if (failed > 0) {
                System.err.println("prover-staking bench core: " + failed + " measured operations failed");
                return 1;
            }
            return 0;
        }

        CoreBenchConfig config() {
            CoreBenchConfig base = quick ? CoreBenchConfig.quick() : CoreBenchConfig.full();
            List<Profile> profiles = switch (profile) {
                case "both" -> base.profiles();
                case "solvent" -> List.of(Profile.SOLVENT);
                case "reference" -> List.of(Profile.REFERENCE);
                default -> throw new IllegalArgumentException("--profile must be solvent, reference or both");
            };
            if (sizes != null) {
                for (int m : sizes) {
                    if (m < 1) throw new IllegalArgumentException("--sizes must be >= 1");
                }
            }
            if ((ops != null && ops < 1) || (runs != null && runs < 1) || (provers != null && provers < 1)) {
                throw new IllegalArgumentException("--ops, --runs and --provers must be >= 1");
            }
            if (warmup != null && warmup < 0) throw new IllegalArgumentException("--warmup must be >= 0");
            if (hashEvery != null && (hashEvery < 1 || !stateHash)) {
                throw new IllegalArgumentException("--hash-every must be >= 1, with --state-hash");
            }
            jvm.validate();
            return new CoreBenchConfig(base.name() + (sizes != null || ops != null || runs != null || provers != null || warmup != null ? " (custom)" : ""),
                    sizes != null ? sizes : base.sizes(), profiles, provers != null ? provers : base.provers(),
                    base.mainShare(), ops != null ? ops : base.opsPerRun(), base.warmupRuns(),
                    runs != null ? runs : base.throughputRuns(), base.timedRuns(), warmup != null ? warmup : base.globalWarmupOps(),
                    base.unstakeDelay(), noJson ? 0 : base.jsonStakers(), base.jsonOps(), base.jsonRuns(), base.seed(),
                    stateHash, hashEvery != null ? hashEvery : 0);
        }

        /** This command's options, for the child JVM. */
        private List<String> childArgs() {
            List<String> a = new ArrayList<>();
            if (quick) a.add("--quick");
            a.add("--profile=" + profile);
            if (sizes != null) {
                StringBuilder b = new StringBuilder();
                for (int m : sizes) b.append(b.length() == 0 ? "" : ",").append(m);
                a.add("--sizes=" + b);
            }
            if (ops != null) a.add("--ops=" + ops);
            if (runs != null) a.add("--runs=" + runs);
            if (provers != null) a.add("--provers=" + provers);
            if (warmup != null) a.add("--warmup=" + warmup);
            if (noJson) a.add("--no-json");
            if (stateHash) a.add("--state-hash");
            if (hashEvery != null) a.add("--hash-every=" + hashEvery);
            return a;
        }

        /** The child JVM's command line ({@link ChildJvm#command}): huge pages if {@code hugePagesOffered} and not refused. */
        List<String> childCommand(boolean hugePagesOffered) {
            List<String> args = new ArrayList<>(List.of("bench", "core", "--in-process"));
            args.addAll(childArgs());
            return jvm.command(hugePagesOffered, args);
        }

        private int fork() throws IOException, InterruptedException {
            return ChildJvm.run("core", childCommand(HugePages.offered(HugePages.KERNEL_SETTING)));
        }

        /** {@link ChildJvm#refusedJvmOptions}. */
        static String refusedJvmOptions(List<String> childCommand) throws IOException, InterruptedException {
            return ChildJvm.refusedJvmOptions(childCommand);
        }
    }
}
