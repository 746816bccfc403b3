package dev.proverstaking.ledger;

import dev.proverstaking.common.Address;
import java.util.Objects;

/**
 * One entry of the ledger's input log: who sends what, at which block timestamp. Replaying the
 * same transactions into a ledger built from the same genesis always rebuilds the same state.
 */
public record Transaction(Address sender, long timestamp, Command command) {
    public Transaction {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(command, "command");
        if (timestamp < 0) throw new IllegalArgumentException("negative timestamp");
    }
}
