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

/**
 * addRewards. reference: commission = floor(R * rate / 1e4); delta = floor(SR * 1e18 / T);
 * dust = SR - floor(delta * T / 1e18) to the treasury. solvent: both remainders carried.
 */
class AddRewardsTest {
    /** floor(878e18 / 300). */
    static final BigInteger DELTA_878 = new BigInteger("2926666666666666666");

    /** P: rate 1234, self raw 100; A raw 200; T = 300. */
    static LedgerFixture world(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.prover(P, 100, 1234);
        f.delegate(A, P, 200);
        return f;
    }

    @Test
    void referenceFloorsCommissionAndSendsAccumulatorDustToTheTreasury() {
        LedgerFixture f = world(Profile.REFERENCE);
        f.mintReward(PAYER, 5000);
        Receipt r = f.ok(PAYER, Cmd.addRewards(P, 1001));
        // commission floor(1001 * 1234 / 10000) = floor(123.5234) = 123; SR = 878
        assertThat(r.events()).containsExactly(
                new Event.Transfer(TokenKind.REWARD, PAYER, null, null, Module.REWARDS, u(1001)),
                new Event.RewardsAdded(P, u(1001), u(123), u(878)));
        assertThat(f.pendingCommission(P)).isEqualTo(bi(123));
        assertThat(f.acc(P)).isEqualTo(DELTA_878).isEqualTo(bi(878).multiply(WAD).divide(bi(300)));
        // distributed = floor(2926666666666666666 * 300 / 1e18) = floor(877.99...) = 877: dust 1
        assertThat(f.rewardsTreasury()).isEqualTo(bi(1));
        assertThat(f.rewardsCustody()).isEqualTo(bi(1001));

        f.ok(PAYER, Cmd.addRewards(P, 1001));
        assertThat(f.pendingCommission(P)).isEqualTo(bi(246));
        assertThat(f.acc(P)).isEqualTo(DELTA_878.multiply(bi(2)));
        assertThat(f.rewardsTreasury()).isEqualTo(bi(2));
        // P: floor(100 * 5853333333333333332 / 1e18) = 585; A: floor(200 * ... / 1e18) = 1170
        assertThat(f.pendingRewards(P, P)).isEqualTo(bi(585));
        assertThat(f.pendingRewards(P, A)).isEqualTo(bi(1170));
        // the reference owes 246 + 585 + 1170 + 2 = 2003 while holding 2002
        assertThat(f.rewardsCustody()).isEqualTo(bi(2002));
        assertThat(f.book(P).commissionCarry()).isZero();
        assertThat(f.book(P).accCarry()).isEqualTo(u(0));
    }

    @Test
    void solventCarriesBothRemaindersAndKeepsTheTreasuryEmpty() {
        LedgerFixture f = world(Profile.SOLVENT);
        f.mintReward(PAYER, 5000);
        Receipt r = f.ok(PAYER, Cmd.addRewards(P, 1001));
        // x = 1001 * 1234 = 1235234: commission 123, carry 5234; y = 878e18: delta as reference,
        // carry 878e18 - 2926666666666666666 * 300 = 200
        assertThat(r.events()).contains(new Event.RewardsAdded(P, u(1001), u(123), u(878)));
        assertThat(f.book(P).commissionCarry()).isEqualTo(5234);
        assertThat(f.book(P).accCarry()).isEqualTo(u(200));
        assertThat(f.acc(P)).isEqualTo(DELTA_878);
        assertThat(f.pendingCommission(P)).isEqualTo(bi(123));
        assertThat(f.rewardsTreasury()).isZero();

        r = f.ok(PAYER, Cmd.addRewards(P, 1001));
        // x = 1235234 + 5234 = 1240468: commission 124, carry 468; SR = 877;
        // y = 877e18 + 200 = 300 * 2923333333333333334 exactly: carry 0
        assertThat(r.events()).contains(new Event.RewardsAdded(P, u(1001), u(124), u(877)));
        assertThat(f.book(P).commissionCarry()).isEqualTo(468);
        assertThat(f.book(P).accCarry()).isEqualTo(u(0));
        assertThat(f.acc(P)).isEqualTo(new BigInteger("5850000000000000000")); // 1755e18 / 300
        // one reward of 2002 would pay the same: commission floor(2002 * 0.1234) = 247
        assertThat(f.pendingCommission(P)).isEqualTo(bi(247));
        assertThat(f.pendingRewards(P, P)).isEqualTo(bi(585));
        assertThat(f.pendingRewards(P, A)).isEqualTo(bi(1170));
        assertThat(f.rewardsTreasury()).isZero();
        assertThat(f.rewardsCustody()).isEqualTo(bi(2002)).isEqualTo(bi(247 + 585 + 1170));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void withNoStakersEverythingGoesToPendingCommission(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.prover(P, 100, 1234);
        f.ok(P, Cmd.unstakeAll(P)); // no active raw shares left
        f.mintReward(PAYER, 5000);
        Receipt r = f.ok(PAYER, Cmd.addRewards(P, 1001));
        assertThat(r.events()).contains(new Event.RewardsAdded(P, u(1001), u(1001), u(0)));
        assertThat(f.pendingCommission(P)).isEqualTo(bi(1001));
        assertThat(f.acc(P)).isZero();
        assertThat(f.rewardsTreasury()).isZero();
        // solvent still carries the commission remainder (1235234 mod 10000) to the next reward
        assertThat(f.book(P).commissionCarry()).isEqualTo(profile == Profile.SOLVENT ? 5234 : 0);
        f.mintStake(P, 100);
        f.ok(P, Cmd.stake(P, 100));
        f.ok(PAYER, Cmd.addRewards(P, 1001));
        // reference: 123; solvent: floor((1235234 + 5234) / 10000) = 124
        assertThat(f.pendingCommission(P)).isEqualTo(bi(1001 + (profile == Profile.SOLVENT ? 124 : 123)));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void zeroIsANoOpThatSucceedsAfterTheRegistrationCheck(Profile profile) {
        LedgerFixture f = world(profile);
        f.fails(STRANGER, Cmd.addRewards(Q, 0), ErrorCode.RewardsProverNotRegistered);
        String before = f.fingerprint();
        Receipt r = f.ok(STRANGER, Cmd.addRewards(P, 0)); // no balance needed
        assertThat(r.events()).isEmpty();
        assertThat(f.fingerprint()).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void unknownProverAndShortBalance(Profile profile) {
        LedgerFixture f = world(profile);
        f.mintReward(PAYER, 1000);
        f.fails(PAYER, Cmd.addRewards(Q, 10), ErrorCode.RewardsProverNotRegistered);
        f.fails(PAYER, Cmd.addRewards(P, 1001), ErrorCode.InsufficientBalance);
        // staking tokens do not pay rewards (two tokens)
        f.mintStake(B, 10);
        f.fails(B, Cmd.addRewards(P, 10), ErrorCode.InsufficientBalance);
        f.ok(PAYER, Cmd.addRewards(P, 1000));
        assertThat(f.rewardBalance(PAYER)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void overflowingProductsAreArithmeticOverflowAfterTheBalanceCheck(Profile profile) {
        LedgerFixture f = world(profile);
        BigInteger r = MAX.divide(bi(1234)).add(BigInteger.ONE); // r * 1234 > 2^256 - 1
        f.fails(PAYER, Cmd.addRewards(P, r), ErrorCode.InsufficientBalance);
        f.mintReward(PAYER, r);
        f.fails(PAYER, Cmd.addRewards(P, r), ErrorCode.ArithmeticOverflow);
        // with rate 0 the commission is 0, but SR * 1e18 overflows
        f.ok(P, Cmd.updateCommission(0));
        BigInteger s = MAX.divide(WAD).add(BigInteger.ONE);
        f.fails(PAYER, Cmd.addRewards(P, s), ErrorCode.ArithmeticOverflow);
        f.ok(PAYER, Cmd.addRewards(P, MAX.divide(WAD).divide(bi(1000))));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void rewardsMayBeAddedToDeactivatedAndRetiredProvers(Profile profile) {
        LedgerFixture f = world(profile);
        f.mintReward(PAYER, 10_000);
        f.ok(OWNER, Cmd.deactivate(P));
        f.ok(P, Cmd.updateCommission(1000));
        f.ok(PAYER, Cmd.addRewards(P, 1000)); // 100 commission, 900 / 300 = 3e18 per raw share
        assertThat(f.pendingCommission(P)).isEqualTo(bi(100));
        assertThat(f.acc(P)).isEqualTo(bi(3).multiply(WAD));
        assertThat(f.pendingRewards(P, A)).isEqualTo(bi(600));

        f.ok(A, Cmd.unstakeAll(P));
        f.ok(P, Cmd.unstakeAll(P));
        f.ok(P, Cmd.withdraw(P));
        f.ok(STRANGER, Cmd.retire(P));
        f.ok(PAYER, Cmd.addRewards(P, 500)); // retired, no stakers: all commission
        assertThat(f.pendingCommission(P)).isEqualTo(bi(500));
        assertThat(f.acc(P)).isEqualTo(bi(3).multiply(WAD));
        // A's settled rewards survive the exit
        assertThat(f.pendingRewards(P, A)).isEqualTo(bi(600));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void fullCommissionLeavesNothingForStakers(Profile profile) {
        LedgerFixture f = world(profile);
        f.ok(P, Cmd.updateCommission(10_000));
        Receipt r = f.reward(P, 777);
        assertThat(r.events()).contains(new Event.RewardsAdded(P, u(777), u(777), u(0)));
        assertThat(f.pendingCommission(P)).isEqualTo(bi(777));
        assertThat(f.acc(P)).isZero();
        assertThat(f.rewardsTreasury()).isZero();
    }
}
