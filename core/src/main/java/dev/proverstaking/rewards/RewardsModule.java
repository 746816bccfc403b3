package dev.proverstaking.rewards;

import static dev.proverstaking.math.UInt256.ZERO;

import dev.proverstaking.access.Ownership;
import dev.proverstaking.common.Address;
import dev.proverstaking.math.ArithmeticOverflow;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.math.WideSum;
import dev.proverstaking.rounding.Distribution;
import dev.proverstaking.rounding.RewardBook;
import dev.proverstaking.rounding.RoundingRules;
import dev.proverstaking.staking.PositionBooks;
import dev.proverstaking.staking.Prover;
import dev.proverstaking.staking.ProverDirectory;
import dev.proverstaking.staking.ProverState;
import dev.proverstaking.staking.RewardSettlement;
import dev.proverstaking.staking.Shares;
import dev.proverstaking.staking.Stake;
import dev.proverstaking.statehash.StateJournal;
import dev.proverstaking.token.Custody;
import dev.proverstaking.transition.Effects;
import dev.proverstaking.transition.ErrorCode;
import dev.proverstaking.transition.Event;
import dev.proverstaking.transition.EventSink;
import dev.proverstaking.transition.Rejected;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The design's ProverRewards: commission to the prover, the rest to its stakers through one
 * accumulator per raw share (O(1) per reward), settlement before every share change, withdrawal,
 * and the time-based emission. Holds reward tokens only, through its {@link Custody}; reads the
 * staking module through {@link ProverDirectory} and writes into it only positions' reward books
 * ({@link PositionBooks}).
 *
 * <p>Transitions are check-then-write, as in {@link dev.proverstaking.staking.StakingModule}, with
 * one exception that is undone on refusal: emission is settled as a transaction starts
 * ({@link #accrue}) and for each prover it works on ({@link #settleProver}), before its checks.
 * How remainders are rounded is the profile's {@link RoundingRules}.
 */
public final class RewardsModule implements RewardSettlement {
    private final RoundingRules rules;
    private final Custody custody;
    private final Ownership ownership;
    private final EventSink events;
    private final Effects effects;
    private final ProverDirectory provers;
    private final PositionBooks positionBooks;
    /** The state hash's journal: every method that writes a prover's book touches it first. */
    private final StateJournal journal;
    /** Each prover's book, by {@link Prover#number()}. */
    private final ArrayList<ProverRewards> books = new ArrayList<>();
    private UInt256 treasuryPool = ZERO;
    private final EmissionPool emission;

    // how to undo the emission settled for the transaction being applied, should it be refused
    private long undoLastAccrual;
    private EmissionPool.Memento undoPool;
    private final ArrayList<ProverRewards> undoBooks = new ArrayList<>(2);
    private final ArrayList<ProverRewards.Memento> undoBookStates = new ArrayList<>(2);
    private UInt256 undoTreasury;

    public RewardsModule(RoundingRules rules, Custody custody, Ownership ownership, long genesisTime,
                         EventSink events, Effects effects, ProverDirectory provers, PositionBooks positionBooks,
                         StateJournal journal) {
        this.rules = rules;
        this.custody = custody;
        this.ownership = ownership;
        this.events = events;
        this.effects = effects;
        this.provers = provers;
        this.positionBooks = positionBooks;
        this.journal = journal;
        this.emission = new EmissionPool(genesisTime);
    }

    /** Any sender pays {@code amount} reward tokens to a prover and its stakers. 0 is a no-op. */
    public void addRewards(Address sender, long now, Address proverAddress, UInt256 amount) {
        Prover prover = registered(proverAddress);
        if (amount.isZero()) return;
        custody.checkCollect(sender, amount);
        ProverRewards r = book(prover);
        Distribution d = rules.distribute(amount, r.commissionRate, r.commissionCarry, r.accCarry,
                prover.totalRawShares());
        UInt256 newCommission = r.pendingCommission.add(d.commissionCredit());
        UInt256 newAcc = r.accRewardPerRawShare.add(d.accDelta());
        UInt256 newTreasury = treasuryPool.add(d.treasuryDust());
        effects.begin();
        journal.touch(r);
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
        ProverRewards r = book(prover);
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
        effects.begin();
        if (stake != null) positionBooks.write(stake, after);
        if (isProver) {
            journal.touch(r);
            r.pendingCommission = ZERO;
        }
        custody.pay(sender, payout);
        events.emit(new Event.RewardsWithdrawn(sender, proverAddress, payout));
    }

    /** The sending prover's new commission applies to rewards added from now on. */
    public void updateCommissionRate(Address sender, long now, UInt256 rate) {
        Prover prover = provers.prover(sender);
        Rejected.when(prover == null, ErrorCode.RewardsProverNotRegistered);
        settleProver(prover);
        Rejected.when(rate.gt(RoundingRules.COMMISSION_DENOMINATOR), ErrorCode.RewardsInvalidCommission);
        ProverRewards r = book(prover);
        int old = r.commissionRate;
        int updated = (int) rate.longValueExact();
        effects.begin();
        journal.touch(r);
        r.commissionRate = updated;
        events.emit(new Event.CommissionRateUpdated(sender, old, updated));
    }

    public void withdrawFromTreasuryPool(Address sender, Address to, UInt256 amount) {
        ownership.requireOwner(sender);
        Rejected.when(to.isZero(), ErrorCode.InvalidArg);
        Rejected.when(amount.isZero(), ErrorCode.RewardsZeroAmount);
        Rejected.when(amount.gt(treasuryPool), ErrorCode.TreasuryInsufficient);
        custody.checkPay(amount);
        effects.begin();
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
        effects.begin();
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
        effects.begin();
        emission.rate = ratePerSecond;
        emission.used = true;
        events.emit(new Event.EmissionRateUpdated(old, ratePerSecond));
    }

    /** Anyone settles a prover's emission; changes nothing else. */
    public void poke(Address sender, Address proverAddress) {
        registered(proverAddress);
        effects.begin();
    }

    /**
     * As every transaction starts: accrue the pool to {@code now}, and start remembering how to
     * undo what this and {@link #settleProver} change, for a transaction that is then refused
     * ({@link #undoSettlement}). O(1).
     */
    public void accrue(long now) {
        undoPool = null;
        undoBooks.clear();
        undoBookStates.clear();
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
    }

    /**
     * Settles a prover's emission since its snapshot, at its recorded weight, into its reward
     * accumulator, remembering how to undo it. Idempotent within a transaction.
     */
    @Override
    public void settleProver(Prover prover) {
        if (!emission.used) return;
        settle(prover, true);
    }

    private void settle(Prover prover, boolean recordUndo) {
        ProverRewards r = book(prover);
        if (r.emissionSnapshot.equals(emission.acc)) return;
        if (recordUndo) {
            undoBooks.add(r);
            undoBookStates.add(r.save());
        }
        journal.touch(r);
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

    /** The transaction after {@link #accrue} was refused: put back what emission settled for it. */
    public void undoSettlement() {
        emission.lastAccrual = undoLastAccrual;
        if (undoPool != null) emission.restore(undoPool);
        for (int i = undoBooks.size() - 1; i >= 0; i--) {
            ProverRewards r = undoBooks.get(i);
            journal.touch(r); // touched by the settlement it undoes already: a flag check
            r.restore(undoBookStates.get(i));
        }
        treasuryPool = undoTreasury;
    }

    /**
     * After a successful transaction that changed a prover's state, active shares or scale: its
     * weight is its effective active stake while Active, else 0, from this moment on. Effect; cannot
     * fail (the prover was settled before the change, and the weights sum to at most the staking
     * custody).
     */
    public void refreshWeight(Prover prover) {
        ProverRewards r = book(prover);
        journal.touch(r);
        // a prover registered by this transaction was not settled before it: it owes nothing for the past
        if (!emission.used) {
            r.emissionSnapshot = emission.acc;
        } else {
            settle(prover, false);
        }
        UInt256 weight = prover.state() == ProverState.Active
                ? Shares.effectiveView(prover.totalRawShares(), prover.scale()) : ZERO;
        if (weight.equals(r.emissionWeight)) return;
        emission.totalWeight = emission.totalWeight.sub(r.emissionWeight).add(weight);
        r.emissionWeight = weight;
    }

    // ---- what the staking module asks (RewardSettlement) ----

    @Override
    public RewardBook settleStaker(Prover prover, Stake stake, UInt256 oldShares, UInt256 newShares) {
        RewardBook book = stake == null ? RewardBook.EMPTY : stake.rewardBook();
        return rules.settle(book, oldShares, newShares, accumulator(prover));
    }

    @Override
    public UInt256 pendingCommission(Prover prover) {
        return book(prover).pendingCommission;
    }

    @Override
    public void initProverRewards(Prover prover, int commissionRate) {
        if (prover.number() != books.size()) throw new IllegalStateException("provers registered out of order");
        ProverRewards r = new ProverRewards(prover.address(), commissionRate);
        journal.created(r);
        r.emissionSnapshot = emission.acc;
        books.add(r);
    }

    /** The prover's accumulator; 0 for one being registered by this transaction, which has no book yet. */
    private UInt256 accumulator(Prover prover) {
        return prover.number() < books.size() ? books.get(prover.number()).accRewardPerRawShare : ZERO;
    }

    // ---- reads (for the ledger's view; nothing here changes anything) ----

    /** A prover's book. */
    public ProverRewards book(Prover prover) {
        return books.get(prover.number());
    }

    /** The books by prover number. */
    public List<ProverRewards> books() {
        return Collections.unmodifiableList(books);
    }

    public EmissionPool emission() {
        return emission;
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
        ProverRewards r = book(prover);
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

    /**
     * The entitlements of all of {@code prover}'s stakers in 1e-18 token, settled and accrued, summed
     * exactly at full width; for the solvency invariant. O(positions), no BigInteger per position.
     */
    public WideSum entitlementUnits(Prover prover) {
        WideSum sum = new WideSum();
        UInt256 acc = book(prover).accRewardPerRawShare;
        for (Iterator<Stake> it = prover.positionsAfter(null); it.hasNext(); ) {
            Stake stake = it.next();
            rules.addEntitlementUnits(stake.rewardBook(), stake.rawShares(), acc, sum);
        }
        return sum;
    }

    /** Reward dust ({@code reference}); always 0 in {@code solvent}. */
    public UInt256 treasuryPool() {
        return treasuryPool;
    }

    /** The owner's administration of this module: transitions only, through the ledger. */
    public Ownership ownership() {
        return ownership;
    }

    public UInt256 custodyBalance() {
        return custody.balance();
    }

    /** The prover a transition works on, its emission settled; refused when it is not registered. */
    private Prover registered(Address address) {
        Prover p = provers.prover(address);
        Rejected.when(p == null, ErrorCode.RewardsProverNotRegistered);
        settleProver(p);
        return p;
    }

    // ---- snapshot restore ----

    /** Snapshot restore only ({@link RewardsSnapshot}): the treasury of a freshly built ledger's module. */
    void restoreTreasuryPool(UInt256 treasuryPool) {
        this.treasuryPool = treasuryPool;
    }

    /** Snapshot restore only: the next prover's book, as it was. */
    void restoreBook(ProverRewards book) {
        books.add(book);
    }
}
