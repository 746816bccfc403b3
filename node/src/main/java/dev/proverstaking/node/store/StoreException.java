package dev.proverstaking.node.store;

import java.io.IOException;

/** The node's history or events files are not what its snapshot says they are, or cannot be read back. */
public final class StoreException extends IOException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }
}
