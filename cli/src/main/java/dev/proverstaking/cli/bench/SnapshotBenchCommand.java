package dev.proverstaking.cli.bench;

import dev.proverstaking.bench.core.HugePages;
import dev.proverstaking.bench.snapshot.SnapshotBenchConfig;
import dev.proverstaking.bench.snapshot.SnapshotBenchReport;
import dev.proverstaking.bench.snapshot.SnapshotBenchResults;
import dev.proverstaking.bench.snapshot.SnapshotBenchRunner;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.snapshot.SnapshotFormatException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench snapshot}: the speed of a ledger snapshot, written to a file and read back. The
 * measuring and the report are {@code dev.proverstaking.bench.snapshot}'s; this turns the options
 * into a {@link SnapshotBenchConfig}, runs itself again in a child JVM ({@link ChildJvm}) unless
 * told not to, and turns the outcome into an exit status.
 */
@Command(name = "snapshot",
        description = {"Speed of a ledger snapshot at 10^6 positions: write to a file, read back (with the invariant audit).",
                "Builds N stakers over 10 provers (90% with the first) and applies a mix of operations through ordinary "
                        + "transactions, then writes the snapshot to a file in a temporary directory and reads it back, "
                        + "--runs times, and prints its size and the medians of the write, read, audit and fingerprint "
                        + "times. Runs in a child JVM (fixed, pre-touched heap, full JIT, transparent huge pages where the "
                        + "kernel offers them) unless --in-process.",
                "Exit status: 0 done, 1 the restored ledger differs from the original or the child JVM died, 2 usage "
                        + "error (bad options, options the child JVM refuses, or a ledger its heap cannot hold)."})
final class SnapshotBenchCommand implements Callable<Integer> {

    @Option(names = "--positions", paramLabel = "N", defaultValue = "1000000", description = "stakers (default ${DEFAULT-VALUE})")
    int positions;

    @Option(names = "--runs", paramLabel = "K", defaultValue = "5", description = "writes and reads (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--mix-ops", paramLabel = "N", defaultValue = "200000",
            description = "mixed operations applied after the set-up, for unstake queues, reward books and new stakers (default ${DEFAULT-VALUE})")
    int mixOps;

    @Option(names = "--provers", paramLabel = "N", defaultValue = "10", description = "provers (default ${DEFAULT-VALUE})")
    int provers;

    @Option(names = "--profile", defaultValue = "solvent", description = "solvent or reference (default ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--dir", paramLabel = "DIR", description = "where the snapshot file goes (default: the system's temporary directory)")
    Path dir;

    @picocli.CommandLine.Mixin
    ChildJvmOptions jvm = new ChildJvmOptions();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintStream out = System.out;
        SnapshotBenchConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            System.err.println("prover-staking bench snapshot: " + e.getMessage());
            return 2;
        }
        if (!jvm.inProcess) return ChildJvm.run("snapshot", childCommand(HugePages.offered(HugePages.KERNEL_SETTING)));
        SnapshotBenchResults results;
        try {
            results = SnapshotBenchRunner.run(config, out::println);
        } catch (OutOfMemoryError e) {
            System.err.printf(Locale.ROOT, "prover-staking bench snapshot: out of memory: %,d MB of heap is too little for "
                    + "--positions %d; give a larger --heap (default 4g) or ask for less%n", Runtime.getRuntime().maxMemory() >> 20, positions);
            return 2;
        } catch (SnapshotFormatException e) {
            System.err.println("prover-staking bench snapshot: the snapshot written could not be read back: " + e.getMessage());
            return 1;
        }
        SnapshotBenchReport.print(results, out);
        if (!results.identical()) {
            System.err.println("prover-staking bench snapshot: the restored ledger differs from the original");
            return 1;
        }
        return 0;
    }

    SnapshotBenchConfig config() {
        Profile p = switch (profile) {
            case "solvent" -> Profile.SOLVENT;
            case "reference" -> Profile.REFERENCE;
            default -> throw new IllegalArgumentException("--profile must be solvent or reference");
        };
        jvm.validate();
        Path directory = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"));
        if (!Files.isDirectory(directory)) throw new IllegalArgumentException("--dir " + directory + " is not a directory");
        return new SnapshotBenchConfig(positions, provers, mixOps, runs, p, 42, directory);
    }

    /** The child JVM's command line ({@link ChildJvm#command}) with this command's options. */
    List<String> childCommand(boolean hugePagesOffered) {
        List<String> args = new ArrayList<>(List.of("bench", "snapshot", "--in-process", "--positions=" + positions,
                "--runs=" + runs, "--mix-ops=" + mixOps, "--provers=" + provers, "--profile=" + profile));
        if (dir != null) args.add("--dir=" + dir);
        return jvm.command(hugePagesOffered, args);
    }
}
