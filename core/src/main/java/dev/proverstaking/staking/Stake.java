package dev.proverstaking.staking;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.AddressKeyed;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.RewardBook;
import java.util.ArrayList;
import java.util.Arrays;
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
 * The pending queue is one {@code long[]} (no list, no request or number objects), so reaching
 * a request from its position is one dependent memory access, not four.
 */
public final class Stake extends AddressKeyed {
    public static final int MAX_PENDING_UNSTAKES = 10;

    // raw shares, reward debt and entitlement, four limbs each, least significant first
    private long raw0, raw1, raw2, raw3;
    private long debt0, debt1, debt2, debt3;
    private long ent0, ent1, ent2, ent3;
    /** Position in its prover's enumerable staker set while rawShares &gt; 0, else -1. */
    int stakerIndex = -1;
    /**
     * The pending unstakes, oldest first: {@code pending[0]} is their count, then
     * {@link #PENDING_WORDS} words per request (raw shares as four limbs, least significant
     * first, then the request time). Null while empty; grows to at most
     * {@link #MAX_PENDING_UNSTAKES} requests.
     */
    private long[] pending;

    private static final int PENDING_WORDS = 5;
    private static final int FIRST_PENDING_CAPACITY = 2;

    Stake(Address staker) {
        super(staker);
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
        return pending == null ? 0 : (int) pending[0];
    }

    /** The raw shares of the {@code index}-th oldest pending request. */
    public UInt256 pendingRawShares(int index) {
        int at = slot(index);
        return UInt256.ofLimbs(pending[at], pending[at + 1], pending[at + 2], pending[at + 3]);
    }

    /** When the {@code index}-th oldest pending request was made. */
    public long pendingRequestedAt(int index) {
        return pending[slot(index) + 4];
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

    private int slot(int index) {
        if (index < 0 || index >= pendingCount()) {
            throw new IndexOutOfBoundsException("pending request " + index + " of " + pendingCount());
        }
        return 1 + index * PENDING_WORDS;
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
        int n = pendingCount();
        if (n == MAX_PENDING_UNSTAKES) throw new IllegalStateException("pending queue full");
        if (pending == null) {
            pending = new long[1 + FIRST_PENDING_CAPACITY * PENDING_WORDS];
        } else if (pending.length < 1 + (n + 1) * PENDING_WORDS) {
            int capacity = Math.min(MAX_PENDING_UNSTAKES, 2 * n);
            pending = Arrays.copyOf(pending, 1 + capacity * PENDING_WORDS);
        }
        int at = 1 + n * PENDING_WORDS;
        pending[at] = rawShares.limb(0);
        pending[at + 1] = rawShares.limb(1);
        pending[at + 2] = rawShares.limb(2);
        pending[at + 3] = rawShares.limb(3);
        pending[at + 4] = requestedAt;
        pending[0] = n + 1;
    }

    /** Drops the {@code count} oldest requests; the queue keeps its array while it is not empty. */
    void dropOldestPending(int count) {
        int n = pendingCount();
        if (count < 0 || count > n) throw new IndexOutOfBoundsException("drop " + count + " of " + n);
        if (count == n) {
            pending = null;
            return;
        }
        System.arraycopy(pending, 1 + count * PENDING_WORDS, pending, 1, (n - count) * PENDING_WORDS);
        Arrays.fill(pending, 1 + (n - count) * PENDING_WORDS, 1 + n * PENDING_WORDS, 0L);
        pending[0] = n - count;
    }

    @Override
    public long warmth() {
        long[] q = pending;
        return super.warmth() ^ raw0 ^ ent3 ^ stakerIndex ^ (q == null ? 0 : q[0]);
    }
}
