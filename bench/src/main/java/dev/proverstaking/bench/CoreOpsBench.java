package dev.proverstaking.bench;

import dev.proverstaking.bench.core.Population;
import dev.proverstaking.common.Address;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.math.UInt256;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One core operation per invocation, through {@link Ledger#apply} (the whole path: dispatch, checks,
 * arithmetic, token moves, events, receipt), on prover 0 with {@code stakers} stakers.
 * Transactions are built in the setup; invocations rotate over prover 0's stakers in a random
 * order, so at a million stakers every invocation touches a position that is likely not in cache.
 * A measured operation that fails fails the benchmark (see {@link Fixture#requireNoFailures}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
public class CoreOpsBench {

    /** The parameters every state shares. */
    @State(Scope.Thread)
    public abstract static class Base {
        /** Stakers of prover 0, the prover every operation targets. */
        @Param({"10", "1000", "100000", "1000000"})
        public int stakers;

        /** Registered provers (the others have {@link Fixture#OTHER_STAKERS} stakers each). */
        @Param({"1"})
        public int provers;

        /** Rounding profile: solvent (the default) or reference. */
        @Param({"solvent"})
        public String profile;

        public Ledger ledger;
        public Address prover;
        public long failures;
        public long invocations;

        void build() {
            Fixture f = Fixture.build(profile, provers, stakers);
            ledger = f.ledger;
            prover = f.prover;
        }

        final Receipt apply(Transaction tx) {
            Receipt r = ledger.apply(tx);
            invocations++;
            if (!r.ok()) failures++;
            return r;
        }

        @TearDown(Level.Trial)
        public void check() {
            Fixture.requireNoFailures(getClass().getSimpleName(), failures, invocations);
        }
    }

    /** One prebuilt transaction per staker of prover 0, in random order. */
    @State(Scope.Thread)
    public abstract static class Rotating extends Base {
        Transaction[] txs;
        int next;

        Transaction nextTx() {
            Transaction tx = txs[next];
            if (++next == txs.length) next = 0;
            return tx;
        }
    }

    /** Top-ups of existing positions: 1 token each, from stakers funded with 10^9 tokens. */
    @State(Scope.Thread)
    public static class StakeState extends Rotating {
        @Setup(Level.Trial)
        public void setup() {
            build();
            Command c = new Command.Stake(prover, Fixture.ONE_TOKEN);
            int[] perm = Fixture.permutation(stakers);
            txs = new Transaction[stakers];
            for (int k = 0; k < stakers; k++) txs[k] = new Transaction(Fixture.staker(perm[k]), ledger.now(), c);
        }
    }

    @Benchmark
    public Receipt stake(StakeState s) {
        return s.apply(s.nextTx());
    }

    /** 1000 tokens from a payer to prover 0 (10% commission, the rest to all its stakers at once). */
    @State(Scope.Thread)
    public static class AddRewardsState extends Base {
        Transaction tx;

        @Setup(Level.Trial)
        public void setup() {
            build();
            tx = new Transaction(Population.PAYER, ledger.now(), new Command.AddRewards(prover, Population.tokens(1000)));
        }
    }

    @Benchmark
    public Receipt addRewards(AddRewardsState s) {
        return s.apply(s.tx);
    }

    /**
     * Stakers withdraw in random order. A withdrawal pays everything, so once per round over the
     * stakers the invocation also adds a reward (1000 tokens): its cost, amortised, is part of the
     * result (addRewards / stakers per operation: about 10% of an addRewards at 10 stakers,
     * negligible from 1000 on).
     */
    @State(Scope.Thread)
    public static class WithdrawState extends Rotating {
        Transaction reward;

        @Setup(Level.Trial)
        public void setup() {
            build();
            reward = new Transaction(Population.PAYER, ledger.now(), new Command.AddRewards(prover, Population.tokens(1000)));
            Command c = new Command.WithdrawRewards(prover);
            int[] perm = Fixture.permutation(stakers);
            txs = new Transaction[stakers];
            for (int k = 0; k < stakers; k++) txs[k] = new Transaction(Fixture.staker(perm[k]), ledger.now(), c);
        }
    }

    @Benchmark
    public Receipt withdrawRewards(WithdrawState s) {
        if (s.next == 0) s.ledger.apply(s.reward);
        return s.apply(s.nextTx());
    }

    /**
     * The slasher slashes prover 0 by {@code slashPpm}. The default is 0 ppm: the same checks,
     * multiplications, divisions, treasury credit and event as any slash, but a scale that does not
     * move, because a real slash, however small, brings the scale to its floor (10%) after a few
     * million invocations (1 ppm: 2.3 million), after which slashes fail (and this benchmark fails).
     * Use {@code -p slashPpm=1} with short runs to see a moving scale.
     */
    @State(Scope.Thread)
    public static class SlashState extends Base {
        @Param({"0"})
        public int slashPpm;

        Transaction tx;

        @Setup(Level.Trial)
        public void setup() {
            build();
            tx = new Transaction(Population.SLASHER, ledger.now(), new Command.Slash(prover, UInt256.of(slashPpm)));
        }
    }

    @Benchmark
    public Receipt slash(SlashState s) {
        return s.apply(s.tx);
    }
}
