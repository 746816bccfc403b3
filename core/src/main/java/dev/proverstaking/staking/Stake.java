package dev.proverstaking.staking;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.AddressKeyed;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.RewardBook;
import dev.proverstaking.statehash.JournaledRecord;
import dev.proverstaking.statehash.RecordKind;
import dev.proverstaking.statehash.RecordOutput;
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
 * uint256 quantities are held as primitive limbs inline, not as objects, and only as many limbs
 * as realistic amounts need, the rest in a side array that exists only for a position whose
 * numbers ever needed them; accessors convert. Smaller is faster here too: at a million
 * positions a position is read from memory, and 112 bytes are two or three cache lines where
 * 144 were three or four.
 * The pending queue is a block of primitive words in its prover's {@link PendingQueues} (no list,
 * no request or number objects), addressed by an {@code int}: see there why not an array.
 *
 * <p>A record of the state hash ({@link RecordKind#POSITION}, keyed by its prover's address and
 * its staker's): each of its writers tells the journal first, which it reaches through its
 * prover's queues (no field more: the mark it needs fits in the padding of the record's 112 bytes).
 */
public final class Stake extends AddressKeyed implements JournaledRecord {
    public static final int MAX_PENDING_UNSTAKES = 10;

    // raw shares: low 128 bits inline (10^9 tokens of 10^18 units is 2^90); reward debt and
    // entitlement: low 192 bits inline (the solvent profile keeps them undivided, in 1e-18 units,
    // so a position's rewards pass 2^128 at ~340 tokens; 2^192 is ~6e21 tokens). Least significant
    // limb first. The rest in `high`.
    private long raw0, raw1;
    private long debt0, debt1, debt2;
    private long ent0, ent1, ent2;
    /**
     * The limbs that do not fit inline, {@code [raw2, raw3, debt3, ent3]}; null while they are all
     * zero, which no realistic amount reaches. Kept once allocated: a quantity that needed it once
     * may again.
     */
    private long[] high;
    /** The handle of this position's pending unstakes in {@link #queues}, oldest first. */
    private int pendingAt = PendingQueues.NONE;
    /** Its prover's queues: stored once, while this record is new (no barrier cost later). */
    private final PendingQueues queues;
    /** Whether it is in the state hash's journal since its last flush (the journal's mark, not state). */
    private boolean inJournal;

    Stake(Address staker, PendingQueues queues) {
        super(staker);
        this.queues = queues;
    }

    public Address staker() {
        return key();
    }

    public UInt256 rawShares() {
        long[] h = high;
        return h == null ? UInt256.ofLimbs(raw0, raw1, 0, 0) : UInt256.ofLimbs(raw0, raw1, h[RAW2], h[RAW3]);
    }

    boolean hasShares() {
        long[] h = high;
        return (raw0 | raw1) != 0 || h != null && (h[RAW2] | h[RAW3]) != 0;
    }

    /** Through {@link Prover#setShares}, which keeps its staker count. */
    void setRawShares(UInt256 v) {
        queues.journal.touch(this);
        raw0 = v.limb(0);
        raw1 = v.limb(1);
        long l2 = v.limb(2), l3 = v.limb(3);
        if (high != null || (l2 | l3) != 0) {
            long[] h = highLimbs();
            h[RAW2] = l2;
            h[RAW3] = l3;
        }
    }

    private static final int RAW2 = 0, RAW3 = 1, DEBT3 = 2, ENT3 = 3;

    /** {@link #high}, allocated on first need. */
    private long[] highLimbs() {
        long[] h = high;
        return h != null ? h : (high = new long[4]);
    }

    // the quantities' limbs, least significant first, for the snapshot's encoding (no UInt256 each)

    long rawLimb(int i) {
        return i == 0 ? raw0 : i == 1 ? raw1 : high == null ? 0 : high[i == 2 ? RAW2 : RAW3];
    }

    long debtLimb(int i) {
        return i == 0 ? debt0 : i == 1 ? debt1 : i == 2 ? debt2 : high == null ? 0 : high[DEBT3];
    }

    long entitledLimb(int i) {
        return i == 0 ? ent0 : i == 1 ? ent1 : i == 2 ? ent2 : high == null ? 0 : high[ENT3];
    }

    public int pendingCount() {
        return queues.length(pendingAt);
    }

    /** The raw shares of the {@code index}-th oldest pending request. */
    public UInt256 pendingRawShares(int index) {
        int at = queues.request(pendingAt, index);
        long[] page = queues.page(pendingAt);
        return UInt256.ofLimbs(page[at], page[at + 1], page[at + 2], page[at + 3]);
    }

    /** When the {@code index}-th oldest pending request was made. */
    public long pendingRequestedAt(int index) {
        int at = queues.request(pendingAt, index);
        return queues.page(pendingAt)[at + 4];
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

    public RewardBook rewardBook() {
        long[] h = high;
        long d3 = h == null ? 0 : h[DEBT3], e3 = h == null ? 0 : h[ENT3];
        if ((debt0 | debt1 | debt2 | d3 | ent0 | ent1 | ent2 | e3) == 0) return RewardBook.EMPTY;
        return new RewardBook(UInt256.ofLimbs(debt0, debt1, debt2, d3), UInt256.ofLimbs(ent0, ent1, ent2, e3));
    }

    /**
     * Writes this position's reward book: the staking module's transitions, and the rewards module
     * through {@link PositionBooks}.
     */
    void setRewardBook(RewardBook book) {
        queues.journal.touch(this);
        UInt256 d = book.debt();
        UInt256 e = book.entitled();
        debt0 = d.limb(0);
        debt1 = d.limb(1);
        debt2 = d.limb(2);
        ent0 = e.limb(0);
        ent1 = e.limb(1);
        ent2 = e.limb(2);
        long d3 = d.limb(3), e3 = e.limb(3);
        if (high != null || (d3 | e3) != 0) {
            long[] h = highLimbs();
            h[DEBT3] = d3;
            h[ENT3] = e3;
        }
    }

    void pushPending(UInt256 rawShares, long requestedAt) {
        queues.journal.touch(this);
        pendingAt = queues.push(pendingAt, rawShares.limb(0), rawShares.limb(1), rawShares.limb(2),
                rawShares.limb(3), requestedAt);
    }

    /** Drops the {@code count} oldest requests. */
    void dropOldestPending(int count) {
        queues.journal.touch(this);
        pendingAt = queues.dropOldest(pendingAt, count);
    }

    /**
     * {@link RecordKind#POSITION}: prover address, staker address, raw shares, reward debt, reward
     * entitled, the pending requests oldest first (raw shares, request time).
     */
    @Override
    public void encode(RecordOutput out) {
        out.kind(RecordKind.POSITION);
        out.address(queues.prover.address());
        out.address(key());
        out.uint(rawLimb(0), rawLimb(1), rawLimb(2), rawLimb(3));
        out.uint(debtLimb(0), debtLimb(1), debtLimb(2), debtLimb(3));
        out.uint(entitledLimb(0), entitledLimb(1), entitledLimb(2), entitledLimb(3));
        int n = queues.length(pendingAt);
        out.count(n);
        if (n == 0) return;
        long[] page = queues.page(pendingAt);
        for (int i = 0; i < n; i++) {
            int at = queues.request(pendingAt, i);
            out.uint(page[at], page[at + 1], page[at + 2], page[at + 3]);
            out.i64(page[at + 4]);
        }
    }

    @Override
    public boolean inJournal() {
        return inJournal;
    }

    @Override
    public void setInJournal(boolean in) {
        inJournal = in;
    }

    @Override
    public long warmth() {
        return super.warmth() ^ raw0 ^ ent2 ^ queues.length(pendingAt);
    }
}
