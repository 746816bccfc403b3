package dev.proverstaking.node.log;

import dev.proverstaking.node.SignedTx;
import java.util.List;

/**
 * One entry of the node's Raft log: a batch of transactions and the time the leader stamped it with.
 * Every transaction of the entry runs at {@code max(time, the ledger's time)}.
 *
 * @param time    unix seconds, stamped by the leader when it took the batch into its log
 * @param origin  the process that submitted the batch (a random number drawn when a node starts), so
 *                that it, and only it, answers the submitters when it applies the entry
 * @param batchId the batch's number in its origin process
 */
public record LogEntry(long time, long origin, long batchId, List<SignedTx> txs) {
    public LogEntry {
        txs = List.copyOf(txs);
    }
}
