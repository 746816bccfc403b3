package dev.proverstaking.rewards;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.statehash.JournaledRecord;
import dev.proverstaking.statehash.RecordKind;
import dev.proverstaking.statehash.RecordOutput;

/**
 * The rewards module's book for one prover (the design's ProverRewardInfo), plus the two
 * remainders the {@code solvent} profile carries to the next reward (always 0 in {@code reference}).
 *
 * <p>Invariant: {@code accRewardPerRawShare} never decreases; {@code commissionCarry < 10000}.
 *
 * <p>A record of the state hash ({@link RecordKind#PROVER_REWARDS}, keyed by its prover's address):
 * the rewards module writes its fields directly, and every method of it that does touches the
 * state hash's journal first ({@code ArchitectureTest} checks it).
 */
public final class ProverRewards implements JournaledRecord {
    /** Its prover's address: the key of its record in the state hash. */
    final Address prover;
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
    /** Whether it is in the state hash's journal since its last flush (the journal's mark, not state). */
    private boolean inJournal;

    /** The design's initProverRewards; the rate was validated (0..10000) by the caller. */
    ProverRewards(Address prover, int commissionRate) {
        this.prover = prover;
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

    /**
     * {@link RecordKind#PROVER_REWARDS}: prover address, commissionRate, accRewardPerRawShare,
     * pendingCommission, commissionCarry, accCarry, emissionWeight, emissionSnapshot, emissionCarry,
     * emissionReceived.
     */
    @Override
    public void encode(RecordOutput out) {
        out.kind(RecordKind.PROVER_REWARDS);
        out.address(prover);
        out.i32(commissionRate);
        out.uint(accRewardPerRawShare);
        out.uint(pendingCommission);
        out.i32(commissionCarry);
        out.uint(accCarry);
        out.uint(emissionWeight);
        out.uint(emissionSnapshot);
        out.uint(emissionCarry);
        out.uint(emissionReceived);
    }

    @Override
    public boolean inJournal() {
        return inJournal;
    }

    @Override
    public void setInJournal(boolean in) {
        inJournal = in;
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
