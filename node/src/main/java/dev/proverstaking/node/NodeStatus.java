package dev.proverstaking.node;

/**
 * What a node says of itself.
 *
 * @param id           its member id in the Raft group
 * @param role         LEADER, FOLLOWER, CANDIDATE, or STARTING / STOPPED
 * @param leader       the current leader's id, or null while none is known
 * @param term         the Raft term
 * @param commitIndex  the Raft log's commit index
 * @param appliedIndex the last Raft log index applied to the ledger
 * @param historyIndex the history index of the last transaction applied (0 before any)
 * @param chainId      the chain id transactions are signed for
 * @param accepting    whether it takes transactions now
 */
public record NodeStatus(String id, String role, String leader, long term, long commitIndex, long appliedIndex,
                         long historyIndex, long chainId, boolean accepting) {}
