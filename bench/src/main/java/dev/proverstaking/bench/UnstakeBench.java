package dev.proverstaking.bench;

import dev.proverstaking.common.Address;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.staking.Stake;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The operations a position's queue limits (at most 10 pending requests, and a request completes
 * only once): requestUnstake, completeUnstake of 1 ready request, completeUnstake of 10.
 *
 * <p>Each invocation applies {@link #BATCH} such operations to {@link #BATCH} distinct positions of
 * prover 0 (the next ones of a random order over its stakers) and is reported per operation. An
 * untimed {@code Level.Invocation} setup prepares exactly those positions: for requestUnstake it
 * completes a position's matured requests when its queue could overflow; for completeUnstake it
 * files 1 or 10 requests of 1 token and dates the completions one unstake delay later. So every
 * measured operation succeeds and touches one position: O(1) whatever the staker count. The
 * invocation timer (two System.nanoTime calls) adds about 2-3 ns per operation. The setup has
 * just touched the positions measured, so they are in cache: these numbers are a warm-cache
 * view; the rotating benchmarks of {@link CoreOpsBench} and {@code bench core} show the cold one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(UnstakeBench.BATCH)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
public class UnstakeBench {
    /** Operations per invocation; prover 0 needs at least this many stakers. */
    public static final int BATCH = 10;

    enum Kind { REQUEST, COMPLETE_1, COMPLETE_10 }

    @State(Scope.Thread)
    public static class QueueState {
        @Param({"10", "1000", "100000", "1000000"})
        public int stakers;

        @Param({"1"})
        public int provers;

        @Param({"solvent"})
        public String profile;

        Ledger ledger;
        Address prover;
        Kind kind;
        int[] order;
        int cursor;
        long t;
        final Transaction[] batch = new Transaction[BATCH];
        Command.RequestUnstake request;
        Command.CompleteUnstake complete;
        long failures;
        long measured;

        @Setup(Level.Trial)
        public void setup(BenchmarkParams params) {
            String name = params.getBenchmark();
            kind = name.endsWith("completeUnstake10") ? Kind.COMPLETE_10
                    : name.endsWith("completeUnstake1") ? Kind.COMPLETE_1 : Kind.REQUEST;
            setup(kind);
        }

        /** For tests: the same as JMH's trial setup for one benchmark. */
        public void setup(Kind kind) {
            if (stakers < BATCH) throw new IllegalArgumentException("needs at least " + BATCH + " stakers");
            this.kind = kind;
            Fixture f = Fixture.build(profile, provers, stakers);
            ledger = f.ledger;
            prover = f.prover;
            order = Fixture.permutation(stakers);
            t = ledger.now();
            request = new Command.RequestUnstake(prover, Fixture.ONE_TOKEN);
            complete = new Command.CompleteUnstake(prover);
        }

        @Setup(Level.Invocation)
        public void prepare() {
            int requests = kind == Kind.COMPLETE_10 ? 10 : kind == Kind.COMPLETE_1 ? 1 : 0;
            long start = t;
            t += Fixture.UNSTAKE_DELAY; // every earlier request has matured by t
            for (int i = 0; i < BATCH; i++) {
                Address staker = Fixture.staker(order[cursor]);
                if (++cursor == order.length) cursor = 0;
                if (kind == Kind.REQUEST) {
                    int pending = ledger.view().position(prover, staker).orElseThrow().pendingUnstakes().size();
                    if (pending >= Stake.MAX_PENDING_UNSTAKES - 1) untimed(new Transaction(staker, t, complete));
                    batch[i] = new Transaction(staker, t, request);
                } else {
                    for (int r = 0; r < requests; r++) untimed(new Transaction(staker, start, request));
                    batch[i] = new Transaction(staker, t, complete);
                }
            }
        }

        private void untimed(Transaction tx) {
            Receipt r = ledger.apply(tx);
            if (!r.ok()) throw new IllegalStateException("preparation failed: " + tx + ": " + r.error());
        }

        void run(Blackhole bh) {
            for (Transaction tx : batch) {
                Receipt r = ledger.apply(tx);
                measured++;
                if (!r.ok()) failures++;
                bh.consume(r);
            }
        }

        @TearDown(Level.Trial)
        public void check() {
            Fixture.requireNoFailures("UnstakeBench." + kind, failures, measured);
        }
    }

    /** 1-token unstake requests, each to a position with room in its queue. */
    @Benchmark
    public void requestUnstake(QueueState s, Blackhole bh) {
        s.run(bh);
    }

    /** Completions of a position with exactly one matured request. */
    @Benchmark
    public void completeUnstake1(QueueState s, Blackhole bh) {
        s.run(bh);
    }

    /** Completions of a position with ten matured requests (the queue's maximum). */
    @Benchmark
    public void completeUnstake10(QueueState s, Blackhole bh) {
        s.run(bh);
    }
}
