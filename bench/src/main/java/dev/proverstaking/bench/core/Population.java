package dev.proverstaking.bench.core;

import dev.proverstaking.common.Role;
import dev.proverstaking.common.Address;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.Genesis;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.common.GlobalParam;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The starting state of a benchmark: provers, each with its own stakers, built only through
 * {@link Ledger#apply} of ordinary transactions (grant the slasher role, set the unstake delay,
 * mint, initProver, stake). Staker {@code i} stakes with exactly one prover; prover {@code p}'s
 * stakers are the indices {@code [first(p), first(p) + stakers(p))}.
 *
 * <p>Every address is computed from an index, so a population holds no per-staker data and a
 * ledger of a million positions can be rebuilt from it without keeping a million transactions.
 * Every staker is funded with {@link #STAKER_RESERVE} more than its first stake, enough for
 * millions of later top-ups.
 */
public final class Population {
    /** One token: 10^18 units. */
    public static final UInt256 TOKEN = UInt256.WAD;
    /** Every staker's reserve of staking tokens beyond its first stake: 10^9 tokens. */
    public static final UInt256 STAKER_RESERVE = tokens(1_000_000_000L);
    /** Each prover's self-stake on top of its minimum, so that slashing never breaks its minimum. */
    public static final UInt256 PROVER_EXTRA_SELF_STAKE = tokens(1_000_000L);
    /** The reward payer's balance: 2^200 units, inexhaustible. */
    public static final UInt256 PAYER_FUNDS = UInt256.of(BigInteger.TWO.pow(200));
    public static final long GENESIS_TIME = 1_700_000_000L;

    private static final long STAKER_TAG = 0x5354_414b_4552_0000L; // "STAKER"
    private static final long PROVER_TAG = 0x5052_4f56_4552_0000L; // "PROVER"
    private static final long ROLE_TAG = 0x524f_4c45_0000_0000L;   // "ROLE"

    public static final Address OWNER = new Address(ROLE_TAG, 1, 0);
    public static final Address PAYER = new Address(ROLE_TAG, 2, 0);
    public static final Address SLASHER = new Address(ROLE_TAG, 3, 0);

    private final Profile profile;
    private final int[] stakersPerProver;
    private final long[] first;
    private final long totalStakers;
    private final UInt256 firstStake;
    private final long unstakeDelay;
    private final int commissionRate;

    /**
     * @param stakersPerProver how many stakers each prover has (its length is the prover count)
     * @param firstStake       what each staker stakes at setup
     * @param unstakeDelay     the unstake delay set at setup, in seconds
     */
    public Population(Profile profile, int[] stakersPerProver, UInt256 firstStake, long unstakeDelay,
                      int commissionRate) {
        if (stakersPerProver.length == 0) throw new IllegalArgumentException("no prover");
        this.profile = profile;
        this.stakersPerProver = stakersPerProver.clone();
        this.first = new long[stakersPerProver.length];
        long at = 0;
        for (int p = 0; p < stakersPerProver.length; p++) {
            if (stakersPerProver[p] < 0) throw new IllegalArgumentException("negative staker count");
            first[p] = at;
            at += stakersPerProver[p];
        }
        this.totalStakers = at;
        this.firstStake = firstStake;
        this.unstakeDelay = unstakeDelay;
        this.commissionRate = commissionRate;
    }

    /**
     * {@code provers} provers: the first holds {@code mainShare} of the {@code stakers} stakers,
     * the others share the rest evenly. The workload of {@code bench core}.
     */
    public static Population skewed(Profile profile, int provers, int stakers, double mainShare, long unstakeDelay) {
        int[] counts = new int[provers];
        int main = provers == 1 ? stakers : (int) Math.round(stakers * mainShare);
        counts[0] = main;
        int rest = stakers - main;
        for (int p = 1; p < provers; p++) {
            counts[p] = rest / (provers - 1) + (p - 1 < rest % (provers - 1) ? 1 : 0);
        }
        return new Population(profile, counts, tokens(1_000), unstakeDelay, 1_000);
    }

    /**
     * Prover 0 has {@code mainStakers} stakers; each of the other {@code provers - 1} has
     * {@code otherStakers}. The microbenchmarks' population.
     */
    public static Population focused(Profile profile, int provers, int mainStakers, int otherStakers,
                                     UInt256 firstStake, long unstakeDelay) {
        int[] counts = new int[provers];
        Arrays.fill(counts, otherStakers);
        counts[0] = mainStakers;
        return new Population(profile, counts, firstStake, unstakeDelay, 1_000);
    }

    public static UInt256 tokens(long n) {
        return UInt256.of(n).mul(TOKEN);
    }

    public static Address prover(int p) {
        return new Address(PROVER_TAG, p, 0);
    }

    public static Address staker(long i) {
        return new Address(STAKER_TAG, i, 0);
    }

    public Genesis genesis() {
        return new Genesis(GENESIS_TIME, OWNER, TOKEN, false, profile);
    }

    public Profile profile() {
        return profile;
    }

    public int provers() {
        return stakersPerProver.length;
    }

    public int stakersOf(int prover) {
        return stakersPerProver[prover];
    }

    /** The index of prover {@code p}'s first staker. */
    public long firstStakerOf(int prover) {
        return first[prover];
    }

    public long stakers() {
        return totalStakers;
    }

    /** (prover, staker) positions after setup: every staker's, plus each prover's self-stake. */
    public long positions() {
        return totalStakers + stakersPerProver.length;
    }

    /** Transactions applied by {@link #build}: what a replay from genesis must run first. */
    public long setupTransactions() {
        return 3 + 3L * stakersPerProver.length + 2 * totalStakers;
    }

    /** The prover that staker {@code i} stakes with. */
    public int proverOf(long staker) {
        int at = Arrays.binarySearch(first, staker);
        if (at >= 0) {
            while (at + 1 < first.length && first[at + 1] == staker) at++; // skip provers without stakers
            return at;
        }
        return -at - 2;
    }

    public UInt256 firstStake() {
        return firstStake;
    }

    public long unstakeDelay() {
        return unstakeDelay;
    }

    public UInt256 stakerFunds() {
        return firstStake.add(STAKER_RESERVE);
    }

    /** Calls {@code sink} with every setup transaction, in order, without keeping them. */
    public void forEachSetupTransaction(Consumer<Transaction> sink) {
        long t = GENESIS_TIME;
        sink.accept(new Transaction(OWNER, t, new Command.GrantRole(Role.SLASHER, SLASHER)));
        sink.accept(new Transaction(OWNER, t, new Command.SetGlobalParam(GlobalParam.UnstakeDelay, UInt256.of(unstakeDelay))));
        sink.accept(new Transaction(OWNER, t, new Command.Mint(TokenKind.REWARD, PAYER, PAYER_FUNDS)));
        UInt256 proverFunds = TOKEN.add(PROVER_EXTRA_SELF_STAKE).add(STAKER_RESERVE);
        Command.InitProver init = new Command.InitProver(TOKEN, UInt256.of(commissionRate));
        for (int p = 0; p < stakersPerProver.length; p++) {
            Address prover = prover(p);
            sink.accept(new Transaction(OWNER, t, new Command.Mint(TokenKind.STAKE, prover, proverFunds)));
            sink.accept(new Transaction(prover, t, init));
            sink.accept(new Transaction(prover, t, new Command.Stake(prover, PROVER_EXTRA_SELF_STAKE)));
        }
        UInt256 funds = stakerFunds();
        for (int p = 0; p < stakersPerProver.length; p++) {
            Address prover = prover(p);
            Command.Stake stake = new Command.Stake(prover, firstStake);
            for (long i = first[p], end = first[p] + stakersPerProver[p]; i < end; i++) {
                Address staker = staker(i);
                sink.accept(new Transaction(OWNER, t, new Command.Mint(TokenKind.STAKE, staker, funds)));
                sink.accept(new Transaction(staker, t, stake));
            }
        }
    }

    /** The setup transactions as a list (for replays from genesis and scenario files). */
    public List<Transaction> setupTransactionList() {
        List<Transaction> txs = new ArrayList<>((int) Math.min(Integer.MAX_VALUE - 8, setupTransactions()));
        forEachSetupTransaction(txs::add);
        return txs;
    }

    /** A fresh ledger with this population, built by applying every setup transaction. */
    public Ledger build() {
        return build(Ledger.StateHashing.OFF);
    }

    /** {@link #build()}, into a ledger that keeps its state hash as {@code hashing} says. */
    public Ledger build(Ledger.StateHashing hashing) {
        Ledger ledger = new Ledger(genesis(), hashing);
        build(ledger);
        return ledger;
    }

    /**
     * Applies the setup transactions to {@code ledger} (fresh, from {@link #genesis()}).
     *
     * @throws IllegalStateException if any of them fails: the population would not be what it says
     */
    public void build(Ledger ledger) {
        forEachSetupTransaction(tx -> {
            Receipt r = ledger.apply(tx);
            if (!r.ok()) {
                throw new IllegalStateException("setup transaction failed: " + tx + ": " + r.error() + " " + r.detail());
            }
        });
    }
}
