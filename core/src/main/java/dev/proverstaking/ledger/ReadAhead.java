package dev.proverstaking.ledger;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.AddressKeyed;
import dev.proverstaking.staking.Prover;
import dev.proverstaking.staking.Stake;
import dev.proverstaking.staking.StakingModule;
import dev.proverstaking.token.TokenLedger;
import java.util.Arrays;
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
 */
final class ReadAhead {
    /** Transactions read ahead together by {@link #read}. */
    static final int GROUP = 16;

    private final StakingModule staking;
    private final TokenLedger stakeToken;
    private final TokenLedger rewardToken;
    private final Address[] sender = new Address[GROUP];
    private final Prover[] prover = new Prover[GROUP];
    private final TokenLedger[] token = new TokenLedger[GROUP];
    private final AddressKeyed[] home = new AddressKeyed[2 * GROUP];
    private long sink;

    ReadAhead(StakingModule staking, TokenLedger stakeToken, TokenLedger rewardToken) {
        this.staking = staking;
        this.stakeToken = stakeToken;
        this.rewardToken = rewardToken;
    }

    /** Reads ahead for {@code txs[from, to)}, at most {@link #GROUP} of them. */
    void read(List<Transaction> txs, int from, int to) {
        int n = to - from;
        for (int k = 0; k < n; k++) name(k, txs.get(from + k));
        readNamed(n);
    }

    /** Reads ahead for one transaction. */
    void readOne(Transaction tx) {
        name(0, tx);
        readNamed(1);
    }

    /** Pass 1: which position and which token account the {@code k}-th transaction names, if any. */
    private void name(int k, Transaction tx) {
        Command c = tx.command();
        Address s = tx.sender();
        switch (c.op()) {
            case stake, completeUnstake -> {
                prover[k] = staking.prover(c.touchedProver(s));
                token[k] = stakeToken;
            }
            case requestUnstake, requestUnstakeAll -> prover[k] = staking.prover(c.touchedProver(s));
            case withdrawRewards -> {
                prover[k] = staking.prover(c.touchedProver(s));
                token[k] = rewardToken;
            }
            default -> { }
        }
        sender[k] = s;
    }

    /** Pass 2 reads every named home slot, pass 3 every record (looked up for real, past collisions). */
    private void readNamed(int n) {
        for (int k = 0; k < n; k++) {
            home[2 * k] = prover[k] == null ? null : prover[k].stakeHome(sender[k]);
            home[2 * k + 1] = token[k] == null ? null : token[k].home(sender[k]);
        }
        long w = sink;
        for (int k = 0; k < n; k++) {
            if (home[2 * k] != null) {
                Stake st = prover[k].stakeOf(sender[k]);
                if (st != null) w ^= st.warmth();
            }
            if (home[2 * k + 1] != null) w ^= token[k].warmth(sender[k]);
        }
        sink = w;
        Arrays.fill(sender, 0, n, null);
        Arrays.fill(prover, 0, n, null);
        Arrays.fill(token, 0, n, null);
        Arrays.fill(home, 0, 2 * n, null);
    }
}
