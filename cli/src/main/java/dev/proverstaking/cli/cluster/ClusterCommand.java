package dev.proverstaking.cli.cluster;

import dev.proverstaking.cli.node.ClusterStatusCommand;
import dev.proverstaking.cli.node.MembersCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cluster}: a local group of members ({@code up}), its state ({@code status}) and its membership ({@code add}, {@code remove}). */
@Command(name = "cluster",
        description = {"Run a local Raft group of nodes (each member its own process) and change a group's members.",
                "Exit status: 0 done, 1 refused by the node or the node could not be reached, 2 usage error."},
        subcommands = {ClusterUpCommand.class, ClusterStatusCommand.class, MembersCommand.Add.class, MembersCommand.Remove.class})
public final class ClusterCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "cluster: a subcommand is required (up, status, add or remove)");
    }
}
