package dev.proverstaking.staking;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.AddressTable;
import dev.proverstaking.common.TableReads;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rewards.ProverRewards;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A registered prover: its lifecycle state, its shares and scale, its positions, and (in
 * {@link #rewards()}) the rewards module's book for it.
 *
 * <p>Invariants: {@code totalRawShares} = sum of its positions' raw shares;
 * {@code pendingRawShares} = sum of their pending unstakes' raw shares; the staker set holds
 * exactly the positions with raw shares &gt; 0; {@code 1e17 < scale <= 1e18}, non-increasing.
 */
public final class Prover {
    private final Address address;
    ProverState state = ProverState.Active;
    UInt256 minSelfStake;
    UInt256 totalRawShares = UInt256.ZERO;
    UInt256 pendingRawShares = UInt256.ZERO;
    UInt256 scale = UInt256.WAD;
    private final AddressTable<Stake> stakes = new AddressTable<>();
    /** The pending-unstake queues of its positions. */
    private final PendingQueues pendingQueues = new PendingQueues();
    /** The design's enumerable staker set: swap-and-pop removal, O(1) both ways, pageable. */
    private final ArrayList<Stake> stakers = new ArrayList<>();
    private final ProverRewards rewards;

    Prover(Address address, UInt256 minSelfStake, ProverRewards rewards) {
        this.address = address;
        this.minSelfStake = minSelfStake;
        this.rewards = rewards;
    }

    public Address address() {
        return address;
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

    public ProverRewards rewards() {
        return rewards;
    }

    /** The position of {@code staker}, or null if it never staked with this prover. */
    public Stake stakeOf(Address staker) {
        return stakes.get(staker);
    }

    /** Adds the lookup of {@code staker}'s position to a batch read ahead. */
    public void enlistStake(Address staker, TableReads reads) {
        stakes.enlist(staker, reads);
    }

    public UInt256 selfRawShares() {
        Stake s = stakes.get(address);
        return s == null ? UInt256.ZERO : s.rawShares();
    }

    public int stakerCount() {
        return stakers.size();
    }

    /** Stakers with active shares, in the set's order, from {@code offset}, at most {@code limit}. */
    public List<Stake> stakersPage(int offset, int limit) {
        if (offset < 0 || limit < 0) throw new IllegalArgumentException("negative offset or limit");
        int from = Math.min(offset, stakers.size());
        int to = (int) Math.min((long) from + limit, stakers.size());
        return Collections.unmodifiableList(new ArrayList<>(stakers.subList(from, to)));
    }

    /** Every position ever opened, active or not. Read-only; for dumps and invariant checks. */
    public Map<Address, Stake> positions() {
        return stakes.asMap(s -> s);
    }

    Stake openStake(Address staker) {
        Stake s = new Stake(staker, pendingQueues);
        stakes.add(s);
        return s;
    }

    /** Blocks of its pending-queue pool in use: one per position with pending requests (an invariant). */
    public int pendingQueueBlocks() {
        return pendingQueues.blocksInUse();
    }

    void addStaker(Stake s) {
        s.stakerIndex = stakers.size();
        stakers.add(s);
    }

    void removeStaker(Stake s) {
        int i = s.stakerIndex;
        Stake last = stakers.remove(stakers.size() - 1);
        if (last != s) {
            stakers.set(i, last);
            last.stakerIndex = i;
        }
        s.stakerIndex = -1;
    }
}
