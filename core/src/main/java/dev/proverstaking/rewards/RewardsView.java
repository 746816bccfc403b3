package dev.proverstaking.rewards;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.staking.Prover;
import dev.proverstaking.staking.Stake;
import java.math.BigInteger;

/**
 * The rewards module as the world outside the ledger sees it: read only. Views never fail and
 * never change anything; those taking a time project the emission to it.
 */
public interface RewardsView {
    UInt256 pendingCommission(Prover prover);

    /** A staker's rewards, settled and accrued, commission excluded, without pending emission. */
    UInt256 pendingRewards(Prover prover, Stake stake);

    /** The same at time {@code t}, including the prover's emission up to {@code t}. */
    UInt256 pendingRewards(Prover prover, Stake stake, long t);

    /** A position's entitlement in 1e-18 token, settled and accrued, exact at full width; for the solvency invariant. */
    BigInteger entitlementUnits(Prover prover, Stake stake);

    /** Reward dust ({@code reference}); always 0 in {@code solvent}. */
    UInt256 treasuryPool();

    Address owner();

    UInt256 custodyBalance();

    /** The emission pool as of its last accrual (read through its getters). */
    EmissionPool emission();

    RewardsModule.EmissionStatus emissionAt(long t);

    RewardsModule.ProverProjection projection(Prover prover, long t);
}
