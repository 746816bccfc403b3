package dev.proverstaking.ledger;

import static dev.proverstaking.ledger.LedgerFixture.A;
import static dev.proverstaking.ledger.LedgerFixture.B;
import static dev.proverstaking.ledger.LedgerFixture.DELAY;
import static dev.proverstaking.ledger.LedgerFixture.NEW_OWNER;
import static dev.proverstaking.ledger.LedgerFixture.OWNER;
import static dev.proverstaking.ledger.LedgerFixture.P;
import static dev.proverstaking.ledger.LedgerFixture.PAYER;
import static dev.proverstaking.ledger.LedgerFixture.Q;
import static dev.proverstaking.ledger.LedgerFixture.SLASHER;
import static dev.proverstaking.ledger.LedgerFixture.STRANGER;
import static dev.proverstaking.ledger.LedgerFixture.TREASURER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.GlobalParam;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.Role;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.transition.ErrorCode;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link StateFingerprint}: the SHA-256 of the snapshot's sections but the clock. A refused operation
 * moves the clock and the count and leaves it unchanged; every successful operation that changes
 * state changes it, applied at the time of the one before so that nothing but its own effect (no
 * accrual to a later time) can; equal states reached differently give equal fingerprints; and what
 * the old text digest covered (the emission pool's last accrual, role holders in order, owners) it
 * covers.
 */
class StateFingerprintTest {

    @ParameterizedTest
    @EnumSource(Profile.class)
    void aRefusedOperationMovesTheClockButNotTheFingerprint(Profile profile) {
        LedgerFixture f = AtomicityTest.busy(profile);
        String before = f.fingerprint();
        byte[] snapshot = LedgerSnapshot.toBytes(f.ledger);
        long applied = f.ledger.appliedCount();
        f.advance(1000);
        f.fails(STRANGER, Cmd.withdraw(P), ErrorCode.NoRewards);
        assertThat(f.ledger.appliedCount()).isEqualTo(applied + 1);
        assertThat(f.ledger.now()).isEqualTo(f.now());
        assertThat(f.fingerprint()).isEqualTo(before);
        // the snapshot differs, in its clock section alone
        byte[] after = LedgerSnapshot.toBytes(f.ledger);
        assertThat(after).isNotEqualTo(snapshot);
        for (CoreSection s : CoreSection.values()) {
            byte[] was = dev.proverstaking.snapshot.SnapshotBytes.content(snapshot, s.sectionName);
            byte[] is = dev.proverstaking.snapshot.SnapshotBytes.content(after, s.sectionName);
            assertThat(Arrays.equals(was, is)).as("section %s unchanged", s.sectionName).isEqualTo(s != CoreSection.CLOCK);
        }
    }

    /** Every operation type, each successful and changing state: each changes the fingerprint. */
    @ParameterizedTest
    @EnumSource(Profile.class)
    void everySuccessfulOperationThatChangesStateChangesIt(Profile profile) {
        LedgerFixture f = new LedgerFixture(profile, 100);
        Step step = new Step(f);
        step.ok(STRANGER, Cmd.mintStake(P, 1000));
        step.ok(P, Cmd.initProver(200, 1000));
        step.ok(STRANGER, Cmd.mintStake(A, 1000));
        step.ok(A, Cmd.stake(P, 500));
        step.ok(OWNER, Cmd.grant(SLASHER));
        step.ok(OWNER, Cmd.grant(B));
        step.ok(STRANGER, Cmd.mintReward(PAYER, 100_000));
        step.ok(PAYER, Cmd.addRewards(P, 1000));
        step.ok(A, Cmd.unstake(P, 10));
        step.ok(A, Cmd.unstakeAll(P));
        step.ok(SLASHER, Cmd.slash(P, 1000));
        step.ok(P, Cmd.updateCommission(500));
        step.ok(P, Cmd.updateMinSelfStake(150));
        step.ok(OWNER, Cmd.setParam(GlobalParam.UnstakeDelay, DELAY / 2));
        step.ok(OWNER, Cmd.setParam(GlobalParam.MaxSlashPercentage, 400_000));
        step.ok(OWNER, Cmd.setParam(GlobalParam.GlobalMinSelfStake, 120));
        step.ok(OWNER, Cmd.withdrawTreasury(Module.STAKING, TREASURER, 1));
        step.ok(STRANGER, Cmd.mintReward(OWNER, 50_000));
        step.ok(OWNER, new Command.FundEmission(UInt256.of(50_000)));
        step.ok(OWNER, new Command.SetEmissionRate(UInt256.of(7)));
        // time passes: the first operation after it accrues (last accrual and more), the next ones change only their own
        f.advance(DELAY);
        step.ok(STRANGER, new Command.Poke(P));
        step.ok(A, Cmd.complete(P));
        step.ok(A, Cmd.withdraw(P));
        step.ok(P, Cmd.withdraw(P));
        step.ok(STRANGER, Cmd.mintStake(Q, 1000));
        step.ok(Q, Cmd.initProver(200, 0));
        step.ok(OWNER, Cmd.deactivate(Q));
        step.ok(OWNER, Cmd.reactivate(Q));
        step.ok(Q, Cmd.unstakeAll(Q));
        step.ok(STRANGER, Cmd.retire(Q));
        step.ok(OWNER, Cmd.revoke(B));
        step.ok(OWNER, Cmd.transferOwnership(Module.STAKING, NEW_OWNER));
        step.ok(OWNER, Cmd.transferOwnership(Module.REWARDS, NEW_OWNER));
        assertThat(step.steps).isEqualTo(33);
    }

    /** Applies operations at one time, asserting each changes the fingerprint. */
    static final class Step {
        final LedgerFixture f;
        int steps;

        Step(LedgerFixture f) {
            this.f = f;
        }

        void ok(Address from, Command c) {
            String before = f.fingerprint();
            f.ok(from, c);
            assertThat(f.fingerprint()).as("fingerprint after %s by %s", c, from).isNotEqualTo(before);
            steps++;
        }
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void equalStatesReachedDifferentlyHaveEqualFingerprints(Profile profile) {
        LedgerFixture once = new LedgerFixture(profile, 100);
        LedgerFixture twice = new LedgerFixture(profile, 100);
        once.mintStake(A, 10);
        twice.mintStake(A, 4);
        twice.mintStake(A, 6);
        twice.fails(A, Cmd.stake(P, 1), ErrorCode.ProverNotRegistered);
        assertThat(twice.ledger.appliedCount()).isNotEqualTo(once.ledger.appliedCount());
        assertThat(twice.fingerprint()).isEqualTo(once.fingerprint());
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void itCoversTheLastAccrualTheOrderOfRoleHoldersAndTheOwners(Profile profile) {
        // the last accrual: a successful operation later in time moves it, and nothing else
        LedgerFixture early = new LedgerFixture(profile, 100);
        LedgerFixture late = new LedgerFixture(profile, 100);
        early.mintStake(A, 10);
        late.advance(5).mintStake(A, 10);
        assertThat(late.ledger.rewardsModule().emission().lastAccrual()).isNotEqualTo(early.ledger.rewardsModule().emission().lastAccrual());
        assertThat(late.fingerprint()).isNotEqualTo(early.fingerprint());
        // role holders in grant order
        LedgerFixture ab = new LedgerFixture(profile, 100);
        LedgerFixture ba = new LedgerFixture(profile, 100);
        ab.ok(OWNER, Cmd.grant(A));
        ab.ok(OWNER, Cmd.grant(B));
        ba.ok(OWNER, Cmd.grant(B));
        ba.ok(OWNER, Cmd.grant(A));
        assertThat(ab.ledger.view().roleHolders(Role.SLASHER)).containsExactlyInAnyOrderElementsOf(
                ba.ledger.view().roleHolders(Role.SLASHER));
        assertThat(ab.fingerprint()).isNotEqualTo(ba.fingerprint());
        // each module's owner
        LedgerFixture staking = new LedgerFixture(profile, 100);
        LedgerFixture rewards = new LedgerFixture(profile, 100);
        staking.ok(OWNER, Cmd.transferOwnership(Module.STAKING, NEW_OWNER));
        rewards.ok(OWNER, Cmd.transferOwnership(Module.REWARDS, NEW_OWNER));
        assertThat(staking.fingerprint()).isNotEqualTo(rewards.fingerprint());
    }
}
