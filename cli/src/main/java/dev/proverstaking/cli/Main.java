package dev.proverstaking.cli;

import dev.proverstaking.cli.bench.BenchCommand;
import dev.proverstaking.cli.cluster.ClusterCommand;
import dev.proverstaking.cli.node.KeygenCommand;
import dev.proverstaking.cli.node.QueryCommand;
import dev.proverstaking.cli.node.ServeCommand;
import dev.proverstaking.cli.node.TxCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/prover-staking}: the command line of the staking ledger. */
@Command(name = "prover-staking",
        mixinStandardHelpOptions = true,
        version = "prover-staking 0.1.0",
        description = "Delegation-based staking for a prover network: an exact, deterministic ledger.",
        subcommands = {DemoCommand.class, ReplayCommand.class, SimulateCommand.class, BenchCommand.class, ServeCommand.class, ClusterCommand.class,
                KeygenCommand.class, TxCommand.class, QueryCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        StandardOutput.install();
        System.exit(run(args));
    }

    /**
     * Runs the command line and returns its exit status: 0 ok, 1 failure found, 2 usage error or
     * malformed input, 70 internal error, 74 output could not be written, 141 the reader of the
     * output went away.
     */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("prover-staking: internal error: " + ex);
            return 70;
        });
        int status;
        try {
            status = cl.execute(args);
        } catch (OutOfMemoryError e) { // picocli hands on Errors; without this the JVM prints a stack trace
            System.err.println("prover-staking: out of memory (" + e.getMessage() + "): give the JVM more heap, e.g. "
                    + "PROVER_STAKING_JAVA_OPTS=\"-Xmx8g -Xss8m\"");
            status = 70;
        }
        return StandardOutput.checked(status);
    }

    /** No command given: a usage error (exit 2), the usage on standard error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "prover-staking: a command is required (demo, replay, simulate, bench, serve, cluster, keygen, tx or query)");
    }
}
