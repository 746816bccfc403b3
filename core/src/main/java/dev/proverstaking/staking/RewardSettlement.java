package dev.proverstaking.staking;

import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.RewardBook;

/**
 * What the staking module asks of the rewards module (the design's ProverStaking → ProverRewards:
 * prover initialization and reward settlement), so that it holds no more of it than this.
 */
public interface RewardSettlement {
    /**
     * A prover's rewards are about to be read or changed by a transition: settle what it is owed
     * up to now (time-based emission) at the weight it had. Undone by the ledger if the transaction
     * is then refused. Called by every transition for every prover it works on, before it checks
     * anything that depends on the prover's rewards and before it writes anything.
     */
    void settleProver(Prover prover);

    /**
     * Check phase of a share change: the position's reward book after settling its rewards and
     * re-basing its debt on {@code newShares}. Writes nothing.
     */
    RewardBook settleStaker(Prover prover, Stake stake, UInt256 oldShares, UInt256 newShares);

    /** The prover's unclaimed commission. */
    UInt256 pendingCommission(Prover prover);

    /** Effect: a new prover's reward book, with its commission rate (validated: 0..10000). */
    void initProverRewards(Prover prover, int commissionRate);
}
