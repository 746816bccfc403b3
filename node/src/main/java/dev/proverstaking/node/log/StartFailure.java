package dev.proverstaking.node.log;

import dev.proverstaking.node.NodeStartException;
import java.io.IOException;

/**
 * A {@link NodeStartException} on its way through Ratis, which calls the state machine's
 * {@code initialize} and only lets {@link IOException}s out of it; the node unwraps it from
 * whatever Ratis wraps it in.
 */
public final class StartFailure extends IOException {
    private static final long serialVersionUID = 1L;

    public StartFailure(NodeStartException cause) {
        super(cause.getMessage(), cause);
    }

    public NodeStartException reason() {
        return (NodeStartException) getCause();
    }
}
