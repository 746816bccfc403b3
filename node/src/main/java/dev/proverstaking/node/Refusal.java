package dev.proverstaking.node;

/**
 * Why the node refused a transaction without applying it: nothing was logged (or, for a
 * transaction that reached the log but failed its nonce or deadline when applied, nothing of it
 * stays: no state, no history, no nonce used). The names are node-api.md's codes; each has the HTTP
 * status it is answered with (never 5xx for what a client sent; {@link #Unavailable} is the node's
 * own condition).
 */
public enum Refusal {
    /** Bad JSON, wrong types, missing or extra fields, numbers negative or at least 2^256. */
    MalformedTransaction(400),
    /** An op the node does not take (not in the EIP-712 types, or {@code mint}, {@code genesis}, {@code checkpoint}). */
    UnknownOp(400),
    /** The signature does not recover, or its {@code s} is in the upper half of the curve order. */
    BadSignature(400),
    /** The optional {@code from} is not the recovered signer. */
    SignerMismatch(400),
    /** The nonce is not the sender's next one (the message names the expected one). */
    BadNonce(409),
    /** It reached the node, or the log, after its deadline. */
    Expired(400),
    /** The request body is larger than the node takes. */
    PayloadTooLarge(413),
    /** The node has more in flight than it takes: try again later. */
    Overloaded(429),
    /** The node cannot take transactions now (starting, stopping, or the outcome is not known): try again later. */
    Unavailable(503),
    /**
     * The member knows of no leader: fewer than a majority of the group's members are reachable, so
     * nothing can be committed. Refused before the log (nothing of it is logged): try again later.
     */
    NoQuorum(503);

    private final int httpStatus;

    Refusal(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
