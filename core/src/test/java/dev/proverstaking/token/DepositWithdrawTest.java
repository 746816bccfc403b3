package dev.proverstaking.token;

import static dev.proverstaking.ledger.Cmd.u;
import static dev.proverstaking.ledger.LedgerFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.Role;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Cmd;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.LedgerFixture;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.transition.ErrorCode;
import dev.proverstaking.transition.Event;
import java.math.BigInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Money in and out: a holder of the MINTER role deposits tokens from outside the ledger (the supply
 * grows), and anyone withdraws their own tokens out of it (the supply shrinks, and the event names
 * where a bridge pays them). Neither moves a module's custody; every refusal changes nothing.
 */
class DepositWithdrawTest {
    static final Address MINTER = Address.ofIndex(70);
    static final Address OUTSIDE = Address.ofIndex(71);

    static LedgerFixture withMinter(Profile profile, boolean sameToken) {
        LedgerFixture f = new LedgerFixture(profile, 100, sameToken);
        f.ok(OWNER, new Command.GrantRole(Role.MINTER, MINTER));
        return f;
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void aMinterDepositsAndTheSupplyGrows(Profile profile) {
        LedgerFixture f = withMinter(profile, false);
        assertThat(f.ledger.view().hasRole(Role.MINTER, MINTER)).isTrue();
        assertThat(f.ledger.view().account(MINTER).roles()).containsExactly(Role.MINTER);
        Receipt r = f.ok(MINTER, new Command.Deposit(TokenKind.REWARD, A, u(500)));
        assertThat(r.events()).containsExactly(
                new Event.Transfer(TokenKind.REWARD, null, null, A, null, u(500)),
                new Event.Deposited(TokenKind.REWARD, MINTER, A, u(500)));
        assertThat(f.rewardBalance(A)).isEqualTo(BigInteger.valueOf(500));
        assertThat(f.stakeBalance(A)).isZero();
        assertThat(f.ledger.view().totalSupply(TokenKind.REWARD)).isEqualTo(u(500));
        assertThat(f.ledger.audit()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void depositsAreRefusedInTheSpecsOrder(Profile profile) {
        LedgerFixture f = withMinter(profile, false);
        f.fails(A, new Command.Deposit(TokenKind.STAKE, A, u(1)), ErrorCode.MissingRole);
        f.fails(OWNER, new Command.Deposit(TokenKind.STAKE, A, u(1)), ErrorCode.MissingRole); // the owner is no minter
        f.fails(A, new Command.Deposit(TokenKind.STAKE, Address.ZERO, UInt256.ZERO), ErrorCode.MissingRole);
        f.fails(MINTER, new Command.Deposit(TokenKind.STAKE, Address.ZERO, UInt256.ZERO), ErrorCode.InvalidArg);
        f.fails(MINTER, new Command.Deposit(TokenKind.STAKE, A, UInt256.ZERO), ErrorCode.ZeroAmount);
        f.ok(MINTER, new Command.Deposit(TokenKind.STAKE, A, u(7)));
        f.fails(MINTER, new Command.Deposit(TokenKind.STAKE, B, UInt256.MAX), ErrorCode.ArithmeticOverflow);
        f.ok(OWNER, new Command.RevokeRole(Role.MINTER, MINTER));
        f.fails(MINTER, new Command.Deposit(TokenKind.STAKE, A, u(1)), ErrorCode.MissingRole);
        f.fails(STRANGER, new Command.GrantRole(Role.MINTER, STRANGER), ErrorCode.NotOwner);
        assertThat(f.stakeBalance(A)).isEqualTo(BigInteger.valueOf(7));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void aWithdrawalLeavesTheLedgerAndNamesWhereToPay(Profile profile) {
        LedgerFixture f = withMinter(profile, false);
        f.prover(P, 100, 0);
        f.delegate(A, P, 300);
        f.mintStake(A, 250);
        f.reward(P, 40);
        BigInteger stakingCustody = f.stakingCustody();
        BigInteger rewardsCustody = f.rewardsCustody();
        UInt256 supply = f.ledger.view().totalSupply(TokenKind.STAKE);
        Receipt r = f.ok(A, new Command.Withdraw(TokenKind.STAKE, OUTSIDE, u(200)));
        assertThat(r.events()).containsExactly(
                new Event.Transfer(TokenKind.STAKE, A, null, null, null, u(200)),
                new Event.Withdrawn(TokenKind.STAKE, A, OUTSIDE, u(200)));
        assertThat(f.stakeBalance(A)).isEqualTo(BigInteger.valueOf(50));
        assertThat(f.stakeBalance(OUTSIDE)).as("the address outside is paid by the bridge, not here").isZero();
        assertThat(f.ledger.view().totalSupply(TokenKind.STAKE)).isEqualTo(supply.sub(u(200)));
        assertThat(f.stakingCustody()).isEqualTo(stakingCustody);
        assertThat(f.rewardsCustody()).isEqualTo(rewardsCustody);
        assertThat(f.ledger.audit()).isEmpty();

        f.fails(A, new Command.Withdraw(TokenKind.STAKE, OUTSIDE, u(51)), ErrorCode.InsufficientBalance);
        f.fails(A, new Command.Withdraw(TokenKind.REWARD, OUTSIDE, u(1)), ErrorCode.InsufficientBalance);
        f.fails(A, new Command.Withdraw(TokenKind.STAKE, Address.ZERO, u(1)), ErrorCode.InvalidArg);
        f.fails(A, new Command.Withdraw(TokenKind.STAKE, OUTSIDE, UInt256.ZERO), ErrorCode.ZeroAmount);
        f.ok(A, Cmd.withdraw(P)); // rewards paid out can leave too
        f.ok(A, new Command.Withdraw(TokenKind.REWARD, OUTSIDE, u(f.rewardBalance(A).longValueExact())));
        assertThat(f.rewardBalance(A)).isZero();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void withOneTokenBothNamesAreIt(boolean sameToken) {
        LedgerFixture f = withMinter(Profile.SOLVENT, sameToken);
        f.ok(MINTER, new Command.Deposit(TokenKind.REWARD, A, u(30)));
        assertThat(f.stakeBalance(A)).isEqualTo(BigInteger.valueOf(sameToken ? 30 : 0));
        if (sameToken) {
            f.ok(A, new Command.Withdraw(TokenKind.STAKE, OUTSIDE, u(30)));
            assertThat(f.ledger.view().totalSupply(TokenKind.REWARD)).isEqualTo(UInt256.ZERO);
        } else {
            f.fails(A, new Command.Withdraw(TokenKind.STAKE, OUTSIDE, u(30)), ErrorCode.InsufficientBalance);
        }
        assertThat(f.ledger.view().custody(TokenKind.STAKE, Module.STAKING)).isEqualTo(UInt256.ZERO);
    }
}
