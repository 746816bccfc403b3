package dev.proverstaking.simulation;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.Genesis;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.LedgerView;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.Solvency;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One history replayed in both profiles, with the figures a reader wants to see over it sampled at
 * the same transactions: what is staked, rewards given and taken, the treasuries, the emission, and
 * what each module holds against what it owes. The same transactions, not the same story: where the
 * profiles' roundings differ, a transaction may succeed in one and be refused in the other, which is
 * part of what the comparison shows. Money is exact here (uint256 units as {@link BigInteger}).
 */
public final class ProfileComparison {
    private ProfileComparison() {}

    /**
     * One point of the history in one profile, after {@code index} transactions.
     *
     * @param totalStake     the provers' effective active stake
     * @param rewardsAdded   rewards given to provers so far (successful addRewards), reward units
     * @param rewardsClaimed rewards and commission withdrawn so far (what left the rewards module through withdrawRewards)
     */
    public record Sample(long index, long time, BigInteger totalStake, BigInteger rewardsAdded, BigInteger rewardsClaimed,
                         BigInteger stakingTreasury, BigInteger rewardsTreasury, BigInteger emitted,
                         BigInteger emissionBudget, Solvency solvency) {}

    /** The samples of each profile, at the same indices. */
    public record Comparison(Genesis genesis, int transactions, Map<Profile, List<Sample>> samples) {}

    /**
     * Replays {@code history} (from {@code genesis}, whatever its profile) in both profiles and
     * samples it about {@code points} times, at the start and after the last transaction included.
     * O(points x state + history).
     */
    public static Comparison of(Genesis genesis, List<Transaction> history, int points) {
        if (points < 1) throw new IllegalArgumentException("points " + points);
        Map<Profile, List<Sample>> out = new EnumMap<>(Profile.class);
        int every = Math.max(1, (history.size() + points - 1) / points); // at most points + 1 samples
        for (Profile profile : Profile.values()) {
            Genesis g = new Genesis(genesis.timestamp(), genesis.owner(), genesis.globalMinSelfStake(), genesis.sameToken(), profile);
            out.put(profile, replay(g, history, every));
        }
        return new Comparison(genesis, history.size(), out);
    }

    private static List<Sample> replay(Genesis genesis, List<Transaction> history, int every) {
        Ledger ledger = new Ledger(genesis);
        List<Sample> samples = new ArrayList<>();
        BigInteger added = BigInteger.ZERO, claimed = BigInteger.ZERO;
        samples.add(sample(ledger, 0, added, claimed));
        for (int i = 0; i < history.size(); i++) {
            Transaction tx = history.get(i);
            UInt256 before = tx.command() instanceof Command.WithdrawRewards
                    ? ledger.view().custody(TokenKind.REWARD, Module.REWARDS) : null;
            Receipt r = ledger.apply(tx);
            if (r.ok() && tx.command() instanceof Command.AddRewards a) added = added.add(a.amount().toBigInteger());
            if (r.ok() && before != null) {
                claimed = claimed.add(before.toBigInteger()
                        .subtract(ledger.view().custody(TokenKind.REWARD, Module.REWARDS).toBigInteger()));
            }
            if ((i + 1) % every == 0 || i + 1 == history.size()) samples.add(sample(ledger, i + 1, added, claimed));
        }
        return samples;
    }

    private static Sample sample(Ledger ledger, long index, BigInteger added, BigInteger claimed) {
        LedgerView v = ledger.view();
        BigInteger stake = BigInteger.ZERO;
        for (Address p : v.allProvers()) {
            LedgerView.ProverInfo info = v.prover(p).orElseThrow();
            stake = stake.add(info.totalStaked().toBigInteger());
        }
        LedgerView.EmissionInfo e = v.emission();
        LedgerView.TreasuryPools t = v.treasuryPools();
        return new Sample(index, v.now(), stake, added, claimed, t.staking().toBigInteger(), t.rewards().toBigInteger(),
                e.totalEmitted().toBigInteger(), e.remainingBudget().toBigInteger(), v.solvency());
    }
}
