package dev.proverstaking.rewards;

import dev.proverstaking.math.UInt256;

/**
 * The rewards module's book for one prover (the design's ProverRewardInfo), plus the two
 * remainders the {@code solvent} profile carries to the next reward (always 0 in {@code reference}).
 *
 * <p>Invariant: {@code accRewardPerRawShare} never decreases; {@code commissionCarry < 10000}.
 */
public final class ProverRewards {
    int commissionRate;
    UInt256 accRewardPerRawShare = UInt256.ZERO;
    UInt256 pendingCommission = UInt256.ZERO;
    int commissionCarry;
    UInt256 accCarry = UInt256.ZERO;

    /** The design's initProverRewards; the rate was validated (0..10000) by the caller. */
    public ProverRewards(int commissionRate) {
        this.commissionRate = commissionRate;
    }

    public int commissionRate() {
        return commissionRate;
    }

    public UInt256 accRewardPerRawShare() {
        return accRewardPerRawShare;
    }

    public UInt256 pendingCommission() {
        return pendingCommission;
    }

    public int commissionCarry() {
        return commissionCarry;
    }

    public UInt256 accCarry() {
        return accCarry;
    }
}
