package dev.proverstaking.ledger;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.TableReads;
import dev.proverstaking.staking.Prover;
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
 * prefetch instruction, but loads that do not depend on each other are waited for together, so
 * this class names every record a transaction (or a group of them, {@link #GROUP}, in
 * {@link Ledger#applyAll}) will touch and {@link TableReads} loads them in short passes over
 * the whole batch; {@code applyAll} starts a group (its slots) just before it finishes the one
 * before it (its records), so that each wait covers both. Naming and reading never throw and
 * change nothing, so starting a group early cannot affect the transactions before it. What the
 * passes read is folded into {@link #sink} so that the JIT cannot drop the loads; it is not state.
 */
final class ReadAhead {
    /** Transactions read ahead together: a group of {@link #start}. */
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

    /**
     * Starts reading ahead for {@code txs[from, to)}, at most {@link #GROUP} of them: names their
     * records and loads the table slots that lead to them; {@link #finish} loads the records.
     */
    TableReads start(List<Transaction> txs, int from, int to) {
        TableReads reads = new TableReads(2 * (to - from));
        for (int i = from; i < to; i++) enlist(txs.get(i), reads);
        reads.readSlots();
        return reads;
    }

    /** Loads the records of a group {@link #start}ed earlier; returns what was read (meaningless). */
    long finish(TableReads reads) {
        long w = reads.read();
        sink ^= w;
        return w;
    }

    /** Reads ahead for one transaction. */
    void readOne(Transaction tx) {
        TableReads reads = new TableReads(2);
        enlist(tx, reads);
        sink ^= reads.read();
    }

    /** Enlists the sender's position and token account that {@code tx} works on, if any. */
    private void enlist(Transaction tx, TableReads reads) {
        if (tx == null) return; // applying it fails, in its turn, after the ones before it
        Prover p = namedProver(tx);
        if (p != null) p.enlistStake(tx.sender(), reads);
        TokenLedger t = namedToken(tx);
        if (t != null) t.enlist(tx.sender(), reads);
        else if (tx.hasNonce()) stakeToken.enlist(tx.sender(), reads); // its nonce is in the same record
    }

    /** The prover of the position a transaction works on, if it works on one and the prover exists. */
    private Prover namedProver(Transaction tx) {
        Command c = tx.command();
        Address prover = switch (c.op()) {
            case stake -> ((Command.Stake) c).prover();
            case completeUnstake -> ((Command.CompleteUnstake) c).prover();
            case requestUnstake -> ((Command.RequestUnstake) c).prover();
            case requestUnstakeAll -> ((Command.RequestUnstakeAll) c).prover();
            case withdrawRewards -> ((Command.WithdrawRewards) c).prover();
            default -> null;
        };
        return prover == null ? null : staking.prover(prover);
    }

    /** The token ledger in which a transaction moves the sender's own tokens, if it does. */
    private TokenLedger namedToken(Transaction tx) {
        return switch (tx.command().op()) {
            case stake, completeUnstake -> stakeToken;
            case withdrawRewards -> rewardToken;
            case withdraw -> ((Command.Withdraw) tx.command()).token() == dev.proverstaking.common.TokenKind.STAKE
                    ? stakeToken : rewardToken;
            default -> null;
        };
    }
}
