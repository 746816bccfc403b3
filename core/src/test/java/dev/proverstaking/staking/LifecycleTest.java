package dev.proverstaking.staking;

import dev.proverstaking.common.GlobalParam;

import static dev.proverstaking.ledger.Cmd.u;
import static dev.proverstaking.ledger.LedgerFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.ledger.Cmd;
import dev.proverstaking.transition.ErrorCode;
import dev.proverstaking.transition.Event;
import dev.proverstaking.ledger.LedgerFixture;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.rounding.Profile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** retireProver, unretireProver, deactivateProver, reactivateProver, updateMinSelfStake. */
class LifecycleTest {

    static LedgerFixture world(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.grantSlasher();
        f.prover(P, 100, 1000);
        return f;
    }

    // ------------------------------------------------------------------ retire

    @ParameterizedTest
    @EnumSource(Profile.class)
    void retireChecksRegistrationStateStakesThenCommission(Profile profile) {
        LedgerFixture f = world(profile);
        f.fails(STRANGER, Cmd.retire(Q), ErrorCode.ProverNotRegistered);
        f.reward(P, 1000); // commission 100, stakers 900 (to P's own stake)
        f.fails(STRANGER, Cmd.retire(P), ErrorCode.ActiveStakesRemain); // before CommissionRemain
        f.ok(P, Cmd.unstakeAll(P)); // full exit: deactivated
        assertThat(f.prover(P).state()).isEqualTo(ProverState.Deactivated);
        f.fails(STRANGER, Cmd.retire(P), ErrorCode.CommissionRemain);
        f.ok(P, Cmd.withdraw(P));
        // pending unstakes do not block retirement; anyone may retire
        Receipt r = f.ok(STRANGER, Cmd.retire(P));
        assertThat(r.events()).containsExactly(new Event.ProverRetired(P));
        assertThat(f.prover(P).state()).isEqualTo(ProverState.Retired);
        assertThat(f.ledger.view().activeProvers()).isEmpty();
        f.fails(STRANGER, Cmd.retire(P), ErrorCode.InvalidProverState);
        f.fails(P, Cmd.retire(P), ErrorCode.InvalidProverState);
        // the pending unstake still completes
        f.advance(DELAY).ok(P, Cmd.complete(P));
        assertThat(f.stakeBalance(P)).isEqualTo(bi(100));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void anActiveProverWithNoStakeCanBeRetired(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 0);
        f.prover(P, 10, 0);
        f.ok(P, Cmd.updateMinSelfStake(0));
        f.ok(P, Cmd.unstakeAll(P)); // deactivated
        f.ok(OWNER, Cmd.reactivate(P)); // self 0 >= minimum 0 >= global 0
        assertThat(f.prover(P).state()).isEqualTo(ProverState.Active);
        assertThat(f.ledger.view().activeProvers()).containsExactly(P);
        f.ok(A, Cmd.retire(P));
        assertThat(f.prover(P).state()).isEqualTo(ProverState.Retired);
        assertThat(f.ledger.view().activeProvers()).isEmpty();
    }

    // ------------------------------------------------------------------ unretire

    @ParameterizedTest
    @EnumSource(Profile.class)
    void unretireRequiresRetiredThenScaleThenMinimumThenGlobalMinimum(Profile profile) {
        LedgerFixture f = world(profile);
        f.fails(STRANGER, Cmd.unretire(), ErrorCode.InvalidProverState); // unregistered
        f.fails(P, Cmd.unretire(), ErrorCode.InvalidProverState); // active
        f.ok(P, Cmd.unstakeAll(P));
        f.fails(P, Cmd.unretire(), ErrorCode.InvalidProverState); // deactivated
        f.ok(P, Cmd.retire(P));
        f.fails(P, Cmd.unretire(), ErrorCode.MinSelfStakeNotMet); // self 0 < 100
        f.mintStake(P, 200);
        f.ok(P, Cmd.stake(P, 50)); // self-stake while retired
        f.ok(OWNER, Cmd.setParam(GlobalParam.GlobalMinSelfStake, 150));
        f.fails(P, Cmd.unretire(), ErrorCode.MinSelfStakeNotMet); // 50 < 100 (and < 150): own minimum first
        f.ok(P, Cmd.stake(P, 50));
        f.fails(P, Cmd.unretire(), ErrorCode.GlobalMinSelfStakeNotMet); // 100 >= 100 but < 150
        f.ok(OWNER, Cmd.setParam(GlobalParam.GlobalMinSelfStake, 100));
        Receipt r = f.ok(P, Cmd.unretire());
        assertThat(r.events()).containsExactly(new Event.ProverUnretired(P));
        assertThat(f.prover(P).state()).isEqualTo(ProverState.Active);
        assertThat(f.ledger.view().activeProvers()).containsExactly(P);
        f.fails(P, Cmd.unretire(), ErrorCode.InvalidProverState);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void unretireAtOrBelowTheDeactivationScaleIsInvalidScale(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 0);
        f.grantSlasher();
        f.prover(P, 100, 0);
        f.slash(P, 500_000);
        f.slash(P, 500_000);
        f.slash(P, 200_000); // exactly 2e17
        f.ok(P, Cmd.unstakeAll(P)); // eff 20 -> raw 100: exact
        f.ok(P, Cmd.retire(P));
        f.mintStake(P, 1000);
        f.ok(P, Cmd.stake(P, 1000)); // self worth 1000 >= minimum 100
        f.fails(P, Cmd.unretire(), ErrorCode.InvalidScale);
    }

    // ------------------------------------------------------------------ deactivate / reactivate

    @ParameterizedTest
    @EnumSource(Profile.class)
    void deactivateIsOwnerOnlyAndNeedsAnActiveProver(Profile profile) {
        LedgerFixture f = world(profile);
        f.fails(STRANGER, Cmd.deactivate(Q), ErrorCode.NotOwner); // owner check first
        f.fails(P, Cmd.deactivate(P), ErrorCode.NotOwner);
        f.fails(OWNER, Cmd.deactivate(Q), ErrorCode.InvalidProverState); // unregistered
        Receipt r = f.ok(OWNER, Cmd.deactivate(P));
        assertThat(r.events()).containsExactly(new Event.ProverDeactivated(P));
        assertThat(f.prover(P).state()).isEqualTo(ProverState.Deactivated);
        assertThat(f.ledger.view().activeProvers()).isEmpty();
        f.fails(OWNER, Cmd.deactivate(P), ErrorCode.InvalidProverState);
        f.ok(P, Cmd.unstakeAll(P));
        f.ok(P, Cmd.retire(P));
        f.fails(OWNER, Cmd.deactivate(P), ErrorCode.InvalidProverState); // retired
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void reactivateChecksOwnerStateScaleMinimumThenGlobalMinimum(Profile profile) {
        LedgerFixture f = world(profile);
        f.fails(STRANGER, Cmd.reactivate(Q), ErrorCode.NotOwner);
        f.fails(OWNER, Cmd.reactivate(Q), ErrorCode.InvalidProverState); // unregistered
        f.fails(OWNER, Cmd.reactivate(P), ErrorCode.InvalidProverState); // active
        f.ok(OWNER, Cmd.deactivate(P));
        f.fails(STRANGER, Cmd.reactivate(P), ErrorCode.NotOwner);
        f.slash(P, 100_000); // self worth 90 < 100
        f.fails(OWNER, Cmd.reactivate(P), ErrorCode.MinSelfStakeNotMet);
        f.mintStake(P, 100);
        f.ok(P, Cmd.stake(P, 20)); // + floor(20e18/9e17) = 22 raw: 122 raw worth floor(109.8) = 109
        f.ok(OWNER, Cmd.setParam(GlobalParam.GlobalMinSelfStake, 110));
        f.fails(OWNER, Cmd.reactivate(P), ErrorCode.GlobalMinSelfStakeNotMet);
        f.ok(OWNER, Cmd.setParam(GlobalParam.GlobalMinSelfStake, 109));
        Receipt r = f.ok(OWNER, Cmd.reactivate(P));
        assertThat(r.events()).containsExactly(new Event.ProverReactivated(P));
        assertThat(f.prover(P).state()).isEqualTo(ProverState.Active);
        assertThat(f.ledger.view().activeProvers()).containsExactly(P);
        f.ok(P, Cmd.unstakeAll(P));
        if (profile == Profile.REFERENCE) {
            // 122 raw -> 109 -> floor(109e18 / 9e17) = 121 raw moved: 1 raw (worth 0) stays forever
            assertThat(f.rawShares(P, P)).isEqualTo(bi(1));
            f.fails(P, Cmd.retire(P), ErrorCode.ActiveStakesRemain);
            f.fails(OWNER, Cmd.reactivate(P), ErrorCode.MinSelfStakeNotMet); // deactivated, worth 0
        } else {
            f.ok(P, Cmd.retire(P));
            f.fails(OWNER, Cmd.reactivate(P), ErrorCode.InvalidProverState); // retired
        }
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void reactivateAtOrBelowTheDeactivationScaleIsInvalidScale(Profile profile) {
        LedgerFixture f = world(profile);
        f.mintStake(P, 10_000);
        f.ok(P, Cmd.stake(P, 10_000));
        f.slash(P, 500_000);
        f.slash(P, 500_000);
        f.slash(P, 200_000); // 2e17: deactivated, self worth 2020 >= 100
        assertThat(f.prover(P).state()).isEqualTo(ProverState.Deactivated);
        f.fails(OWNER, Cmd.reactivate(P), ErrorCode.InvalidScale);
        f.ok(OWNER, Cmd.setParam(GlobalParam.GlobalMinSelfStake, 1_000_000));
        f.fails(OWNER, Cmd.reactivate(P), ErrorCode.InvalidScale); // scale before self-stake checks
    }

    // ------------------------------------------------------------------ updateMinSelfStake

    @ParameterizedTest
    @EnumSource(Profile.class)
    void updateMinSelfStake(Profile profile) {
        LedgerFixture f = world(profile);
        f.fails(STRANGER, Cmd.updateMinSelfStake(1000), ErrorCode.ProverNotRegistered);
        f.fails(P, Cmd.updateMinSelfStake(99), ErrorCode.GlobalMinSelfStakeNotMet);
        Receipt r = f.ok(P, Cmd.updateMinSelfStake(100));
        assertThat(r.events()).containsExactly(new Event.MinSelfStakeUpdated(P, u(100)));
        // a minimum above the current self-stake is accepted, and then gates delegations
        f.ok(P, Cmd.updateMinSelfStake(1000));
        assertThat(f.prover(P).minSelfStake()).isEqualTo(u(1000));
        f.mintStake(A, 10);
        f.fails(A, Cmd.stake(P, 10), ErrorCode.MinSelfStakeNotMet);
        // retired provers may update too
        f.ok(P, Cmd.unstakeAll(P));
        f.ok(P, Cmd.retire(P));
        f.ok(P, Cmd.updateMinSelfStake(150));
        assertThat(f.prover(P).minSelfStake()).isEqualTo(u(150));
    }
}
