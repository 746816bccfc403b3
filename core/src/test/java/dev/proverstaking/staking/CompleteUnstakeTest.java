package dev.proverstaking.staking;

import dev.proverstaking.common.GlobalParam;

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
import dev.proverstaking.rounding.Profile;
import java.math.BigInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * completeUnstake: no registration check; pays, oldest first, each request with
 * {@code now >= unstakeTime + delay} (checked add) at the scale of completion; stops at the first
 * request not ready; NoReadyUnstakes when none is.
 */
class CompleteUnstakeTest {

    static LedgerFixture world(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.grantSlasher();
        f.prover(P, 100, 0);
        f.delegate(A, P, 100);
        return f;
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void noReadyUnstakesForAnUnregisteredProverOrAnEmptyQueue(Profile profile) {
        LedgerFixture f = world(profile);
        f.fails(A, Cmd.complete(Q), ErrorCode.NoReadyUnstakes);
        f.fails(A, Cmd.complete(P), ErrorCode.NoReadyUnstakes);
        f.fails(STRANGER, Cmd.complete(P), ErrorCode.NoReadyUnstakes);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void readyExactlyAtUnstakeTimePlusDelay(Profile profile) {
        LedgerFixture f = world(profile);
        long t1 = T0 + 10;
        f.at(t1).ok(A, Cmd.unstake(P, 40));
        f.fails(A, Cmd.complete(P), ErrorCode.NoReadyUnstakes);
        f.at(t1 + DELAY - 1).fails(A, Cmd.complete(P), ErrorCode.NoReadyUnstakes);
        Receipt r = f.at(t1 + DELAY).ok(A, Cmd.complete(P));
        assertThat(r.events()).containsExactly(
                new Event.Transfer(TokenKind.STAKE, null, Module.STAKING, A, null, u(40)),
                new Event.UnstakeCompleted(A, P, u(40)));
        assertThat(f.stakeBalance(A)).isEqualTo(bi(40));
        assertThat(f.stakingCustody()).isEqualTo(bi(160));
        assertThat(f.position(P, A).pendingCount()).isZero();
        assertThat(f.prover(P).pendingRawShares()).isEqualTo(u(0));
        f.fails(A, Cmd.complete(P), ErrorCode.NoReadyUnstakes);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void stopsAtTheFirstRequestNotReady(Profile profile) {
        LedgerFixture f = world(profile);
        long t1 = T0 + 10;
        f.at(t1).ok(A, Cmd.unstake(P, 10));
        f.at(t1 + 100).ok(A, Cmd.unstake(P, 20));
        f.at(t1 + 200).ok(A, Cmd.unstake(P, 5));
        Receipt r = f.at(t1 + 100 + DELAY).ok(A, Cmd.complete(P));
        assertThat(r.events()).contains(new Event.UnstakeCompleted(A, P, u(30)));
        assertThat(f.position(P, A).pendingUnstakes()).containsExactly(new PendingUnstake(u(5), t1 + 200));
        assertThat(f.prover(P).pendingRawShares()).isEqualTo(u(5));
        f.at(t1 + 200 + DELAY - 1).fails(A, Cmd.complete(P), ErrorCode.NoReadyUnstakes);
        f.at(t1 + 200 + DELAY).ok(A, Cmd.complete(P));
        assertThat(f.stakeBalance(A)).isEqualTo(bi(35));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void paysAtTheScaleOfCompletion(Profile profile) {
        LedgerFixture f = world(profile);
        f.ok(A, Cmd.unstake(P, 100)); // 100 raw pending
        f.slash(P, 100_000); // scale 9e17
        f.advance(DELAY);
        Receipt r = f.ok(A, Cmd.complete(P));
        // floor(100 * 9e17 / 1e18) = 90
        assertThat(r.events()).contains(new Event.UnstakeCompleted(A, P, u(90)));
        assertThat(f.stakeBalance(A)).isEqualTo(bi(90));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void pendingWorthNothingCompletesWithoutATransfer(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 0);
        f.grantSlasher();
        f.prover(P, 1000, 0);
        f.delegate(A, P, 10);
        f.slash(P, 500_000); // scale 5e17
        f.ok(A, Cmd.unstake(P, 1)); // floor(1e18 / 5e17) = 2 raw
        f.slash(P, 500_000); // scale 2.5e17: 2 raw worth floor(0.5) = 0
        f.advance(DELAY);
        Receipt r = f.ok(A, Cmd.complete(P));
        assertThat(r.events()).containsExactly(new Event.UnstakeCompleted(A, P, u(0)));
        assertThat(f.position(P, A).pendingCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void aNewUnstakeDelayAppliesToPendingRequests(Profile profile) {
        LedgerFixture f = world(profile);
        long t1 = T0 + 10;
        f.at(t1).ok(A, Cmd.unstake(P, 10));
        f.ok(A, Cmd.unstake(P, 10));
        f.ok(OWNER, Cmd.setParam(GlobalParam.UnstakeDelay, 100));
        f.at(t1 + 99).fails(A, Cmd.complete(P), ErrorCode.NoReadyUnstakes);
        f.at(t1 + 100).ok(A, Cmd.complete(P));
        assertThat(f.stakeBalance(A)).isEqualTo(bi(20));

        f.ok(A, Cmd.unstake(P, 10)); // at t1 + 100
        f.ok(OWNER, Cmd.setParam(GlobalParam.UnstakeDelay, 1_000_000));
        f.at(t1 + 100 + DELAY).fails(A, Cmd.complete(P), ErrorCode.NoReadyUnstakes);
        f.at(t1 + 100 + 1_000_000).ok(A, Cmd.complete(P));
        f.ok(A, Cmd.unstake(P, 10));
        f.ok(OWNER, Cmd.setParam(GlobalParam.UnstakeDelay, 0));
        f.ok(A, Cmd.complete(P)); // same second
        assertThat(f.stakeBalance(A)).isEqualTo(bi(40));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void aDelayNearTwoToThe256OverflowsOnCompletion(Profile profile) {
        LedgerFixture f = world(profile);
        long t1 = T0 + 10;
        f.at(t1).ok(A, Cmd.unstake(P, 10));
        f.ok(OWNER, Cmd.setParam(GlobalParam.UnstakeDelay, MAX));
        f.advance(1000).fails(A, Cmd.complete(P), ErrorCode.ArithmeticOverflow);
        // t1 + (2^256 - 1 - t1) = 2^256 - 1: no overflow, just not ready
        f.ok(OWNER, Cmd.setParam(GlobalParam.UnstakeDelay, MAX.subtract(BigInteger.valueOf(t1))));
        f.fails(A, Cmd.complete(P), ErrorCode.NoReadyUnstakes);
        f.ok(OWNER, Cmd.setParam(GlobalParam.UnstakeDelay, MAX.subtract(BigInteger.valueOf(t1 - 1))));
        f.fails(A, Cmd.complete(P), ErrorCode.ArithmeticOverflow);
        // an empty queue never computes the sum
        f.fails(B, Cmd.complete(P), ErrorCode.NoReadyUnstakes);
    }
}
