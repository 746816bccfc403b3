package dev.proverstaking.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.bench.core.Population;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.math.UInt256;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The JMH states driven by hand, on 10 stakers, for a few rounds: every measured operation must
 * succeed (else a benchmark would time an error path) and do what its name says. No timing.
 */
class BenchmarkStatesTest {
    static final Blackhole BH =
            new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    private static <S extends CoreOpsBench.Base> S params(S s) {
        s.stakers = 10;
        s.provers = 3;
        s.profile = "solvent";
        return s;
    }

    @Test
    void rotatingBenchmarksSucceedRoundAfterRound() {
        CoreOpsBench bench = new CoreOpsBench();

        CoreOpsBench.StakeState stake = params(new CoreOpsBench.StakeState());
        stake.setup();
        for (int i = 0; i < 55; i++) assertThat(bench.stake(stake).ok()).isTrue();

        CoreOpsBench.AddRewardsState add = params(new CoreOpsBench.AddRewardsState());
        add.setup();
        UInt256 acc = add.ledger.view().proverRecord(add.prover).orElseThrow().accRewardPerRawShare();
        for (int i = 0; i < 5; i++) assertThat(bench.addRewards(add).ok()).isTrue();
        assertThat(add.ledger.view().proverRecord(add.prover).orElseThrow().accRewardPerRawShare().gt(acc)).isTrue();

        CoreOpsBench.WithdrawState withdraw = params(new CoreOpsBench.WithdrawState());
        withdraw.setup();
        for (int i = 0; i < 35; i++) {
            Receipt r = bench.withdrawRewards(withdraw);
            assertThat(r.ok()).as("%s %s", r.error(), r.detail()).isTrue();
        }

        CoreOpsBench.SlashState slash = params(new CoreOpsBench.SlashState());
        slash.slashPpm = 1;
        slash.setup();
        for (int i = 0; i < 5; i++) assertThat(bench.slash(slash).ok()).isTrue();
        assertThat(slash.ledger.view().proverRecord(slash.prover).orElseThrow().scale()).isLessThan(UInt256.WAD);

        for (CoreOpsBench.Base s : new CoreOpsBench.Base[] {stake, add, withdraw, slash}) {
            assertThat(s.failures).isZero();
            s.check();
        }
    }

    @Test
    void queueBenchmarksPrepareWhatTheyMeasure() {
        UnstakeBench bench = new UnstakeBench();
        for (UnstakeBench.Kind kind : UnstakeBench.Kind.values()) {
            UnstakeBench.QueueState s = new UnstakeBench.QueueState();
            s.stakers = 10;
            s.provers = 1;
            s.profile = "reference";
            s.setup(kind);
            for (int i = 0; i < 25; i++) { // 25 rounds over 10 stakers: queues fill and drain
                s.prepare();
                switch (kind) {
                    case REQUEST -> bench.requestUnstake(s, BH);
                    case COMPLETE_1 -> bench.completeUnstake1(s, BH);
                    case COMPLETE_10 -> bench.completeUnstake10(s, BH);
                }
            }
            assertThat(s.failures).as(kind.name()).isZero();
            assertThat(s.measured).isEqualTo(250);
            s.check();
            if (kind != UnstakeBench.Kind.REQUEST) {
                // everything requested was paid out
                assertThat(s.ledger.view().proverRecord(s.prover).orElseThrow().pendingRawShares()).isEqualTo(UInt256.ZERO);
            }
        }
    }

    @Test
    void replayAppliesTheWholeMixWithoutFailures() {
        ReplayBench.ReplayState s = new ReplayBench.ReplayState();
        s.stakers = 10;
        s.provers = 2;
        s.profile = "solvent";
        s.generate();
        s.freshLedger();
        new ReplayBench().replayMix(s);
        assertThat(s.failures).isZero();
        assertThat(s.applied).isEqualTo(ReplayBench.MIX);
        assertThat(s.ledger.appliedCount())
                .isEqualTo(Fixture.population("solvent", 2, 10).setupTransactions() + ReplayBench.MIX);
    }

    @Test
    void naiveBenchmarksWalkEveryStaker() {
        NaiveBench.NaiveState s = new NaiveBench.NaiveState();
        s.stakers = 10;
        s.slashPpm = 10;
        s.setup();
        NaiveBench bench = new NaiveBench();
        UInt256 distributed = bench.addRewards(s);
        // 10% commission; the rest to the prover's self-stake and the 10 stakers, each share floored
        assertThat(distributed.le(Population.tokens(900))).isTrue();
        assertThat(Population.tokens(900).sub(distributed).lt(UInt256.of(11))).isTrue();
        UInt256 slashed = bench.slash(s);
        assertThat(slashed.isZero()).isFalse();
        assertThat(s.ledger.amountOf(s.prover, Fixture.staker(3)))
                .isEqualTo(Fixture.FIRST_STAKE.mul(UInt256.of(999_990)).div(UInt256.of(1_000_000)));
    }
}
