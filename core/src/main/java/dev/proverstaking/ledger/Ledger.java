package dev.proverstaking.ledger;

import dev.proverstaking.transition.ErrorCode;
import dev.proverstaking.transition.Rejected;
import dev.proverstaking.transition.Event;
import dev.proverstaking.transition.EventSink;

import dev.proverstaking.access.Ownership;
import dev.proverstaking.access.Roles;
import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TableReads;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command.*;
import dev.proverstaking.math.ArithmeticOverflow;
import dev.proverstaking.rewards.RewardsModule;
import dev.proverstaking.rewards.RewardsView;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.staking.Prover;
import dev.proverstaking.staking.StakingModule;
import dev.proverstaking.staking.StakingView;
import dev.proverstaking.token.AccountBook;
import dev.proverstaking.token.TokenLedger;
import dev.proverstaking.token.TokenView;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The staking ledger: one deterministic state machine holding both modules and their tokens.
 * It has no I/O, no clock and no randomness: {@link #apply} of the same transactions to a ledger
 * built from the same {@link Genesis} always gives the same state and the same receipts.
 *
 * <p>Single-threaded by design (the Disruptor's business-logic core): wrap it, don't share it.
 *
 * <p>Every transaction is atomic. Transitions check and compute before they write (see
 * {@link StakingModule}), so a rejected one has changed nothing of its own; the time-based
 * emission settled for it beforehand is undone here, and its events are dropped.
 *
 * <p>Each transaction: accrue the emission pool to its timestamp and settle the prover it names
 * ({@link Command#touchedProver}); run the transition; on success re-weigh that prover if the
 * command can change its weight ({@link Command#changesWeight}).
 */
public final class Ledger {
    private final Genesis genesis;
    private final ArrayList<Event> events = new ArrayList<>();
    private final TokenLedger stakeToken;
    private final TokenLedger rewardToken;
    private final StakingModule staking;
    private final RewardsModule rewards;
    private final LedgerView view = new LedgerView(this);
    private final ReadAhead readAhead;
    private long now;
    private long applied;

    public Ledger(Genesis genesis) {
        this.genesis = genesis;
        this.now = genesis.timestamp();
        EventSink sink = events::add;
        AccountBook accounts = new AccountBook();
        this.stakeToken = new TokenLedger(TokenKind.STAKE, sink, accounts);
        this.rewardToken = genesis.sameToken() ? stakeToken : new TokenLedger(TokenKind.REWARD, sink, accounts);
        Ownership stakingOwner = new Ownership(Module.STAKING, genesis.owner());
        Ownership rewardsOwner = new Ownership(Module.REWARDS, genesis.owner());
        this.rewards = new RewardsModule(genesis.profile().rules(), rewardToken.custody(Module.REWARDS),
                rewardsOwner, genesis.timestamp(), sink);
        this.staking = new StakingModule(genesis.profile().rules(), stakeToken.custody(Module.STAKING),
                stakingOwner, new Roles(stakingOwner), genesis.globalMinSelfStake(), rewards, sink);
        this.rewards.link(staking);
        this.readAhead = new ReadAhead(staking, stakeToken, rewardToken);
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
     */
    public Receipt apply(Transaction tx) {
        readAhead.readOne(tx);
        return execute(tx);
    }

    /** {@link #apply}, once the transaction's position and account have been read ahead. */
    private Receipt execute(Transaction tx) {
        if (tx.timestamp() < now) {
            throw new IllegalArgumentException(
                    "timestamp " + tx.timestamp() + " is before the ledger's time " + now);
        }
        now = tx.timestamp();
        applied++;
        events.clear();
        Command command = tx.command();
        Address touched = command.touchedProver(tx.sender());
        try {
            // emission accrues lazily: settled for the touched prover before anything changes it
            rewards.settleEmission(touched == null ? null : staking.prover(touched), now);
            dispatch(tx.sender(), now, command);
        } catch (Rejected r) {
            return failed(r.code(), r.getMessage());
        } catch (ArithmeticOverflow o) {
            return failed(ErrorCode.ArithmeticOverflow, o.getMessage());
        }
        if (touched != null && command.changesWeight()) {
            Prover p = staking.prover(touched);
            if (p != null) rewards.refreshWeight(p);
        }
        return Receipt.ok(events);
    }

    /**
     * Applies {@code txs} in order, exactly as {@link #apply} one by one (same state, same
     * receipts, given to {@code receipts}), but faster on a large ledger: it reads ahead for a
     * whole group of {@link ReadAhead#GROUP} transactions at once instead of for each one alone,
     * so that the whole group's cache misses are waited for together.
     *
     * @throws IllegalArgumentException as {@link #apply}: the transactions before the offending one are applied
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

    private Receipt failed(ErrorCode code, String detail) {
        rewards.undoSettlement();
        events.clear();
        return Receipt.failed(code, detail);
    }

    private void dispatch(Address from, long t, Command c) {
        switch (c.op()) {
            case mint -> mint((Mint) c);
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
                staking.roles().grant(from, x.role(), x.account(), events::add);
            }
            case revokeRole -> {
                RevokeRole x = (RevokeRole) c;
                staking.roles().revoke(from, x.role(), x.account(), events::add);
            }
            case fundEmission -> rewards.fundEmission(from, ((FundEmission) c).amount());
            case setEmissionRate -> rewards.setEmissionRate(from, ((SetEmissionRate) c).ratePerSecond());
            case poke -> rewards.poke(from, ((Poke) c).prover());
            case transferOwnership -> {
                TransferOwnership x = (TransferOwnership) c;
                Ownership o = x.module() == Module.STAKING ? staking.ownership() : rewards.ownership();
                o.transfer(from, x.newOwner(), events::add);
            }
        }
    }

    private void mint(Mint m) {
        TokenLedger ledger = tokenLedger(m.token());
        ledger.checkMint(m.amount());
        // effects
        ledger.mint(m.to(), m.amount());
    }

    // ---- read access ----

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

    /** How many transactions were applied, failed ones included. */
    public long appliedCount() {
        return applied;
    }

    /** The read side: the reference's view functions as immutable values. */
    public LedgerView view() {
        return view;
    }

    /** Views at a later time {@code t} (time-based emission projected to it); nothing changes. */
    public LedgerView viewAt(long t) {
        return new LedgerView(this, t);
    }

    /** The staking module, read only: every change goes through {@link #apply}. */
    public StakingView staking() {
        return staking.view();
    }

    /** The rewards module, read only: every change goes through {@link #apply}. */
    public RewardsView rewards() {
        return rewards.view();
    }

    /** A token's balances, read only; with one token, both kinds name the same token. */
    public TokenView token(TokenKind kind) {
        return tokenLedger(kind).view();
    }

    public boolean sameToken() {
        return stakeToken == rewardToken;
    }

    // ---- the modules themselves, for this package (snapshots, fingerprints, mint) ----

    /** The ledger of a token itself, for this package: it can mint and hand out custodies. */
    TokenLedger tokenLedger(TokenKind kind) {
        return kind == TokenKind.STAKE ? stakeToken : rewardToken;
    }

    /** The staking module itself, for {@link LedgerSnapshot}. */
    StakingModule stakingModule() {
        return staking;
    }

    /** The rewards module itself, for {@link LedgerSnapshot}. */
    RewardsModule rewardsModule() {
        return rewards;
    }
}
