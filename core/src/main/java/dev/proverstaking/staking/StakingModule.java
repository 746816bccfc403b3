package dev.proverstaking.staking;

import dev.proverstaking.common.GlobalParam;

import static dev.proverstaking.math.UInt256.ZERO;

import dev.proverstaking.access.Ownership;
import dev.proverstaking.common.Role;
import dev.proverstaking.access.Roles;
import dev.proverstaking.common.Address;
import dev.proverstaking.transition.ErrorCode;
import dev.proverstaking.transition.Event;
import dev.proverstaking.transition.EventSink;
import dev.proverstaking.transition.Rejected;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rewards.ProverRewards;
import dev.proverstaking.rewards.RewardsModule;
import dev.proverstaking.rounding.RewardBook;
import dev.proverstaking.rounding.RoundingRules;
import dev.proverstaking.token.Custody;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The design's ProverStaking: stake, two-phase unstake, O(1) slashing by scale, prover lifecycle
 * and administration. Holds staking tokens only, through its {@link Custody}.
 *
 * <p>Every transition has two phases. The check phase validates in the reference's order and
 * computes every new value; it may throw {@link Rejected} or
 * {@link dev.proverstaking.math.ArithmeticOverflow} and writes nothing. The effect phase, after the
 * line {@code // effects}, only assigns what was computed and cannot fail. So a failed operation
 * leaves no trace, and every operation is O(1) in the number of stakers (completion touches at
 * most {@link Stake#MAX_PENDING_UNSTAKES} requests).
 */
public final class StakingModule implements StakingView {
    private final StakingView view = new ReadOnly();
    public static final UInt256 SLASH_DENOMINATOR = UInt256.of(1_000_000);
    public static final UInt256 COMMISSION_DENOMINATOR = UInt256.of(10_000);
    /** At or below this scale (20%) an active prover is deactivated. */
    public static final UInt256 DEACTIVATION_SCALE = UInt256.of(200_000_000_000_000_000L);
    /** A slash that would bring the scale to this (10%) or below fails with ScaleTooLow. */
    public static final UInt256 MIN_SCALE_FLOOR = UInt256.of(100_000_000_000_000_000L);
    public static final UInt256 DEFAULT_UNSTAKE_DELAY = UInt256.of(7L * 24 * 3600);
    public static final UInt256 DEFAULT_MAX_SLASH = UInt256.of(500_000);

    private final RoundingRules rules;
    private final Custody custody;
    private final Ownership ownership;
    private final Roles roles;
    private final EventSink events;
    private final RewardsModule rewards;

    private UInt256 unstakeDelay = DEFAULT_UNSTAKE_DELAY;
    private UInt256 globalMinSelfStake;
    private UInt256 maxSlashPercentage = DEFAULT_MAX_SLASH;
    private UInt256 treasuryPool = ZERO;

    private final LinkedHashMap<Address, Prover> provers = new LinkedHashMap<>();
    private final LinkedHashSet<Address> activeProvers = new LinkedHashSet<>();

    public StakingModule(RoundingRules rules, Custody custody, Ownership ownership, Roles roles,
                         UInt256 globalMinSelfStake, RewardsModule rewards, EventSink events) {
        this.rules = rules;
        this.custody = custody;
        this.ownership = ownership;
        this.roles = roles;
        this.globalMinSelfStake = globalMinSelfStake;
        this.rewards = rewards;
        this.events = events;
    }

    // =====================================================================================
    // Provers and stakes
    // =====================================================================================

    /** {@code sender} registers as a prover and self-stakes {@code minSelfStake}; all or nothing. */
    public void initProver(Address sender, long now, UInt256 minSelfStake, UInt256 commissionRate) {
        Rejected.when(provers.containsKey(sender), ErrorCode.InvalidProverState);
        Rejected.when(commissionRate.gt(COMMISSION_DENOMINATOR), ErrorCode.InvalidCommission);
        Rejected.when(minSelfStake.lt(globalMinSelfStake), ErrorCode.GlobalMinSelfStakeNotMet);
        Prover prover = new Prover(sender, minSelfStake, new ProverRewards((int) commissionRate.longValueExact()));
        StakePlan plan = planStake(sender, prover, minSelfStake);
        // effects
        provers.put(sender, prover);
        activeProvers.add(sender);
        commitStake(plan, now);
        events.emit(new Event.ProverInitialized(sender, minSelfStake, prover.rewards().commissionRate()));
    }

    public void stake(Address sender, long now, Address proverAddress, UInt256 amount) {
        Rejected.when(amount.isZero(), ErrorCode.ZeroAmount);
        Prover prover = registered(proverAddress);
        StakePlan plan = planStake(sender, prover, amount);
        // effects
        commitStake(plan, now);
    }

    private record StakePlan(Prover prover, Address staker, Stake stake, UInt256 amount, UInt256 minted,
                             UInt256 newShares, UInt256 newTotal, RewardBook book) {}

    private StakePlan planStake(Address sender, Prover prover, UInt256 amount) {
        Rejected.when(amount.isZero(), ErrorCode.ZeroAmount);
        if (!sender.equals(prover.address())) {
            // delegations need an active prover with its own skin in the game; self-stake is always allowed
            Rejected.when(prover.state != ProverState.Active, ErrorCode.InvalidProverState);
            UInt256 selfEffective = Shares.effective(prover.selfRawShares(), prover.scale);
            Rejected.when(selfEffective.lt(prover.minSelfStake), ErrorCode.MinSelfStakeNotMet);
        }
        custody.checkCollect(sender, amount);
        UInt256 minted = Shares.fromAmount(amount, prover.scale);
        Stake stake = prover.stakeOf(sender);
        UInt256 oldShares = stake == null ? ZERO : stake.rawShares();
        UInt256 newShares = oldShares.add(minted);
        UInt256 newTotal = prover.totalRawShares.add(minted);
        RewardBook book = rewards.planSettle(prover, stake, oldShares, newShares);
        return new StakePlan(prover, sender, stake, amount, minted, newShares, newTotal, book);
    }

    private void commitStake(StakePlan plan, long now) {
        Prover prover = plan.prover;
        custody.collect(plan.staker, plan.amount);
        Stake stake = plan.stake != null ? plan.stake : prover.openStake(plan.staker);
        if (!stake.hasShares()) prover.addStaker(stake);
        stake.setRawShares(plan.newShares);
        prover.totalRawShares = plan.newTotal;
        stake.setRewardBook(plan.book);
        events.emit(new Event.Staked(plan.staker, prover.address(), plan.amount, plan.minted));
    }

    /** Start unstaking an effective {@code amount}: its raw shares move to the pending queue. */
    public void requestUnstake(Address sender, long now, Address proverAddress, UInt256 amount) {
        Rejected.when(amount.isZero(), ErrorCode.ZeroAmount);
        Prover prover = registered(proverAddress);
        Stake stake = prover.stakeOf(sender);
        requireQueueRoom(stake);
        UInt256 raw = Shares.fromAmount(amount, prover.scale);
        UnstakePlan plan = planUnstake(sender, prover, stake, raw, amount);
        // effects
        commitUnstake(plan, now);
    }

    /**
     * Start unstaking everything. {@code reference}: converts the stake to an effective amount
     * and back (which can leave raw shares worth 0); {@code solvent}: moves exactly all raw shares.
     */
    public void requestUnstakeAll(Address sender, long now, Address proverAddress) {
        Prover prover = registered(proverAddress);
        Stake stake = prover.stakeOf(sender);
        UInt256 shares = stake == null ? ZERO : stake.rawShares();
        UnstakePlan plan;
        if (rules.unstakeAllMovesExactShares()) {
            Rejected.when(shares.isZero(), ErrorCode.ZeroAmount);
            requireQueueRoom(stake);
            UInt256 amount = Shares.effective(shares, prover.scale);
            plan = planUnstake(sender, prover, stake, shares, amount);
        } else {
            UInt256 amount = Shares.effective(shares, prover.scale);
            Rejected.when(amount.isZero(), ErrorCode.ZeroAmount);
            requireQueueRoom(stake);
            UInt256 raw = Shares.fromAmount(amount, prover.scale);
            plan = planUnstake(sender, prover, stake, raw, amount);
        }
        // effects
        commitUnstake(plan, now);
    }

    private static void requireQueueRoom(Stake stake) {
        Rejected.when(stake != null && stake.pendingCount() >= Stake.MAX_PENDING_UNSTAKES,
                ErrorCode.TooManyPendingUnstakes);
    }

    private record UnstakePlan(Prover prover, Address staker, Stake stake, UInt256 raw, UInt256 amount,
                               UInt256 newShares, UInt256 newTotal, UInt256 newPending, boolean deactivate,
                               RewardBook book) {}

    private UnstakePlan planUnstake(Address sender, Prover prover, Stake stake, UInt256 raw, UInt256 amount) {
        UInt256 oldShares = stake == null ? ZERO : stake.rawShares();
        Rejected.when(oldShares.lt(raw), ErrorCode.InsufficientStake);
        UInt256 newShares = oldShares.sub(raw);
        boolean deactivate = false;
        if (sender.equals(prover.address())) {
            // a prover keeps its minimum self-stake unless it leaves entirely, which deactivates it
            UInt256 remaining = Shares.effective(newShares, prover.scale);
            if (!remaining.isZero()) {
                Rejected.when(remaining.lt(prover.minSelfStake), ErrorCode.MinSelfStakeNotMet);
            } else {
                deactivate = prover.state == ProverState.Active;
            }
        }
        UInt256 newTotal = prover.totalRawShares.sub(raw);
        UInt256 newPending = prover.pendingRawShares.add(raw);
        RewardBook book = rewards.planSettle(prover, stake, oldShares, newShares);
        return new UnstakePlan(prover, sender, stake, raw, amount, newShares, newTotal, newPending, deactivate, book);
    }

    private void commitUnstake(UnstakePlan plan, long now) {
        Prover prover = plan.prover;
        Stake stake = plan.stake;
        if (plan.deactivate) setState(prover, ProverState.Deactivated, now);
        stake.setRawShares(plan.newShares);
        prover.totalRawShares = plan.newTotal;
        prover.pendingRawShares = plan.newPending;
        if (plan.newShares.isZero()) prover.removeStaker(stake);
        stake.pushPending(plan.raw, now);
        stake.setRewardBook(plan.book);
        if (plan.deactivate) events.emit(new Event.ProverDeactivated(prover.address()));
        events.emit(new Event.UnstakeRequested(plan.staker, prover.address(), plan.amount, plan.raw));
    }

    /**
     * Pay out the sender's matured unstakes with {@code proverAddress}, oldest first, at the current
     * scale; stops at the first request not yet matured.
     */
    public void completeUnstake(Address sender, long now, Address proverAddress) {
        Prover prover = provers.get(proverAddress);
        Stake stake = prover == null ? null : prover.stakeOf(sender);
        int queued = stake == null ? 0 : stake.pendingCount();
        UInt256 payout = ZERO;
        UInt256 rawDone = ZERO;
        int done = 0;
        UInt256 nowU = UInt256.of(now);
        while (done < queued) {
            if (UInt256.of(stake.pendingRequestedAt(done)).add(unstakeDelay).gt(nowU)) break;
            UInt256 raw = stake.pendingRawShares(done);
            payout = payout.add(Shares.effective(raw, prover.scale));
            rawDone = rawDone.add(raw);
            done++;
        }
        Rejected.when(done == 0, ErrorCode.NoReadyUnstakes);
        if (!payout.isZero()) custody.checkPay(payout);
        UInt256 newPending = prover.pendingRawShares.sub(rawDone);
        // effects
        stake.dropOldestPending(done);
        prover.pendingRawShares = newPending;
        if (!payout.isZero()) custody.pay(sender, payout);
        events.emit(new Event.UnstakeCompleted(sender, prover.address(), payout));
    }

    /**
     * Slash every stake of a prover, active and pending, by {@code percentage} ppm: one scale
     * multiplication. The lost value goes to the staking treasury.
     */
    public void slash(Address sender, long now, Address proverAddress, UInt256 percentage) {
        roles.require(Role.SLASHER, sender);
        Prover prover = registered(proverAddress);
        Rejected.when(percentage.gt(maxSlashPercentage), ErrorCode.SlashTooHigh);
        UInt256 oldScale = prover.scale;
        UInt256 activeBefore = Shares.effective(prover.totalRawShares, oldScale);
        UInt256 newScale = oldScale.mul(SLASH_DENOMINATOR.sub(percentage)).div(SLASH_DENOMINATOR);
        Rejected.when(newScale.le(MIN_SCALE_FLOOR), ErrorCode.ScaleTooLow);
        UInt256 base = rules.slashedShares(prover.totalRawShares, prover.pendingRawShares);
        UInt256 before = base.equals(prover.totalRawShares) ? activeBefore : Shares.effective(base, oldScale);
        UInt256 slashed = before.sub(Shares.effective(base, newScale));
        UInt256 newTreasury = treasuryPool.add(slashed);
        boolean deactivate = newScale.le(DEACTIVATION_SCALE) && prover.state == ProverState.Active;
        // effects
        prover.scale = newScale;
        treasuryPool = newTreasury;
        if (deactivate) setState(prover, ProverState.Deactivated, now);
        if (deactivate) events.emit(new Event.ProverDeactivated(prover.address()));
        events.emit(new Event.ProverSlashed(prover.address(), percentage, slashed));
    }

    // =====================================================================================
    // Lifecycle
    // =====================================================================================

    /** Anyone may retire a prover that has no active stake and no unclaimed commission. */
    public void retireProver(Address sender, long now, Address proverAddress) {
        Prover prover = registered(proverAddress);
        Rejected.when(prover.state == ProverState.Retired, ErrorCode.InvalidProverState);
        Rejected.when(!prover.totalRawShares.isZero(), ErrorCode.ActiveStakesRemain);
        Rejected.when(!rewards.pendingCommission(prover).isZero(), ErrorCode.CommissionRemain);
        // effects
        setState(prover, ProverState.Retired, now);
        events.emit(new Event.ProverRetired(prover.address()));
    }

    /** A retired prover returns, if its scale is healthy and its self-stake meets both minimums. */
    public void unretireProver(Address sender, long now) {
        Prover prover = provers.get(sender);
        Rejected.when(prover == null || prover.state != ProverState.Retired, ErrorCode.InvalidProverState);
        requireFitToBeActive(prover);
        // effects
        setState(prover, ProverState.Active, now);
        events.emit(new Event.ProverUnretired(sender));
    }

    public void updateMinSelfStake(Address sender, long now, UInt256 amount) {
        Prover prover = registered(sender);
        Rejected.when(amount.lt(globalMinSelfStake), ErrorCode.GlobalMinSelfStakeNotMet);
        // effects
        prover.minSelfStake = amount;
        events.emit(new Event.MinSelfStakeUpdated(sender, amount));
    }

    public void deactivateProver(Address sender, long now, Address proverAddress) {
        ownership.requireOwner(sender);
        Prover prover = provers.get(proverAddress);
        Rejected.when(prover == null || prover.state != ProverState.Active, ErrorCode.InvalidProverState);
        // effects
        setState(prover, ProverState.Deactivated, now);
        events.emit(new Event.ProverDeactivated(proverAddress));
    }

    public void reactivateProver(Address sender, long now, Address proverAddress) {
        ownership.requireOwner(sender);
        Prover prover = provers.get(proverAddress);
        Rejected.when(prover == null || prover.state != ProverState.Deactivated, ErrorCode.InvalidProverState);
        requireFitToBeActive(prover);
        // effects
        setState(prover, ProverState.Active, now);
        events.emit(new Event.ProverReactivated(proverAddress));
    }

    private void requireFitToBeActive(Prover prover) {
        Rejected.when(prover.scale.le(DEACTIVATION_SCALE), ErrorCode.InvalidScale);
        UInt256 selfEffective = Shares.effective(prover.selfRawShares(), prover.scale);
        Rejected.when(selfEffective.lt(prover.minSelfStake), ErrorCode.MinSelfStakeNotMet);
        Rejected.when(selfEffective.lt(globalMinSelfStake), ErrorCode.GlobalMinSelfStakeNotMet);
    }

    /** Effect: the one place a prover's state changes, keeping the active set in step. */
    private void setState(Prover prover, ProverState state, long now) {
        if (prover.state == state) return;
        prover.state = state;
        if (state == ProverState.Active) activeProvers.add(prover.address());
        else activeProvers.remove(prover.address());
    }

    // =====================================================================================
    // Administration (owner)
    // =====================================================================================

    public void setGlobalParam(Address sender, GlobalParam param, UInt256 value) {
        ownership.requireOwner(sender);
        // effects
        switch (param) {
            case UnstakeDelay -> unstakeDelay = value;
            case GlobalMinSelfStake -> globalMinSelfStake = value;
            case MaxSlashPercentage -> maxSlashPercentage = value;
        }
        events.emit(new Event.GlobalParamUpdated(param, value));
    }

    public void withdrawFromTreasuryPool(Address sender, Address to, UInt256 amount) {
        ownership.requireOwner(sender);
        Rejected.when(to.isZero(), ErrorCode.InvalidArg);
        Rejected.when(amount.isZero(), ErrorCode.ZeroAmount);
        Rejected.when(amount.gt(treasuryPool), ErrorCode.TreasuryInsufficient);
        custody.checkPay(amount);
        // effects
        treasuryPool = treasuryPool.sub(amount);
        custody.pay(to, amount);
        events.emit(new Event.TreasuryPoolWithdrawn(custody.owner(), to, amount));
    }

    // =====================================================================================
    // Snapshot restore
    // =====================================================================================

    /**
     * Snapshot restore only ({@link StakingSnapshot}): the whole state of a freshly built ledger's
     * module that no transaction touched yet. {@code provers} in registration order, {@code active}
     * in the active set's order; the caller checked that they agree.
     */
    void restore(UInt256 unstakeDelay, UInt256 globalMinSelfStake, UInt256 maxSlashPercentage,
                 UInt256 treasuryPool, List<Prover> provers, List<Address> active) {
        if (!this.provers.isEmpty() || !this.activeProvers.isEmpty()) {
            throw new IllegalStateException("restore into a staking module in use");
        }
        this.unstakeDelay = unstakeDelay;
        this.globalMinSelfStake = globalMinSelfStake;
        this.maxSlashPercentage = maxSlashPercentage;
        this.treasuryPool = treasuryPool;
        for (Prover p : provers) this.provers.put(p.address(), p);
        this.activeProvers.addAll(active);
    }

    // =====================================================================================
    // Views
    // =====================================================================================

    @Override
    public Prover prover(Address address) {
        return provers.get(address);
    }

    private Prover registered(Address address) {
        Prover p = provers.get(address);
        Rejected.when(p == null, ErrorCode.ProverNotRegistered);
        return p;
    }

    /** Registered provers in registration order. Read-only. */
    public List<Prover> allProvers() {
        return Collections.unmodifiableList(new ArrayList<>(provers.values()));
    }

    /** Addresses of active provers. Read-only. */
    public Set<Address> activeProvers() {
        return Collections.unmodifiableSet(activeProvers);
    }

    public int proverCount() {
        return provers.size();
    }

    public UInt256 unstakeDelay() {
        return unstakeDelay;
    }

    public UInt256 globalMinSelfStake() {
        return globalMinSelfStake;
    }

    public UInt256 maxSlashPercentage() {
        return maxSlashPercentage;
    }

    public UInt256 treasuryPool() {
        return treasuryPool;
    }

    /** The owner's administration of this module: transitions only, through the ledger. */
    public Ownership ownership() {
        return ownership;
    }

    /** Role administration: transitions only, through the ledger. */
    public Roles roles() {
        return roles;
    }

    @Override
    public Address owner() {
        return ownership.owner();
    }

    @Override
    public boolean hasRole(Role role, Address account) {
        return roles.has(role, account);
    }

    @Override
    public Set<Address> roleHolders(Role role) {
        return roles.holders(role);
    }

    public UInt256 custodyBalance() {
        return custody.balance();
    }

    /** Whether a pending request can complete at {@code now} (false if its maturity overflows). */
    public boolean isReady(PendingUnstake p, long now) {
        UInt256 requestedAt = UInt256.of(p.requestedAt());
        // a maturity beyond 2^256 - 1 is never reached (completion reports ArithmeticOverflow)
        return UInt256.MAX.sub(unstakeDelay).ge(requestedAt) && requestedAt.add(unstakeDelay).le(UInt256.of(now));
    }

    /**
     * The reference's isProverEligible: active, minimum self-stake at or above the global one,
     * total effective stake at least {@code minimumTotalStake}, and self-stake meeting its minimum.
     */
    public boolean isProverEligible(Address proverAddress, UInt256 minimumTotalStake) {
        Prover p = provers.get(proverAddress);
        if (p == null || p.state != ProverState.Active) return false;
        if (p.minSelfStake.lt(globalMinSelfStake)) return false;
        if (Shares.effectiveView(p.totalRawShares, p.scale).lt(minimumTotalStake)) return false;
        return Shares.effectiveView(p.selfRawShares(), p.scale).ge(p.minSelfStake);
    }

    /**
     * The rewards module's write to a position's reward book (a withdrawal settles it). Public for
     * the rewards module, which holds this module (linked by the ledger); nobody else does, the
     * ledger handing out only {@link #view}.
     */
    public void writeRewardBook(Stake stake, RewardBook book) {
        stake.setRewardBook(book);
    }

    /**
     * This module, read only, as an object that is not this module: the ledger hands out only
     * this, so a caller cannot cast its way to the transitions (which must be public for the
     * ledger) and change state outside {@link dev.proverstaking.ledger.Ledger#apply}.
     */
    public StakingView view() {
        return view;
    }

    private final class ReadOnly implements StakingView {
        @Override
        public Prover prover(Address address) {
            return StakingModule.this.prover(address);
        }

        @Override
        public List<Prover> allProvers() {
            return StakingModule.this.allProvers();
        }

        @Override
        public Set<Address> activeProvers() {
            return StakingModule.this.activeProvers();
        }

        @Override
        public int proverCount() {
            return StakingModule.this.proverCount();
        }

        @Override
        public UInt256 unstakeDelay() {
            return unstakeDelay;
        }

        @Override
        public UInt256 globalMinSelfStake() {
            return globalMinSelfStake;
        }

        @Override
        public UInt256 maxSlashPercentage() {
            return maxSlashPercentage;
        }

        @Override
        public UInt256 treasuryPool() {
            return treasuryPool;
        }

        @Override
        public Address owner() {
            return StakingModule.this.owner();
        }

        @Override
        public boolean hasRole(Role role, Address account) {
            return StakingModule.this.hasRole(role, account);
        }

        @Override
        public Set<Address> roleHolders(Role role) {
            return StakingModule.this.roleHolders(role);
        }

        @Override
        public UInt256 custodyBalance() {
            return StakingModule.this.custodyBalance();
        }

        @Override
        public boolean isReady(PendingUnstake request, long now) {
            return StakingModule.this.isReady(request, now);
        }

        @Override
        public boolean isProverEligible(Address prover, UInt256 minimumTotalStake) {
            return StakingModule.this.isProverEligible(prover, minimumTotalStake);
        }
    }
}
