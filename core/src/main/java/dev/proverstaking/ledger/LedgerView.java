package dev.proverstaking.ledger;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rewards.RewardsModule;
import dev.proverstaking.rewards.RewardsView;
import dev.proverstaking.staking.PendingUnstake;
import dev.proverstaking.staking.Prover;
import dev.proverstaking.staking.ProverState;
import dev.proverstaking.staking.Shares;
import dev.proverstaking.staking.Stake;
import dev.proverstaking.staking.StakingView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The read side of a ledger, as immutable values: the reference contracts' view functions.
 * Views never fail and never change anything; effective amounts are computed at full width.
 * Every view is O(1) in the number of stakers but {@link #stakers}, which is paged.
 */
public final class LedgerView {
    /** The largest page {@link #stakers} returns. */
    public static final int MAX_PAGE = 1000;

    private final Ledger ledger;
    private final long at;
    private final boolean live;

    /** Views at the ledger's current time, following it as it advances. */
    LedgerView(Ledger ledger) {
        this.ledger = ledger;
        this.at = 0;
        this.live = true;
    }

    LedgerView(Ledger ledger, long at) {
        this.ledger = ledger;
        this.at = at;
        this.live = false;
    }

    /** The time the views are computed at: time-based emission is projected to it. */
    public long time() {
        return live ? ledger.now() : Math.max(at, ledger.now());
    }

    public record ProverInfo(Address prover, ProverState state, UInt256 minSelfStake, UInt256 totalStaked,
                             UInt256 selfEffectiveStake, int stakerCount) {}

    public record PendingUnstakeInfo(UInt256 amount, UInt256 rawShares, long unstakeTime, boolean ready) {}

    /**
     * @param amount              effective active stake
     * @param totalPendingUnstake effective value of all pending requests
     * @param pendingRewards      withdrawable now: rewards, plus commission when the staker is the prover
     */
    public record StakeInfo(UInt256 amount, UInt256 totalPendingUnstake, List<PendingUnstakeInfo> pendingUnstakes,
                            UInt256 pendingRewards) {}

    public record ProverInternals(UInt256 totalRawShares, UInt256 pendingRawShares, UInt256 scale, int stakerCount) {}

    public record StakeInternals(UInt256 rawShares, UInt256 totalPendingRawShares) {}

    public record Eligibility(boolean eligible, UInt256 currentTotalStake) {}

    /**
     * @param pendingCommission    including the commission on its pending emission
     * @param accRewardPerRawShare including its pending emission
     * @param pendingEmission      its share of the emission not yet settled into the two above, in tokens
     * @param emissionWeight       its weight in the emission pool (effective active stake while Active)
     */
    public record ProverRewardInfo(int commissionRate, UInt256 pendingCommission, UInt256 accRewardPerRawShare,
                                   UInt256 pendingEmission, UInt256 emissionWeight) {}

    /** The emission pool at the view's time. */
    public record EmissionInfo(UInt256 ratePerSecond, UInt256 remainingBudget, UInt256 totalFunded,
                               UInt256 totalEmitted, UInt256 totalWeight) {}

    /** @param rewardDebt in the profile's unit: tokens ({@code reference}) or 1e-18 token ({@code solvent}) */
    public record StakerRewardInfo(UInt256 pendingRewards, UInt256 rewardDebt) {}

    /** A page of a prover's stakers (those with active stake), and how many there are in all. */
    public record StakerPage(List<Address> stakers, int offset, int total) {}

    public Optional<ProverInfo> prover(Address address) {
        Prover p = staking().prover(address);
        if (p == null) return Optional.empty();
        return Optional.of(new ProverInfo(address, p.state(), p.minSelfStake(),
                Shares.effectiveView(p.totalRawShares(), p.scale()),
                Shares.effectiveView(p.selfRawShares(), p.scale()), p.stakerCount()));
    }

    /** A position's stake; all zero when the staker never staked with the prover. */
    public StakeInfo stake(Address prover, Address staker) {
        Prover p = staking().prover(prover);
        Stake s = p == null ? null : p.stakeOf(staker);
        if (s == null) {
            UInt256 commission = p != null && prover.equals(staker)
                    ? rewardsModule().projection(p, time()).pendingCommission() : UInt256.ZERO;
            return new StakeInfo(UInt256.ZERO, UInt256.ZERO, List.of(), commission);
        }
        List<PendingUnstakeInfo> pending = new ArrayList<>(s.pendingCount());
        UInt256 pendingTotal = UInt256.ZERO;
        for (PendingUnstake u : s.pendingUnstakes()) {
            UInt256 amount = Shares.effectiveView(u.rawShares(), p.scale());
            pendingTotal = saturatingAdd(pendingTotal, amount);
            pending.add(new PendingUnstakeInfo(amount, u.rawShares(), u.requestedAt(), staking().isReady(u, time())));
        }
        UInt256 rewards = rewardsModule().pendingRewards(p, s, time());
        if (prover.equals(staker)) rewards = saturatingAdd(rewards, rewardsModule().projection(p, time()).pendingCommission());
        return new StakeInfo(Shares.effectiveView(s.rawShares(), p.scale()), pendingTotal, List.copyOf(pending), rewards);
    }

    public Optional<ProverInternals> proverInternals(Address prover) {
        Prover p = staking().prover(prover);
        if (p == null) return Optional.empty();
        return Optional.of(new ProverInternals(p.totalRawShares(), p.pendingRawShares(), p.scale(), p.stakerCount()));
    }

    public StakeInternals stakeInternals(Address prover, Address staker) {
        Prover p = staking().prover(prover);
        Stake s = p == null ? null : p.stakeOf(staker);
        if (s == null) return new StakeInternals(UInt256.ZERO, UInt256.ZERO);
        UInt256 pending = UInt256.ZERO;
        for (PendingUnstake u : s.pendingUnstakes()) pending = saturatingAdd(pending, u.rawShares());
        return new StakeInternals(s.rawShares(), pending);
    }

    /** The reference's isProverEligible(prover, minimumTotalStake). */
    public Eligibility eligibility(Address prover, UInt256 minimumTotalStake) {
        Prover p = staking().prover(prover);
        UInt256 total = p == null ? UInt256.ZERO : Shares.effectiveView(p.totalRawShares(), p.scale());
        return new Eligibility(staking().isProverEligible(prover, minimumTotalStake), total);
    }

    public Optional<ProverRewardInfo> proverRewards(Address prover) {
        Prover p = staking().prover(prover);
        if (p == null) return Optional.empty();
        RewardsModule.ProverProjection now = rewardsModule().projection(p, time());
        return Optional.of(new ProverRewardInfo(p.rewards().commissionRate(), now.pendingCommission(),
                now.accRewardPerRawShare(), now.pendingEmission(), p.rewards().emissionWeight()));
    }

    /** Settled and accrued rewards, commission excluded, and the reward debt. */
    public StakerRewardInfo stakerRewards(Address prover, Address staker) {
        Prover p = staking().prover(prover);
        Stake s = p == null ? null : p.stakeOf(staker);
        if (s == null) return new StakerRewardInfo(UInt256.ZERO, UInt256.ZERO);
        return new StakerRewardInfo(rewardsModule().pendingRewards(p, s, time()), s.rewardBook().debt());
    }

    public EmissionInfo emission() {
        RewardsModule.EmissionStatus e = rewardsModule().emissionAt(time());
        return new EmissionInfo(e.ratePerSecond(), e.budget(), e.totalFunded(), e.totalEmitted(), e.totalWeight());
    }

    /** Active provers, in the order they (last) became active. */
    public List<Address> activeProvers() {
        return List.copyOf(staking().activeProvers());
    }

    /** Every registered prover, in registration order. */
    public List<Address> allProvers() {
        return staking().allProvers().stream().map(Prover::address).toList();
    }

    /**
     * Up to {@code limit} (at most {@link #MAX_PAGE}) stakers of a prover from {@code offset}, in the
     * staker set's order (which changes when stakers leave: removal swaps in the last one).
     */
    public StakerPage stakers(Address prover, int offset, int limit) {
        if (offset < 0 || limit < 0) throw new IllegalArgumentException("offset and limit must be >= 0");
        Prover p = staking().prover(prover);
        if (p == null) return new StakerPage(List.of(), offset, 0);
        List<Address> page = p.stakersPage(offset, Math.min(limit, MAX_PAGE)).stream().map(Stake::staker).toList();
        return new StakerPage(page, offset, p.stakerCount());
    }

    private StakingView staking() {
        return ledger.staking();
    }

    private RewardsView rewardsModule() {
        return ledger.rewards();
    }

    private static UInt256 saturatingAdd(UInt256 a, UInt256 b) {
        return UInt256.MAX.sub(a).lt(b) ? UInt256.MAX : a.add(b);
    }
}
