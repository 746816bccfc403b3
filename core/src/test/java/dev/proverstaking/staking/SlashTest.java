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
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * slash: role, registration, SlashTooHigh, newScale = floor(scale * (1e6 - ppm) / 1e6) (checked),
 * ScaleTooLow at <= 1e17, deactivation at <= 2e17, treasury credit per profile.
 */
class SlashTest {
    static final BigInteger E17 = new BigInteger("100000000000000000");

    /** P self raw 1000 (minimum 100), A raw 1000. */
    static LedgerFixture world(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.grantSlasher();
        f.prover(P, 100, 0);
        f.delegate(P, P, 900);
        f.delegate(A, P, 1000);
        return f;
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void roleFirstThenRegistrationThenMaximum(Profile profile) {
        LedgerFixture f = world(profile);
        f.fails(STRANGER, Cmd.slash(P, 1), ErrorCode.MissingRole);
        f.fails(OWNER, Cmd.slash(P, 1), ErrorCode.MissingRole); // the owner is not a slasher
        f.fails(STRANGER, Cmd.slash(Q, 600_000), ErrorCode.MissingRole);
        f.fails(SLASHER, Cmd.slash(Q, 600_000), ErrorCode.ProverNotRegistered);
        f.fails(SLASHER, Cmd.slash(P, 500_001), ErrorCode.SlashTooHigh);
        Receipt r = f.ok(SLASHER, Cmd.slash(P, 500_000));
        assertThat(f.scale(P)).isEqualTo(new BigInteger("500000000000000000"));
        // 2000 -> 1000
        assertThat(r.events()).containsExactly(new Event.ProverSlashed(P, u(500_000), u(1000)));
        assertThat(f.stakingTreasury()).isEqualTo(bi(1000));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void zeroPpmSucceedsAndChangesNothingButEmits(Profile profile) {
        LedgerFixture f = world(profile);
        Receipt r = f.ok(SLASHER, Cmd.slash(P, 0));
        assertThat(r.events()).containsExactly(new Event.ProverSlashed(P, u(0), u(0)));
        assertThat(f.scale(P)).isEqualTo(WAD);
        assertThat(f.stakingTreasury()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void newScaleIsFlooredProductOfRemainingFraction(Profile profile) {
        LedgerFixture f = world(profile);
        f.slash(P, 123_457);
        BigInteger s1 = new BigInteger("876543000000000000"); // 1e18 * 876543 / 1e6
        assertThat(f.scale(P)).isEqualTo(s1);
        f.slash(P, 333_333);
        // 876543e12 * 666667 / 1e6 = 584362292181000000 (exact: 876543 * 666667 = 584362292181)
        BigInteger s2 = new BigInteger("584362292181000000");
        assertThat(f.scale(P)).isEqualTo(s2).isEqualTo(slashScale(s1, 333_333));
        f.slash(P, 7);
        // floor(584362292181000000 * 999993 / 1e6) = 584358201644954733 (a floor: ...733.459...)
        BigInteger s3 = new BigInteger("584358201644954733");
        assertThat(f.scale(P)).isEqualTo(s3).isEqualTo(slashScale(s2, 7));
        // treasury = 2000 - eff(2000, s3), summed by steps: (2000-1753) + (1753-1168) + (1168-1168)
        assertThat(f.stakingTreasury()).isEqualTo(bi(2000).subtract(eff(bi(2000), s3))).isEqualTo(bi(832));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void scaleTooLowAtOrBelowTheFloorAndDeactivationAtTwentyPercent(Profile profile) {
        LedgerFixture f = world(profile);
        f.slash(P, 500_000); // 5e17
        Receipt r = f.ok(SLASHER, Cmd.slash(P, 500_000)); // 2.5e17 > 2e17: still active
        assertThat(r.events()).hasSize(1);
        assertThat(f.prover(P).state()).isEqualTo(ProverState.Active);
        r = f.ok(SLASHER, Cmd.slash(P, 200_000)); // exactly 2e17: deactivated
        assertThat(f.scale(P)).isEqualTo(E17.multiply(bi(2)));
        // eff(2000, 2.5e17) = 500 -> eff(2000, 2e17) = 400
        assertThat(r.events()).containsExactly(
                new Event.ProverDeactivated(P),
                new Event.ProverSlashed(P, u(200_000), u(100)));
        assertThat(f.prover(P).state()).isEqualTo(ProverState.Deactivated);
        assertThat(f.ledger.view().activeProvers()).doesNotContain(P);
        // 2e17 * 500000 / 1e6 = 1e17: at the floor
        f.fails(SLASHER, Cmd.slash(P, 500_000), ErrorCode.ScaleTooLow);
        // floor(2e17 * 500001 / 1e6) = 100000200000000000 > 1e17: allowed, no second deactivation event
        r = f.ok(SLASHER, Cmd.slash(P, 499_999));
        assertThat(f.scale(P)).isEqualTo(new BigInteger("100000200000000000"));
        // eff(2000, 2e17) = 400 -> floor(2000 * 0.1000002) = 200
        assertThat(r.events()).containsExactly(new Event.ProverSlashed(P, u(499_999), u(200)));
        f.fails(SLASHER, Cmd.slash(P, 2), ErrorCode.ScaleTooLow); // floor(100000200000000000*999998/1e6) = 1e17 + 0.0000... -> 100000000000000000
        f.ok(SLASHER, Cmd.slash(P, 1)); // floor(100000200000000000 * 999999 / 1e6) = 100000099999800000
        assertThat(f.scale(P)).isEqualTo(new BigInteger("100000099999800000"));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void aRetiredProverIsSlashedWithoutStateChange(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 0);
        f.grantSlasher();
        f.prover(P, 10, 0);
        f.ok(P, Cmd.unstakeAll(P));
        f.ok(P, Cmd.retire(P));
        f.slash(P, 500_000);
        Receipt r = f.ok(SLASHER, Cmd.slash(P, 500_000)); // 2.5e17
        r = f.ok(SLASHER, Cmd.slash(P, 500_000)); // 1.25e17 <= 2e17 but not active
        // no active stake; solvent also credits the 10 pending raw: eff(10, 2.5e17) - eff(10, 1.25e17) = 2 - 1
        long credited = profile == Profile.REFERENCE ? 0 : 1;
        assertThat(r.events()).containsExactly(new Event.ProverSlashed(P, u(500_000), u(credited)));
        assertThat(f.prover(P).state()).isEqualTo(ProverState.Retired);
    }

    /** A requests 400 (pending), then 333333 ppm: scale 666667e12. */
    @Test
    void referenceCreditsOnlyActiveStakeButSolventAlsoCreditsPending() {
        for (Profile profile : Profile.values()) {
            LedgerFixture f = world(profile);
            f.ok(A, Cmd.unstake(P, 400)); // T = 1600 active, 400 pending
            Receipt r = f.ok(SLASHER, Cmd.slash(P, 333_333));
            BigInteger s1 = new BigInteger("666667000000000000");
            assertThat(f.scale(P)).isEqualTo(s1);
            BigInteger credited1 = profile == Profile.REFERENCE
                    ? bi(1600 - 1066) // eff(1600) = floor(1066.6672)
                    : bi(2000 - 1333); // eff(2000) = floor(1333.334)
            assertThat(credited1).isEqualTo(profile == Profile.REFERENCE
                    ? bi(1600).subtract(eff(bi(1600), s1)) : bi(2000).subtract(eff(bi(2000), s1)));
            assertThat(r.events()).containsExactly(new Event.ProverSlashed(P, u(333_333), u(credited1)));
            assertThat(f.stakingTreasury()).isEqualTo(credited1);

            r = f.ok(SLASHER, Cmd.slash(P, 100_000)); // 666667e12 * 0.9 = 600000300000000000
            BigInteger s2 = new BigInteger("600000300000000000");
            BigInteger credited2 = profile == Profile.REFERENCE
                    ? bi(1066 - 960) // floor(1600 * 0.6000003) = 960
                    : bi(1333 - 1200); // floor(2000 * 0.6000003) = 1200
            assertThat(r.events()).containsExactly(new Event.ProverSlashed(P, u(100_000), u(credited2)));
            assertThat(f.stakingTreasury()).isEqualTo(credited1.add(credited2));

            // the pending request pays at the final scale: floor(400 * 0.6000003) = 240
            f.advance(DELAY);
            f.ok(A, Cmd.complete(P));
            assertThat(f.stakeBalance(A)).isEqualTo(bi(240)).isEqualTo(eff(bi(400), s2));
            // solvent: custody covers the treasury and every stake's value; reference strands
            // 400 - 240 - (what it credited for them: nothing) = 160 tokens
            BigInteger owed = f.stakingTreasury().add(eff(f.totalRawShares(P), s2));
            BigInteger stranded = f.stakingCustody().subtract(owed);
            assertThat(stranded).isEqualTo(profile == Profile.REFERENCE ? bi(160) : bi(0));
        }
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void maxSlashAboveOneMillionMakesTheRemainingFactorUnderflow(Profile profile) {
        LedgerFixture f = world(profile);
        f.ok(OWNER, Cmd.setParam(GlobalParam.MaxSlashPercentage, 2_000_000));
        f.fails(SLASHER, Cmd.slash(P, 1_000_001), ErrorCode.ArithmeticOverflow);
        f.fails(SLASHER, Cmd.slash(P, 2_000_000), ErrorCode.ArithmeticOverflow);
        f.fails(SLASHER, Cmd.slash(P, 2_000_001), ErrorCode.SlashTooHigh);
        f.fails(SLASHER, Cmd.slash(P, 1_000_000), ErrorCode.ScaleTooLow); // new scale 0
        f.fails(SLASHER, Cmd.slash(P, 900_000), ErrorCode.ScaleTooLow); // 1e17 exactly
        f.ok(SLASHER, Cmd.slash(P, 899_999)); // 100001000000000000: deactivated
        assertThat(f.prover(P).state()).isEqualTo(ProverState.Deactivated);
    }
}
