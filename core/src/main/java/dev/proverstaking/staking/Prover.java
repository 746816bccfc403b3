package dev.proverstaking.staking;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.AddressIndex;
import dev.proverstaking.common.AddressTable;
import dev.proverstaking.common.TableReads;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.statehash.JournaledRecord;
import dev.proverstaking.statehash.RecordKind;
import dev.proverstaking.statehash.RecordOutput;
import dev.proverstaking.statehash.StateJournal;
import java.util.Iterator;

/**
 * A registered prover: its lifecycle state, its shares and scale, and its positions. The rewards
 * module keeps its own book for it, by {@link #number()}.
 *
 * <p>Invariants: {@code totalRawShares} = sum of its positions' raw shares;
 * {@code pendingRawShares} = sum of their pending unstakes' raw shares; {@code stakerCount} = the
 * positions with raw shares &gt; 0 (the design's enumerable staker set, listed in address order
 * through {@link #positionsAfter}); {@code 1e17 < scale <= 1e18}, non-increasing.
 *
 * <p>What the emission weighs a prover by (its state, active raw shares and scale) changes only
 * through {@link #setState}, {@link #setTotalRawShares} and {@link #setScale}, which record the
 * prover in its module's {@link WeightChanges}: a transition cannot change a weight unnoticed.
 *
 * <p>A record of the state hash ({@link RecordKind#PROVER}): every setter of a field it holds tells
 * the {@link StateJournal} first, and so do its positions' ({@link Stake}), which reach the journal
 * through its queues.
 */
public final class Prover implements JournaledRecord {
    private final Address address;
    private final int number;
    private final WeightChanges weightChanges;
    /** The state hash's journal, which this prover and its positions tell before they change. */
    final StateJournal journal;
    private ProverState state = ProverState.Active;
    private UInt256 minSelfStake;
    private UInt256 totalRawShares = UInt256.ZERO;
    private UInt256 pendingRawShares = UInt256.ZERO;
    private UInt256 scale = UInt256.WAD;
    private int stakerCount;
    /** Whether it is in {@link #weightChanges} already (so that it is listed once). */
    boolean weightChangeListed;
    /** Whether it is in {@link #journal} since its last flush (the journal's mark, not state). */
    private boolean inJournal;
    private final AddressTable<Stake> stakes = new AddressTable<>();
    private final AddressIndex<Stake> stakesByAddress = new AddressIndex<>();
    /** The pending-unstake queues of its positions. */
    private final PendingQueues pendingQueues;

    Prover(Address address, int number, UInt256 minSelfStake, WeightChanges weightChanges, StateJournal journal) {
        this.address = address;
        this.number = number;
        this.minSelfStake = minSelfStake;
        this.weightChanges = weightChanges;
        this.journal = journal;
        this.pendingQueues = new PendingQueues(this); // after the journal, which it copies
    }

    public Address address() {
        return address;
    }

    /** Its registration number: 0 for the first prover registered, then 1, 2, ... */
    public int number() {
        return number;
    }

    public ProverState state() {
        return state;
    }

    public UInt256 minSelfStake() {
        return minSelfStake;
    }

    public UInt256 totalRawShares() {
        return totalRawShares;
    }

    /** Raw shares waiting in unstake queues (slashable, not earning rewards). */
    public UInt256 pendingRawShares() {
        return pendingRawShares;
    }

    public UInt256 scale() {
        return scale;
    }

    /** Positions with active raw shares: the design's staker set. */
    public int stakerCount() {
        return stakerCount;
    }

    /** Every position ever opened, active or not. */
    public int positionCount() {
        return stakes.size();
    }

    /** The position of {@code staker}, or null if it never staked with this prover. */
    public Stake stakeOf(Address staker) {
        return stakes.get(staker);
    }

    /** Whether its table of positions holds {@code stake} (for the audit: its index and its table agree). */
    public boolean holds(Stake stake) {
        return stakes.holds(stake);
    }

    /** Adds the lookup of {@code staker}'s position to a batch read ahead. */
    public void enlistStake(Address staker, TableReads reads) {
        stakes.enlist(staker, reads);
    }

    public UInt256 selfRawShares() {
        Stake s = stakes.get(address);
        return s == null ? UInt256.ZERO : s.rawShares();
    }

    /** Its positions with stakers above {@code after} (all when null), in ascending staker order. */
    public Iterator<Stake> positionsAfter(Address after) {
        return stakesByAddress.after(after);
    }

    /** Blocks of its pending-queue pool in use: one per position with pending requests (an invariant). */
    public int pendingQueueBlocks() {
        return pendingQueues.blocksInUse();
    }

    // ---- writes: the staking module's transitions and snapshot restore only ----

    Stake openStake(Address staker) {
        Stake s = new Stake(staker, pendingQueues);
        stakes.add(s);
        stakesByAddress.add(s);
        journal.created(s);
        return s;
    }

    /**
     * Snapshot restore only: a position of {@code staker}, not yet in the table and index;
     * {@link #restorePositions} adds it with the others.
     */
    Stake newRestoredStake(Address staker) {
        return new Stake(staker, pendingQueues);
    }

    /**
     * Snapshot restore only: adds the positions made by {@link #newRestoredStake}, in strictly
     * ascending staker order, to the table and the index at once (a prover with none yet).
     */
    void restorePositions(Stake[] positions, int n) {
        stakesByAddress.addAllAscending(positions, n);
        stakes.addAll(positions, n);
    }

    /** Sets a position's raw shares, keeping the staker count. */
    void setShares(Stake stake, UInt256 shares) {
        boolean had = stake.hasShares();
        stake.setRawShares(shares);
        boolean has = stake.hasShares();
        if (had != has) stakerCount += has ? 1 : -1;
    }

    void setState(ProverState state) {
        if (this.state == state) return;
        journal.touch(this);
        this.state = state;
        weightChanges.add(this);
    }

    void setTotalRawShares(UInt256 totalRawShares) {
        if (this.totalRawShares.equals(totalRawShares)) return;
        journal.touch(this);
        this.totalRawShares = totalRawShares;
        weightChanges.add(this);
    }

    void setScale(UInt256 scale) {
        if (this.scale.equals(scale)) return;
        journal.touch(this);
        this.scale = scale;
        weightChanges.add(this);
    }

    void setPendingRawShares(UInt256 pendingRawShares) {
        journal.touch(this);
        this.pendingRawShares = pendingRawShares;
    }

    void setMinSelfStake(UInt256 minSelfStake) {
        journal.touch(this);
        this.minSelfStake = minSelfStake;
    }

    /** Snapshot restore: the fields as they were, which re-weighs nothing (the weight was restored too). */
    void restore(ProverState state, UInt256 totalRawShares, UInt256 pendingRawShares, UInt256 scale) {
        this.state = state;
        this.totalRawShares = totalRawShares;
        this.pendingRawShares = pendingRawShares;
        this.scale = scale;
    }

    // ---- the state hash ----

    /** {@link RecordKind#PROVER}: address, number, state, minSelfStake, totalRawShares, pendingRawShares, scale. */
    @Override
    public void encode(RecordOutput out) {
        out.kind(RecordKind.PROVER);
        out.address(address);
        out.i32(number);
        out.ordinal(state);
        out.uint(minSelfStake);
        out.uint(totalRawShares);
        out.uint(pendingRawShares);
        out.uint(scale);
    }

    @Override
    public boolean inJournal() {
        return inJournal;
    }

    @Override
    public void setInJournal(boolean in) {
        inJournal = in;
    }
}
