package dev.proverstaking.node;

import dev.proverstaking.common.Address;
import dev.proverstaking.ledger.Command;
import java.util.Objects;

/**
 * A transaction whose EIP-712 signature was checked (its sender is the recovered address): what the
 * node's log carries. Its time is not its own: the leader stamps each log entry, and every
 * transaction in the entry runs at that time.
 *
 * @param nonce    the sender's next nonce when it was signed (node-api.md)
 * @param deadline unix seconds; a transaction that reaches the log after it is refused ({@code Expired})
 */
public record SignedTx(Address sender, long nonce, long deadline, Command command) {
    public SignedTx {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(command, "command");
        if (nonce < 0) throw new IllegalArgumentException("negative nonce " + nonce);
        if (deadline < 0) throw new IllegalArgumentException("negative deadline " + deadline);
    }
}
