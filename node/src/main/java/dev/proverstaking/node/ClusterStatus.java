package dev.proverstaking.node;

import java.util.List;

/**
 * A member as its group's member ({@code GET /v1/cluster}): read from one member, about itself.
 *
 * @param id           its member id
 * @param role         LEADER, FOLLOWER, CANDIDATE, LISTENER, or STARTING / STOPPED
 * @param leader       the leader's id as this member knows it, or null
 * @param term         the Raft term
 * @param commitIndex  the Raft log's commit index as this member knows it
 * @param appliedIndex the last Raft log index applied here; {@code stateHash} is the state's after it
 * @param historyIndex the history index of the state after {@code appliedIndex}
 * @param stateHash    the canonical state hash after {@code appliedIndex} (0x and 64 hex digits)
 * @param members      the group's members as this member knows them (its latest configuration)
 * @param configIndex  the log index of that configuration (-1 when unknown)
 * @param accepting    whether it takes transactions now
 */
public record ClusterStatus(String id, String role, String leader, long term, long commitIndex, long appliedIndex,
                            long historyIndex, String stateHash, List<NodeConfig.Peer> members, long configIndex,
                            boolean accepting) {
    public ClusterStatus {
        members = List.copyOf(members);
    }
}
