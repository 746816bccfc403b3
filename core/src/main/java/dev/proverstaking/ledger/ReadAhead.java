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
 * Reads the positions and token accounts that a group of transactions will work on, before
 * {@link Ledger#applyAll} applies them, changing nothing.
 *
 * <p>Why: with a million positions, a transaction's position and account are not in cache, and a
 * transaction applied alone waits for each miss in turn (table slot, then record, for each of
 * them). Java has no prefetch instruction, but loads that do not depend on each other are waited
 * for together, so reading a whole group's records in tight loops, one kind of load per pass,
 * turns some fifty sequential misses into a few rounds of parallel ones. What the passes read is
 * folded into {@link #sink} so that the JIT cannot drop the loads; it is not state.
 */
final class ReadAhead {
    /** Transactions read ahead together. */
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
        // pass 1: the transactions themselves, and which position and account each one names
        for (int k = 0; k < n; k++) {
            Transaction tx = txs.get(from + k);
            Command c = tx.command();
            Address s = tx.sender();
            sender[k] = s;
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
        }
        // pass 2: every home slot, independent loads
        for (int k = 0; k < n; k++) {
            home[2 * k] = prover[k] == null ? null : prover[k].stakeHome(sender[k]);
            home[2 * k + 1] = token[k] == null ? null : token[k].home(sender[k]);
        }
        // pass 3: the records themselves, looked up for real (past collisions) in cached slots
        long w = sink;
        for (int k = 0; k < n; k++) {
            if (prover[k] != null) {
                Stake st = prover[k].stakeOf(sender[k]);
                if (st != null) w ^= st.warmth();
            }
            if (token[k] != null) w ^= token[k].warmth(sender[k]);
        }
        sink = w;
        Arrays.fill(sender, 0, n, null);
        Arrays.fill(prover, 0, n, null);
        Arrays.fill(token, 0, n, null);
        Arrays.fill(home, 0, 2 * n, null);
    }
}
