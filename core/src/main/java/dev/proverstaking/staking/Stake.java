package dev.proverstaking.staking;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.RewardBook;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One (prover, staker) position: active raw shares, the queue of pending unstakes, and the
 * rewards module's book for it. Exists from the first successful stake on, forever.
 *
 * <p>Written only by the ledger's transitions ({@link StakingModule} for shares and queue,
 * {@code RewardsModule} for the reward book).
 */
public final class Stake {
    public static final int MAX_PENDING_UNSTAKES = 10;

    private final Address staker;
    UInt256 rawShares = UInt256.ZERO;
    /** Position in its prover's enumerable staker set while rawShares &gt; 0, else -1. */
    int stakerIndex = -1;
    /** Oldest first; null while empty. At most {@link #MAX_PENDING_UNSTAKES}. */
    private ArrayList<PendingUnstake> pending;
    private UInt256 rewardDebt = UInt256.ZERO;
    private UInt256 rewardEntitled = UInt256.ZERO;

    Stake(Address staker) {
        this.staker = staker;
    }

    public Address staker() {
        return staker;
    }

    public UInt256 rawShares() {
        return rawShares;
    }

    public int pendingCount() {
        return pending == null ? 0 : pending.size();
    }

    public PendingUnstake pending(int index) {
        return pending.get(index);
    }

    public List<PendingUnstake> pendingUnstakes() {
        return pending == null ? List.of() : Collections.unmodifiableList(pending);
    }

    public RewardBook rewardBook() {
        return new RewardBook(rewardDebt, rewardEntitled);
    }

    /** The rewards module's write to this position's book. */
    public void setRewardBook(RewardBook book) {
        rewardDebt = book.debt();
        rewardEntitled = book.entitled();
    }

    void pushPending(PendingUnstake p) {
        if (pending == null) pending = new ArrayList<>(2);
        pending.add(p);
    }

    void dropOldestPending(int count) {
        pending.subList(0, count).clear();
        if (pending.isEmpty()) pending = null;
    }
}
