package dev.proverstaking.node;

import dev.proverstaking.ledger.Receipt;
import java.util.Objects;

/** What became of one submitted transaction. */
public sealed interface TxResult {

    /**
     * In the log and applied: the ledger's receipt, ok or refused (a refused one used its nonce too).
     *
     * @param index its position in the node's history (1-based, no gaps; the history's setup
     *              transactions of the genesis come first)
     * @param t     the time it ran at: its log entry's
     */
    record Applied(long index, long t, Receipt receipt) implements TxResult {
        public Applied {
            Objects.requireNonNull(receipt, "receipt");
        }
    }

    /** Refused before the log, or when applied for its nonce or deadline: it left no trace. */
    record Refused(Refusal code, String message) implements TxResult {
        public Refused {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }
}
