package dev.proverstaking.rewards;

import static dev.proverstaking.math.UInt256.ZERO;

import dev.proverstaking.access.Ownership;
import dev.proverstaking.common.Address;
import dev.proverstaking.ledger.ErrorCode;
import dev.proverstaking.ledger.Event;
import dev.proverstaking.ledger.EventSink;
import dev.proverstaking.ledger.Rejected;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Distribution;
import dev.proverstaking.rounding.RewardBook;
import dev.proverstaking.rounding.RoundingRules;
import dev.proverstaking.staking.Prover;
import dev.proverstaking.staking.ProverDirectory;
import dev.proverstaking.staking.Stake;
import dev.proverstaking.token.Custody;

/**
 * The design's ProverRewards: commission to the prover, the rest to its stakers through one
 * accumulator per raw share (O(1) per reward), settlement before every share change, and
 * withdrawal. Holds reward tokens only, through its {@link Custody}.
 *
 * <p>Transitions are check-then-write, as in {@link dev.proverstaking.staking.StakingModule}.
 * How remainders are rounded is the profile's {@link RoundingRules}.
 */
public final class RewardsModule {
    private final RoundingRules rules;
    private final Custody custody;
    private final Ownership ownership;
    private final EventSink events;
    private ProverDirectory directory;
    private UInt256 treasuryPool = ZERO;

    public RewardsModule(RoundingRules rules, Custody custody, Ownership ownership, EventSink events) {
        this.rules = rules;
        this.custody = custody;
        this.ownership = ownership;
        this.events = events;
    }

    /** Links the staking module (the design's deployment step); once. */
    public void link(ProverDirectory directory) {
        if (this.directory != null) throw new IllegalStateException("already linked");
        this.directory = directory;
    }

    /** Any sender pays {@code amount} reward tokens to a prover and its stakers. 0 is a no-op. */
    public void addRewards(Address sender, long now, Address proverAddress, UInt256 amount) {
        Prover prover = registered(proverAddress);
        if (amount.isZero()) return;
        custody.checkCollect(sender, amount);
        ProverRewards r = prover.rewards();
        Distribution d = rules.distribute(amount, r.commissionRate, r.commissionCarry, r.accCarry,
                prover.totalRawShares());
        UInt256 newCommission = r.pendingCommission.add(d.commissionCredit());
        UInt256 newAcc = r.accRewardPerRawShare.add(d.accDelta());
        UInt256 newTreasury = treasuryPool.add(d.treasuryDust());
        // effects
        custody.collect(sender, amount);
        r.pendingCommission = newCommission;
        r.accRewardPerRawShare = newAcc;
        r.commissionCarry = d.commissionCarry();
        r.accCarry = d.accCarry();
        treasuryPool = newTreasury;
        events.emit(new Event.RewardsAdded(proverAddress, amount, d.eventCommission(), d.eventDistributed()));
    }

    /** Pays the sender's staking rewards with a prover, plus all commission when the sender is the prover. */
    public void withdrawRewards(Address sender, long now, Address proverAddress) {
        Prover prover = registered(proverAddress);
        ProverRewards r = prover.rewards();
        Stake stake = prover.stakeOf(sender);
        UInt256 shares = stake == null ? ZERO : stake.rawShares();
        RewardBook settled = stake == null ? RewardBook.EMPTY
                : rules.settle(stake.rewardBook(), shares, shares, r.accRewardPerRawShare);
        UInt256 stakerPart = rules.payable(settled.entitled());
        boolean isProver = sender.equals(proverAddress);
        UInt256 payout = isProver ? stakerPart.add(r.pendingCommission) : stakerPart;
        Rejected.when(payout.isZero(), ErrorCode.NoRewards);
        custody.checkPay(payout);
        RewardBook after = new RewardBook(settled.debt(), rules.afterPaying(settled.entitled(), stakerPart));
        // effects
        if (stake != null) stake.setRewardBook(after);
        if (isProver) r.pendingCommission = ZERO;
        custody.pay(sender, payout);
        events.emit(new Event.RewardsWithdrawn(sender, proverAddress, payout));
    }

    /** The sending prover's new commission applies to rewards added from now on. */
    public void updateCommissionRate(Address sender, long now, UInt256 rate) {
        Prover prover = directory.prover(sender);
        Rejected.when(prover == null, ErrorCode.RewardsProverNotRegistered);
        Rejected.when(rate.gt(RoundingRules.COMMISSION_DENOMINATOR), ErrorCode.RewardsInvalidCommission);
        ProverRewards r = prover.rewards();
        int old = r.commissionRate;
        int updated = (int) rate.longValueExact();
        // effects
        beforeWeightChange(prover, now);
        r.commissionRate = updated;
        afterWeightChange(prover, now);
        events.emit(new Event.CommissionRateUpdated(sender, old, updated));
    }

    public void withdrawFromTreasuryPool(Address sender, Address to, UInt256 amount) {
        ownership.requireOwner(sender);
        Rejected.when(to.isZero(), ErrorCode.InvalidArg);
        Rejected.when(amount.isZero(), ErrorCode.RewardsZeroAmount);
        Rejected.when(amount.gt(treasuryPool), ErrorCode.TreasuryInsufficient);
        custody.checkPay(amount);
        // effects
        treasuryPool = treasuryPool.sub(amount);
        custody.pay(to, amount);
        events.emit(new Event.TreasuryPoolWithdrawn(custody.owner(), to, amount));
    }

    // ---- integration points called by the staking module ----

    /**
     * Check phase of a share change: the position's book after settling its rewards at the
     * current accumulator and re-basing its debt on {@code newShares}. Writes nothing.
     */
    public RewardBook planSettle(Prover prover, Stake stake, UInt256 oldShares, UInt256 newShares) {
        RewardBook book = stake == null ? RewardBook.EMPTY : stake.rewardBook();
        return rules.settle(book, oldShares, newShares, prover.rewards().accRewardPerRawShare);
    }

    /** Effect: a prover was registered. */
    public void onProverRegistered(Prover prover, long now) {
        // nothing to settle yet: its accumulator starts at 0
    }

    /**
     * Effect, before a prover's weight (effective active stake, state) or commission changes.
     * Reserved for time-based emission, which settles here; proof rewards need nothing.
     */
    public void beforeWeightChange(Prover prover, long now) {
        // no time-based accrual yet
    }

    /** Effect, after a prover's weight or commission changed. */
    public void afterWeightChange(Prover prover, long now) {
        // no time-based accrual yet
    }

    // ---- views ----

    public UInt256 pendingCommission(Prover prover) {
        return prover.rewards().pendingCommission;
    }

    /** A staker's rewards with a prover, settled and accrued, commission excluded. */
    public UInt256 pendingRewards(Prover prover, Stake stake) {
        if (stake == null) return ZERO;
        return rules.pendingRewards(stake.rewardBook(), stake.rawShares(), prover.rewards().accRewardPerRawShare);
    }

    /** A staker's entitlement in 1e-18 token, settled and accrued; for the solvency invariant. */
    public UInt256 entitlementUnits(Prover prover, Stake stake) {
        return rules.entitlementUnits(stake.rewardBook(), stake.rawShares(), prover.rewards().accRewardPerRawShare);
    }

    public UInt256 treasuryPool() {
        return treasuryPool;
    }

    public Ownership ownership() {
        return ownership;
    }

    public UInt256 custodyBalance() {
        return custody.balance();
    }

    private Prover registered(Address address) {
        Prover p = directory.prover(address);
        Rejected.when(p == null, ErrorCode.RewardsProverNotRegistered);
        return p;
    }
}
