package dev.proverstaking.ledger;

import dev.proverstaking.common.Address;
import java.util.Objects;

/**
 * One entry of the ledger's input log: who sends what, at which block timestamp. Replaying the
 * same transactions into a ledger built from the same genesis always rebuilds the same state.
 *
 * @param nonce the sender's nonce for a signed transaction (the node's): the ledger applies it only
 *              as the sender's next one, and counts it whether the command succeeds or is refused;
 *              {@link #NO_NONCE} for a transaction that carries none (a scenario's)
 */
public record Transaction(Address sender, long timestamp, Command command, long nonce) {
    /** A transaction without a nonce: it uses none. */
    public static final long NO_NONCE = -1;

    public Transaction {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(command, "command");
        if (timestamp < 0) throw new IllegalArgumentException("negative timestamp");
        if (nonce < NO_NONCE) throw new IllegalArgumentException("negative nonce " + nonce);
    }

    public Transaction(Address sender, long timestamp, Command command) {
        this(sender, timestamp, command, NO_NONCE);
    }

    public boolean hasNonce() {
        return nonce != NO_NONCE;
    }
}
