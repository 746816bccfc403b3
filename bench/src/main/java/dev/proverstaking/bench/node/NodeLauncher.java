package dev.proverstaking.bench.node;

import java.nio.file.Path;
import java.util.List;

/** How the bench starts a node of its own: the command line of {@code serve --dev} on a data directory and port. */
@FunctionalInterface
public interface NodeLauncher {
    List<String> command(Path dataDir, int port);
}
