package dev.proverstaking.ledger;

/**
 * The ledger has stopped: a transition failed in a way no transition may (an exception while it
 * was writing, or any exception other than a refusal), so its state may be half written. Every
 * {@link Ledger#apply} from then on throws this, naming the transaction and the cause, instead of
 * going on from a state that a replica applying the same log would not have (fail-stop). The
 * state is kept as it is for inspection; a node restarts from its last snapshot and log.
 */
public final class LedgerFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LedgerFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
