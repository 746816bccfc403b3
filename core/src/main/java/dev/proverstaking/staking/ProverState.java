package dev.proverstaking.staking;

/**
 * A registered prover's lifecycle state (an unregistered prover is the reference's {@code Null}).
 *
 * <pre>
 * Active --retire (no stake, no commission)--> Retired --unretire (self)--> Active
 * Active --deactivate (owner) / slash to the 20% scale / full self-exit--> Deactivated
 * Deactivated --reactivate (owner)--> Active;  Deactivated --retire--> Retired
 * </pre>
 */
public enum ProverState {
    /** Accepts delegations and counts as an active prover. */
    Active,
    /** Withdrawn by the prover; accepts only self-stake; may come back by itself. */
    Retired,
    /** Stopped by the owner, a deep slash, or the prover's full self-exit; the owner may reactivate. */
    Deactivated
}
