package dev.proverstaking.cli.node;

import dev.proverstaking.node.LedgerNode;
import dev.proverstaking.node.NodeGenesis;
import dev.proverstaking.node.memory.InMemoryLedgerNode;
import java.nio.file.Path;

/** How {@code serve} starts its node: from a genesis and a data directory, whatever keeps the log. */
@FunctionalInterface
interface NodeFactory {
    /**
     * @param dataDir the node's own directory: checked, created and locked by {@code serve}
     * @throws Exception anything that keeps the node from starting (said to the user, without a stack trace)
     */
    LedgerNode start(NodeGenesis genesis, Path dataDir) throws Exception;

    /**
     * The node {@code serve} runs.
     *
     * <p>>>> THE ONE LINE TO SWAP when the Raft-backed node (branch node-log) lands, e.g.
     * {@code (genesis, dataDir) -> RaftLedgerNode.start(new NodeConfig(genesis, dataDir, ...))}. Until then
     * {@code serve} runs the in-memory node: its state lives as long as the process (nothing is written
     * to {@code dataDir}), and {@code serve} says so when it starts ({@link #DURABLE} false).
     */
    NodeFactory SERVE = (genesis, dataDir) -> InMemoryLedgerNode.start(genesis);

    /** Whether {@link #SERVE}'s node keeps its state in the data directory (set true with the swap above). */
    boolean DURABLE = false;
}
