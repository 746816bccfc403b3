package dev.proverstaking.staking;

import static dev.proverstaking.ledger.Cmd.u;
import static dev.proverstaking.ledger.LedgerFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * requestUnstake: ZeroAmount, ProverNotRegistered, TooManyPendingUnstakes, conversion (overflow),
 * InsufficientStake, then the prover's self-stake rules and auto-deactivation on a full exit.
 */
class RequestUnstakeTest {

    /** P: minimum 100, self raw 100; A: raw 100. */
    static LedgerFixture world(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.grantSlasher();
        f.prover(P, 100, 0);
        f.delegate(A, P, 100);
        return f;
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void movesRawSharesToThePendingQueue(Profile profile) {
        LedgerFixture f = world(profile).advance(10);
        Receipt r = f.ok(A, Cmd.unstake(P, 30));
        assertThat(r.events()).containsExactly(new Event.UnstakeRequested(A, P, u(30), u(30)));
        assertThat(f.rawShares(P, A)).isEqualTo(bi(70));
        assertThat(f.totalRawShares(P)).isEqualTo(bi(170));
        assertThat(f.position(P, A).pendingUnstakes()).containsExactly(new PendingUnstake(u(30), T0 + 10));
        assertThat(f.prover(P).pendingRawShares()).isEqualTo(u(30));
        assertThat(f.stakingCustody()).isEqualTo(bi(200)); // nothing paid yet
        assertThat(f.stakeBalance(A)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void zeroAmountThenUnknownProver(Profile profile) {
        LedgerFixture f = world(profile);
        f.fails(A, Cmd.unstake(P, 0), ErrorCode.ZeroAmount);
        f.fails(A, Cmd.unstake(Q, 0), ErrorCode.ZeroAmount);
        f.fails(A, Cmd.unstake(Q, 1), ErrorCode.ProverNotRegistered);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void eleventhRequestIsTooManyPendingUnstakesEvenWhenItsAmountWouldOverflow(Profile profile) {
        LedgerFixture f = world(profile);
        BigInteger overflowing = MAX.divide(WAD).add(BigInteger.ONE);
        for (int i = 0; i < 9; i++) f.ok(A, Cmd.unstake(P, 1));
        // with 9 pending, the conversion is reached and overflows
        f.fails(A, Cmd.unstake(P, overflowing), ErrorCode.ArithmeticOverflow);
        f.ok(A, Cmd.unstake(P, 1));
        assertThat(f.position(P, A).pendingCount()).isEqualTo(10);
        f.fails(A, Cmd.unstake(P, 1), ErrorCode.TooManyPendingUnstakes);
        f.fails(A, Cmd.unstake(P, overflowing), ErrorCode.TooManyPendingUnstakes);
        f.fails(A, Cmd.unstake(P, MAX), ErrorCode.TooManyPendingUnstakes);
        f.fails(A, Cmd.unstakeAll(P), ErrorCode.TooManyPendingUnstakes);
        // the limit is per (prover, staker): the prover itself can still request
        f.mintStake(P, 10);
        f.ok(P, Cmd.stake(P, 10));
        f.ok(P, Cmd.unstake(P, 10));
        // completing frees the queue
        f.advance(DELAY);
        f.ok(A, Cmd.complete(P));
        f.ok(A, Cmd.unstake(P, 1));
        assertThat(f.position(P, A).pendingCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void amountTimesWadOverflowIsArithmeticOverflow(Profile profile) {
        LedgerFixture f = world(profile);
        f.fails(A, Cmd.unstake(P, MAX.divide(WAD).add(BigInteger.ONE)), ErrorCode.ArithmeticOverflow);
        f.fails(A, Cmd.unstake(P, MAX), ErrorCode.ArithmeticOverflow);
        // a stranger too: conversion comes before the stake check
        f.fails(STRANGER, Cmd.unstake(P, MAX), ErrorCode.ArithmeticOverflow);
        // the largest convertible amount is simply more than A has
        f.fails(A, Cmd.unstake(P, MAX.divide(WAD)), ErrorCode.InsufficientStake);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void moreThanTheStakeIsInsufficientStake(Profile profile) {
        LedgerFixture f = world(profile);
        f.fails(A, Cmd.unstake(P, 101), ErrorCode.InsufficientStake);
        f.fails(STRANGER, Cmd.unstake(P, 1), ErrorCode.InsufficientStake);
        f.slash(P, 100_000); // scale 9e17: A's 100 raw are worth 90
        // floor(91e18 / 9e17) = 101 raw > 100
        f.fails(A, Cmd.unstake(P, 91), ErrorCode.InsufficientStake);
        // floor(90e18 / 9e17) = 100 raw: everything
        Receipt r = f.ok(A, Cmd.unstake(P, 90));
        assertThat(r.events()).containsExactly(new Event.UnstakeRequested(A, P, u(90), u(100)));
        assertThat(f.rawShares(P, A)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void aProverKeepsItsMinimumUnlessItLeavesEntirely(Profile profile) {
        LedgerFixture f = world(profile);
        f.mintStake(P, 50);
        f.ok(P, Cmd.stake(P, 50)); // self 150, minimum 100
        f.fails(P, Cmd.unstake(P, 151), ErrorCode.InsufficientStake); // before the self-stake rules
        f.fails(P, Cmd.unstake(P, 51), ErrorCode.MinSelfStakeNotMet); // 99 would remain
        f.ok(P, Cmd.unstake(P, 50)); // exactly 100 remains
        assertThat(f.rawShares(P, P)).isEqualTo(bi(100));
        f.fails(P, Cmd.unstake(P, 1), ErrorCode.MinSelfStakeNotMet);
        assertThat(f.prover(P).state()).isEqualTo(ProverState.Active);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void aFullSelfExitDeactivatesAnActiveProver(Profile profile) {
        LedgerFixture f = world(profile);
        Receipt r = f.ok(P, Cmd.unstake(P, 100));
        assertThat(r.events()).containsExactly(
                new Event.ProverDeactivated(P),
                new Event.UnstakeRequested(P, P, u(100), u(100)));
        assertThat(f.prover(P).state()).isEqualTo(ProverState.Deactivated);
        assertThat(f.ledger.view().activeProvers()).doesNotContain(P);
        assertThat(f.prover(P).stakerCount()).isEqualTo(1); // only A remains
        assertThat(f.totalRawShares(P)).isEqualTo(bi(100));
        // delegators can still leave a deactivated prover
        f.ok(A, Cmd.unstake(P, 40));
        // a deactivated prover's partial re-entry still obeys its minimum
        f.mintStake(P, 150);
        f.ok(P, Cmd.stake(P, 150));
        f.fails(P, Cmd.unstake(P, 51), ErrorCode.MinSelfStakeNotMet);
        // and a full exit of a prover that is not active emits no deactivation
        Receipt again = f.ok(P, Cmd.unstake(P, 150));
        assertThat(again.events()).containsExactly(new Event.UnstakeRequested(P, P, u(150), u(150)));
        assertThat(f.prover(P).state()).isEqualTo(ProverState.Deactivated);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void stakerCountDropsWhenSharesReachZero(Profile profile) {
        LedgerFixture f = world(profile);
        f.delegate(B, P, 10);
        assertThat(f.prover(P).stakerCount()).isEqualTo(3);
        f.ok(A, Cmd.unstake(P, 99));
        assertThat(f.prover(P).stakerCount()).isEqualTo(3);
        f.ok(A, Cmd.unstake(P, 1));
        assertThat(f.prover(P).stakerCount()).isEqualTo(2);
        assertThat(f.ledger.view().stakers(P, null, 10).items()).extracting(LedgerView.PositionRecord::staker).containsExactly(P, B);
        f.ok(B, Cmd.unstakeAll(P));
        assertThat(f.ledger.view().stakers(P, null, 10).items()).extracting(LedgerView.PositionRecord::staker).containsExactly(P);
    }
}
