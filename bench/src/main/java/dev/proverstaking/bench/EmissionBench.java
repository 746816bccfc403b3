package dev.proverstaking.bench;

import dev.proverstaking.bench.core.Population;
import dev.proverstaking.common.Address;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.Transaction;
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
 * Time-based emission stays O(1) (issue 3): with emission funded and running, every operation
 * accrues the global pool and settles the prover it touches, yet its cost must not grow with the
 * number of provers sharing the emission or the stakers of the prover. Each invocation is one
 * second after the previous one, so every invocation accrues and settles real emission.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
public class EmissionBench {

    @State(Scope.Thread)
    public static class Running {
        /** Registered provers, all active, all sharing the emission (each but prover 0 with 10 stakers). */
        @Param({"10", "1000", "100000"})
        public int provers;

        /** Stakers of prover 0, the prover the operations touch. */
        @Param({"1000", "100000"})
        public int stakers;

        @Param({"solvent"})
        public String profile;

        Ledger ledger;
        Address prover;
        Command stake;
        Command poke;
        int next;
        int[] perm;
        long t;
        long failures;
        long invocations;

        @Setup(Level.Trial)
        public void setup() {
            Fixture f = Fixture.build(profile, provers, stakers);
            ledger = f.ledger;
            prover = f.prover;
            t = ledger.now();
            require(ledger.apply(new Transaction(Population.PAYER, t, new Command.FundEmission(Population.tokens(1_000_000_000_000L)))));
            require(ledger.apply(new Transaction(Population.OWNER, t, new Command.SetEmissionRate(Population.tokens(100)))));
            stake = new Command.Stake(prover, Fixture.ONE_TOKEN);
            poke = new Command.Poke(prover);
            perm = Fixture.permutation(stakers);
        }

        private static void require(Receipt r) {
            if (!r.ok()) throw new IllegalStateException("emission setup failed: " + r.error());
        }

        Receipt apply(Address from, Command c) {
            Receipt r = ledger.apply(new Transaction(from, ++t, c));
            invocations++;
            if (!r.ok()) failures++;
            return r;
        }

        Address nextStaker() {
            Address a = Fixture.staker(perm[next]);
            if (++next == perm.length) next = 0;
            return a;
        }

        @TearDown(Level.Trial)
        public void check() {
            Fixture.requireNoFailures("EmissionBench", failures, invocations);
            if (ledger.view().emission().totalEmitted().isZero()) {
                throw new IllegalStateException("no emission was accrued: the benchmark did not measure settlement");
            }
        }
    }

    /** A stake top-up: accrues the pool, settles prover 0's emission, re-weighs it. */
    @Benchmark
    public Receipt stakeWhileEmitting(Running s) {
        return s.apply(s.nextStaker(), s.stake);
    }

    /** A poke: accrues the pool and settles prover 0's emission into its accumulator. */
    @Benchmark
    public Receipt pokeWhileEmitting(Running s) {
        return s.apply(Population.OWNER, s.poke);
    }
}
