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
import dev.proverstaking.ledger.LedgerView;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.rounding.Profile;
import java.math.BigInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** stake: ZeroAmount, registration, delegation gates, transfer, then raw = amount * 1e18 / scale. */
class StakeTest {

    @ParameterizedTest
    @EnumSource(Profile.class)
    void delegationAtFullScaleMintsOneRawSharePerUnit(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.prover(P, 100, 0);
        f.mintStake(A, 80);
        Receipt r = f.ok(A, Cmd.stake(P, 50));
        assertThat(r.events()).containsExactly(
                new Event.Transfer(TokenKind.STAKE, A, null, null, Module.STAKING, u(50)),
                new Event.Staked(A, P, u(50), u(50)));
        assertThat(f.rawShares(P, A)).isEqualTo(bi(50));
        assertThat(f.totalRawShares(P)).isEqualTo(bi(150));
        assertThat(f.stakeBalance(A)).isEqualTo(bi(30));
        assertThat(f.stakingCustody()).isEqualTo(bi(150));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void afterASlashRawSharesAreAmountTimesWadOverScale(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 0);
        f.grantSlasher();
        f.prover(P, 100, 0);
        f.delegate(P, P, 900); // self raw 1000, minimum 100
        f.slash(P, 100_000); // scale = 1e18 * 900000 / 1e6 = 9e17
        assertThat(f.scale(P)).isEqualTo(new BigInteger("900000000000000000"));
        f.mintStake(A, 100);
        Receipt r = f.ok(A, Cmd.stake(P, 100));
        // floor(100e18 / 9e17) = floor(111.11) = 111
        assertThat(r.events()).contains(new Event.Staked(A, P, u(100), u(111)));
        assertThat(f.rawShares(P, A)).isEqualTo(bi(111));
        assertThat(f.totalRawShares(P)).isEqualTo(bi(1111));

        f.slash(P, 333_333); // scale = floor(9e17 * 666667 / 1e6) = 600000300000000000
        BigInteger scale = new BigInteger("600000300000000000");
        assertThat(f.scale(P)).isEqualTo(scale).isEqualTo(slashScale(new BigInteger("900000000000000000"), 333_333));
        f.mintStake(B, 1000);
        f.ok(B, Cmd.stake(P, 1000));
        // floor(1000e18 / 600000300000000000) = floor(1666.665833...) = 1666
        assertThat(f.rawShares(P, B)).isEqualTo(bi(1666)).isEqualTo(raw(bi(1000), scale));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void zeroAmountAndUnknownProver(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.mintStake(A, 10);
        f.fails(A, Cmd.stake(P, 0), ErrorCode.ZeroAmount); // ZeroAmount before registration
        f.fails(A, Cmd.stake(P, 1), ErrorCode.ProverNotRegistered);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void delegationToANonActiveProverFailsButSelfStakeIsAllowed(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.prover(P, 100, 0);
        f.mintStake(A, 100);
        f.mintStake(P, 100);
        f.ok(OWNER, Cmd.deactivate(P));
        f.fails(A, Cmd.stake(P, 10), ErrorCode.InvalidProverState);
        Receipt r = f.ok(P, Cmd.stake(P, 10));
        assertThat(r.events()).contains(new Event.Staked(P, P, u(10), u(10)));
        assertThat(f.rawShares(P, P)).isEqualTo(bi(110));

        // retired: only self-stake
        f.ok(P, Cmd.unstakeAll(P));
        f.ok(STRANGER, Cmd.retire(P));
        assertThat(f.prover(P).state()).isEqualTo(ProverState.Retired);
        f.fails(A, Cmd.stake(P, 10), ErrorCode.InvalidProverState);
        f.ok(P, Cmd.stake(P, 10));
        assertThat(f.rawShares(P, P)).isEqualTo(bi(10));
        assertThat(f.prover(P).stakerCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void delegationNeedsTheProversSelfEffectiveStakeAtItsMinimum(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.grantSlasher();
        f.prover(P, 100, 0);
        f.mintStake(A, 100);
        f.slash(P, 100_000); // self effective = floor(100 * 0.9) = 90 < 100
        f.fails(A, Cmd.stake(P, 10), ErrorCode.MinSelfStakeNotMet);
        // InvalidProverState comes before MinSelfStakeNotMet, which comes before the balance check
        f.fails(B, Cmd.stake(P, 10), ErrorCode.MinSelfStakeNotMet);
        f.mintStake(P, 20);
        f.ok(P, Cmd.stake(P, 10)); // + floor(10e18/9e17) = 11 raw: 111 raw, worth floor(99.9) = 99
        assertThat(f.rawShares(P, P)).isEqualTo(bi(111));
        f.fails(A, Cmd.stake(P, 10), ErrorCode.MinSelfStakeNotMet);
        f.ok(P, Cmd.stake(P, 2)); // + floor(2e18/9e17) = 2 raw: 113 raw, worth floor(101.7) = 101
        assertThat(f.rawShares(P, P)).isEqualTo(bi(113));
        f.ok(A, Cmd.stake(P, 10));
        assertThat(f.rawShares(P, A)).isEqualTo(bi(11));

        f.ok(OWNER, Cmd.deactivate(P));
        f.ok(P, Cmd.updateMinSelfStake(1000)); // self effective now below its minimum too
        f.fails(B, Cmd.stake(P, 10), ErrorCode.InvalidProverState);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void shortBalanceIsReportedBeforeTheConversionOverflows(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.prover(P, 100, 0);
        BigInteger tooBig = MAX.divide(WAD).add(BigInteger.ONE);
        f.fails(A, Cmd.stake(P, tooBig), ErrorCode.InsufficientBalance);
        f.mintStake(A, tooBig.subtract(BigInteger.ONE));
        f.fails(A, Cmd.stake(P, tooBig), ErrorCode.InsufficientBalance);
        f.mintStake(A, 1);
        f.fails(A, Cmd.stake(P, tooBig), ErrorCode.ArithmeticOverflow);
        assertThat(f.stakeBalance(A)).isEqualTo(tooBig);
        assertThat(f.position(P, A)).isNull();
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void stakerSetCountsPositionsWithActiveShares(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.prover(P, 100, 0);
        assertThat(f.prover(P).stakerCount()).isEqualTo(1);
        f.delegate(A, P, 10);
        f.delegate(A, P, 10); // same staker again
        assertThat(f.prover(P).stakerCount()).isEqualTo(2);
        f.delegate(B, P, 5);
        assertThat(f.prover(P).stakerCount()).isEqualTo(3);
        f.ok(A, Cmd.unstake(P, 20));
        assertThat(f.prover(P).stakerCount()).isEqualTo(2);
        assertThat(f.position(P, A)).isNotNull(); // the position stays (pending unstake)
        f.delegate(A, P, 1);
        assertThat(f.prover(P).stakerCount()).isEqualTo(3);
        assertThat(f.ledger.view().stakers(P, null, 10).items()).extracting(LedgerView.PositionRecord::staker).containsExactly(P, A, B);
    }
}
