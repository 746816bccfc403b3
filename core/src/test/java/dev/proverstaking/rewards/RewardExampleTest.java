package dev.proverstaking.rewards;

import static dev.proverstaking.ledger.LedgerFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Module;
import dev.proverstaking.ledger.Cmd;
import dev.proverstaking.transition.ErrorCode;
import dev.proverstaking.ledger.LedgerFixture;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.staking.Stake;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * One story computed by hand, to the unit, in both profiles:
 *
 * <pre>
 * 1. P initProver(100, 10%)                      P raw 100
 * 2. A stakes 200                                 A raw 200, T = 300
 * 3. reward 1001: commission floor(100.1) = 100, SR = 901
 *      d1 = floor(901e18 / 300) = 3003333333333333333
 *      reference: distributed floor(d1 * 300 / 1e18) = 900, dust 1
 *      solvent:   commission carry 1001000 mod 1e4 = 1000; acc carry 901e18 - 300 d1 = 100
 * 4. slash 10%: scale 9e17, treasury 300 - 270 = 30; P lowers its minimum to 50 (self worth 90)
 * 5. B stakes 100: raw floor(100e18 / 9e17) = 111, T = 411
 *      reference debt floor(111 d1 / 1e18) = 333;  solvent debt 111 d1 = 333369999999999999963
 * 6. A requests 90: raw floor(90e18 / 9e17) = 100, T = 311
 *      reference: A settles floor(200 d1 / 1e18) = 600, debt floor(100 d1 / 1e18) = 300
 *      solvent:   A entitled 200 d1, debt 100 d1
 * 7. reward 2000: commission 200 (solvent: x = 2000000 + 1000 -> 200, carry 1000), SR = 1800
 *      reference: d2 = floor(1800e18 / 311) = 5787781350482315112, distributed 1799, dust 1
 *      solvent:   d2 = floor((1800e18 + 100) / 311) = 5787781350482315112, acc carry 268
 *      acc = d1 + d2 = 8791114683815648445
 * 8. withdrawals:
 *      P: floor(100 acc / 1e18) = 879 + commission 300 = 1179
 *      A: 600 + floor(100 acc / 1e18) - 300 = 1179   (solvent: floor((200 d1 + 100 d2) / 1e18) = 1179)
 *      B: floor(111 acc / 1e18) - 333 = 642           (solvent: floor(111 d2 / 1e18) = 642)
 * 9. A completes: eff(100, 9e17) = 90
 * </pre>
 *
 * The reference then owes its treasury 2 with 1 token left; solvent owes nothing but sub-unit
 * remainders: 0.1114... (P) + 0.4448... (A) + 0.4437... (B) + 268e-18 (carry) = exactly 1 token.
 */
class RewardExampleTest {
    static final BigInteger D1 = new BigInteger("3003333333333333333");
    static final BigInteger D2 = new BigInteger("5787781350482315112");

    static LedgerFixture story(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 50);
        f.grantSlasher();
        f.prover(P, 100, 1000);
        f.delegate(A, P, 200);
        f.reward(P, 1001);
        f.slash(P, 100_000);
        f.ok(P, Cmd.updateMinSelfStake(50)); // self worth 90 now: lower the minimum to accept B
        f.delegate(B, P, 100);
        f.ok(A, Cmd.unstake(P, 90));
        f.reward(P, 2000);
        return f;
    }

    @Test
    void handComputedNumbersCheckOut() {
        assertThat(bi(901).multiply(WAD).divide(bi(300))).isEqualTo(D1);
        assertThat(bi(1800).multiply(WAD).divide(bi(311))).isEqualTo(D2);
        assertThat(bi(1800).multiply(WAD).add(bi(100)).divide(bi(311))).isEqualTo(D2);
        assertThat(bi(1800).multiply(WAD).add(bi(100)).subtract(D2.multiply(bi(311)))).isEqualTo(bi(268));
        assertThat(D2.multiply(bi(311)).divide(WAD)).isEqualTo(bi(1799));
    }

    @Test
    void reference() {
        LedgerFixture f = story(Profile.REFERENCE);
        assertThat(f.totalRawShares(P)).isEqualTo(bi(311));
        assertThat(f.rawShares(P, B)).isEqualTo(bi(111));
        assertThat(f.acc(P)).isEqualTo(D1.add(D2)).isEqualTo(new BigInteger("8791114683815648445"));
        assertThat(f.pendingCommission(P)).isEqualTo(bi(300));
        assertThat(f.rewardsTreasury()).isEqualTo(bi(2));
        assertThat(f.stakingTreasury()).isEqualTo(bi(30));
        Stake b = f.position(P, B);
        assertThat(b.rewardBook().debt().toBigInteger()).isEqualTo(bi(333));
        assertThat(f.position(P, A).rewardBook().debt().toBigInteger()).isEqualTo(bi(300));
        assertThat(f.position(P, A).rewardBook().entitled().toBigInteger()).isEqualTo(bi(600));
        assertThat(f.pendingRewards(P, P)).isEqualTo(bi(879));
        assertThat(f.pendingRewards(P, A)).isEqualTo(bi(1179));
        assertThat(f.pendingRewards(P, B)).isEqualTo(bi(642));

        f.ok(P, Cmd.withdraw(P));
        f.ok(A, Cmd.withdraw(P));
        f.ok(B, Cmd.withdraw(P));
        assertThat(f.rewardBalance(P)).isEqualTo(bi(1179));
        assertThat(f.rewardBalance(A)).isEqualTo(bi(1179));
        assertThat(f.rewardBalance(B)).isEqualTo(bi(642));
        assertThat(f.rewardsCustody()).isEqualTo(bi(3001 - 3000));
        // the treasury claims 2 dust tokens, only 1 is held
        f.fails(OWNER, Cmd.withdrawTreasury(Module.REWARDS, TREASURER, 2), ErrorCode.InsufficientBalance);
        f.ok(OWNER, Cmd.withdrawTreasury(Module.REWARDS, TREASURER, 1));

        f.advance(DELAY).ok(A, Cmd.complete(P));
        assertThat(f.stakeBalance(A)).isEqualTo(bi(90));
        f.ok(OWNER, Cmd.withdrawTreasury(Module.STAKING, TREASURER, 30));
        assertThat(f.stakeBalance(TREASURER)).isEqualTo(bi(30));
    }

    @Test
    void solvent() {
        LedgerFixture f = story(Profile.SOLVENT);
        assertThat(f.acc(P)).isEqualTo(D1.add(D2));
        assertThat(f.pendingCommission(P)).isEqualTo(bi(300));
        assertThat(f.book(P).commissionCarry()).isEqualTo(1000);
        assertThat(f.book(P).accCarry()).isEqualTo(dev.proverstaking.math.UInt256.of(268));
        assertThat(f.rewardsTreasury()).isZero();
        assertThat(f.stakingTreasury()).isEqualTo(bi(30));
        assertThat(f.position(P, B).rewardBook().debt().toBigInteger())
                .isEqualTo(bi(111).multiply(D1)).isEqualTo(new BigInteger("333369999999999999963"));
        assertThat(f.position(P, A).rewardBook().entitled().toBigInteger()).isEqualTo(bi(200).multiply(D1));
        assertThat(f.pendingRewards(P, P)).isEqualTo(bi(879));
        assertThat(f.pendingRewards(P, A)).isEqualTo(bi(1179));
        assertThat(f.pendingRewards(P, B)).isEqualTo(bi(642));

        f.ok(P, Cmd.withdraw(P));
        f.ok(A, Cmd.withdraw(P));
        f.ok(B, Cmd.withdraw(P));
        assertThat(f.rewardBalance(P)).isEqualTo(bi(1179));
        assertThat(f.rewardBalance(A)).isEqualTo(bi(1179));
        assertThat(f.rewardBalance(B)).isEqualTo(bi(642));
        // what stays: sub-unit entitlements that add up, with the carry, to the one token held
        BigInteger p = bi(100).multiply(D1.add(D2)).mod(WAD);
        BigInteger a = bi(200).multiply(D1).add(bi(100).multiply(D2)).mod(WAD);
        BigInteger b = bi(111).multiply(D2).mod(WAD);
        assertThat(f.position(P, P).rewardBook().entitled().toBigInteger()).isEqualTo(p);
        assertThat(f.position(P, A).rewardBook().entitled().toBigInteger()).isEqualTo(a);
        assertThat(f.position(P, B).rewardBook().entitled().toBigInteger()).isEqualTo(b);
        assertThat(p.add(a).add(b).add(bi(268))).isEqualTo(WAD);
        assertThat(f.rewardsCustody()).isEqualTo(bi(1));
        f.fails(OWNER, Cmd.withdrawTreasury(Module.REWARDS, TREASURER, 1), ErrorCode.TreasuryInsufficient);

        f.advance(DELAY).ok(A, Cmd.complete(P));
        assertThat(f.stakeBalance(A)).isEqualTo(bi(90));
    }
}
