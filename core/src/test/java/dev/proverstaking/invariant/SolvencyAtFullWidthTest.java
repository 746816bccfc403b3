package dev.proverstaking.invariant;

import static dev.proverstaking.ledger.LedgerFixture.P;
import static dev.proverstaking.ledger.LedgerFixture.PAYER;
import static dev.proverstaking.ledger.LedgerFixture.WAD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.ledger.Cmd;
import dev.proverstaking.ledger.LedgerFixture;
import dev.proverstaking.ledger.Solvency;
import dev.proverstaking.rounding.Profile;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * The solvency invariant sums every position's entitlement exactly. One position's entitlement in
 * 1e-18 token can pass 2^256 (the solvent profile then refuses its withdrawal with
 * ArithmeticOverflow, as the spec's checked uint256 says); {@link Solvency} must still sum it at
 * full width, not capped, or the checker reports a shortfall that is not there.
 */
class SolvencyAtFullWidthTest {
    static final BigInteger E59 = BigInteger.TEN.pow(59);

    /**
     * P self-stakes 100e18 (raw 1e20); a reward of 1e59 makes acc 1e57; P unstakes 99%; a second
     * reward of 5e58. P is owed 1.5e59, held exactly by the rewards module: 1.5e77 units of 1e-18,
     * past 2^256 (1.16e77).
     */
    static LedgerFixture positionOwedPast2To256Units(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 0);
        f.mintStake(P, new BigInteger("100000000000000000000"));
        f.ok(P, Cmd.initProver(new BigInteger("100000000000000000000"), 0));
        f.ok(P, Cmd.updateMinSelfStake(1));
        f.mintReward(PAYER, E59.multiply(BigInteger.valueOf(3)).divide(BigInteger.TWO));
        f.ok(PAYER, Cmd.addRewards(P, E59));
        f.ok(P, Cmd.unstake(P, new BigInteger("99000000000000000000")));
        f.ok(PAYER, Cmd.addRewards(P, E59.divide(BigInteger.TWO)));
        return f;
    }

    @Test
    void anEntitlementPast2To256UnitsIsSummedExactly() {
        LedgerFixture f = positionOwedPast2To256Units(Profile.SOLVENT);
        var book = f.position(P, P).rewardBook();
        BigInteger entitlement = book.entitled().toBigInteger()
                .add(f.rawShares(P, P).multiply(f.acc(P))).subtract(book.debt().toBigInteger());
        assertThat(entitlement.bitLength()).as("the case this test is about").isGreaterThan(256);
        BigInteger owed = f.rewardsTreasury().add(f.pendingCommission(P)).multiply(WAD)
                .add(entitlement).add(f.book(P).accCarry().toBigInteger());
        assertThat(f.rewardsCustody().multiply(WAD)).as("the spec's equality, at full width").isEqualTo(owed);

        assertThat(f.ledger.view().solvency().rewardsSurplusUnits()).isZero();
        assertThat(f.ledger.audit()).isEmpty();
    }

    /** The reference profile pays this position; its solvency figures (the demo prints them) must not overflow either. */
    @Test
    void theReferenceProfilesFiguresForTheSameHistoryDoNotOverflow() {
        LedgerFixture f = positionOwedPast2To256Units(Profile.REFERENCE);
        Solvency s = f.ledger.view().solvency();
        assertThat(s.rewardsOwedUnits()).isEqualTo(
                E59.multiply(BigInteger.valueOf(3)).divide(BigInteger.TWO).multiply(WAD).multiply(WAD));
        f.ok(P, Cmd.withdraw(P));
        assertThat(f.rewardBalance(P)).isEqualTo(E59.multiply(BigInteger.valueOf(3)).divide(BigInteger.TWO));
    }
}
