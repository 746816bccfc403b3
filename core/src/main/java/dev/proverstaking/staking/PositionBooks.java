package dev.proverstaking.staking;

import dev.proverstaking.rounding.RewardBook;

/**
 * The rewards module's one write into the staking module's records: a position's reward book,
 * which lives inline in its {@link Stake} (a million positions are one record each, not two) but
 * is the rewards module's to keep. Only the staking module makes one ({@link StakingModule#positionBooks}),
 * for the ledger to hand to the rewards module.
 */
public final class PositionBooks {
    PositionBooks() {}

    /** Effect: the position's book after a withdrawal settled and paid it. */
    public void write(Stake stake, RewardBook book) {
        stake.setRewardBook(book);
    }
}
