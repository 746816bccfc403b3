package dev.proverstaking.node.log;

import java.io.IOException;

/** Bytes that are not a log entry (or a request for one) of this node's format. */
public final class MalformedEntryException extends IOException {
    private static final long serialVersionUID = 1L;

    public MalformedEntryException(String message) {
        super(message);
    }
}
