package dev.proverstaking.ledger;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.AddressKeyed;
import dev.proverstaking.staking.Prover;
import dev.proverstaking.staking.Stake;
import dev.proverstaking.staking.StakingModule;
import dev.proverstaking.token.TokenLedger;
import java.util.List;

/**
 * Reads the positions and token accounts that transactions will work on, just before the
 * {@link Ledger} applies them, changing nothing.
 *
 * <p>Why: with a million positions, a transaction's position and its token account are not in
 * cache, and each is two dependent misses (the table slot, then the record it references). Met
 * in the order a transition needs them, that is four misses one after another. Java has no
 * prefetch instruction, but loads that do not depend on each other are waited for together: so
 * every slot is read first, in one tight pass, then every record, in another. For one
 * transaction ({@link #readOne}, before every {@link Ledger#apply}) that makes four waits two;
 * for a group ({@link #read}, in {@link Ledger#applyAll}) a group's dozens of misses take a few
 * rounds. What the passes read is folded into {@link #sink} so that the JIT cannot drop the
 * loads; it is not state.
 *
 * <p>Two details matter. No pass branches on what it has just loaded before all its loads are
 * issued: a mispredicted branch discards the loads issued after it. And the group's scratch
 * arrays are allocated per group, young: storing references into a long-lived array would cost
 * a garbage-collector write barrier (card marking and refinement) on every store, more than the
 * arrays cost to allocate.
 */
final class ReadAhead {
    /** Transactions read ahead together by {@link #read}. */
    static final int GROUP = 16;

    private final StakingModule staking;
    private final TokenLedger stakeToken;
    private final TokenLedger rewardToken;
    private long sink;

    ReadAhead(StakingModule staking, TokenLedger stakeToken, TokenLedger rewardToken) {
        this.staking = staking;
        this.stakeToken = stakeToken;
        this.rewardToken = rewardToken;
    }

    /** Reads ahead for {@code txs[from, to)}, at most {@link #GROUP} of them. */
    void read(List<Transaction> txs, int from, int to) {
        int n = to - from;
        Address[] sender = new Address[n];
        Prover[] prover = new Prover[n];
        TokenLedger[] token = new TokenLedger[n];
        // pass 1: which position and which token account each transaction names, if any
        for (int k = 0; k < n; k++) {
            Transaction tx = txs.get(from + k);
            sender[k] = tx.sender();
            prover[k] = namedProver(tx);
            token[k] = namedToken(tx);
        }
        // pass 2: every home slot, loads that do not depend on each other (and no branch on
        // what they load: a mispredicted branch would discard the loads issued after it)
        AddressKeyed[] home = new AddressKeyed[2 * n];
        for (int k = 0; k < n; k++) {
            if (prover[k] != null) home[2 * k] = prover[k].stakeHome(sender[k]);
            if (token[k] != null) home[2 * k + 1] = token[k].home(sender[k]);
        }
        // pass 3: every record, looked up for real (past collisions) in slots now cached
        long w = sink;
        for (int k = 0; k < n; k++) {
            if (home[2 * k] != null) w ^= warmth(prover[k].stakeOf(sender[k]));
            if (home[2 * k + 1] != null) w ^= token[k].warmth(sender[k]);
        }
        sink = w;
    }

    /** Reads ahead for one transaction: both home slots, then both records. */
    void readOne(Transaction tx) {
        Prover p = namedProver(tx);
        TokenLedger t = namedToken(tx);
        if (p == null && t == null) return;
        Address s = tx.sender();
        AddressKeyed positionSlot = p == null ? null : p.stakeHome(s);
        AddressKeyed accountSlot = t == null ? null : t.home(s);
        // branches on the slots only once both loads are issued
        long w = sink;
        if (positionSlot != null) w ^= warmth(p.stakeOf(s));
        if (accountSlot != null) w ^= t.warmth(s);
        sink = w;
    }

    /** The prover of the position a transaction works on, if it works on one and the prover exists. */
    private Prover namedProver(Transaction tx) {
        Command c = tx.command();
        return switch (c.op()) {
            case stake, completeUnstake, requestUnstake, requestUnstakeAll, withdrawRewards ->
                    staking.prover(c.touchedProver(tx.sender()));
            default -> null;
        };
    }

    /** The token ledger in which a transaction moves the sender's own tokens, if it does. */
    private TokenLedger namedToken(Transaction tx) {
        return switch (tx.command().op()) {
            case stake, completeUnstake -> stakeToken;
            case withdrawRewards -> rewardToken;
            default -> null;
        };
    }

    private static long warmth(Stake stake) {
        return stake == null ? 0 : stake.warmth();
    }
}
