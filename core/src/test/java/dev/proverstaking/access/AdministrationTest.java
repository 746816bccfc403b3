package dev.proverstaking.access;

import dev.proverstaking.common.Role;

import static dev.proverstaking.ledger.Cmd.u;
import static dev.proverstaking.ledger.LedgerFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Cmd;
import dev.proverstaking.transition.ErrorCode;
import dev.proverstaking.transition.Event;
import dev.proverstaking.ledger.LedgerFixture;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.common.GlobalParam;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** setGlobalParam, withdrawTreasury (both modules), grantRole / revokeRole, transferOwnership. */
class AdministrationTest {

    // ------------------------------------------------------------------ setGlobalParam

    @ParameterizedTest
    @EnumSource(Profile.class)
    void setGlobalParamIsOwnerOnlyAndAcceptsAnyValue(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.fails(STRANGER, Cmd.setParam(GlobalParam.UnstakeDelay, 1), ErrorCode.NotOwner);
        Receipt r = f.ok(OWNER, Cmd.setParam(GlobalParam.UnstakeDelay, 1));
        assertThat(r.events()).containsExactly(new Event.GlobalParamUpdated(GlobalParam.UnstakeDelay, u(1)));
        assertThat(f.ledger.view().parameters().unstakeDelay()).isEqualTo(u(1));
        f.ok(OWNER, Cmd.setParam(GlobalParam.GlobalMinSelfStake, MAX));
        assertThat(f.ledger.view().parameters().globalMinSelfStake()).isEqualTo(u(MAX));
        f.ok(OWNER, Cmd.setParam(GlobalParam.MaxSlashPercentage, 0));
        assertThat(f.ledger.view().parameters().maxSlashPercentage()).isEqualTo(u(0));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void globalMinSelfStakeGatesNewProversAndMinimumUpdatesOnly(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.prover(P, 100, 0);
        f.ok(OWNER, Cmd.setParam(GlobalParam.GlobalMinSelfStake, 200));
        f.mintStake(Q, 150);
        f.fails(Q, Cmd.initProver(150, 0), ErrorCode.GlobalMinSelfStakeNotMet);
        f.fails(P, Cmd.updateMinSelfStake(150), ErrorCode.GlobalMinSelfStakeNotMet);
        f.delegate(A, P, 10); // existing provers keep working
        f.ok(OWNER, Cmd.setParam(GlobalParam.GlobalMinSelfStake, 150));
        f.ok(Q, Cmd.initProver(150, 0));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void maxSlashPercentageBoundsSlashes(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.grantSlasher();
        f.prover(P, 100, 0);
        f.ok(OWNER, Cmd.setParam(GlobalParam.MaxSlashPercentage, 100));
        f.fails(SLASHER, Cmd.slash(P, 101), ErrorCode.SlashTooHigh);
        f.slash(P, 100);
        assertThat(f.scale(P)).isEqualTo(new BigInteger("999900000000000000"));
        f.ok(OWNER, Cmd.setParam(GlobalParam.MaxSlashPercentage, 0));
        f.fails(SLASHER, Cmd.slash(P, 1), ErrorCode.SlashTooHigh);
        f.slash(P, 0);
    }

    // ------------------------------------------------------------------ withdrawTreasury

    /** A 10% slash of 1000 puts 100 in the staking treasury. */
    static LedgerFixture slashed(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.grantSlasher();
        f.prover(P, 100, 0);
        f.delegate(P, P, 900);
        f.slash(P, 100_000);
        assertThat(f.stakingTreasury()).isEqualTo(bi(100));
        return f;
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void stakingTreasuryWithdrawalChecksOwnerAddressAmountThenPool(Profile profile) {
        LedgerFixture f = slashed(profile);
        f.fails(STRANGER, Cmd.withdrawTreasury(Module.STAKING, Address.ZERO, 0), ErrorCode.NotOwner);
        f.fails(OWNER, Cmd.withdrawTreasury(Module.STAKING, Address.ZERO, 0), ErrorCode.InvalidArg);
        f.fails(OWNER, Cmd.withdrawTreasury(Module.STAKING, TREASURER, 0), ErrorCode.ZeroAmount);
        f.fails(OWNER, Cmd.withdrawTreasury(Module.STAKING, TREASURER, 101), ErrorCode.TreasuryInsufficient);
        Receipt r = f.ok(OWNER, Cmd.withdrawTreasury(Module.STAKING, TREASURER, 60));
        assertThat(r.events()).containsExactly(
                new Event.Transfer(TokenKind.STAKE, null, Module.STAKING, TREASURER, null, u(60)),
                new Event.TreasuryPoolWithdrawn(Module.STAKING, TREASURER, u(60)));
        assertThat(f.stakingTreasury()).isEqualTo(bi(40));
        assertThat(f.stakingCustody()).isEqualTo(bi(940));
        assertThat(f.stakeBalance(TREASURER)).isEqualTo(bi(60));
        f.fails(OWNER, Cmd.withdrawTreasury(Module.STAKING, TREASURER, 41), ErrorCode.TreasuryInsufficient);
        f.ok(OWNER, Cmd.withdrawTreasury(Module.STAKING, OWNER, 40));
        assertThat(f.stakingTreasury()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void rewardsTreasuryWithdrawalUsesRewardsZeroAmount(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 0);
        f.prover(P, 3, 0);
        f.reward(P, 1); // reference: dust 1 to the rewards treasury; solvent: carried
        f.fails(STRANGER, Cmd.withdrawTreasury(Module.REWARDS, Address.ZERO, 0), ErrorCode.NotOwner);
        f.fails(OWNER, Cmd.withdrawTreasury(Module.REWARDS, Address.ZERO, 0), ErrorCode.InvalidArg);
        f.fails(OWNER, Cmd.withdrawTreasury(Module.REWARDS, TREASURER, 0), ErrorCode.RewardsZeroAmount);
        f.fails(OWNER, Cmd.withdrawTreasury(Module.REWARDS, TREASURER, 2), ErrorCode.TreasuryInsufficient);
        if (profile == Profile.REFERENCE) {
            Receipt r = f.ok(OWNER, Cmd.withdrawTreasury(Module.REWARDS, TREASURER, 1));
            assertThat(r.events()).containsExactly(
                    new Event.Transfer(TokenKind.REWARD, null, Module.REWARDS, TREASURER, null, u(1)),
                    new Event.TreasuryPoolWithdrawn(Module.REWARDS, TREASURER, u(1)));
            assertThat(f.rewardBalance(TREASURER)).isEqualTo(bi(1));
            assertThat(f.rewardsTreasury()).isZero();
        } else {
            f.fails(OWNER, Cmd.withdrawTreasury(Module.REWARDS, TREASURER, 1), ErrorCode.TreasuryInsufficient);
        }
        // the staking treasury (empty) is separate
        f.fails(OWNER, Cmd.withdrawTreasury(Module.STAKING, TREASURER, 1), ErrorCode.TreasuryInsufficient);
    }

    // ------------------------------------------------------------------ roles

    @ParameterizedTest
    @EnumSource(Profile.class)
    void grantAndRevokeTheSlasherRole(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.prover(P, 100, 0);
        f.fails(STRANGER, Cmd.grant(SLASHER), ErrorCode.NotOwner);
        f.fails(SLASHER, Cmd.grant(SLASHER), ErrorCode.NotOwner);
        f.fails(OWNER, Cmd.revoke(SLASHER), ErrorCode.RoleNotGranted);
        Receipt r = f.ok(OWNER, Cmd.grant(SLASHER));
        assertThat(r.events()).containsExactly(new Event.RoleGranted(Role.SLASHER, SLASHER));
        assertThat(f.ledger.view().hasRole(Role.SLASHER, SLASHER)).isTrue();
        f.fails(OWNER, Cmd.grant(SLASHER), ErrorCode.RoleAlreadyGranted);
        f.fails(STRANGER, Cmd.grant(SLASHER), ErrorCode.NotOwner); // owner check first
        f.slash(P, 1);
        f.fails(STRANGER, Cmd.revoke(SLASHER), ErrorCode.NotOwner);
        f.fails(SLASHER, Cmd.revoke(SLASHER), ErrorCode.NotOwner);
        r = f.ok(OWNER, Cmd.revoke(SLASHER));
        assertThat(r.events()).containsExactly(new Event.RoleRevoked(Role.SLASHER, SLASHER));
        f.fails(SLASHER, Cmd.slash(P, 1), ErrorCode.MissingRole);
        f.fails(OWNER, Cmd.revoke(SLASHER), ErrorCode.RoleNotGranted);
        // the owner can hold the role too
        f.ok(OWNER, Cmd.grant(OWNER));
        f.ok(OWNER, Cmd.slash(P, 1));
    }

    // ------------------------------------------------------------------ ownership

    @ParameterizedTest
    @EnumSource(Profile.class)
    void transferOwnershipChecksOwnerThenZeroAddress(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        for (Module m : Module.values()) {
            f.fails(STRANGER, Cmd.transferOwnership(m, Address.ZERO), ErrorCode.NotOwner);
            f.fails(STRANGER, Cmd.transferOwnership(m, STRANGER), ErrorCode.NotOwner);
            f.fails(OWNER, Cmd.transferOwnership(m, Address.ZERO), ErrorCode.InvalidArg);
        }
        Receipt r = f.ok(OWNER, Cmd.transferOwnership(Module.STAKING, NEW_OWNER));
        assertThat(r.events()).containsExactly(new Event.OwnershipTransferred(Module.STAKING, OWNER, NEW_OWNER));
        assertThat(f.ledger.view().owner(Module.STAKING)).isEqualTo(NEW_OWNER);
        assertThat(f.ledger.view().owner(Module.REWARDS)).isEqualTo(OWNER);
        f.fails(OWNER, Cmd.transferOwnership(Module.STAKING, OWNER), ErrorCode.NotOwner);
    }

    /** Staking goes to NEW_OWNER; rewards stays with OWNER: each keeps exactly its module's rights. */
    @Test
    void theTwoModulesOwnersAreIndependent() {
        LedgerFixture f = new LedgerFixture(Profile.REFERENCE, 0);
        f.grantSlasher();
        f.prover(P, 3, 0);
        f.slash(P, 500_000); // staking treasury: 3 - 1 = 2
        f.reward(P, 1); // T = 3: rewards treasury dust 1
        assertThat(f.stakingTreasury()).isEqualTo(bi(2));
        assertThat(f.rewardsTreasury()).isEqualTo(bi(1));
        f.ok(OWNER, Cmd.transferOwnership(Module.STAKING, NEW_OWNER));

        // the old owner lost every staking right
        f.fails(OWNER, Cmd.setParam(GlobalParam.UnstakeDelay, 1), ErrorCode.NotOwner);
        f.fails(OWNER, Cmd.withdrawTreasury(Module.STAKING, OWNER, 1), ErrorCode.NotOwner);
        f.fails(OWNER, Cmd.deactivate(P), ErrorCode.NotOwner);
        f.fails(OWNER, Cmd.reactivate(P), ErrorCode.NotOwner);
        f.fails(OWNER, Cmd.grant(STRANGER), ErrorCode.NotOwner);
        f.fails(OWNER, Cmd.revoke(SLASHER), ErrorCode.NotOwner);
        // ... but keeps the rewards module
        f.ok(OWNER, Cmd.withdrawTreasury(Module.REWARDS, OWNER, 1));
        // the new owner has staking rights only
        f.fails(NEW_OWNER, Cmd.withdrawTreasury(Module.REWARDS, NEW_OWNER, 1), ErrorCode.NotOwner);
        f.fails(NEW_OWNER, Cmd.transferOwnership(Module.REWARDS, NEW_OWNER), ErrorCode.NotOwner);
        f.ok(NEW_OWNER, Cmd.withdrawTreasury(Module.STAKING, NEW_OWNER, 2));
        f.ok(NEW_OWNER, Cmd.setParam(GlobalParam.UnstakeDelay, 1));
        f.ok(NEW_OWNER, Cmd.revoke(SLASHER));
        f.ok(NEW_OWNER, Cmd.grant(STRANGER));
        f.ok(NEW_OWNER, Cmd.deactivate(P));

        Receipt r = f.ok(OWNER, Cmd.transferOwnership(Module.REWARDS, TREASURER));
        assertThat(r.events()).containsExactly(new Event.OwnershipTransferred(Module.REWARDS, OWNER, TREASURER));
        f.fails(OWNER, Cmd.withdrawTreasury(Module.REWARDS, OWNER, 1), ErrorCode.NotOwner);
        f.fails(OWNER, Cmd.transferOwnership(Module.REWARDS, OWNER), ErrorCode.NotOwner);
        f.fails(TREASURER, Cmd.withdrawTreasury(Module.REWARDS, OWNER, 1), ErrorCode.TreasuryInsufficient);
        assertThat(f.ledger.view().owner(Module.STAKING)).isEqualTo(NEW_OWNER);
    }
}
