package dev.proverstaking.bench;

import dev.proverstaking.bench.core.Population;
import dev.proverstaking.common.Address;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The microbenchmarks' starting state: prover 0 with {@code stakers} stakers, and
 * {@code provers - 1} other provers with {@link #OTHER_STAKERS} stakers each, built through
 * {@link Ledger#apply} of ordinary transactions ({@link Population}).
 */
public final class Fixture {
    /** Stakers of each prover other than prover 0. */
    public static final int OTHER_STAKERS = 10;
    /** Each staker's first stake: 10^7 tokens, room for millions of 1-token unstake requests. */
    public static final UInt256 FIRST_STAKE = Population.tokens(10_000_000L);
    /** The unstake delay set at setup. */
    public static final long UNSTAKE_DELAY = 3600;
    public static final UInt256 ONE_TOKEN = Population.TOKEN;

    public final Population population;
    public final Ledger ledger;
    public final Address prover;
    /** Build time of the ledger, in seconds. */
    public final double buildSeconds;

    private Fixture(Population population, Ledger ledger, double buildSeconds) {
        this.population = population;
        this.ledger = ledger;
        this.prover = Population.prover(0);
        this.buildSeconds = buildSeconds;
    }

    public static Population population(String profile, int provers, int stakers) {
        return Population.focused(Profile.fromWireName(profile), provers, stakers, OTHER_STAKERS, FIRST_STAKE,
                UNSTAKE_DELAY);
    }

    /**
     * Builds the state and reports how long it took (the setup of a million stakers is measured
     * too), then pays every prover one reward, so that reward accumulators are not 0 and every
     * operation that settles a position computes real products (as it does in a live ledger).
     */
    public static Fixture build(String profile, int provers, int stakers) {
        Population pop = population(profile, provers, stakers);
        long t0 = System.nanoTime();
        Ledger ledger = pop.build();
        double seconds = (System.nanoTime() - t0) / 1e9;
        for (int p = 0; p < provers; p++) {
            Transaction tx = new Transaction(Population.PAYER, ledger.now(),
                    new Command.AddRewards(Population.prover(p), Population.tokens(1_000)));
            if (!ledger.apply(tx).ok()) throw new IllegalStateException("setup reward failed");
        }
        System.out.printf(Locale.ROOT, "%n[setup] %s: %,d provers, %,d stakers on prover 0: %,d transactions in %.2f s (%,.0f tx/s)%n",
                profile, provers, stakers, pop.setupTransactions(), seconds, pop.setupTransactions() / seconds);
        return new Fixture(pop, ledger, seconds);
    }

    /** Prover 0's staker number {@code k} (0-based). */
    public static Address staker(int k) {
        return Population.staker(k);
    }

    /** A random permutation of {@code 0 .. n-1}, the same for every run: positions are visited in random order. */
    public static int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        SplittableRandom rng = new SplittableRandom(42);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Fails the benchmark if a measured operation failed: then it would have measured an error path. */
    public static void requireNoFailures(String what, long failures, long invocations) {
        if (failures > 0) {
            throw new IllegalStateException(what + ": " + failures + " of " + invocations
                    + " measured operations failed; the benchmark did not measure what it says");
        }
    }
}
