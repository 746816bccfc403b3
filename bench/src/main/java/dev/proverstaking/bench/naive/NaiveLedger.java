package dev.proverstaking.bench.naive;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The design the paper avoids, as a baseline for the benchmarks only: every staker's stake is an
 * explicit token amount and every staker's rewards an explicit balance, so that distributing a
 * reward or slashing a prover walks all of its stakers, O(n), where the real ledger moves one
 * accumulator or one scale, O(1). Same {@link UInt256} arithmetic, same constants, the reference's
 * rounding (each share floored; what the floors leave goes to the treasury as dust).
 *
 * <p>Only what the comparison needs: no tokens, no unstake queue, no access control, no events.
 */
public final class NaiveLedger {
    public static final UInt256 COMMISSION_DENOMINATOR = UInt256.of(10_000);
    public static final UInt256 SLASH_DENOMINATOR = UInt256.of(1_000_000);

    /** One (prover, staker) position: its stake and its unpaid rewards, both in tokens. */
    public static final class Position {
        private final Address staker;
        private UInt256 amount = UInt256.ZERO;
        private UInt256 rewards = UInt256.ZERO;

        Position(Address staker) {
            this.staker = staker;
        }

        public Address staker() {
            return staker;
        }

        public UInt256 amount() {
            return amount;
        }

        public UInt256 rewards() {
            return rewards;
        }
    }

    public static final class NaiveProver {
        private final Address address;
        private int commissionRate;
        private final ArrayList<Position> positions = new ArrayList<>();
        private final HashMap<Address, Position> byStaker = new HashMap<>();
        private UInt256 totalStake = UInt256.ZERO;
        private UInt256 pendingCommission = UInt256.ZERO;

        NaiveProver(Address address, int commissionRate) {
            this.address = address;
            this.commissionRate = commissionRate;
        }

        public Address address() {
            return address;
        }

        public UInt256 totalStake() {
            return totalStake;
        }

        public UInt256 pendingCommission() {
            return pendingCommission;
        }

        public int stakerCount() {
            return positions.size();
        }

        public List<Position> positions() {
            return java.util.Collections.unmodifiableList(positions);
        }
    }

    private final HashMap<Address, NaiveProver> provers = new HashMap<>();
    private UInt256 stakingTreasury = UInt256.ZERO;
    private UInt256 rewardsTreasury = UInt256.ZERO;

    /** Registers a prover, which self-stakes {@code selfStake}. */
    public NaiveProver initProver(Address prover, UInt256 selfStake, int commissionRate) {
        if (provers.containsKey(prover)) throw new IllegalStateException("already a prover: " + prover);
        NaiveProver p = new NaiveProver(prover, commissionRate);
        provers.put(prover, p);
        stake(prover, prover, selfStake);
        return p;
    }

    /** Adds {@code amount} tokens to a staker's stake. O(1). */
    public void stake(Address prover, Address staker, UInt256 amount) {
        NaiveProver p = prover(prover);
        Position pos = p.byStaker.get(staker);
        if (pos == null) {
            pos = new Position(staker);
            p.byStaker.put(staker, pos);
            p.positions.add(pos);
        }
        pos.amount = pos.amount.add(amount);
        p.totalStake = p.totalStake.add(amount);
    }

    /** Takes {@code amount} tokens out of a staker's stake at once (no queue). O(1). */
    public void unstake(Address prover, Address staker, UInt256 amount) {
        NaiveProver p = prover(prover);
        Position pos = p.byStaker.get(staker);
        if (pos == null || pos.amount.lt(amount)) throw new IllegalStateException("insufficient stake");
        pos.amount = pos.amount.sub(amount);
        p.totalStake = p.totalStake.sub(amount);
    }

    /**
     * Distributes a reward: commission to the prover, the rest to every staker in proportion to its
     * stake, each share floored, the remainder to the treasury. O(stakers).
     *
     * @return the part the stakers received
     */
    public UInt256 addRewards(Address prover, UInt256 amount) {
        NaiveProver p = prover(prover);
        UInt256 commission = amount.mul(UInt256.of(p.commissionRate)).div(COMMISSION_DENOMINATOR);
        UInt256 stakersReward = amount.sub(commission);
        p.pendingCommission = p.pendingCommission.add(commission);
        if (p.totalStake.isZero()) {
            p.pendingCommission = p.pendingCommission.add(stakersReward);
            return UInt256.ZERO;
        }
        UInt256 distributed = UInt256.ZERO;
        ArrayList<Position> all = p.positions;
        for (int i = 0, n = all.size(); i < n; i++) {
            Position pos = all.get(i);
            if (pos.amount.isZero()) continue;
            UInt256 share = stakersReward.mul(pos.amount).div(p.totalStake);
            pos.rewards = pos.rewards.add(share);
            distributed = distributed.add(share);
        }
        rewardsTreasury = rewardsTreasury.add(stakersReward.sub(distributed));
        return distributed;
    }

    /**
     * Slashes every stake of a prover by {@code ppm} parts per million, each floored; the lost
     * tokens go to the treasury. O(stakers).
     *
     * @return the tokens slashed
     */
    public UInt256 slash(Address prover, UInt256 ppm) {
        NaiveProver p = prover(prover);
        UInt256 keep = SLASH_DENOMINATOR.sub(ppm);
        UInt256 total = UInt256.ZERO;
        ArrayList<Position> all = p.positions;
        for (int i = 0, n = all.size(); i < n; i++) {
            Position pos = all.get(i);
            pos.amount = pos.amount.mul(keep).div(SLASH_DENOMINATOR);
            total = total.add(pos.amount);
        }
        UInt256 slashed = p.totalStake.sub(total);
        p.totalStake = total;
        stakingTreasury = stakingTreasury.add(slashed);
        return slashed;
    }

    /** Pays a staker's rewards (and the prover's commission when it is the prover). O(1). */
    public UInt256 withdrawRewards(Address prover, Address staker) {
        NaiveProver p = prover(prover);
        Position pos = p.byStaker.get(staker);
        UInt256 paid = pos == null ? UInt256.ZERO : pos.rewards;
        if (pos != null) pos.rewards = UInt256.ZERO;
        if (staker.equals(prover)) {
            paid = paid.add(p.pendingCommission);
            p.pendingCommission = UInt256.ZERO;
        }
        return paid;
    }

    public NaiveProver prover(Address prover) {
        NaiveProver p = provers.get(prover);
        if (p == null) throw new IllegalStateException("not a prover: " + prover);
        return p;
    }

    public UInt256 amountOf(Address prover, Address staker) {
        Position pos = prover(prover).byStaker.get(staker);
        return pos == null ? UInt256.ZERO : pos.amount;
    }

    public UInt256 rewardsOf(Address prover, Address staker) {
        Position pos = prover(prover).byStaker.get(staker);
        return pos == null ? UInt256.ZERO : pos.rewards;
    }

    public UInt256 stakingTreasury() {
        return stakingTreasury;
    }

    public UInt256 rewardsTreasury() {
        return rewardsTreasury;
    }
}
