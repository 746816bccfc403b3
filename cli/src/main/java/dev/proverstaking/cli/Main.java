package dev.proverstaking.cli;

import dev.proverstaking.cli.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/prover-staking}: the command line of the staking ledger. */
@Command(name = "prover-staking",
        mixinStandardHelpOptions = true,
        version = "prover-staking 0.1.0",
        description = "Delegation-based staking for a prover network: an exact, deterministic ledger.",
        subcommands = {DemoCommand.class, ReplayCommand.class, SimulateCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (0 ok, 1 failure found, 2 usage error). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("prover-staking: internal error: " + ex);
            return 70;
        });
        return cl.execute(args);
    }

    /** No command given: a usage error (exit 2), the usage on standard error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "prover-staking: a command is required (demo, replay, simulate or bench)");
    }
}
