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

    // time-based emission (see EmissionPool): the weight this prover had since its last settlement,
    // the pool's accumulator then, the remainder carried (solvent), and all emission it received
    UInt256 emissionWeight = UInt256.ZERO;
    UInt256 emissionSnapshot = UInt256.ZERO;
    UInt256 emissionCarry = UInt256.ZERO;
    UInt256 emissionReceived = UInt256.ZERO;

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

    /** Its effective active stake as the emission pool counts it (0 unless Active). */
    public UInt256 emissionWeight() {
        return emissionWeight;
    }

    public UInt256 emissionSnapshot() {
        return emissionSnapshot;
    }

    /** Emission owed to it but not yet a whole unit, in units of 1e-36 token (solvent only). */
    public UInt256 emissionCarry() {
        return emissionCarry;
    }

    /** All emission settled into this prover so far, in tokens. */
    public UInt256 emissionReceived() {
        return emissionReceived;
    }

    Memento save() {
        return new Memento(accRewardPerRawShare, pendingCommission, commissionCarry, accCarry,
                emissionWeight, emissionSnapshot, emissionCarry, emissionReceived);
    }

    void restore(Memento m) {
        accRewardPerRawShare = m.acc;
        pendingCommission = m.pendingCommission;
        commissionCarry = m.commissionCarry;
        accCarry = m.accCarry;
        emissionWeight = m.emissionWeight;
        emissionSnapshot = m.emissionSnapshot;
        emissionCarry = m.emissionCarry;
        emissionReceived = m.emissionReceived;
    }

    record Memento(UInt256 acc, UInt256 pendingCommission, int commissionCarry, UInt256 accCarry,
                   UInt256 emissionWeight, UInt256 emissionSnapshot, UInt256 emissionCarry, UInt256 emissionReceived) {}
}
