package dev.proverstaking.node.log;

import dev.proverstaking.node.NodeConfig;
import dev.proverstaking.node.NodeStartException;
import dev.proverstaking.node.NodeStartException.Reason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupListReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a member's Raft server starts: asks each other peer which Raft groups it runs. The group id
 * is derived from the whole genesis ({@link RaftMember#groupId}), so a peer that runs another group
 * was started with another genesis. If peers of another group are a majority of the configuration,
 * this member could never join: it refuses to start, saying so. (A minority of strangers is the
 * strangers' problem: they refuse when they start, or never win an election; this member goes on.)
 * Peers that do not answer (not started yet, paused) count for nothing either way.
 */
final class PeerCheck {
    private static final Logger LOG = LoggerFactory.getLogger(PeerCheck.class);
    private static final TimeDuration TIMEOUT = TimeDuration.valueOf(1500, TimeUnit.MILLISECONDS);

    private final NodeConfig config;
    private final RaftGroupId group;

    PeerCheck(NodeConfig config, RaftGroupId group) {
        this.config = config;
        this.group = group;
    }

    void refuseIfMajorityRunsAnotherGroup() throws NodeStartException {
        List<String> strangers = new ArrayList<>();
        int others = 0;
        // all peers at once, each on a thread of its own: a paused peer costs the timeout once, not per peer
        java.util.Map<NodeConfig.Peer, java.util.concurrent.CompletableFuture<List<RaftGroupId>>> asked = new java.util.LinkedHashMap<>();
        for (NodeConfig.Peer p : config.peers()) {
            if (p.id().equals(config.memberId())) continue;
            others++;
            java.util.concurrent.CompletableFuture<List<RaftGroupId>> f = new java.util.concurrent.CompletableFuture<>();
            Thread t = new Thread(() -> f.complete(groupsOf(p)), "node-peer-check-" + p.id());
            t.setDaemon(true);
            t.start();
            asked.put(p, f);
        }
        for (var e : asked.entrySet()) {
            List<RaftGroupId> groups;
            try {
                groups = e.getValue().get(3, TimeUnit.SECONDS);
            } catch (Exception x) {
                groups = null;
            }
            NodeConfig.Peer p = e.getKey();
            if (groups != null && !groups.isEmpty() && !groups.contains(group)) {
                strangers.add("member " + p.id() + " at " + p.address() + " runs group " + groups.get(0).getUuid());
            }
        }
        if (!strangers.isEmpty()) {
            LOG.warn("{}: peers of another Raft group (another genesis): {}", config.memberId(), strangers);
        }
        int members = config.peers().size();
        if (others > 0 && 2 * strangers.size() >= members) {
            throw new NodeStartException(Reason.GENESIS_MISMATCH, "member " + config.memberId() + " cannot join its "
                    + "peers: " + String.join("; ", strangers) + ", not this member's group " + group.getUuid()
                    + ". A group is made of the members started with one genesis (the group id is derived from all of "
                    + "it), so this member was started with another genesis or chain than theirs. Start it with the "
                    + "group's genesis (GET /v1/genesis of a running member prints it) and a new data directory, or "
                    + "check --peers");
        }
    }

    /** The groups {@code peer} runs, or null when it does not answer. */
    private List<RaftGroupId> groupsOf(NodeConfig.Peer peer) {
        RaftPeer rp = RaftPeer.newBuilder().setId(peer.id()).setAddress(peer.address()).build();
        RaftProperties p = new RaftProperties();
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, TIMEOUT);
        RaftClient c = RaftClient.newBuilder().setProperties(p).setRaftGroup(RaftGroup.valueOf(group, rp))
                .setClientId(ClientId.randomId()).setRetryPolicy(RetryPolicies.noRetry()).build();
        try {
            GroupListReply reply = c.getGroupManagementApi(RaftPeerId.valueOf(peer.id())).list();
            return reply.isSuccess() ? reply.getGroupIds() : null;
        } catch (IOException | RuntimeException e) {
            return null; // not up (yet), or not reachable: no evidence either way
        } finally {
            // gRPC waits seconds for a channel to a peer that never answered to shut down gracefully: not here
            Thread closer = new Thread(() -> {
                try {
                    c.close();
                } catch (IOException | RuntimeException ignored) {
                    // a probe's client
                }
            }, "node-peer-check-close");
            closer.setDaemon(true);
            closer.start();
        }
    }
}
