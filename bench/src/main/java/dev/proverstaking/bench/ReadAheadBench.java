package dev.proverstaking.bench;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.TableReads;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.staking.Prover;
import dev.proverstaking.token.TokenView;
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
 * The core's read-ahead ({@link TableReads}) on a real ledger, in the units of
 * {@link MemoryFloorBench}: ns per record read, for a group like {@code Ledger.applyAll}'s (16
 * positions of random stakers of prover 0 and 8 of their staking-token accounts, what 16 mixed
 * transactions name), each group waiting for the previous one. Against
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

        Prover prover;
        TokenView stakeToken;
        Address[] stakers0;
        int cursor;
        /** Always 0, but a field: the JIT cannot prove it, so {@code carry & zero} is a real dependency. */
        long zero;
        /** The previous group's result: every group waits for the one before. */
        long carry;

        @Setup(Level.Trial)
        public void setup() {
            Fixture f = Fixture.build("solvent", 1, stakers);
            prover = f.ledger.staking().prover(f.prover);
            stakeToken = f.ledger.token(TokenKind.STAKE);
            int[] order = Fixture.permutation(stakers);
            stakers0 = new Address[stakers];
            for (int i = 0; i < stakers; i++) stakers0[i] = Fixture.staker(order[i]);
        }

        int next() {
            int at = cursor;
            cursor = at + POSITIONS >= stakers0.length - POSITIONS ? 0 : at + POSITIONS;
            return at;
        }
    }

    @Benchmark
    public long readGroup(Group g) {
        int at = g.next() + (int) (g.carry & g.zero);
        TableReads reads = new TableReads(RECORDS);
        for (int j = 0; j < POSITIONS; j++) {
            Address s = g.stakers0[at + j];
            g.prover.enlistStake(s, reads);
            if ((j & 1) == 0) g.stakeToken.enlist(s, reads);
        }
        return g.carry = reads.read();
    }
}
