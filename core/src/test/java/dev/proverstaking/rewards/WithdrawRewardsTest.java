package dev.proverstaking.rewards;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** withdrawRewards and updateCommissionRate. */
class WithdrawRewardsTest {

    /** P: rate 1000, self raw 100; A raw 300; a reward of 1000: commission 100, 900 / 400 = 2.25e18. */
    static LedgerFixture world(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.prover(P, 100, 1000);
        f.delegate(A, P, 300);
        f.reward(P, 1000);
        return f;
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void aStakerIsPaidItsShareOnly(Profile profile) {
        LedgerFixture f = world(profile);
        assertThat(f.acc(P)).isEqualTo(new BigInteger("2250000000000000000"));
        Receipt r = f.ok(A, Cmd.withdraw(P));
        assertThat(r.events()).containsExactly(
                new Event.Transfer(TokenKind.REWARD, null, Module.REWARDS, A, null, u(675)),
                new Event.RewardsWithdrawn(A, P, u(675)));
        assertThat(f.rewardBalance(A)).isEqualTo(bi(675));
        assertThat(f.rewardsCustody()).isEqualTo(bi(325));
        assertThat(f.pendingCommission(P)).isEqualTo(bi(100)); // untouched by a delegator
        f.fails(A, Cmd.withdraw(P), ErrorCode.NoRewards);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void theProverIsPaidItsShareAndItsCommission(Profile profile) {
        LedgerFixture f = world(profile);
        Receipt r = f.ok(P, Cmd.withdraw(P));
        assertThat(r.events()).containsExactly(
                new Event.Transfer(TokenKind.REWARD, null, Module.REWARDS, P, null, u(325)),
                new Event.RewardsWithdrawn(P, P, u(325)));
        assertThat(f.pendingCommission(P)).isZero();
        f.fails(P, Cmd.withdraw(P), ErrorCode.NoRewards);
        // commission alone, with no stake
        f.ok(P, Cmd.unstakeAll(P));
        f.ok(A, Cmd.unstakeAll(P));
        f.reward(P, 50);
        r = f.ok(P, Cmd.withdraw(P));
        assertThat(r.events()).contains(new Event.RewardsWithdrawn(P, P, u(50)));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void noRewardsAndUnknownProver(Profile profile) {
        LedgerFixture f = world(profile);
        f.fails(STRANGER, Cmd.withdraw(P), ErrorCode.NoRewards);
        f.fails(A, Cmd.withdraw(Q), ErrorCode.RewardsProverNotRegistered);
        f.prover(Q, 100, 0);
        f.fails(Q, Cmd.withdraw(Q), ErrorCode.NoRewards);
        f.fails(A, Cmd.withdraw(Q), ErrorCode.NoRewards);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void rewardsSettledBeforeAShareChangeAreKept(Profile profile) {
        LedgerFixture f = world(profile);
        f.ok(A, Cmd.unstake(P, 100)); // settles 675, 200 raw left
        assertThat(f.pendingRewards(P, A)).isEqualTo(bi(675));
        f.reward(P, 1000); // 900 / 300 = 3e18 more
        assertThat(f.pendingRewards(P, A)).isEqualTo(bi(675 + 600));
        f.ok(A, Cmd.withdraw(P));
        assertThat(f.rewardBalance(A)).isEqualTo(bi(1275));
    }

    /**
     * The reference's leak: T = 3 raw, two rewards of 1 at rate 0. Each: delta = floor(1e18 / 3),
     * distributed floor(delta * 3 / 1e18) = 0, dust 1 to the treasury. Then P is owed
     * floor(3 * 666666666666666666 / 1e18) = 1 while the treasury claims both tokens held.
     */
    @Test
    void referenceRewardsCustodyCanBeShort() {
        for (boolean sameToken : new boolean[] {false, true}) {
            LedgerFixture f = new LedgerFixture(Profile.REFERENCE, 0, sameToken);
            f.prover(P, 3, 0);
            f.reward(P, 1);
            f.reward(P, 1);
            assertThat(f.rewardsTreasury()).isEqualTo(bi(2));
            assertThat(f.pendingRewards(P, P)).isEqualTo(bi(1));
            f.ok(OWNER, Cmd.withdrawTreasury(Module.REWARDS, TREASURER, 2));
            assertThat(f.rewardsCustody()).isZero();
            // with one token, the staking custody holds 3 of it, and still cannot pay rewards
            assertThat(f.stakingCustody()).isEqualTo(bi(3));
            f.fails(P, Cmd.withdraw(P), ErrorCode.InsufficientBalance);
        }
    }

    @Test
    void solventCarriesTheSameRemaindersInsteadOfOwingThem() {
        LedgerFixture f = new LedgerFixture(Profile.SOLVENT, 0);
        f.prover(P, 3, 0);
        f.reward(P, 1); // delta 333333333333333333, carry 1e18 - 999999999999999999 = 1
        f.reward(P, 1); // y = 1e18 + 1: delta 333333333333333333, carry 2
        assertThat(f.acc(P)).isEqualTo(new BigInteger("666666666666666666"));
        assertThat(f.book(P).accCarry()).isEqualTo(u(2));
        assertThat(f.rewardsTreasury()).isZero();
        f.fails(OWNER, Cmd.withdrawTreasury(Module.REWARDS, TREASURER, 1), ErrorCode.TreasuryInsufficient);
        f.ok(P, Cmd.withdraw(P)); // floor(1999999999999999998 / 1e18) = 1
        assertThat(f.rewardBalance(P)).isEqualTo(bi(1));
        assertThat(f.rewardsCustody()).isEqualTo(bi(1));
        f.fails(P, Cmd.withdraw(P), ErrorCode.NoRewards);
    }

    // ------------------------------------------------------------------ updateCommissionRate

    @ParameterizedTest
    @EnumSource(Profile.class)
    void updateCommissionRateChecksRegistrationThenRate(Profile profile) {
        LedgerFixture f = world(profile);
        f.fails(STRANGER, Cmd.updateCommission(10_001), ErrorCode.RewardsProverNotRegistered);
        f.fails(P, Cmd.updateCommission(10_001), ErrorCode.RewardsInvalidCommission);
        Receipt r = f.ok(P, Cmd.updateCommission(10_000));
        assertThat(r.events()).containsExactly(new Event.CommissionRateUpdated(P, 1000, 10_000));
        assertThat(f.book(P).commissionRate()).isEqualTo(10_000);
        r = f.ok(P, Cmd.updateCommission(0));
        assertThat(r.events()).containsExactly(new Event.CommissionRateUpdated(P, 10_000, 0));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void aNewRateAppliesOnlyToLaterRewards(Profile profile) {
        LedgerFixture f = world(profile); // 100 commission at 10%
        f.ok(P, Cmd.updateCommission(5000));
        assertThat(f.pendingCommission(P)).isEqualTo(bi(100));
        f.reward(P, 1000); // 500 commission, 500 / 400 = 1.25e18
        assertThat(f.pendingCommission(P)).isEqualTo(bi(600));
        assertThat(f.acc(P)).isEqualTo(new BigInteger("3500000000000000000"));
        assertThat(f.pendingRewards(P, A)).isEqualTo(bi(1050)); // 300 * 3.5
        // a retired prover may still change its rate
        f.ok(P, Cmd.unstakeAll(P));
        f.ok(A, Cmd.unstakeAll(P));
        f.ok(P, Cmd.withdraw(P));
        f.ok(P, Cmd.retire(P));
        f.ok(P, Cmd.updateCommission(42));
    }
}
