package dev.proverstaking.staking;

import static dev.proverstaking.ledger.Cmd.u;
import static dev.proverstaking.ledger.LedgerFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.ledger.Cmd;
import dev.proverstaking.transition.ErrorCode;
import dev.proverstaking.transition.Event;
import dev.proverstaking.ledger.LedgerFixture;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.rounding.Profile;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * requestUnstakeAll. reference: requestUnstake(eff(rawShares)), i.e. amount -> raw round trip that can
 * leave dust; solvent: exactly all raw shares (scenario-format, "Unstake all").
 */
class RequestUnstakeAllTest {

    /** P self raw 1000, A raw 3, then a 50% slash: scale 5e17, A's 3 raw are worth floor(1.5) = 1. */
    static LedgerFixture dustWorld(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 0);
        f.grantSlasher();
        f.prover(P, 1000, 0);
        f.delegate(A, P, 3);
        f.slash(P, 500_000);
        assertThat(f.scale(P)).isEqualTo(new BigInteger("500000000000000000"));
        return f;
    }

    @Test
    void referenceRoundTripLeavesDustRawShares() {
        LedgerFixture f = dustWorld(Profile.REFERENCE);
        // eff = floor(3 * 5e17 / 1e18) = 1; back: floor(1 * 1e18 / 5e17) = 2 raw
        Receipt r = f.ok(A, Cmd.unstakeAll(P));
        assertThat(r.events()).containsExactly(new Event.UnstakeRequested(A, P, u(1), u(2)));
        assertThat(f.rawShares(P, A)).isEqualTo(bi(1));
        assertThat(f.totalRawShares(P)).isEqualTo(bi(1001));
        assertThat(f.prover(P).stakerCount()).isEqualTo(2); // A still in the set
        // the remaining raw share is worth floor(5e17/1e18) = 0: ZeroAmount
        f.fails(A, Cmd.unstakeAll(P), ErrorCode.ZeroAmount);
        // so after the prover leaves, it can never retire
        f.ok(P, Cmd.unstakeAll(P)); // eff(1000) = 500 -> raw 1000 exactly
        assertThat(f.rawShares(P, P)).isZero();
        assertThat(f.totalRawShares(P)).isEqualTo(bi(1));
        f.fails(STRANGER, Cmd.retire(P), ErrorCode.ActiveStakesRemain);
    }

    @Test
    void solventMovesExactlyAllRawShares() {
        LedgerFixture f = dustWorld(Profile.SOLVENT);
        Receipt r = f.ok(A, Cmd.unstakeAll(P));
        assertThat(r.events()).containsExactly(new Event.UnstakeRequested(A, P, u(1), u(3)));
        assertThat(f.rawShares(P, A)).isZero();
        assertThat(f.totalRawShares(P)).isEqualTo(bi(1000));
        assertThat(f.prover(P).stakerCount()).isEqualTo(1);
        f.fails(A, Cmd.unstakeAll(P), ErrorCode.ZeroAmount);
        f.ok(P, Cmd.unstakeAll(P));
        f.ok(STRANGER, Cmd.retire(P));
        assertThat(f.prover(P).state()).isEqualTo(ProverState.Retired);
    }

    @Test
    void referenceRawSharesWorthZeroAreZeroAmountButSolventUnstakesThem() {
        for (Profile profile : Profile.values()) {
            LedgerFixture f = new LedgerFixture(profile, 0);
            f.grantSlasher();
            f.prover(P, 1000, 0);
            f.delegate(A, P, 1); // 1 raw
            f.slash(P, 500_000); // worth floor(0.5) = 0
            if (profile == Profile.REFERENCE) {
                f.fails(A, Cmd.unstakeAll(P), ErrorCode.ZeroAmount);
                assertThat(f.rawShares(P, A)).isEqualTo(bi(1));
            } else {
                Receipt r = f.ok(A, Cmd.unstakeAll(P));
                assertThat(r.events()).containsExactly(new Event.UnstakeRequested(A, P, u(0), u(1)));
                assertThat(f.rawShares(P, A)).isZero();
                assertThat(f.prover(P).pendingRawShares()).isEqualTo(u(1));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void nothingStakedIsZeroAmountAfterTheRegistrationCheck(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 0);
        f.prover(P, 10, 0);
        f.fails(A, Cmd.unstakeAll(Q), ErrorCode.ProverNotRegistered);
        f.fails(A, Cmd.unstakeAll(P), ErrorCode.ZeroAmount);
        f.delegate(A, P, 5);
        f.ok(A, Cmd.unstakeAll(P));
        f.fails(A, Cmd.unstakeAll(P), ErrorCode.ZeroAmount); // only pending left
    }

    /**
     * Scale 3.5e17 (50% then 30%), prover self raw 5 worth floor(1.75) = 1. reference: back to
     * floor(1e18 / 3.5e17) = 2 raw, leaving 3 raw worth floor(1.05) = 1 > 0 and below the minimum 5.
     */
    @Test
    void referenceSelfUnstakeAllCanLeaveOneUnitAndFailMinSelfStake() {
        for (Profile profile : Profile.values()) {
            LedgerFixture f = new LedgerFixture(profile, 0);
            f.grantSlasher();
            f.prover(P, 5, 0);
            f.slash(P, 500_000);
            f.slash(P, 300_000);
            assertThat(f.scale(P)).isEqualTo(new BigInteger("350000000000000000"));
            assertThat(f.prover(P).state()).isEqualTo(ProverState.Active);
            // treasury: (5 - floor(2.5)) + (2 - floor(1.75)) = 3 + 1
            assertThat(f.stakingTreasury()).isEqualTo(bi(4));
            if (profile == Profile.REFERENCE) {
                f.fails(P, Cmd.unstakeAll(P), ErrorCode.MinSelfStakeNotMet);
            } else {
                Receipt r = f.ok(P, Cmd.unstakeAll(P));
                assertThat(r.events()).containsExactly(
                        new Event.ProverDeactivated(P),
                        new Event.UnstakeRequested(P, P, u(1), u(5)));
                assertThat(f.totalRawShares(P)).isZero();
            }
        }
    }

    /**
     * reference: requestUnstakeAll computes eff(rawShares) = rawShares * scale / 1e18 before calling
     * requestUnstake, so a position whose raw shares times the scale pass 2^256 - 1 (two stakes of
     * floor((2^256-1)/1e18) each) overflows there, before the queue check.
     */
    @Test
    void referenceEffectiveValueOverflowComesBeforeTheQueueCheck() {
        LedgerFixture f = new LedgerFixture(Profile.REFERENCE, 0);
        f.prover(P, 10, 0);
        BigInteger big = MAX.divide(WAD);
        f.mintStake(A, big.multiply(BigInteger.TWO));
        f.ok(A, Cmd.stake(P, big));
        f.ok(A, Cmd.stake(P, big));
        f.fails(A, Cmd.unstakeAll(P), ErrorCode.ArithmeticOverflow);
        for (int i = 0; i < 10; i++) f.ok(A, Cmd.unstake(P, 1));
        f.fails(A, Cmd.unstakeAll(P), ErrorCode.ArithmeticOverflow);
        f.fails(A, Cmd.unstake(P, 1), ErrorCode.TooManyPendingUnstakes);
    }
}
