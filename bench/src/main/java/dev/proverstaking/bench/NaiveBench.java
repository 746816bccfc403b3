package dev.proverstaking.bench;

import dev.proverstaking.bench.core.Population;
import dev.proverstaking.bench.naive.NaiveLedger;
import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import java.util.Locale;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The naive O(n) baseline ({@link NaiveLedger}) on the same populations as {@link CoreOpsBench}:
 * prover 0 with {@code stakers} stakers of {@link Fixture#FIRST_STAKE} each, 10% commission. The
 * same reward (1000 tokens) and the same slash parameter, so that {@code NaiveBench.addRewards}
 * and {@code CoreOpsBench.addRewards} (and {@code slash}) compare side by side in one run. Unlike
 * the core's, a naive slash does not approach a floor, so any {@code slashPpm} runs for ever; the
 * default 0 ppm matches the core's benchmark (the work per staker does not depend on it).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
public class NaiveBench {

    @State(Scope.Thread)
    public static class NaiveState {
        @Param({"10", "1000", "100000", "1000000"})
        public int stakers;

        @Param({"0"})
        public int slashPpm;

        public NaiveLedger ledger;
        public Address prover;
        public UInt256 reward;
        public UInt256 ppm;

        @Setup(Level.Trial)
        public void setup() {
            long t0 = System.nanoTime();
            ledger = new NaiveLedger();
            prover = Population.prover(0);
            ledger.initProver(prover, Population.PROVER_EXTRA_SELF_STAKE, 1_000);
            for (int i = 0; i < stakers; i++) ledger.stake(prover, Fixture.staker(i), Fixture.FIRST_STAKE);
            reward = Population.tokens(1000);
            ppm = UInt256.of(slashPpm);
            System.out.printf(Locale.ROOT, "%n[setup] naive: %,d stakers in %.2f s%n", stakers, (System.nanoTime() - t0) / 1e9);
        }
    }

    @Benchmark
    public UInt256 addRewards(NaiveState s) {
        return s.ledger.addRewards(s.prover, s.reward);
    }

    @Benchmark
    public UInt256 slash(NaiveState s) {
        return s.ledger.slash(s.prover, s.ppm);
    }
}
