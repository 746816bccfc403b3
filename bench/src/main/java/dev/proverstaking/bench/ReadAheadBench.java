package dev.proverstaking.bench;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.TableReads;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.math.UInt256;
import java.util.Arrays;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The core's read-ahead ({@link TableReads}, through {@link Ledger#readAhead}) on a real ledger,
 * in the units of {@link MemoryFloorBench}: ns per record read, for a group like
 * {@code Ledger.applyAll}'s (16 transactions of random stakers of prover 0: 8 stakes, which name a
 * position and a staking-token account, and 8 unstake requests, which name a position), each group
 * waiting for the previous one. Against
 * {@code MemoryFloorBench.twoLevelBatch16} it shows how far the read-ahead is from the memory's
 * floor; the difference is what reading whole records (two or three cache lines each, where the
 * floor reads one or two) and the passes' lookups cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ReadAheadBench.RECORDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
public class ReadAheadBench {
    static final int POSITIONS = 16;
    static final int ACCOUNTS = 8;
    static final int RECORDS = POSITIONS + ACCOUNTS;

    @State(Scope.Thread)
    public static class Group {
        @Param({"1000", "1000000"})
        public int stakers;

        Ledger ledger;
        /** A transaction per staker, in a random order of stakers: a stake at even places, an unstake request at odd. */
        List<Transaction> txs;
        int cursor;
        /** Always 0, but a field: the JIT cannot prove it, so {@code carry & zero} is a real dependency. */
        long zero;
        /** The previous group's result: every group waits for the one before. */
        long carry;

        @Setup(Level.Trial)
        public void setup() {
            Fixture f = Fixture.build("solvent", 1, stakers);
            ledger = f.ledger;
            int[] order = Fixture.permutation(stakers);
            Transaction[] all = new Transaction[stakers];
            long t = ledger.now();
            for (int i = 0; i < stakers; i++) {
                Address s = Fixture.staker(order[i]);
                all[i] = new Transaction(s, t, (i & 1) == 0
                        ? new Command.Stake(f.prover, UInt256.ONE) : new Command.RequestUnstake(f.prover, UInt256.ONE));
            }
            txs = Arrays.asList(all);
        }

        int next() {
            int at = cursor;
            cursor = at + POSITIONS >= txs.size() - POSITIONS ? 0 : at + POSITIONS;
            return at;
        }
    }

    @Benchmark
    public long readGroup(Group g) {
        int at = g.next() + (int) (g.carry & g.zero);
        return g.carry = g.ledger.readAhead(g.txs.subList(at, at + POSITIONS));
    }
}
