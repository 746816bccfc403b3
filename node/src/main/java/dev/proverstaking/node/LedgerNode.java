package dev.proverstaking.node;

import dev.proverstaking.ledger.LedgerView;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A running node: the ledger behind a durable Raft log. What the HTTP API (and any other front)
 * needs of it, and nothing of how it is done. Transactions come in with their signatures already
 * checked ({@link SignedTx}); the node checks their deadline and nonce where they cannot race, logs
 * them, applies them, and answers.
 *
 * <p>Thread-safe: any thread may call anything. Reads never stall applying, and each read sees
 * one consistent state, the one after some log entry.
 */
public interface LedgerNode extends AutoCloseable {

    /**
     * Admits, logs and applies {@code txs}, each standing alone; completes, once every one of them
     * is applied or refused, with one result per transaction in the same order. Refusals before the
     * log: {@link Refusal#Expired} (deadline already past), {@link Refusal#BadNonce} (not the
     * sender's next nonce, counting the sender's transactions admitted and not yet applied),
     * {@link Refusal#Overloaded} (too much in flight), {@link Refusal#Unavailable} (the node cannot
     * take transactions now). Two transactions of one sender with one nonce: exactly one gets in.
     * The future never completes exceptionally for anything a client sent.
     */
    CompletableFuture<List<TxResult>> submit(List<SignedTx> txs);

    /**
     * {@code query} over a consistent state, the one after some log entry, without stalling the
     * apply thread; {@link LedgerView#appliedCount()} is that state's history index. The view is
     * valid only during the call: the query must copy what it returns.
     */
    <T> T read(Function<LedgerView, T> query);

    NodeStatus status();

    /**
     * Completes once a read of this node sees every write acknowledged (by any member of its group)
     * before the call; fails when it cannot know (no quorum). A node alone completes at once.
     */
    default CompletableFuture<Void> linearizable() {
        return CompletableFuture.completedFuture(null);
    }

    /** This member in its group: its Raft role and indexes, the state hash at its applied index, the members. */
    default ClusterStatus cluster() {
        NodeStatus s = status();
        StateHash h = stateHash();
        return new ClusterStatus(s.id(), s.role(), s.leader(), s.term(), s.commitIndex(), s.appliedIndex(), h.index(),
                h.hash(), List.of(), -1, s.accepting());
    }

    /**
     * Sets the group's members to {@code members} (Raft reconfiguration), provided they are still
     * {@code expected}. Blocks until the new configuration is committed (new members caught up first).
     *
     * @throws IOException when the group refused it (the members changed meanwhile, a new member did
     *                     not catch up, no leader), with a message saying so
     */
    default void setMembers(List<NodeConfig.Peer> expected, List<NodeConfig.Peer> members) throws IOException {
        throw new IOException("this node is not a member of a Raft group");
    }

    /** The canonical hash of the whole state after history index {@code index} (hex, 0x-prefixed). */
    StateHash stateHash();

    /**
     * Writes the node's history as a scenario file (docs/scenario-format.md): the genesis line, the
     * genesis setup, then one line per logged transaction ({@code op}, {@code t}, {@code from},
     * {@code nonce}, its fields), refused ones included, up to the history index of one consistent
     * state, and a {@code checkpoint} line at that state's time. {@code bin/prover-staking replay} of
     * it gives the node's state dump (the checkpoint's line).
     */
    void writeHistory(OutputStream out) throws IOException;

    /** Events with a sequence number above {@code after}, in order, at most {@code limit}. */
    List<EventRecord> events(long after, int limit);

    /** Calls {@code listener} with every event from now on, in order, on a thread of the node's; close to stop. */
    AutoCloseable subscribe(Consumer<EventRecord> listener);

    /** The genesis this node started from. */
    NodeGenesis genesis();

    /** Stops taking transactions, finishes what is in flight, takes a snapshot, closes the log. */
    @Override
    void close() throws IOException;

    /** The state hash and the history index it is of. */
    record StateHash(long index, String hash) {}
}
