package dev.proverstaking.bench.node;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The nodes a load goes to: writes round-robin over them (one node, or the members of a group). */
public final class Targets {
    private final List<NodeHttp> nodes;
    private final AtomicInteger next = new AtomicInteger();

    public Targets(List<URI> urls) {
        if (urls.isEmpty()) throw new IllegalArgumentException("no node to drive");
        this.nodes = urls.stream().map(u -> new NodeHttp(u, Duration.ofSeconds(120))).toList();
    }

    /** The next node, round-robin. */
    public NodeHttp next() {
        return nodes.get(Math.floorMod(next.getAndIncrement(), nodes.size()));
    }

    /** The first node, for setup and reads. */
    public NodeHttp first() {
        return nodes.get(0);
    }
}
