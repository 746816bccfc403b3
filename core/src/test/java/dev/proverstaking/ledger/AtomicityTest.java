package dev.proverstaking.ledger;

import dev.proverstaking.transition.ErrorCode;

import static dev.proverstaking.ledger.LedgerFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.common.GlobalParam;
import dev.proverstaking.staking.ProverState;
import java.math.BigInteger;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A failed operation changes nothing at all: for at least one failure of every reachable error code
 * (all but SelfStakeUnderflow, which the reference cannot reach), applied to a busy ledger, the
 * state fingerprint is unchanged and the receipt has no events ({@link LedgerFixture#fails}).
 */
class AtomicityTest {
    static final Address R = Address.ofIndex(3);

    record Case(Address from, Command command, ErrorCode code, long nonce) {
        Case(Address from, Command command, ErrorCode code) {
            this(from, command, code, Transaction.NO_NONCE);
        }
    }

    /**
     * P: rate 10%, self 200, A 300 with 10 pending requests, B 50, a reward, a 10% slash.
     * Q: slashed to scale 2e17 (deactivated). R: exited with commission left.
     */
    static LedgerFixture busy(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.grantSlasher();
        f.prover(P, 100, 1000);
        f.delegate(P, P, 100);
        f.delegate(A, P, 300);
        f.delegate(B, P, 50);
        f.reward(P, 1001);
        for (int i = 0; i < 10; i++) f.advance(1).ok(A, Cmd.unstake(P, 3));
        f.slash(P, 100_000);
        f.prover(Q, 100, 0);
        f.slash(Q, 500_000);
        f.slash(Q, 500_000);
        f.slash(Q, 200_000);
        f.prover(R, 100, 500);
        f.ok(R, Cmd.unstakeAll(R));
        f.reward(R, 10);
        f.mintReward(PAYER, 5);
        assertThat(f.prover(Q).state()).isEqualTo(ProverState.Deactivated);
        return f;
    }

    static List<Case> cases() {
        BigInteger overflowing = MAX.divide(WAD).add(BigInteger.ONE);
        return List.of(
                new Case(STRANGER, Cmd.initProver(99, 0), ErrorCode.GlobalMinSelfStakeNotMet),
                new Case(OWNER, Cmd.withdrawTreasury(Module.STAKING, Address.ZERO, 1), ErrorCode.InvalidArg),
                new Case(OWNER, Cmd.transferOwnership(Module.REWARDS, Address.ZERO), ErrorCode.InvalidArg),
                new Case(A, Cmd.stake(STRANGER, 1), ErrorCode.ProverNotRegistered),
                new Case(A, Cmd.unstakeAll(STRANGER), ErrorCode.ProverNotRegistered),
                new Case(SLASHER, Cmd.slash(STRANGER, 1), ErrorCode.ProverNotRegistered),
                new Case(STRANGER, Cmd.updateMinSelfStake(500), ErrorCode.ProverNotRegistered),
                new Case(P, Cmd.initProver(100, 0), ErrorCode.InvalidProverState),
                new Case(P, Cmd.stake(Q, 1), ErrorCode.InvalidProverState),
                new Case(OWNER, Cmd.deactivate(Q), ErrorCode.InvalidProverState),
                new Case(P, Cmd.unretire(), ErrorCode.InvalidProverState),
                // self 200 raw worth 180, minimum 100: 81 -> 90 raw, leaving 110 raw worth 99
                new Case(P, Cmd.unstake(P, 81), ErrorCode.MinSelfStakeNotMet),
                new Case(STRANGER, Cmd.retire(P), ErrorCode.ActiveStakesRemain),
                new Case(STRANGER, Cmd.retire(R), ErrorCode.CommissionRemain),
                new Case(STRANGER, Cmd.initProver(100, 10_001), ErrorCode.InvalidCommission),
                new Case(OWNER, Cmd.reactivate(Q), ErrorCode.InvalidScale),
                new Case(A, Cmd.stake(P, 0), ErrorCode.ZeroAmount),
                new Case(A, Cmd.unstake(P, 0), ErrorCode.ZeroAmount),
                new Case(OWNER, Cmd.withdrawTreasury(Module.STAKING, TREASURER, 0), ErrorCode.ZeroAmount),
                new Case(B, Cmd.unstake(P, 1000), ErrorCode.InsufficientStake),
                new Case(A, Cmd.unstake(P, 1), ErrorCode.TooManyPendingUnstakes),
                new Case(A, Cmd.complete(P), ErrorCode.NoReadyUnstakes),
                new Case(SLASHER, Cmd.slash(P, 500_001), ErrorCode.SlashTooHigh),
                new Case(SLASHER, Cmd.slash(Q, 500_000), ErrorCode.ScaleTooLow),
                new Case(OWNER, Cmd.withdrawTreasury(Module.STAKING, TREASURER, 1_000_000), ErrorCode.TreasuryInsufficient),
                new Case(OWNER, Cmd.withdrawTreasury(Module.REWARDS, TREASURER, 1_000_000), ErrorCode.TreasuryInsufficient),
                new Case(PAYER, Cmd.addRewards(STRANGER, 1), ErrorCode.RewardsProverNotRegistered),
                new Case(A, Cmd.withdraw(STRANGER), ErrorCode.RewardsProverNotRegistered),
                new Case(STRANGER, Cmd.updateCommission(1), ErrorCode.RewardsProverNotRegistered),
                new Case(STRANGER, Cmd.withdraw(P), ErrorCode.NoRewards),
                new Case(P, Cmd.updateCommission(10_001), ErrorCode.RewardsInvalidCommission),
                new Case(OWNER, Cmd.withdrawTreasury(Module.REWARDS, TREASURER, 0), ErrorCode.RewardsZeroAmount),
                new Case(STRANGER, Cmd.setParam(GlobalParam.UnstakeDelay, 0), ErrorCode.NotOwner),
                new Case(STRANGER, Cmd.deactivate(P), ErrorCode.NotOwner),
                new Case(STRANGER, Cmd.transferOwnership(Module.STAKING, STRANGER), ErrorCode.NotOwner),
                new Case(STRANGER, Cmd.slash(P, 1), ErrorCode.MissingRole),
                new Case(OWNER, Cmd.grant(SLASHER), ErrorCode.RoleAlreadyGranted),
                new Case(OWNER, Cmd.revoke(STRANGER), ErrorCode.RoleNotGranted),
                // every check passes, then the self-stake transfer fails: no prover is left behind
                new Case(STRANGER, Cmd.initProver(100, 0), ErrorCode.InsufficientBalance),
                new Case(C, Cmd.stake(P, 1), ErrorCode.InsufficientBalance),
                new Case(PAYER, Cmd.addRewards(P, 6), ErrorCode.InsufficientBalance),
                new Case(B, Cmd.unstake(P, MAX), ErrorCode.ArithmeticOverflow),
                new Case(B, Cmd.unstake(P, overflowing), ErrorCode.ArithmeticOverflow),
                new Case(STRANGER, Cmd.mintStake(C, MAX), ErrorCode.ArithmeticOverflow),
                new Case(STRANGER, new Command.Deposit(TokenKind.STAKE, C, Cmd.u(1)), ErrorCode.MissingRole),
                new Case(C, new Command.Withdraw(TokenKind.STAKE, STRANGER, Cmd.u(1)), ErrorCode.InsufficientBalance),
                new Case(A, new Command.Withdraw(TokenKind.REWARD, Address.ZERO, Cmd.u(1)), ErrorCode.InvalidArg),
                new Case(A, Cmd.stake(P, 1), ErrorCode.BadNonce, 5));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void everyReachableErrorCodeLeavesNoTrace(Profile profile) {
        LedgerFixture f = busy(profile);
        String start = f.fingerprint();
        EnumSet<ErrorCode> seen = EnumSet.noneOf(ErrorCode.class);
        for (Case c : cases()) {
            f.fails(new Transaction(c.from(), 0, c.command(), c.nonce()), c.code());
            seen.add(c.code());
        }
        assertThat(f.fingerprint()).isEqualTo(start);
        assertThat(EnumSet.complementOf(seen)).containsExactly(ErrorCode.SelfStakeUnderflow);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void failuresDeepInTheComputationLeaveNoTrace(Profile profile) {
        LedgerFixture f = busy(profile);
        // completion fails on the delay sum after reading the queue
        f.ok(OWNER, Cmd.setParam(GlobalParam.UnstakeDelay, MAX));
        f.fails(A, Cmd.complete(P), ErrorCode.ArithmeticOverflow);
        // the self-stake conversion of a registration overflows after the transfer check
        BigInteger tooBig = MAX.divide(WAD).add(BigInteger.ONE);
        f.mintStake(STRANGER, tooBig);
        f.fails(STRANGER, Cmd.initProver(tooBig, 0), ErrorCode.ArithmeticOverflow);
        assertThat(f.prover(STRANGER)).isNull();
        // the ScaleTooLow check after the scale is computed: 2e17 * 0.5 = 1e17, the floor itself
        f.fails(SLASHER, Cmd.slash(Q, 500_000), ErrorCode.ScaleTooLow);
        // a 100% slash (max raised) computes scale 0
        f.ok(OWNER, Cmd.setParam(GlobalParam.MaxSlashPercentage, 1_000_000));
        f.fails(SLASHER, Cmd.slash(P, 1_000_000), ErrorCode.ScaleTooLow);
    }

    /**
     * Settlement overflows: P holds 2 raw, two rewards of floor((2^256-1)/1e18) at rate 0 push the
     * accumulator to about (2^256-1)/1, so 2 * acc overflows in every settlement of P's position.
     * A full self-exit, which would deactivate P, must fail without deactivating it.
     */
    @ParameterizedTest
    @EnumSource(Profile.class)
    void aFullExitWhoseSettlementOverflowsDoesNotDeactivate(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 0);
        f.prover(P, 2, 0);
        BigInteger r = MAX.divide(WAD);
        f.mintReward(PAYER, r.multiply(BigInteger.TWO));
        f.ok(PAYER, Cmd.addRewards(P, r));
        f.ok(PAYER, Cmd.addRewards(P, r));
        f.fails(P, Cmd.unstakeAll(P), ErrorCode.ArithmeticOverflow);
        f.fails(P, Cmd.unstake(P, 2), ErrorCode.ArithmeticOverflow);
        f.fails(P, Cmd.withdraw(P), ErrorCode.ArithmeticOverflow);
        f.mintStake(P, 1);
        f.fails(P, Cmd.stake(P, 1), ErrorCode.ArithmeticOverflow);
        assertThat(f.prover(P).state()).isEqualTo(ProverState.Active);
        assertThat(f.ledger.view().activeProvers()).containsExactly(P);
    }
}
