package dev.proverstaking.staking;

import static dev.proverstaking.math.UInt256.ZERO;

import dev.proverstaking.access.Ownership;
import dev.proverstaking.access.Roles;
import dev.proverstaking.common.Address;
import dev.proverstaking.common.GlobalParam;
import dev.proverstaking.common.Role;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.RewardBook;
import dev.proverstaking.rounding.RoundingRules;
import dev.proverstaking.statehash.StateJournal;
import dev.proverstaking.token.Custody;
import dev.proverstaking.transition.Effects;
import dev.proverstaking.transition.ErrorCode;
import dev.proverstaking.transition.Event;
import dev.proverstaking.transition.EventSink;
import dev.proverstaking.transition.Rejected;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/**
 * The design's ProverStaking: stake, two-phase unstake, O(1) slashing by scale, prover lifecycle
 * and administration. Holds staking tokens only, through its {@link Custody}; asks the rewards
 * module for no more than {@link RewardSettlement}.
 *
 * <p>Every transition has two phases. The check phase validates in the reference's order and
 * computes every new value; it may throw {@link Rejected} or
 * {@link dev.proverstaking.math.ArithmeticOverflow} and writes nothing. Then {@link Effects#begin}
 * marks the start of the effect phase, which only assigns what was computed and cannot fail. So a
 * refused operation leaves no trace, and every operation is O(1) in the number of stakers
 * (completion touches at most {@link Stake#MAX_PENDING_UNSTAKES} requests).
 *
 * <p>Every prover a transition works on is looked up through {@link #registered} or
 * {@link #settled}, which settle its rewards first ({@link RewardSettlement#settleProver}).
 */
public final class StakingModule implements ProverDirectory {
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
    private final Effects effects;
    private final StateJournal journal;
    private final WeightChanges weightChanges = new WeightChanges();
    private final PositionBooks positionBooks = new PositionBooks();
    private RewardSettlement rewards;

    private UInt256 unstakeDelay = DEFAULT_UNSTAKE_DELAY;
    private UInt256 globalMinSelfStake;
    private UInt256 maxSlashPercentage = DEFAULT_MAX_SLASH;
    private UInt256 treasuryPool = ZERO;

    private final HashMap<Address, Prover> provers = new HashMap<>();
    /** The provers by registration number. */
    private final ArrayList<Prover> byNumber = new ArrayList<>();
    /** The provers in address order, for pages. */
    private final TreeMap<Address, Prover> byAddress = new TreeMap<>();

    public StakingModule(RoundingRules rules, Custody custody, Ownership ownership, Roles roles,
                         UInt256 globalMinSelfStake, EventSink events, Effects effects, StateJournal journal) {
        this.rules = rules;
        this.custody = custody;
        this.ownership = ownership;
        this.roles = roles;
        this.globalMinSelfStake = globalMinSelfStake;
        this.events = events;
        this.effects = effects;
        this.journal = journal;
    }

    /** Links the rewards module (the design's deployment step); once, before any transition. */
    public void link(RewardSettlement rewards) {
        if (this.rewards != null) throw new IllegalStateException("already linked");
        this.rewards = rewards;
    }

    // =====================================================================================
    // Provers and stakes
    // =====================================================================================

    /** {@code sender} registers as a prover and self-stakes {@code minSelfStake}; all or nothing. */
    public void initProver(Address sender, long now, UInt256 minSelfStake, UInt256 commissionRate) {
        Rejected.when(provers.containsKey(sender), ErrorCode.InvalidProverState);
        Rejected.when(commissionRate.gt(COMMISSION_DENOMINATOR), ErrorCode.InvalidCommission);
        Rejected.when(minSelfStake.lt(globalMinSelfStake), ErrorCode.GlobalMinSelfStakeNotMet);
        int rate = (int) commissionRate.longValueExact();
        Prover prover = new Prover(sender, byNumber.size(), minSelfStake, weightChanges, journal);
        StakePlan plan = planStake(sender, prover, minSelfStake);
        effects.begin();
        journal.created(prover);
        provers.put(sender, prover);
        byNumber.add(prover);
        byAddress.put(sender, prover);
        rewards.initProverRewards(prover, rate);
        commitStake(plan);
        events.emit(new Event.ProverInitialized(sender, minSelfStake, rate));
    }

    public void stake(Address sender, long now, Address proverAddress, UInt256 amount) {
        Rejected.when(amount.isZero(), ErrorCode.ZeroAmount);
        Prover prover = registered(proverAddress);
        StakePlan plan = planStake(sender, prover, amount);
        effects.begin();
        commitStake(plan);
    }

    private record StakePlan(Prover prover, Address staker, Stake stake, UInt256 amount, UInt256 minted,
                             UInt256 newShares, UInt256 newTotal, RewardBook book) {}

    private StakePlan planStake(Address sender, Prover prover, UInt256 amount) {
        Rejected.when(amount.isZero(), ErrorCode.ZeroAmount);
        if (!sender.equals(prover.address())) {
            // delegations need an active prover with its own skin in the game; self-stake is always allowed
            Rejected.when(prover.state() != ProverState.Active, ErrorCode.InvalidProverState);
            UInt256 selfEffective = Shares.effective(prover.selfRawShares(), prover.scale());
            Rejected.when(selfEffective.lt(prover.minSelfStake()), ErrorCode.MinSelfStakeNotMet);
        }
        custody.checkCollect(sender, amount);
        UInt256 minted = Shares.fromAmount(amount, prover.scale());
        Stake stake = prover.stakeOf(sender);
        UInt256 oldShares = stake == null ? ZERO : stake.rawShares();
        UInt256 newShares = oldShares.add(minted);
        UInt256 newTotal = prover.totalRawShares().add(minted);
        RewardBook book = rewards.settleStaker(prover, stake, oldShares, newShares);
        return new StakePlan(prover, sender, stake, amount, minted, newShares, newTotal, book);
    }

    private void commitStake(StakePlan plan) {
        Prover prover = plan.prover;
        custody.collect(plan.staker, plan.amount);
        Stake stake = plan.stake != null ? plan.stake : prover.openStake(plan.staker);
        prover.setShares(stake, plan.newShares);
        prover.setTotalRawShares(plan.newTotal);
        stake.setRewardBook(plan.book);
        events.emit(new Event.Staked(plan.staker, prover.address(), plan.amount, plan.minted));
    }

    /** Start unstaking an effective {@code amount}: its raw shares move to the pending queue. */
    public void requestUnstake(Address sender, long now, Address proverAddress, UInt256 amount) {
        Rejected.when(amount.isZero(), ErrorCode.ZeroAmount);
        Prover prover = registered(proverAddress);
        Stake stake = prover.stakeOf(sender);
        requireQueueRoom(stake);
        UInt256 raw = Shares.fromAmount(amount, prover.scale());
        UnstakePlan plan = planUnstake(sender, prover, stake, raw, amount);
        effects.begin();
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
            UInt256 amount = Shares.effective(shares, prover.scale());
            plan = planUnstake(sender, prover, stake, shares, amount);
        } else {
            UInt256 amount = Shares.effective(shares, prover.scale());
            Rejected.when(amount.isZero(), ErrorCode.ZeroAmount);
            requireQueueRoom(stake);
            UInt256 raw = Shares.fromAmount(amount, prover.scale());
            plan = planUnstake(sender, prover, stake, raw, amount);
        }
        effects.begin();
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
            UInt256 remaining = Shares.effective(newShares, prover.scale());
            if (!remaining.isZero()) {
                Rejected.when(remaining.lt(prover.minSelfStake()), ErrorCode.MinSelfStakeNotMet);
            } else {
                deactivate = prover.state() == ProverState.Active;
            }
        }
        UInt256 newTotal = prover.totalRawShares().sub(raw);
        UInt256 newPending = prover.pendingRawShares().add(raw);
        RewardBook book = rewards.settleStaker(prover, stake, oldShares, newShares);
        return new UnstakePlan(prover, sender, stake, raw, amount, newShares, newTotal, newPending, deactivate, book);
    }

    private void commitUnstake(UnstakePlan plan, long now) {
        Prover prover = plan.prover;
        Stake stake = plan.stake;
        if (plan.deactivate) prover.setState(ProverState.Deactivated);
        prover.setShares(stake, plan.newShares);
        prover.setTotalRawShares(plan.newTotal);
        prover.setPendingRawShares(plan.newPending);
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
        Prover prover = settled(proverAddress);
        Stake stake = prover == null ? null : prover.stakeOf(sender);
        int queued = stake == null ? 0 : stake.pendingCount();
        UInt256 payout = ZERO;
        UInt256 rawDone = ZERO;
        int done = 0;
        UInt256 nowU = UInt256.of(now);
        while (done < queued) {
            if (UInt256.of(stake.pendingRequestedAt(done)).add(unstakeDelay).gt(nowU)) break;
            UInt256 raw = stake.pendingRawShares(done);
            payout = payout.add(Shares.effective(raw, prover.scale()));
            rawDone = rawDone.add(raw);
            done++;
        }
        Rejected.when(done == 0, ErrorCode.NoReadyUnstakes);
        if (!payout.isZero()) custody.checkPay(payout);
        UInt256 newPending = prover.pendingRawShares().sub(rawDone);
        effects.begin();
        stake.dropOldestPending(done);
        prover.setPendingRawShares(newPending);
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
        UInt256 oldScale = prover.scale();
        UInt256 activeBefore = Shares.effective(prover.totalRawShares(), oldScale);
        UInt256 newScale = oldScale.mul(SLASH_DENOMINATOR.sub(percentage)).div(SLASH_DENOMINATOR);
        Rejected.when(newScale.le(MIN_SCALE_FLOOR), ErrorCode.ScaleTooLow);
        UInt256 base = rules.slashedShares(prover.totalRawShares(), prover.pendingRawShares());
        UInt256 before = base.equals(prover.totalRawShares()) ? activeBefore : Shares.effective(base, oldScale);
        UInt256 slashed = before.sub(Shares.effective(base, newScale));
        UInt256 newTreasury = treasuryPool.add(slashed);
        boolean deactivate = newScale.le(DEACTIVATION_SCALE) && prover.state() == ProverState.Active;
        effects.begin();
        prover.setScale(newScale);
        treasuryPool = newTreasury;
        if (deactivate) prover.setState(ProverState.Deactivated);
        if (deactivate) events.emit(new Event.ProverDeactivated(prover.address()));
        events.emit(new Event.ProverSlashed(prover.address(), percentage, slashed));
    }

    // =====================================================================================
    // Lifecycle
    // =====================================================================================

    /** Anyone may retire a prover that has no active stake and no unclaimed commission. */
    public void retireProver(Address sender, long now, Address proverAddress) {
        Prover prover = registered(proverAddress);
        Rejected.when(prover.state() == ProverState.Retired, ErrorCode.InvalidProverState);
        Rejected.when(!prover.totalRawShares().isZero(), ErrorCode.ActiveStakesRemain);
        Rejected.when(!rewards.pendingCommission(prover).isZero(), ErrorCode.CommissionRemain);
        effects.begin();
        prover.setState(ProverState.Retired);
        events.emit(new Event.ProverRetired(prover.address()));
    }

    /** A retired prover returns, if its scale is healthy and its self-stake meets both minimums. */
    public void unretireProver(Address sender, long now) {
        Prover prover = settled(sender);
        Rejected.when(prover == null || prover.state() != ProverState.Retired, ErrorCode.InvalidProverState);
        requireFitToBeActive(prover);
        effects.begin();
        prover.setState(ProverState.Active);
        events.emit(new Event.ProverUnretired(sender));
    }

    public void updateMinSelfStake(Address sender, long now, UInt256 amount) {
        // the minimum self-stake does not enter the rewards: no settlement (registered() would settle)
        Prover prover = provers.get(sender);
        Rejected.when(prover == null, ErrorCode.ProverNotRegistered);
        Rejected.when(amount.lt(globalMinSelfStake), ErrorCode.GlobalMinSelfStakeNotMet);
        effects.begin();
        prover.setMinSelfStake(amount);
        events.emit(new Event.MinSelfStakeUpdated(sender, amount));
    }

    public void deactivateProver(Address sender, long now, Address proverAddress) {
        ownership.requireOwner(sender);
        Prover prover = settled(proverAddress);
        Rejected.when(prover == null || prover.state() != ProverState.Active, ErrorCode.InvalidProverState);
        effects.begin();
        prover.setState(ProverState.Deactivated);
        events.emit(new Event.ProverDeactivated(proverAddress));
    }

    public void reactivateProver(Address sender, long now, Address proverAddress) {
        ownership.requireOwner(sender);
        Prover prover = settled(proverAddress);
        Rejected.when(prover == null || prover.state() != ProverState.Deactivated, ErrorCode.InvalidProverState);
        requireFitToBeActive(prover);
        effects.begin();
        prover.setState(ProverState.Active);
        events.emit(new Event.ProverReactivated(proverAddress));
    }

    private void requireFitToBeActive(Prover prover) {
        Rejected.when(prover.scale().le(DEACTIVATION_SCALE), ErrorCode.InvalidScale);
        UInt256 selfEffective = Shares.effective(prover.selfRawShares(), prover.scale());
        Rejected.when(selfEffective.lt(prover.minSelfStake()), ErrorCode.MinSelfStakeNotMet);
        Rejected.when(selfEffective.lt(globalMinSelfStake), ErrorCode.GlobalMinSelfStakeNotMet);
    }

    // =====================================================================================
    // Administration (owner)
    // =====================================================================================

    public void setGlobalParam(Address sender, GlobalParam param, UInt256 value) {
        ownership.requireOwner(sender);
        effects.begin();
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
        effects.begin();
        treasuryPool = treasuryPool.sub(amount);
        custody.pay(to, amount);
        events.emit(new Event.TreasuryPoolWithdrawn(custody.owner(), to, amount));
    }

    // =====================================================================================
    // Looking provers up
    // =====================================================================================

    /** The prover a transition works on, its rewards settled; refused when it is not registered. */
    private Prover registered(Address address) {
        Prover p = provers.get(address);
        Rejected.when(p == null, ErrorCode.ProverNotRegistered);
        rewards.settleProver(p);
        return p;
    }

    /** The prover a transition works on, its rewards settled, or null when it is not registered. */
    private Prover settled(Address address) {
        Prover p = provers.get(address);
        if (p != null) rewards.settleProver(p);
        return p;
    }

    // =====================================================================================
    // Reads (for the ledger's view and the rewards module; nothing here changes anything)
    // =====================================================================================

    @Override
    public Prover prover(Address address) {
        return provers.get(address);
    }

    /** The provers in registration order. */
    public List<Prover> proversByNumber() {
        return Collections.unmodifiableList(byNumber);
    }

    /** The provers with addresses above {@code after} (all when null), in address order. */
    public Iterator<Prover> proversAfter(Address after) {
        return (after == null ? byAddress : byAddress.tailMap(after, false)).values().iterator();
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

    /** Slashed stake not yet withdrawn by the owner. */
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

    public UInt256 custodyBalance() {
        return custody.balance();
    }

    /** The provers whose weight the transaction being applied may have changed. */
    public WeightChanges weightChanges() {
        return weightChanges;
    }

    /** The capability to write positions' reward books, for the ledger to give the rewards module. */
    public PositionBooks positionBooks() {
        return positionBooks;
    }

    /** When a pending request can complete: its time plus the unstake delay (beyond 2^256 - 1: never). */
    public UInt256 readyAt(long requestedAt) {
        UInt256 t = UInt256.of(requestedAt);
        return UInt256.MAX.sub(unstakeDelay).lt(t) ? UInt256.MAX : t.add(unstakeDelay);
    }

    /** Whether a pending request can complete at {@code now} (false if its maturity overflows). */
    public boolean isReady(long requestedAt, long now) {
        UInt256 t = UInt256.of(requestedAt);
        return UInt256.MAX.sub(unstakeDelay).ge(t) && t.add(unstakeDelay).le(UInt256.of(now));
    }

    /**
     * The reference's isProverEligible: active, minimum self-stake at or above the global one,
     * total effective stake at least {@code minimumTotalStake}, and self-stake meeting its minimum.
     */
    public boolean isProverEligible(Address proverAddress, UInt256 minimumTotalStake) {
        Prover p = provers.get(proverAddress);
        if (p == null || p.state() != ProverState.Active) return false;
        if (p.minSelfStake().lt(globalMinSelfStake)) return false;
        if (Shares.effectiveView(p.totalRawShares(), p.scale()).lt(minimumTotalStake)) return false;
        return Shares.effectiveView(p.selfRawShares(), p.scale()).ge(p.minSelfStake());
    }

    // =====================================================================================
    // Snapshot restore
    // =====================================================================================

    /**
     * Snapshot restore only ({@link StakingSnapshot}): the parameters of a freshly built ledger's
     * module that no transaction touched yet.
     */
    void restoreParameters(UInt256 unstakeDelay, UInt256 globalMinSelfStake, UInt256 maxSlashPercentage,
                           UInt256 treasuryPool) {
        if (!provers.isEmpty()) throw new IllegalStateException("restore into a staking module in use");
        this.unstakeDelay = unstakeDelay;
        this.globalMinSelfStake = globalMinSelfStake;
        this.maxSlashPercentage = maxSlashPercentage;
        this.treasuryPool = treasuryPool;
    }

    /** Snapshot restore only: registers the next prover as it was; its positions are filled in after. */
    Prover restoreProver(Address address, ProverState state, UInt256 minSelfStake, UInt256 totalRawShares,
                         UInt256 pendingRawShares, UInt256 scale) {
        if (provers.containsKey(address)) throw new IllegalStateException("prover restored twice");
        Prover p = new Prover(address, byNumber.size(), minSelfStake, weightChanges, journal);
        p.restore(state, totalRawShares, pendingRawShares, scale);
        provers.put(address, p);
        byNumber.add(p);
        byAddress.put(address, p);
        return p;
    }
}
