package dev.proverstaking.staking;

import static dev.proverstaking.ledger.Cmd.u;
import static dev.proverstaking.ledger.LedgerFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Cmd;
import dev.proverstaking.transition.ErrorCode;
import dev.proverstaking.transition.Event;
import dev.proverstaking.ledger.LedgerFixture;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import java.math.BigInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** initProver: ProverStaking.initProver, then stake(msg.sender, minSelfStake). */
class InitProverTest {

    @ParameterizedTest
    @EnumSource(Profile.class)
    void registersAndSelfStakesWithEventsInOrder(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.mintStake(P, 1000);
        Receipt r = f.ok(P, Cmd.initProver(100, 500));

        assertThat(r.events()).containsExactly(
                new Event.Transfer(TokenKind.STAKE, P, null, null, Module.STAKING, u(100)),
                new Event.Staked(P, P, u(100), u(100)), // 100 * 1e18 / 1e18 raw shares
                new Event.ProverInitialized(P, u(100), 500));
        Prover p = f.prover(P);
        assertThat(p.state()).isEqualTo(ProverState.Active);
        assertThat(p.minSelfStake()).isEqualTo(u(100));
        assertThat(p.scale()).isEqualTo(UInt256.WAD);
        assertThat(p.totalRawShares()).isEqualTo(u(100));
        assertThat(p.selfRawShares()).isEqualTo(u(100));
        assertThat(p.stakerCount()).isEqualTo(1);
        assertThat(f.book(P).commissionRate()).isEqualTo(500);
        assertThat(f.book(P).pendingCommission()).isEqualTo(UInt256.ZERO);
        assertThat(f.book(P).accRewardPerRawShare()).isEqualTo(UInt256.ZERO);
        assertThat(f.ledger.view().activeProvers()).containsExactly(P);
        assertThat(f.stakeBalance(P)).isEqualTo(bi(900));
        assertThat(f.stakingCustody()).isEqualTo(bi(100));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void alreadyRegisteredIsInvalidProverStateCheckedFirst(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.prover(P, 100, 0);
        f.mintStake(P, 1000);
        f.fails(P, Cmd.initProver(100, 0), ErrorCode.InvalidProverState);
        // state is checked before the commission and the global minimum
        f.fails(P, Cmd.initProver(1, 10_001), ErrorCode.InvalidProverState);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void commissionAboveDenominatorIsInvalidCommissionButTenThousandIsFine(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.mintStake(P, 100);
        f.fails(P, Cmd.initProver(100, 10_001), ErrorCode.InvalidCommission);
        // commission is checked before the global minimum and the balance
        f.fails(Q, Cmd.initProver(1, 10_001), ErrorCode.InvalidCommission);
        assertThat(f.prover(P)).isNull();
        f.ok(P, Cmd.initProver(100, 10_000));
        assertThat(f.book(P).commissionRate()).isEqualTo(10_000);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void belowGlobalMinimumIsGlobalMinSelfStakeNotMetBeforeBalance(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        // no balance at all: the global minimum is checked first
        f.fails(P, Cmd.initProver(99, 0), ErrorCode.GlobalMinSelfStakeNotMet);
        f.mintStake(P, 100);
        f.fails(P, Cmd.initProver(99, 0), ErrorCode.GlobalMinSelfStakeNotMet);
        f.ok(P, Cmd.initProver(100, 0));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void zeroSelfStakeWithZeroGlobalMinimumIsZeroAmountAndLeavesNoProver(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 0);
        f.fails(P, Cmd.initProver(0, 0), ErrorCode.ZeroAmount);
        assertThat(f.prover(P)).isNull();
        assertThat(f.ledger.view().activeProvers()).isEmpty();
        assertThat(f.ledger.view().proverCount()).isZero();
        // and the address can still register normally
        f.prover(P, 1, 0);
        assertThat(f.prover(P).state()).isEqualTo(ProverState.Active);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void shortBalanceIsInsufficientBalanceAndLeavesNoProver(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.mintStake(P, 99);
        f.fails(P, Cmd.initProver(100, 0), ErrorCode.InsufficientBalance);
        assertThat(f.prover(P)).isNull();
        assertThat(f.ledger.view().activeProvers()).isEmpty();
        // nothing lingered: rewards and stake calls see an unregistered prover
        f.fails(A, Cmd.stake(P, 1), ErrorCode.ProverNotRegistered);
        f.fails(PAYER, Cmd.addRewards(P, 0), ErrorCode.RewardsProverNotRegistered);
        f.mintStake(P, 1);
        f.ok(P, Cmd.initProver(100, 0));
        assertThat(f.stakeBalance(P)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void selfStakeTimesWadOverflowIsArithmeticOverflowAfterTheBalanceCheck(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 0);
        BigInteger tooBig = MAX.divide(WAD).add(BigInteger.ONE); // tooBig * 1e18 > 2^256 - 1
        f.fails(P, Cmd.initProver(tooBig, 0), ErrorCode.InsufficientBalance);
        f.mintStake(P, tooBig);
        f.fails(P, Cmd.initProver(tooBig, 0), ErrorCode.ArithmeticOverflow);
        assertThat(f.prover(P)).isNull();
        // the largest amount that converts
        f.ok(P, Cmd.initProver(tooBig.subtract(BigInteger.ONE), 0));
        assertThat(f.totalRawShares(P)).isEqualTo(tooBig.subtract(BigInteger.ONE));
    }
}
