package dev.proverstaking.staking;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.AddressKeyed;
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
 *
 * <p>Compact by design (a million of these is normal): the staker's address and the three
 * uint256 quantities are held as primitive limbs inline, not as objects; accessors convert.
 * The pending queue is a block of primitive words in its prover's {@link PendingQueues} (no list,
 * no request or number objects), addressed by an {@code int}: see there why not an array.
 */
public final class Stake extends AddressKeyed {
    public static final int MAX_PENDING_UNSTAKES = 10;

    // raw shares, reward debt and entitlement, four limbs each, least significant first
    private long raw0, raw1, raw2, raw3;
    private long debt0, debt1, debt2, debt3;
    private long ent0, ent1, ent2, ent3;
    /** Position in its prover's enumerable staker set while rawShares &gt; 0, else -1. */
    int stakerIndex = -1;
    /** The handle of this position's pending unstakes in {@link #queues}, oldest first. */
    private int pendingAt = PendingQueues.NONE;
    /** Its prover's queues: stored once, while this record is new (no barrier cost later). */
    private final PendingQueues queues;

    Stake(Address staker, PendingQueues queues) {
        super(staker);
        this.queues = queues;
    }

    public Address staker() {
        return key();
    }

    public UInt256 rawShares() {
        return UInt256.ofLimbs(raw0, raw1, raw2, raw3);
    }

    boolean hasShares() {
        return (raw0 | raw1 | raw2 | raw3) != 0;
    }

    void setRawShares(UInt256 v) {
        raw0 = v.limb(0);
        raw1 = v.limb(1);
        raw2 = v.limb(2);
        raw3 = v.limb(3);
    }

    public int pendingCount() {
        return queues.length(pendingAt);
    }

    /** The raw shares of the {@code index}-th oldest pending request. */
    public UInt256 pendingRawShares(int index) {
        int at = word(index);
        return UInt256.ofLimbs(queues.word(pendingAt, at), queues.word(pendingAt, at + 1),
                queues.word(pendingAt, at + 2), queues.word(pendingAt, at + 3));
    }

    /** When the {@code index}-th oldest pending request was made. */
    public long pendingRequestedAt(int index) {
        return queues.word(pendingAt, word(index) + 4);
    }

    public PendingUnstake pending(int index) {
        return new PendingUnstake(pendingRawShares(index), pendingRequestedAt(index));
    }

    public List<PendingUnstake> pendingUnstakes() {
        int n = pendingCount();
        if (n == 0) return List.of();
        List<PendingUnstake> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(pending(i));
        return Collections.unmodifiableList(out);
    }

    private int word(int index) {
        if (index < 0 || index >= pendingCount()) {
            throw new IndexOutOfBoundsException("pending request " + index + " of " + pendingCount());
        }
        return 1 + index * PendingQueues.REQUEST_WORDS;
    }

    public RewardBook rewardBook() {
        if ((debt0 | debt1 | debt2 | debt3 | ent0 | ent1 | ent2 | ent3) == 0) return RewardBook.EMPTY;
        return new RewardBook(UInt256.ofLimbs(debt0, debt1, debt2, debt3), UInt256.ofLimbs(ent0, ent1, ent2, ent3));
    }

    /** The rewards module's write to this position's book (the rewards module's only). */
    public void setRewardBook(RewardBook book) {
        UInt256 d = book.debt();
        UInt256 e = book.entitled();
        debt0 = d.limb(0);
        debt1 = d.limb(1);
        debt2 = d.limb(2);
        debt3 = d.limb(3);
        ent0 = e.limb(0);
        ent1 = e.limb(1);
        ent2 = e.limb(2);
        ent3 = e.limb(3);
    }

    void pushPending(UInt256 rawShares, long requestedAt) {
        pendingAt = queues.push(pendingAt, rawShares.limb(0), rawShares.limb(1), rawShares.limb(2),
                rawShares.limb(3), requestedAt);
    }

    /** Drops the {@code count} oldest requests. */
    void dropOldestPending(int count) {
        pendingAt = queues.dropOldest(pendingAt, count);
    }

    @Override
    public long warmth() {
        return super.warmth() ^ raw0 ^ ent3 ^ stakerIndex ^ queues.length(pendingAt);
    }
}
