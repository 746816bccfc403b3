package dev.proverstaking.ledger;

import dev.proverstaking.access.Ownership;
import dev.proverstaking.access.Roles;
import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.Role;
import dev.proverstaking.common.TableReads;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command.*;
import dev.proverstaking.math.ArithmeticOverflow;
import dev.proverstaking.rewards.RewardsModule;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.staking.StakingModule;
import dev.proverstaking.statehash.StateJournal;
import dev.proverstaking.statehash.StateRecord;
import dev.proverstaking.token.AccountBook;
import dev.proverstaking.token.TokenLedger;
import dev.proverstaking.transition.Effects;
import dev.proverstaking.transition.ErrorCode;
import dev.proverstaking.transition.Event;
import dev.proverstaking.transition.EventSink;
import dev.proverstaking.transition.Rejected;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The staking ledger: one deterministic state machine holding both modules and their tokens.
 * It has no I/O, no clock and no randomness: {@link #apply} of the same transactions to a ledger
 * built from the same {@link Genesis} always gives the same state and the same receipts. Every
 * read goes through {@link #view()}.
 *
 * <p>Single-threaded by design (the Disruptor's business-logic core): wrap it, don't share it.
 *
 * <p>Each transaction: accrue the emission pool to its timestamp; run the transition, which
 * settles the emission of every prover it works on before it checks anything; on success re-weigh
 * the provers whose weight inputs it changed ({@link dev.proverstaking.staking.WeightChanges}).
 *
 * <p>Every transaction is atomic, by mechanism: a transition checks and computes, then marks
 * {@link Effects#begin} and writes what it computed. A refusal ({@link Rejected}, an
 * {@link ArithmeticOverflow}) before that mark changed nothing of the modules' own; the emission
 * settled for it is undone here and its events are dropped. Anything thrown after the mark, and
 * any other exception at all, may have left the state half written: the ledger then stops
 * ({@link LedgerFailed}) and refuses every later transaction, so that no replica goes on from a
 * state the others would not have.
 *
 * <p>The state hash ({@link #stateHash}, {@link StateHash}) is kept up to date as the state changes
 * when the ledger is built with {@link StateHashing#ON}: every write of a record tells a journal
 * first ({@link StateJournal}), and the hash is updated for the records that changed, lazily (when
 * it is asked for, when a snapshot is taken, and between transactions once the journal holds
 * {@link StateJournal#FLUSH_BOUND} records). Off by default: then a write costs one branch more,
 * and the first {@link #stateHash} computes the hash from scratch once and keeps it from then on.
 */
public final class Ledger {
    /** Whether a ledger keeps its state hash up to date from the start. */
    public enum StateHashing {
        /** Not until it is first asked for ({@link #stateHash}), which then computes it from scratch: O(state) once. */
        OFF,
        /** From the start: each write tells the journal, each flush costs what changed. */
        ON
    }


    private final Genesis genesis;
    private final ArrayList<Event> events = new ArrayList<>();
    /** Where transitions emit: the receipt's list, behind the test observer if there is one. */
    private final EventSink sink;
    private final Effects effects = new Effects();
    private final StateJournal journal = new StateJournal();
    /** The records of which the state has one (or one per module or token), watched by the journal. */
    private final List<StateRecord> singletons;
    private final AccountBook accounts;
    private final TokenLedger stakeToken;
    private final TokenLedger rewardToken;
    private final StakingModule staking;
    private final RewardsModule rewards;
    private final LedgerView view = new LedgerView(this);
    private final ReadAhead readAhead;
    private long now;
    private long applied;
    private LedgerFailed failure;

    /** A ledger at {@code genesis}, keeping no state hash until one is asked for ({@link StateHashing#OFF}). */
    public Ledger(Genesis genesis) {
        this(genesis, null, StateHashing.OFF);
    }

    /** A ledger at {@code genesis} that keeps its state hash as {@code hashing} says. */
    public Ledger(Genesis genesis, StateHashing hashing) {
        this(genesis, null, hashing);
    }

    /**
     * A ledger whose transitions' events also go, as they are emitted, to {@code observer}
     * (before they join the receipt); for tests that must fail a transition from inside its
     * effects.
     */
    Ledger(Genesis genesis, EventSink observer) {
        this(genesis, observer, StateHashing.OFF);
    }

    private Ledger(Genesis genesis, EventSink observer, StateHashing hashing) {
        this.genesis = genesis;
        this.now = genesis.timestamp();
        EventSink sink = observer == null ? events::add : e -> {
            observer.emit(e);
            events.add(e);
        };
        this.sink = sink;
        this.accounts = new AccountBook(journal);
        this.stakeToken = new TokenLedger(TokenKind.STAKE, sink, accounts);
        this.rewardToken = genesis.sameToken() ? stakeToken : new TokenLedger(TokenKind.REWARD, sink, accounts);
        Ownership stakingOwner = new Ownership(Module.STAKING, genesis.owner(), sink, effects);
        Ownership rewardsOwner = new Ownership(Module.REWARDS, genesis.owner(), sink, effects);
        this.staking = new StakingModule(genesis.profile().rules(), stakeToken.custody(Module.STAKING),
                stakingOwner, new Roles(stakingOwner, sink, effects, journal), genesis.globalMinSelfStake(), sink,
                effects, journal);
        this.rewards = new RewardsModule(genesis.profile().rules(), rewardToken.custody(Module.REWARDS),
                rewardsOwner, genesis.timestamp(), sink, effects, staking, staking.positionBooks(), journal);
        this.staking.link(rewards);
        this.readAhead = new ReadAhead(staking, stakeToken, rewardToken);
        this.singletons = List.copyOf(StateRecords.singletons(this));
        singletons.forEach(journal::watch);
        if (hashing == StateHashing.ON) journal.start(this::forEachStateRecord);
    }

    /**
     * Snapshot restore only ({@link LedgerSnapshot#read}): a ledger built from {@code genesis} whose
     * clock and count are already {@code now} and {@code applied}; the reader then restores the
     * modules' state into it before anyone sees it.
     */
    Ledger(Genesis genesis, long now, long applied) {
        this(genesis);
        this.now = now;
        this.applied = applied;
    }

    /**
     * Applies one transaction. It first reads the position and token account the transaction
     * names, changing nothing, so that their cache misses overlap ({@link ReadAhead}).
     *
     * @throws IllegalArgumentException when its timestamp is before the previous transaction's
     *                                  (the log is out of order; nothing is applied)
     * @throws LedgerFailed             when this transaction failed other than by a refusal, or an
     *                                  earlier one did (an {@link Error} such as running out of memory
     *                                  is thrown as itself, and stops the ledger too)
     */
    public Receipt apply(Transaction tx) {
        readAhead.readOne(tx);
        return execute(tx);
    }

    /** {@link #apply}, once the transaction's position and account have been read ahead. */
    private Receipt execute(Transaction tx) {
        if (failure != null) throw new LedgerFailed("the ledger has stopped: " + failure.getMessage(), failure);
        if (tx.timestamp() < now) {
            throw new IllegalArgumentException(
                    "timestamp " + tx.timestamp() + " is before the ledger's time " + now);
        }
        if (journal.needsFlush()) journal.flush(); // between transactions, as the bound asks
        now = tx.timestamp();
        applied++;
        events.clear();
        effects.reset();
        if (tx.hasNonce()) {
            long expected = accounts.nonce(tx.sender());
            if (tx.nonce() != expected) {
                return Receipt.failed(ErrorCode.BadNonce, "nonce " + tx.nonce() + ", expected " + expected);
            }
        }
        try {
            rewards.accrue(now);
            dispatch(tx.sender(), now, tx.command());
        } catch (Rejected r) {
            return useNonce(tx, refused(tx, r.code(), r.getMessage(), r));
        } catch (ArithmeticOverflow o) {
            return useNonce(tx, refused(tx, ErrorCode.ArithmeticOverflow, o.getMessage(), o));
        } catch (RuntimeException e) {
            throw stop(tx, e);
        } catch (Error e) {
            stop(tx, e);
            throw e; // an error (out of memory, say) stays what it is for the caller; the ledger has stopped
        }
        try {
            staking.weightChanges().drain(rewards::refreshWeight);
        } catch (RuntimeException e) {
            throw stop(tx, e);
        } catch (Error e) {
            stop(tx, e);
            throw e;
        }
        return useNonce(tx, Receipt.ok(events));
    }

    /** A signed transaction's nonce is used whether its command succeeded or was refused (as on Ethereum). */
    private Receipt useNonce(Transaction tx, Receipt receipt) {
        if (tx.hasNonce()) accounts.useNonce(tx.sender());
        return receipt;
    }

    /**
     * Applies {@code txs} in order, exactly as {@link #apply} one by one (same state, same
     * receipts, given to {@code receipts}), but faster on a large ledger: it reads ahead for a
     * whole group of {@link ReadAhead#GROUP} transactions at once instead of for each one alone,
     * so that the whole group's cache misses are waited for together.
     *
     * @throws IllegalArgumentException as {@link #apply}: the transactions before the offending one are applied
     * @throws LedgerFailed             as {@link #apply}: the transactions before the failed one are applied
     */
    public void applyAll(List<Transaction> txs, Consumer<Receipt> receipts) {
        int n = txs.size();
        TableReads next = n == 0 ? null : readAhead.start(txs, 0, Math.min(n, ReadAhead.GROUP));
        for (int g = 0; g < n; g += ReadAhead.GROUP) {
            int end = Math.min(n, g + ReadAhead.GROUP);
            TableReads current = next;
            // the next group's slots first: their misses and this group's record misses overlap
            next = end < n ? readAhead.start(txs, end, Math.min(n, end + ReadAhead.GROUP)) : null;
            readAhead.finish(current);
            for (int i = g; i < end; i++) receipts.accept(execute(txs.get(i)));
        }
    }

    /**
     * Reads the records that {@code txs} (at most {@link ReadAhead#GROUP} of them) will work on,
     * changing nothing: what {@link #applyAll} does for each group before applying it, for a
     * caller that measures it. The result means nothing.
     */
    public long readAhead(List<Transaction> txs) {
        if (txs.size() > ReadAhead.GROUP) throw new IllegalArgumentException("at most " + ReadAhead.GROUP + " transactions");
        return readAhead.finish(readAhead.start(txs, 0, txs.size()));
    }

    /** A refusal: nothing was written, unless a transition refused after it began writing (a fault). */
    private Receipt refused(Transaction tx, ErrorCode code, String detail, RuntimeException cause) {
        if (effects.begun() || !staking.weightChanges().isEmpty()) throw stop(tx, cause);
        rewards.undoSettlement();
        events.clear();
        return Receipt.failed(code, detail);
    }

    private LedgerFailed stop(Transaction tx, Throwable cause) {
        failure = new LedgerFailed("transaction " + applied + " (" + tx.command().op() + " from " + tx.sender()
                + " at " + tx.timestamp() + ") failed " + (effects.begun() ? "while writing" : "while checking")
                + ": " + cause, cause);
        return failure;
    }

    private void dispatch(Address from, long t, Command c) {
        switch (c.op()) {
            case mint -> mint((Mint) c);
            case deposit -> deposit(from, (Deposit) c);
            case withdraw -> withdraw(from, (Withdraw) c);
            case initProver -> {
                InitProver x = (InitProver) c;
                staking.initProver(from, t, x.minSelfStake(), x.commissionRate());
            }
            case stake -> {
                Command.Stake x = (Command.Stake) c;
                staking.stake(from, t, x.prover(), x.amount());
            }
            case requestUnstake -> {
                RequestUnstake x = (RequestUnstake) c;
                staking.requestUnstake(from, t, x.prover(), x.amount());
            }
            case requestUnstakeAll -> staking.requestUnstakeAll(from, t, ((RequestUnstakeAll) c).prover());
            case completeUnstake -> staking.completeUnstake(from, t, ((CompleteUnstake) c).prover());
            case slash -> {
                Slash x = (Slash) c;
                staking.slash(from, t, x.prover(), x.percentage());
            }
            case addRewards -> {
                AddRewards x = (AddRewards) c;
                rewards.addRewards(from, t, x.prover(), x.amount());
            }
            case withdrawRewards -> rewards.withdrawRewards(from, t, ((WithdrawRewards) c).prover());
            case updateCommissionRate -> rewards.updateCommissionRate(from, t, ((UpdateCommissionRate) c).rate());
            case updateMinSelfStake -> staking.updateMinSelfStake(from, t, ((UpdateMinSelfStake) c).amount());
            case retireProver -> staking.retireProver(from, t, ((RetireProver) c).prover());
            case unretireProver -> staking.unretireProver(from, t);
            case deactivateProver -> staking.deactivateProver(from, t, ((DeactivateProver) c).prover());
            case reactivateProver -> staking.reactivateProver(from, t, ((ReactivateProver) c).prover());
            case setGlobalParam -> {
                SetGlobalParam x = (SetGlobalParam) c;
                staking.setGlobalParam(from, x.param(), x.value());
            }
            case withdrawTreasury -> {
                WithdrawTreasury x = (WithdrawTreasury) c;
                if (x.module() == Module.STAKING) staking.withdrawFromTreasuryPool(from, x.to(), x.amount());
                else rewards.withdrawFromTreasuryPool(from, x.to(), x.amount());
            }
            case grantRole -> {
                GrantRole x = (GrantRole) c;
                staking.roles().grant(from, x.role(), x.account());
            }
            case revokeRole -> {
                RevokeRole x = (RevokeRole) c;
                staking.roles().revoke(from, x.role(), x.account());
            }
            case fundEmission -> rewards.fundEmission(from, ((FundEmission) c).amount());
            case setEmissionRate -> rewards.setEmissionRate(from, ((SetEmissionRate) c).ratePerSecond());
            case poke -> rewards.poke(from, ((Poke) c).prover());
            case transferOwnership -> {
                TransferOwnership x = (TransferOwnership) c;
                Ownership o = x.module() == Module.STAKING ? staking.ownership() : rewards.ownership();
                o.transfer(from, x.newOwner());
            }
        }
    }

    private void mint(Mint m) {
        TokenLedger ledger = tokenLedger(m.token());
        ledger.checkMint(m.amount());
        effects.begin();
        ledger.mint(m.to(), m.amount());
    }

    /** Money in: a minter (a bridge, a treasury) credits an account with tokens from outside. */
    private void deposit(Address from, Deposit d) {
        staking.roles().require(Role.MINTER, from);
        Rejected.when(d.to().isZero(), ErrorCode.InvalidArg);
        Rejected.when(d.amount().isZero(), ErrorCode.ZeroAmount);
        TokenLedger token = tokenLedger(d.token());
        token.checkMint(d.amount());
        effects.begin();
        token.mint(d.to(), d.amount());
        sink.emit(new Event.Deposited(d.token(), from, d.to(), d.amount()));
    }

    /** Money out: the sender's tokens leave the ledger for an address outside it, which a bridge pays. */
    private void withdraw(Address from, Withdraw w) {
        Rejected.when(w.to().isZero(), ErrorCode.InvalidArg);
        Rejected.when(w.amount().isZero(), ErrorCode.ZeroAmount);
        TokenLedger token = tokenLedger(w.token());
        token.checkBurn(from, w.amount());
        effects.begin();
        token.burn(from, w.amount());
        sink.emit(new Event.Withdrawn(w.token(), from, w.to(), w.amount()));
    }

    // ---- reads ----

    public Genesis genesis() {
        return genesis;
    }

    public Profile profile() {
        return genesis.profile();
    }

    /** The timestamp of the last transaction applied (the genesis time before any). */
    public long now() {
        return now;
    }

    /** How many transactions were applied, refused ones included. */
    public long appliedCount() {
        return applied;
    }

    public boolean sameToken() {
        return stakeToken == rewardToken;
    }

    /** Why the ledger stopped, if it did: then every {@link #apply} throws. */
    public Optional<LedgerFailed> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Checks every invariant of the design that holds of a single state ({@link StateAudit}), over
     * the whole state: the runtime assertion behind {@code replay --verify}, also applied to every
     * restored snapshot. Empty when all hold. O(state).
     */
    public List<Violation> audit() {
        return StateAudit.of(this);
    }

    /** Every read of the ledger's state, at its current time, following it as it advances. */
    public LedgerView view() {
        return view;
    }

    /** The same at a later time {@code t} (time-based emission projected to it); nothing changes. */
    public LedgerView viewAt(long t) {
        return new LedgerView(this, t);
    }

    // ---- the modules themselves, for this package (views, snapshots, audits) ----

    AccountBook accountBook() {
        return accounts;
    }

    TokenLedger tokenLedger(TokenKind kind) {
        return kind == TokenKind.STAKE ? stakeToken : rewardToken;
    }

    StakingModule stakingModule() {
        return staking;
    }

    RewardsModule rewardsModule() {
        return rewards;
    }

    // ---- the state hash ----

    /**
     * The canonical hash of the whole state after the last transaction applied
     * ({@link #appliedCount()} of them): its clock and nonces included. Folds the changes since the
     * last call into the kept hash: O(records changed since). A ledger that does not keep its hash
     * yet ({@link StateHashing#OFF}, or a snapshot restored without its hash) computes it from
     * scratch this once (O(state)) and keeps it from then on.
     *
     * <p>Like {@link #apply}, on the ledger's own thread, between transactions: it writes the kept
     * hash (never the state). {@link StateHash#fromScratch} computes the same from the state alone.
     */
    public StateHash stateHash() {
        return StateHash.ofValue(stateHashValue());
    }

    /** Whether this ledger keeps its state hash up to date as it changes. */
    public boolean keepsStateHash() {
        return journal.isOn();
    }

    /**
     * Recomputes the state hash from scratch (O(state)) and compares it with the hash this ledger
     * keeps: false when they differ (a snapshot whose state hash section does not match its state,
     * or a write that did not tell the journal). A ledger that keeps no hash starts keeping it
     * (from scratch) and returns true.
     */
    public boolean checkStateHash() {
        if (!journal.isOn()) {
            journal.start(this::forEachStateRecord);
            return true;
        }
        return Arrays.equals(journal.value(), StateJournal.valueOf(this::forEachStateRecord));
    }

    /** The kept LtHash value ({@link dev.proverstaking.statehash.LtHash#BYTES} bytes), flushed; started from scratch if need be. */
    byte[] stateHashValue() {
        if (!journal.isOn()) journal.start(this::forEachStateRecord);
        return journal.value();
    }

    /**
     * Snapshot restore: keep the state hash from now on, from {@code value} (the snapshot's, trusted
     * once its checksums passed), or from scratch when it is null.
     */
    void keepStateHash(byte[] value) {
        if (value != null) journal.startFrom(value);
        else journal.start(this::forEachStateRecord);
    }

    /** Every record of the state hash, in no particular order. */
    void forEachStateRecord(java.util.function.Consumer<? super StateRecord> visit) {
        StateRecords.forEach(this, singletons, visit);
    }

    // ---- changes, for an invariant checker that costs what a transaction touches ----

    /**
     * Starts tracking the records each transaction changes, from the state as it is now: from then
     * on the caller must {@link #drainChanges} after every {@link #apply} (the journal keeps what
     * was not drained, and never flushes on its own while tracking). With or without the state hash
     * kept; a hash started from scratch later must start right after a drain.
     */
    public void trackChanges() {
        journal.startTracking();
    }

    /**
     * Hands each record whose canonical bytes ({@link dev.proverstaking.statehash.RecordKind})
     * changed since the last drain to {@code visitor}, with its bytes before (null for a record
     * created) and after: O(records touched). What a transaction changes reaches the journal by
     * mechanism (every writer tells it first: ArchitectureTest), so nothing changed is missed. The
     * arrays are copies of the state's values, not the state: nothing written to them reaches the ledger.
     *
     * @throws IllegalStateException unless {@link #trackChanges} was called
     */
    public void drainChanges(StateJournal.ChangeVisitor visitor) {
        if (!journal.isTracking()) throw new IllegalStateException("changes are not tracked: trackChanges() first");
        journal.drain(visitor);
    }

    /**
     * Hands every record of the state to {@code visitor} as if it had just been created (before:
     * null): O(state). For a checker's full sweep, which recomputes from scratch what it keeps up to
     * date from {@link #drainChanges}.
     */
    public void visitRecords(StateJournal.ChangeVisitor visitor) {
        dev.proverstaking.statehash.RecordOutput out = new dev.proverstaking.statehash.RecordOutput();
        forEachStateRecord(r -> {
            out.reset();
            r.encode(out);
            byte[] bytes = out.toByteArray();
            visitor.changed(null, 0, 0, bytes, bytes.length);
        });
    }

    /** The state hash's journal (for tests of its bound). */
    StateJournal stateJournal() {
        return journal;
    }
}
