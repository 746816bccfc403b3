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
 * uint256 quantities are held as primitive limbs inline, not as objects, and of each quantity
 * only the low 128 bits, with the high limbs in a side array that exists only for a position
 * whose numbers ever needed them; accessors convert. Smaller is faster here too: at a million
 * positions a position is read from memory, and 96 bytes are two cache lines for most
 * positions where 144 were three.
 * The pending queue is a block of primitive words in its prover's {@link PendingQueues} (no list,
 * no request or number objects), addressed by an {@code int}: see there why not an array.
 */
public final class Stake extends AddressKeyed {
    public static final int MAX_PENDING_UNSTAKES = 10;

    // raw shares, reward debt and entitlement: their low 128 bits inline, least significant limb
    // first; their high 128 bits in `high`, which stays null while all three fit in 128 bits
    private long raw0, raw1;
    private long debt0, debt1;
    private long ent0, ent1;
    /**
     * The high limbs (2 and 3) of raw shares, debt and entitlement, in that order; null while
     * they are all zero, which is every real position (10^9 tokens of 10^18 units is 2^90). Kept
     * once allocated: a quantity that grew past 2^128 once may again.
     */
    private long[] high;
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
        return quantity(raw0, raw1, RAW);
    }

    boolean hasShares() {
        long[] h = high;
        return (raw0 | raw1) != 0 || h != null && (h[RAW] | h[RAW + 1]) != 0;
    }

    void setRawShares(UInt256 v) {
        raw0 = v.limb(0);
        raw1 = v.limb(1);
        setHigh(RAW, v);
    }

    private static final int RAW = 0, DEBT = 2, ENT = 4;

    /** Stores limbs 2 and 3 of {@code v} at {@code at} in {@link #high}, allocating it only if they are not zero. */
    private void setHigh(int at, UInt256 v) {
        long l2 = v.limb(2), l3 = v.limb(3);
        long[] h = high;
        if (h == null) {
            if ((l2 | l3) == 0) return;
            high = h = new long[6];
        }
        h[at] = l2;
        h[at + 1] = l3;
    }

    private UInt256 quantity(long l0, long l1, int at) {
        long[] h = high;
        return h == null ? UInt256.ofLimbs(l0, l1, 0, 0) : UInt256.ofLimbs(l0, l1, h[at], h[at + 1]);
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
        long[] h = high;
        if ((debt0 | debt1 | ent0 | ent1) == 0 && (h == null || (h[DEBT] | h[DEBT + 1] | h[ENT] | h[ENT + 1]) == 0)) {
            return RewardBook.EMPTY;
        }
        return new RewardBook(quantity(debt0, debt1, DEBT), quantity(ent0, ent1, ENT));
    }

    /** The rewards module's write to this position's book (the rewards module's only). */
    public void setRewardBook(RewardBook book) {
        UInt256 d = book.debt();
        UInt256 e = book.entitled();
        debt0 = d.limb(0);
        debt1 = d.limb(1);
        setHigh(DEBT, d);
        ent0 = e.limb(0);
        ent1 = e.limb(1);
        setHigh(ENT, e);
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
        return super.warmth() ^ raw0 ^ ent1 ^ stakerIndex ^ queues.length(pendingAt);
    }
}
