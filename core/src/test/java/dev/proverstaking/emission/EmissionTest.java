package dev.proverstaking.emission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Role;
import dev.proverstaking.common.Address;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.transition.ErrorCode;
import dev.proverstaking.ledger.Genesis;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.LedgerView;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.StateFingerprint;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import org.junit.jupiter.api.Test;

/** Time-based emission, operation by operation, with amounts worked out by hand. */
class EmissionTest {
    static final Address OWNER = Address.ofIndex(0);
    static final Address P1 = Address.ofIndex(1);
    static final Address P2 = Address.ofIndex(2);
    static final Address ALICE = Address.ofIndex(3);
    static final Address FUNDER = Address.ofIndex(4);
    static final UInt256 TOKEN = UInt256.WAD;
    static final long T0 = 1_700_000_000L;

    final Ledger ledger = new Ledger(new Genesis(T0, OWNER, tokens(10), false, Profile.SOLVENT));

    static UInt256 tokens(long n) {
        return TOKEN.mul(UInt256.of(n));
    }

    Receipt at(long dt, Address from, Command c) {
        return ledger.apply(new Transaction(from, T0 + dt, c));
    }

    void ok(long dt, Address from, Command c) {
        Receipt r = at(dt, from, c);
        assertThat(r.ok()).as("%s: %s", c, r.error()).isTrue();
    }

    void fails(long dt, Address from, Command c, ErrorCode code) {
        String before = StateFingerprint.of(ledger);
        Receipt r = at(dt, from, c);
        assertThat(r.error()).isEqualTo(code);
        assertThat(r.events()).isEmpty();
        assertThat(StateFingerprint.of(ledger)).isEqualTo(before);
    }

    void setUpProvers() {
        ok(0, OWNER, new Command.Mint(TokenKind.STAKE, P1, tokens(1000)));
        ok(0, OWNER, new Command.Mint(TokenKind.STAKE, P2, tokens(1000)));
        ok(0, OWNER, new Command.Mint(TokenKind.STAKE, ALICE, tokens(1000)));
        ok(0, OWNER, new Command.Mint(TokenKind.REWARD, FUNDER, tokens(1_000_000)));
        ok(0, P1, new Command.InitProver(tokens(30), UInt256.ZERO));      // weight 30
        ok(0, P2, new Command.InitProver(tokens(10), UInt256.of(2000)));  // weight 10, 20% commission
    }

    @Test
    void errorsLeaveNoTrace() {
        setUpProvers();
        fails(1, FUNDER, new Command.FundEmission(UInt256.ZERO), ErrorCode.RewardsZeroAmount);
        fails(1, ALICE, new Command.FundEmission(tokens(1)), ErrorCode.InsufficientBalance);
        fails(1, ALICE, new Command.SetEmissionRate(tokens(1)), ErrorCode.NotOwner);
        fails(1, ALICE, new Command.Poke(ALICE), ErrorCode.RewardsProverNotRegistered);
        ok(1, FUNDER, new Command.FundEmission(tokens(100)));
        ok(1, OWNER, new Command.SetEmissionRate(tokens(1)));
        // a failure after time has passed undoes the accrual and the settlement it triggered
        fails(5, ALICE, new Command.Stake(P1, tokens(100_000)), ErrorCode.InsufficientBalance);
        fails(6, ALICE, new Command.RequestUnstake(P1, tokens(1)), ErrorCode.InsufficientStake);
        ok(7, ALICE, new Command.Poke(P1));
    }

    @Test
    void emissionIsSharedByEffectiveStakeAndPaidLikeARewardWithCommission() {
        setUpProvers();
        ok(0, FUNDER, new Command.FundEmission(tokens(1000)));
        ok(0, OWNER, new Command.SetEmissionRate(tokens(4)));            // 4 tokens/s over weight 40
        ok(10, ALICE, new Command.Poke(P1));
        ok(10, ALICE, new Command.Poke(P2));
        // 40 tokens in 10 s: P1 (30/40) 30 tokens, all its own; P2 (10/40) 10 tokens, 2 commission + 8 staking
        LedgerView v = ledger.view();
        assertThat(v.stake(P1, P1).pendingRewards()).isEqualTo(tokens(30));
        assertThat(v.proverRewards(P2).orElseThrow().pendingCommission()).isEqualTo(tokens(2));
        assertThat(v.stakerRewards(P2, P2).pendingRewards()).isEqualTo(tokens(8));
        assertThat(v.emission().remainingBudget()).isEqualTo(tokens(960));
        assertThat(v.emission().totalEmitted()).isEqualTo(tokens(40));
        // views project the accrual to a later time without changing anything
        assertThat(ledger.viewAt(T0 + 20).stake(P1, P1).pendingRewards()).isEqualTo(tokens(60));
        assertThat(ledger.viewAt(T0 + 20).emission().remainingBudget()).isEqualTo(tokens(920));
        ok(10, P1, new Command.WithdrawRewards(P1));
        assertThat(ledger.view().balance(TokenKind.REWARD, P1)).isEqualTo(tokens(30));
    }

    @Test
    void weightChangesApplyFromThatMomentNeverRetroactively() {
        setUpProvers();
        ok(0, OWNER, new Command.GrantRole(Role.SLASHER, OWNER));
        ok(0, FUNDER, new Command.FundEmission(tokens(10_000)));
        ok(0, OWNER, new Command.SetEmissionRate(tokens(3)));
        // 10 s at weights 30:10, then P2 is deactivated: 10 s at 30:0, then P1 slashed 50%: 15:0
        ok(10, OWNER, new Command.DeactivateProver(P2));
        ok(20, OWNER, new Command.Slash(P1, UInt256.of(500_000)));
        ok(30, OWNER, new Command.Poke(P1));
        ok(30, OWNER, new Command.Poke(P2));
        // P1: 22.5 (3/4 of 30) + 30 (alone) + 30 (alone, slashed but still all the weight); P2: 7.5
        assertThat(ledger.view().proverRewards(P1).orElseThrow().pendingEmission()).isEqualTo(UInt256.ZERO);
        assertThat(ledger.view().proverRecord(P1).orElseThrow().emissionReceived()).isEqualTo(halfTokens(165));
        assertThat(ledger.view().proverRecord(P2).orElseThrow().emissionReceived()).isEqualTo(halfTokens(15));
        // reactivated, P2 weighs 10 again against P1's 15 from now on: 15 tokens in 5 s split 9 : 6
        ok(30, OWNER, new Command.ReactivateProver(P2));
        ok(35, OWNER, new Command.Poke(P1));
        ok(35, OWNER, new Command.Poke(P2));
        assertThat(ledger.view().proverRecord(P1).orElseThrow().emissionReceived()).isEqualTo(halfTokens(165 + 18));
        assertThat(ledger.view().proverRecord(P2).orElseThrow().emissionReceived()).isEqualTo(halfTokens(15 + 12));
    }

    static UInt256 halfTokens(long n) {
        return TOKEN.mul(UInt256.of(n)).div(UInt256.of(2));
    }

    @Test
    void commissionChangesApplyOnlyToEmissionAfterTheChange() {
        setUpProvers();
        ok(0, FUNDER, new Command.FundEmission(tokens(10_000)));
        ok(0, OWNER, new Command.SetEmissionRate(tokens(4)));
        ok(10, P2, new Command.UpdateCommissionRate(UInt256.of(10_000)));   // 10 tokens so far at 20%
        ok(20, OWNER, new Command.Poke(P2));                                  // 10 more at 100%
        assertThat(ledger.view().proverRewards(P2).orElseThrow().pendingCommission()).isEqualTo(tokens(12));
        assertThat(ledger.view().stakerRewards(P2, P2).pendingRewards()).isEqualTo(tokens(8));
    }

    @Test
    void theBudgetCapsEmissionAndWithoutWeightNothingIsEmittedOrLost() {
        ok(0, OWNER, new Command.Mint(TokenKind.STAKE, P1, tokens(1000)));
        ok(0, OWNER, new Command.Mint(TokenKind.REWARD, FUNDER, tokens(1000)));
        ok(0, FUNDER, new Command.FundEmission(tokens(50)));
        ok(0, OWNER, new Command.SetEmissionRate(tokens(1)));
        ok(100, ALICE, new Command.Mint(TokenKind.STAKE, ALICE, UInt256.ONE)); // 100 s with no prover
        assertThat(ledger.view().emission().remainingBudget()).isEqualTo(tokens(50));
        ok(100, P1, new Command.InitProver(tokens(10), UInt256.ZERO));
        ok(1000, OWNER, new Command.Poke(P1));
        // 900 s at 1 token/s but only 50 funded
        assertThat(ledger.view().proverRecord(P1).orElseThrow().emissionReceived()).isEqualTo(tokens(50));
        assertThat(ledger.view().emission().remainingBudget()).isEqualTo(UInt256.ZERO);
        assertThat(ledger.view().emission().totalEmitted()).isEqualTo(tokens(50));
        ok(1000, FUNDER, new Command.FundEmission(tokens(5)));
        ok(1010, OWNER, new Command.Poke(P1));
        assertThat(ledger.view().proverRecord(P1).orElseThrow().emissionReceived()).isEqualTo(tokens(55));
    }
}
