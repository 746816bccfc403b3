package dev.proverstaking.bench;

import dev.proverstaking.bench.core.MixGenerator;
import dev.proverstaking.bench.core.Population;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Transaction;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Replay of a mixed scenario: a pre-built list of {@link #MIX} transactions (the mix of
 * {@link MixGenerator}: stakes, unstake requests and completions, rewards, withdrawals, slashes,
 * commission changes, new stakers) applied to a fresh ledger that holds the population (prover 0
 * with {@code stakers} stakers). Each iteration rebuilds the ledger (untimed) and times one replay
 * of the whole list: a single shot, reported per transaction.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ReplayBench.MIX)
@Warmup(iterations = 15) // one call per iteration: with few warm-up calls applyAll still ran less optimized code (BENCHMARKS.md)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
public class ReplayBench {
    /** Transactions per replay. */
    public static final int MIX = 100_000;

    @State(Scope.Thread)
    public static class ReplayState {
        @Param({"10", "1000", "100000", "1000000"})
        public int stakers;

        @Param({"1"})
        public int provers;

        @Param({"solvent"})
        public String profile;

        Population population;
        Transaction[] mix;
        Ledger ledger;
        long failures;
        long applied;

        @Setup(Level.Trial)
        public void generate() {
            population = Fixture.population(profile, provers, stakers);
            long t0 = System.nanoTime();
            MixGenerator gen = new MixGenerator(population, 42);
            mix = gen.next(MIX).toArray(new Transaction[0]);
            System.out.printf(Locale.ROOT, "%n[setup] generated %,d mixed transactions on a twin ledger in %.2f s (%d failed there)%n",
                    mix.length, (System.nanoTime() - t0) / 1e9, gen.failures());
        }

        /** A fresh ledger, then a full GC so that the build's garbage is not collected during the replay. */
        @Setup(Level.Iteration)
        public void freshLedger() {
            ledger = null;
            ledger = population.build();
            System.gc();
        }

        @TearDown(Level.Trial)
        public void check() {
            Fixture.requireNoFailures("ReplayBench", failures, applied);
        }
    }

    /** The list through {@link Ledger#applyAll}, which reads each group's positions and accounts ahead. */
    @Benchmark
    public Ledger replayMixApplyAll(ReplayState s) {
        Ledger ledger = s.ledger;
        long[] failed = {0};
        ledger.applyAll(Arrays.asList(s.mix), r -> {
            if (!r.ok()) failed[0]++;
        });
        s.failures += failed[0];
        s.applied += s.mix.length;
        return ledger;
    }

    /** The list one transaction at a time through {@link Ledger#apply}. */
    @Benchmark
    public Ledger replayMix(ReplayState s) {
        Ledger ledger = s.ledger;
        long failed = 0;
        for (Transaction tx : s.mix) {
            if (!ledger.apply(tx).ok()) failed++;
        }
        s.failures += failed;
        s.applied += s.mix.length;
        return ledger;
    }
}
