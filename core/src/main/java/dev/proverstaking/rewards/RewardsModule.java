package dev.proverstaking.rewards;

import static dev.proverstaking.math.UInt256.ZERO;

import dev.proverstaking.access.Ownership;
import dev.proverstaking.common.Address;
import dev.proverstaking.transition.ErrorCode;
import dev.proverstaking.transition.Event;
import dev.proverstaking.transition.EventSink;
import dev.proverstaking.transition.Rejected;
import dev.proverstaking.math.ArithmeticOverflow;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Distribution;
import dev.proverstaking.rounding.RewardBook;
import dev.proverstaking.rounding.RoundingRules;
import dev.proverstaking.staking.Prover;
import dev.proverstaking.staking.ProverState;
import dev.proverstaking.staking.Shares;
import dev.proverstaking.staking.Stake;
import dev.proverstaking.staking.StakingModule;
import dev.proverstaking.token.Custody;
import java.math.BigInteger;

/**
 * The design's ProverRewards: commission to the prover, the rest to its stakers through one
 * accumulator per raw share (O(1) per reward), settlement before every share change, and
 * withdrawal. Holds reward tokens only, through its {@link Custody}.
 *
 * <p>Transitions are check-then-write, as in {@link dev.proverstaking.staking.StakingModule}.
 * How remainders are rounded is the profile's {@link RoundingRules}.
 */
public final class RewardsModule implements RewardsView {
    private final RewardsView view = new ReadOnly();
    private final RoundingRules rules;
    private final Custody custody;
    private final Ownership ownership;
    private final EventSink events;
    private StakingModule staking;
    private UInt256 treasuryPool = ZERO;
    private final EmissionPool emission;

    // undo of the emission settlement made before the current operation (see settleEmission)
    private long undoLastAccrual;
    private EmissionPool.Memento undoPool;
    private ProverRewards undoProver;
    private ProverRewards.Memento undoProverState;
    private UInt256 undoTreasury;

    public RewardsModule(RoundingRules rules, Custody custody, Ownership ownership, long genesisTime, EventSink events) {
        this.rules = rules;
        this.custody = custody;
        this.ownership = ownership;
        this.events = events;
        this.emission = new EmissionPool(genesisTime);
    }

    /** Links the staking module (the design's deployment step); once. */
    public void link(StakingModule staking) {
        if (this.staking != null) throw new IllegalStateException("already linked");
        this.staking = staking;
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
        if (stake != null) staking.writeRewardBook(stake, after);
        if (isProver) r.pendingCommission = ZERO;
        custody.pay(sender, payout);
        events.emit(new Event.RewardsWithdrawn(sender, proverAddress, payout));
    }

    /** The sending prover's new commission applies to rewards added from now on. */
    public void updateCommissionRate(Address sender, long now, UInt256 rate) {
        Prover prover = staking.prover(sender);
        Rejected.when(prover == null, ErrorCode.RewardsProverNotRegistered);
        Rejected.when(rate.gt(RoundingRules.COMMISSION_DENOMINATOR), ErrorCode.RewardsInvalidCommission);
        ProverRewards r = prover.rewards();
        int old = r.commissionRate;
        int updated = (int) rate.longValueExact();
        // effects
        r.commissionRate = updated;
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

    // ---- time-based emission ----

    /** Any sender adds {@code amount} reward tokens to the emission budget. */
    public void fundEmission(Address sender, UInt256 amount) {
        Rejected.when(amount.isZero(), ErrorCode.RewardsZeroAmount);
        custody.checkCollect(sender, amount);
        UInt256 budget = emission.budget.add(amount);
        UInt256 funded = emission.totalFunded.add(amount);
        // all emission arithmetic stays within uint256 while funded * PRECISION does
        funded.mul(EmissionPool.PRECISION);
        // effects
        custody.collect(sender, amount);
        emission.budget = budget;
        emission.totalFunded = funded;
        emission.used = true;
        events.emit(new Event.EmissionFunded(sender, amount));
    }

    /** Owner only: tokens per second from now on (emission up to now was accrued at the old rate). */
    public void setEmissionRate(Address sender, UInt256 ratePerSecond) {
        ownership.requireOwner(sender);
        UInt256 old = emission.rate;
        // effects
        emission.rate = ratePerSecond;
        emission.used = true;
        events.emit(new Event.EmissionRateUpdated(old, ratePerSecond));
    }

    /** Anyone settles a prover's emission; changes nothing else (the ledger settled it before this call). */
    public void poke(Address sender, Address proverAddress) {
        registered(proverAddress);
    }

    /**
     * Before every operation: accrue the pool to {@code now} and settle {@code prover}'s emission
     * (if any) into its reward accumulator, at its weight so far. Remembers how to undo both, for
     * an operation that then fails ({@link #undoSettlement}). O(1).
     */
    public void settleEmission(Prover prover, long now) {
        undoPool = null;
        undoProver = null;
        undoProverState = null;
        undoTreasury = treasuryPool;
        undoLastAccrual = emission.lastAccrual;
        if (!emission.used) {
            emission.lastAccrual = now;
            return;
        }
        UInt256 emitted = emission.totalWeight.isZero() ? ZERO
                : EmissionPool.emissionFor(emission.rate, emission.budget, now - emission.lastAccrual);
        if (!emitted.isZero()) {
            undoPool = emission.save();
            RoundingRules.Quotient q = rules.divide(emitted.mul(EmissionPool.PRECISION), emission.carry, emission.totalWeight);
            emission.acc = emission.acc.add(q.quotient());
            emission.carry = q.carry();
            emission.budget = emission.budget.sub(emitted);
            emission.totalEmitted = emission.totalEmitted.add(emitted);
        }
        emission.lastAccrual = now;
        if (prover != null) settleProver(prover, true);
    }

    /** Settles a prover's emission since its snapshot at its recorded weight into its reward accumulator. */
    private void settleProver(Prover prover, boolean recordUndo) {
        ProverRewards r = prover.rewards();
        if (r.emissionSnapshot.equals(emission.acc)) return;
        if (recordUndo) {
            undoProver = r;
            undoProverState = r.save();
        }
        RoundingRules.Quotient owed = rules.divide(
                r.emissionWeight.mul(emission.acc.sub(r.emissionSnapshot)), r.emissionCarry, EmissionPool.PRECISION);
        r.emissionSnapshot = emission.acc;
        r.emissionCarry = owed.carry();
        UInt256 amount = owed.quotient();
        if (amount.isZero()) return;
        Distribution d = rules.distribute(amount, r.commissionRate, r.commissionCarry, r.accCarry, prover.totalRawShares());
        r.pendingCommission = r.pendingCommission.add(d.commissionCredit());
        r.accRewardPerRawShare = r.accRewardPerRawShare.add(d.accDelta());
        r.commissionCarry = d.commissionCarry();
        r.accCarry = d.accCarry();
        r.emissionReceived = r.emissionReceived.add(amount);
        treasuryPool = treasuryPool.add(d.treasuryDust());
        events.emit(new Event.EmissionSettled(prover.address(), amount, d.eventCommission(), d.eventDistributed()));
    }

    /** The operation after {@link #settleEmission} failed: put everything back. */
    public void undoSettlement() {
        emission.lastAccrual = undoLastAccrual;
        if (undoPool != null) emission.restore(undoPool);
        if (undoProver != null) undoProver.restore(undoProverState);
        treasuryPool = undoTreasury;
    }

    /**
     * After a successful operation: a prover's weight is its effective active stake while Active,
     * else 0, from this moment on. Effect; cannot fail (the weights sum to at most the staking custody).
     */
    public void refreshWeight(Prover prover) {
        // a prover registered by this operation was not settled before it: it owes nothing for the past
        if (!emission.used) {
            prover.rewards().emissionSnapshot = emission.acc;
        } else {
            settleProver(prover, false);
        }
        ProverRewards r = prover.rewards();
        UInt256 weight = prover.state() == ProverState.Active
                ? Shares.effectiveView(prover.totalRawShares(), prover.scale()) : ZERO;
        if (weight.equals(r.emissionWeight)) return;
        emission.totalWeight = emission.totalWeight.sub(r.emissionWeight).add(weight);
        r.emissionWeight = weight;
    }

    public EmissionPool emission() {
        return emission;
    }

    /** Snapshot restore only ({@link RewardsSnapshot}): the treasury of a freshly built ledger's module. */
    void restoreTreasuryPool(UInt256 treasuryPool) {
        this.treasuryPool = treasuryPool;
    }

    /** The pool as it would be after accruing to {@code t} (a view: nothing changes). */
    public record EmissionStatus(UInt256 ratePerSecond, UInt256 budget, UInt256 totalFunded, UInt256 totalEmitted,
                                 UInt256 totalWeight, UInt256 acc, UInt256 carry) {}

    public EmissionStatus emissionAt(long t) {
        EmissionPool e = emission;
        UInt256 emitted = e.totalWeight.isZero() || t <= e.lastAccrual ? ZERO
                : EmissionPool.emissionFor(e.rate, e.budget, t - e.lastAccrual);
        if (emitted.isZero()) {
            return new EmissionStatus(e.rate, e.budget, e.totalFunded, e.totalEmitted, e.totalWeight, e.acc, e.carry);
        }
        RoundingRules.Quotient q = rules.divide(emitted.mul(EmissionPool.PRECISION), e.carry, e.totalWeight);
        return new EmissionStatus(e.rate, e.budget.sub(emitted), e.totalFunded, e.totalEmitted.add(emitted),
                e.totalWeight, e.acc.add(q.quotient()), q.carry());
    }

    /**
     * A prover's reward book as it would be at {@code t} once its pending emission is settled:
     * the emission not yet settled (tokens), and its commission and accumulator after settling it.
     */
    public record ProverProjection(UInt256 pendingEmission, UInt256 pendingCommission, UInt256 accRewardPerRawShare) {}

    public ProverProjection projection(Prover prover, long t) {
        ProverRewards r = prover.rewards();
        ProverProjection stored = new ProverProjection(ZERO, r.pendingCommission, r.accRewardPerRawShare);
        if (!emission.used) return stored;
        try {
            UInt256 acc = emissionAt(t).acc();
            if (acc.equals(r.emissionSnapshot)) return stored;
            RoundingRules.Quotient owed = rules.divide(
                    r.emissionWeight.mul(acc.sub(r.emissionSnapshot)), r.emissionCarry, EmissionPool.PRECISION);
            if (owed.quotient().isZero()) return stored;
            Distribution d = rules.distribute(owed.quotient(), r.commissionRate, r.commissionCarry, r.accCarry,
                    prover.totalRawShares());
            return new ProverProjection(owed.quotient(), r.pendingCommission.add(d.commissionCredit()),
                    r.accRewardPerRawShare.add(d.accDelta()));
        } catch (ArithmeticOverflow o) {
            return stored; // beyond uint256 the next settlement fails too; show what is settled
        }
    }

    /** A staker's rewards with a prover at {@code t}, settled, accrued and emitted, commission excluded. */
    public UInt256 pendingRewards(Prover prover, Stake stake, long t) {
        if (stake == null) return ZERO;
        return rules.pendingRewards(stake.rewardBook(), stake.rawShares(), projection(prover, t).accRewardPerRawShare());
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

    // ---- views ----

    public UInt256 pendingCommission(Prover prover) {
        return prover.rewards().pendingCommission;
    }

    /** A staker's rewards with a prover, settled and accrued, commission excluded. */
    public UInt256 pendingRewards(Prover prover, Stake stake) {
        if (stake == null) return ZERO;
        return rules.pendingRewards(stake.rewardBook(), stake.rawShares(), prover.rewards().accRewardPerRawShare);
    }

    /** A staker's entitlement in 1e-18 token, settled and accrued, exact at full width; for the solvency invariant. */
    public BigInteger entitlementUnits(Prover prover, Stake stake) {
        return rules.entitlementUnits(stake.rewardBook(), stake.rawShares(), prover.rewards().accRewardPerRawShare);
    }

    public UInt256 treasuryPool() {
        return treasuryPool;
    }

    /** The owner's administration of this module: transitions only, through the ledger. */
    public Ownership ownership() {
        return ownership;
    }

    @Override
    public Address owner() {
        return ownership.owner();
    }

    public UInt256 custodyBalance() {
        return custody.balance();
    }

    private Prover registered(Address address) {
        Prover p = staking.prover(address);
        Rejected.when(p == null, ErrorCode.RewardsProverNotRegistered);
        return p;
    }

    /**
     * This module, read only, as an object that is not this module: the ledger hands out only
     * this, so a caller cannot cast its way to the transitions (which must be public for the
     * ledger and the staking module) and change state outside
     * {@link dev.proverstaking.ledger.Ledger#apply}.
     */
    public RewardsView view() {
        return view;
    }

    private final class ReadOnly implements RewardsView {
        @Override
        public UInt256 pendingCommission(Prover prover) {
            return RewardsModule.this.pendingCommission(prover);
        }

        @Override
        public UInt256 pendingRewards(Prover prover, Stake stake) {
            return RewardsModule.this.pendingRewards(prover, stake);
        }

        @Override
        public UInt256 pendingRewards(Prover prover, Stake stake, long t) {
            return RewardsModule.this.pendingRewards(prover, stake, t);
        }

        @Override
        public BigInteger entitlementUnits(Prover prover, Stake stake) {
            return RewardsModule.this.entitlementUnits(prover, stake);
        }

        @Override
        public UInt256 treasuryPool() {
            return treasuryPool;
        }

        @Override
        public Address owner() {
            return RewardsModule.this.owner();
        }

        @Override
        public UInt256 custodyBalance() {
            return RewardsModule.this.custodyBalance();
        }

        @Override
        public EmissionPool emission() {
            return emission;
        }

        @Override
        public EmissionStatus emissionAt(long t) {
            return RewardsModule.this.emissionAt(t);
        }

        @Override
        public ProverProjection projection(Prover prover, long t) {
            return RewardsModule.this.projection(prover, t);
        }
    }
}
