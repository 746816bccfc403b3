package dev.proverstaking.token;

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

/** Each module holds its own tokens; with one token, the two custodies are still two holders. */
class TokenIsolationTest {

    @ParameterizedTest
    @EnumSource(Profile.class)
    void withTwoTokensRewardsNeverTouchStakingCustodyAndViceVersa(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100, false);
        assertThat(f.ledger.sameToken()).isFalse();
        f.prover(P, 100, 1000);
        f.delegate(A, P, 300);
        assertThat(f.stakingCustody()).isEqualTo(bi(400));
        assertThat(f.rewardsCustody()).isZero();

        f.reward(P, 1000);
        assertThat(f.stakingCustody()).isEqualTo(bi(400));
        assertThat(f.rewardsCustody()).isEqualTo(bi(1000));
        assertThat(f.ledger.view().custody(TokenKind.STAKE, Module.REWARDS).toBigInteger()).isZero();
        assertThat(f.ledger.view().custody(TokenKind.REWARD, Module.STAKING).toBigInteger()).isZero();

        f.ok(A, Cmd.withdraw(P)); // 675 reward tokens
        assertThat(f.rewardBalance(A)).isEqualTo(bi(675));
        assertThat(f.stakeBalance(A)).isZero();
        assertThat(f.stakingCustody()).isEqualTo(bi(400));
        assertThat(f.rewardsCustody()).isEqualTo(bi(325));

        f.ok(A, Cmd.unstake(P, 300));
        f.advance(DELAY).ok(A, Cmd.complete(P));
        assertThat(f.stakeBalance(A)).isEqualTo(bi(300));
        assertThat(f.rewardBalance(A)).isEqualTo(bi(675));
        assertThat(f.rewardsCustody()).isEqualTo(bi(325));
        assertThat(f.stakingCustody()).isEqualTo(bi(100));

        // reward tokens cannot be staked, staking tokens cannot pay rewards
        // (A holds 300 staking and 675 reward tokens)
        f.fails(A, Cmd.stake(P, 301), ErrorCode.InsufficientBalance);
        f.fails(A, Cmd.addRewards(P, 676), ErrorCode.InsufficientBalance);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void withOneTokenBothCustodiesAreDistinctHoldersOfIt(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100, true);
        assertThat(f.ledger.sameToken()).isTrue();
        f.prover(P, 100, 0);
        f.mintStake(A, 500);
        f.ok(A, Cmd.stake(P, 300));
        Receipt r = f.ok(A, Cmd.addRewards(P, 200)); // the same balance pays rewards
        assertThat(r.events()).contains(new Event.Transfer(TokenKind.STAKE, A, null, null, Module.REWARDS, u(200)));
        assertThat(f.stakeBalance(A)).isZero();
        assertThat(f.stakingCustody()).isEqualTo(bi(400));
        assertThat(f.rewardsCustody()).isEqualTo(bi(200));
        assertThat(f.ledger.view().totalSupply(TokenKind.STAKE).toBigInteger()).isEqualTo(bi(600));
        assertThat(f.ledger.view().totalSupply(TokenKind.REWARD).toBigInteger()).isEqualTo(bi(600));

        f.ok(A, Cmd.withdraw(P)); // 300 / 400 of 200 = 150
        assertThat(f.stakeBalance(A)).isEqualTo(bi(150));
        assertThat(f.rewardsCustody()).isEqualTo(bi(50));
        assertThat(f.stakingCustody()).isEqualTo(bi(400));

        // rewards paid out can be staked again
        f.ok(A, Cmd.stake(P, 150));
        assertThat(f.stakingCustody()).isEqualTo(bi(550));
        assertThat(f.rewardsCustody()).isEqualTo(bi(50));
        // and the mint faucet credits the one token whatever kind is named
        f.mintReward(B, 7);
        assertThat(f.stakeBalance(B)).isEqualTo(bi(7));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void mintFailsPastTotalSupplyOfTwoTo256MinusOne(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 0, false);
        Receipt r = f.ok(STRANGER, Cmd.mintStake(A, MAX.subtract(BigInteger.ONE)));
        assertThat(r.events()).containsExactly(
                new Event.Transfer(TokenKind.STAKE, null, null, A, null, u(MAX.subtract(BigInteger.ONE))));
        f.fails(STRANGER, Cmd.mintStake(B, 2), ErrorCode.ArithmeticOverflow);
        f.ok(STRANGER, Cmd.mintStake(B, 1));
        f.fails(STRANGER, Cmd.mintStake(B, 1), ErrorCode.ArithmeticOverflow);
        f.ok(STRANGER, Cmd.mintStake(B, 0));
        // the reward token has its own supply
        f.ok(STRANGER, Cmd.mintReward(A, MAX));
        f.fails(STRANGER, Cmd.mintReward(A, 1), ErrorCode.ArithmeticOverflow);

        LedgerFixture one = new LedgerFixture(profile, 0, true);
        one.mintStake(A, MAX);
        one.fails(STRANGER, Cmd.mintReward(B, 1), ErrorCode.ArithmeticOverflow);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void eachTokenListsOnlyTheAccountsItOpenedThoughTheyShareRecords(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100, false);
        f.prover(P, 100, 1000);
        f.delegate(A, P, 300);
        f.mintStake(B, 0); // a zero mint opens an account too
        assertThat(balances(f, TokenKind.STAKE)).containsOnlyKeys(P, A, B);
        assertThat(balances(f, TokenKind.STAKE).get(B).isZero()).isTrue();
        assertThat(balances(f, TokenKind.REWARD)).doesNotContainKeys(P, A, B);

        f.reward(P, 1000);
        f.ok(A, Cmd.withdraw(P));
        assertThat(balances(f, TokenKind.REWARD)).containsOnlyKeys(PAYER, A);
        assertThat(balances(f, TokenKind.REWARD).get(A).toBigInteger()).isEqualTo(bi(675));
        assertThat(balances(f, TokenKind.STAKE)).hasSize(3);
        assertThat(f.ledger.view().balance(TokenKind.STAKE, A).isZero()).isTrue();
        assertThat(f.ledger.view().balance(TokenKind.REWARD, B).isZero()).isTrue();
    }

    /** A token's accounts as the view lists them (every account it opened), in ascending order. */
    static java.util.Map<dev.proverstaking.common.Address, dev.proverstaking.math.UInt256> balances(LedgerFixture f, TokenKind token) {
        java.util.Map<dev.proverstaking.common.Address, dev.proverstaking.math.UInt256> out = new java.util.LinkedHashMap<>();
        dev.proverstaking.common.Address previous = null;
        for (var b : f.ledger.view().balances(token)) {
            if (previous != null) assertThat(previous.compareTo(b.account())).as("ascending").isNegative();
            previous = b.account();
            out.put(b.account(), b.amount());
        }
        return out;
    }
}
