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
import static dev.proverstaking.ledger.LedgerFixture.T0;
import static dev.proverstaking.ledger.LedgerFixture.TREASURER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.GlobalParam;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.Role;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.snapshot.SnapshotFormatException;
import dev.proverstaking.statehash.StateJournal;
import dev.proverstaking.testing.Seeds;
import dev.proverstaking.transition.ErrorCode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * {@link StateHash} and the hash a {@link Ledger} keeps: every kind of change changes it (each
 * operation's effect, the clock, the count, a nonce), equal states reached differently have equal
 * hashes, the kept hash is the hash from scratch, and a ledger that does not keep it pays nothing
 * for it. {@code StateHashFieldsTest} changes every field of every record; the testkit's
 * {@code StateHashHistoryTest} runs simulated histories.
 */
class StateHashTest {

    /**
     * Each operation type, successful, applied at the time of the one before (so that nothing but
     * its own effect, no accrual to a later time, can differ), against the same ledger refusing a
     * transaction instead (which moves the clock and the count alike): the hashes differ. And the
     * kept hash stays the hash from scratch.
     */
    @ParameterizedTest
    @EnumSource(Profile.class)
    void everyOperationsEffectChangesTheHash(Profile profile) throws Exception {
        LedgerFixture f = new LedgerFixture(profile, 100);
        f.ledger.stateHash(); // keep it from here on
        Step step = new Step(f);
        step.ok(STRANGER, Cmd.mintStake(P, 1000));
        step.ok(P, Cmd.initProver(200, 1000));
        step.ok(STRANGER, Cmd.mintStake(A, 1000));
        step.ok(A, Cmd.stake(P, 500));
        step.ok(OWNER, Cmd.grant(SLASHER));
        step.ok(OWNER, Cmd.grant(B));
        step.ok(OWNER, new Command.GrantRole(Role.MINTER, PAYER));
        step.ok(PAYER, new Command.Deposit(TokenKind.REWARD, PAYER, UInt256.of(100_000)));
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
        step.ok(OWNER, new Command.SetEmissionRate(UInt256.ZERO)); // only the pool's "used" flag
        step.ok(OWNER, new Command.FundEmission(UInt256.of(50_000)));
        step.ok(OWNER, new Command.SetEmissionRate(UInt256.of(7)));
        f.advance(DELAY);
        step.ok(STRANGER, new Command.Poke(P)); // accrues, and settles P's emission
        step.ok(A, Cmd.complete(P));
        step.ok(A, Cmd.withdraw(P));
        step.ok(P, Cmd.withdraw(P));
        step.ok(P, new Command.Withdraw(TokenKind.STAKE, TREASURER, UInt256.ONE));
        step.ok(STRANGER, Cmd.mintStake(Q, 1000));
        step.ok(Q, Cmd.initProver(200, 0));
        step.ok(OWNER, Cmd.deactivate(Q));
        step.ok(OWNER, Cmd.reactivate(Q));
        step.ok(Q, Cmd.unstakeAll(Q));
        step.ok(STRANGER, Cmd.retire(Q));
        step.ok(OWNER, Cmd.revoke(B));
        step.ok(OWNER, Cmd.transferOwnership(Module.STAKING, NEW_OWNER));
        step.ok(OWNER, Cmd.transferOwnership(Module.REWARDS, NEW_OWNER));
        assertThat(step.steps).isEqualTo(36);
        assertThat(f.ledger.stateHash()).isEqualTo(StateHash.fromScratch(f.ledger));
    }

    /** Applies operations, each against a twin of the ledger that refuses a transaction at the same time instead. */
    static final class Step {
        final LedgerFixture f;
        int steps;

        Step(LedgerFixture f) {
            this.f = f;
        }

        void ok(Address from, Command c) throws SnapshotFormatException {
            Ledger twin = LedgerSnapshot.fromBytes(LedgerSnapshot.toBytes(f.ledger), Ledger.StateHashing.ON);
            assertThat(twin.apply(refusal(f.now())).ok()).isFalse();
            f.ok(from, c);
            assertThat(f.ledger.appliedCount()).isEqualTo(twin.appliedCount());
            assertThat(f.ledger.stateHash()).as("after %s by %s", c, from).isNotEqualTo(twin.stateHash());
            assertThat(f.ledger.stateHash()).as("kept, after %s", c).isEqualTo(StateHash.fromScratch(f.ledger));
            steps++;
        }
    }

    /** A transaction refused whatever the state: an owner's command from an address that owns nothing. */
    static Transaction refusal(long t) {
        return new Transaction(STRANGER, t, Cmd.setParam(GlobalParam.UnstakeDelay, 1));
    }

    /** The clock, the count and the nonces are in the hash (not in the fingerprint): each alone changes it. */
    @ParameterizedTest
    @EnumSource(Profile.class)
    void theClockTheCountAndANonceEachChangeIt(Profile profile) throws Exception {
        LedgerFixture f = AtomicityTest.busy(profile);
        Ledger base = LedgerSnapshot.fromBytes(LedgerSnapshot.toBytes(f.ledger), Ledger.StateHashing.ON);
        long t = base.now();
        Ledger clock = copy(base), later = copy(base), count = copy(base), once = copy(base), signed = copy(base);
        clock.apply(refusal(t));
        later.apply(refusal(t + 1));
        assertThat(later.stateHash()).as("the clock alone").isNotEqualTo(clock.stateHash());
        assertThat(StateFingerprint.of(later)).isEqualTo(StateFingerprint.of(clock));

        count.apply(refusal(t));
        count.apply(refusal(t));
        once.apply(refusal(t));
        assertThat(count.stateHash()).as("the count alone").isNotEqualTo(once.stateHash());

        // a refused signed transaction uses its nonce: the same refusal unsigned does not
        Transaction unsigned = refusal(t);
        signed.apply(new Transaction(unsigned.sender(), t, unsigned.command(), 0));
        assertThat(signed.view().nonce(STRANGER)).isEqualTo(1);
        assertThat(signed.stateHash()).as("a nonce alone").isNotEqualTo(clock.stateHash());
        // the nonce of an address with an account, and then again
        Transaction next = new Transaction(unsigned.sender(), t, unsigned.command(), 1);
        Ledger twice = copy(signed);
        twice.apply(next);
        Ledger again = copy(signed);
        again.apply(refusal(t));
        assertThat(twice.stateHash()).isNotEqualTo(again.stateHash());
        for (Ledger l : List.of(clock, later, count, once, signed, twice, again)) {
            assertThat(l.stateHash()).isEqualTo(StateHash.fromScratch(l));
        }
    }

    /** A role granted and revoked leaves the role's holders as they were: the hash returns to the twin's. */
    @ParameterizedTest
    @EnumSource(Profile.class)
    void aRoleGrantedThenRevokedChangesItAndThenNot(Profile profile) throws Exception {
        LedgerFixture f = AtomicityTest.busy(profile);
        f.ledger.stateHash();
        Ledger twin = copy(f.ledger);
        f.ok(OWNER, Cmd.grant(B));
        twin.apply(refusal(f.now()));
        assertThat(f.ledger.stateHash()).isNotEqualTo(twin.stateHash());
        f.ok(OWNER, Cmd.revoke(B));
        twin.apply(refusal(f.now()));
        assertThat(f.ledger.stateHash()).isEqualTo(twin.stateHash());
        // holders in another order are another state (the view lists them in grant order)
        LedgerFixture ab = new LedgerFixture(profile, 100), ba = new LedgerFixture(profile, 100);
        ab.ok(OWNER, Cmd.grant(A));
        ab.ok(OWNER, Cmd.grant(B));
        ba.ok(OWNER, Cmd.grant(B));
        ba.ok(OWNER, Cmd.grant(A));
        assertThat(ab.ledger.stateHash()).isNotEqualTo(ba.ledger.stateHash());
    }

    /**
     * Equal states reached by different histories, with the records inserted into the ledger's
     * tables in different orders: mints to the same accounts in two random orders at one time, and
     * a mint split in two against a whole one and a refusal.
     */
    @Test
    void equalStatesReachedDifferentlyHaveEqualHashes() {
        Seeds.forEach(new long[] {1, 2, 3}, seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            Profile profile = rng.nextBoolean() ? Profile.SOLVENT : Profile.REFERENCE;
            boolean sameToken = rng.nextBoolean();
            List<Command> mints = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                Address to = Address.ofIndex(1000 + rng.nextInt(200));
                mints.add(rng.nextBoolean() ? Cmd.mintStake(to, 1 + rng.nextInt(1000)) : Cmd.mintReward(to, 1 + rng.nextInt(1000)));
            }
            List<Command> shuffled = new ArrayList<>(mints);
            Collections.shuffle(shuffled, new java.util.Random(seed));
            Genesis g = new Genesis(T0, OWNER, UInt256.of(100), sameToken, profile);
            Ledger a = new Ledger(g, Ledger.StateHashing.ON), b = new Ledger(g, Ledger.StateHashing.ON);
            b.stateJournal().setFlushBound(rng.nextInt(20));
            for (Command c : mints) a.apply(new Transaction(STRANGER, T0 + 5, c));
            for (Command c : shuffled) b.apply(new Transaction(STRANGER, T0 + 5, c));
            assertThat(b.stateHash()).as("mints in another order").isEqualTo(a.stateHash());
            Ledger late = new Ledger(g);
            for (Command c : shuffled) late.apply(new Transaction(STRANGER, T0 + 5, c));
            assertThat(late.stateHash()).as("computed once, late").isEqualTo(a.stateHash());

            Ledger whole = new Ledger(g, Ledger.StateHashing.ON), split = new Ledger(g, Ledger.StateHashing.ON);
            whole.apply(new Transaction(STRANGER, T0 + 9, Cmd.mintStake(A, 10)));
            whole.apply(refusal(T0 + 9));
            split.apply(new Transaction(STRANGER, T0 + 9, Cmd.mintStake(A, 4)));
            split.apply(new Transaction(STRANGER, T0 + 9, Cmd.mintStake(A, 6)));
            assertThat(split.stateHash()).as("a mint split in two").isEqualTo(whole.stateHash());
        });
    }

    /** A ledger that keeps no hash journals nothing; asked once, it computes it and keeps it from then on. */
    @Test
    void aLedgerThatDoesNotKeepItJournalsNothingUntilAsked() {
        LedgerFixture f = AtomicityTest.busy(Profile.SOLVENT);
        StateJournal journal = f.ledger.stateJournal();
        assertThat(f.ledger.keepsStateHash()).isFalse();
        assertThat(journal.pending()).isZero();
        StateHash first = f.ledger.stateHash();
        assertThat(f.ledger.keepsStateHash()).isTrue();
        assertThat(first).isEqualTo(StateHash.fromScratch(f.ledger));
        f.mintStake(A, 5);
        f.advance(10).ok(A, Cmd.stake(P, 1));
        assertThat(journal.pending()).as("the stake's position, account and prover").isGreaterThanOrEqualTo(3);
        assertThat(f.ledger.stateHash()).isEqualTo(StateHash.fromScratch(f.ledger)).isNotEqualTo(first);
        assertThat(journal.pending()).isZero();
        assertThat(f.ledger.checkStateHash()).isTrue();
    }

    /** Past its bound the journal is flushed between transactions: its memory stays bounded without anyone asking. */
    @Test
    void theJournalIsFlushedBetweenTransactionsPastItsBound() {
        Ledger l = new Ledger(new Genesis(T0, OWNER, UInt256.ONE, false, Profile.SOLVENT), Ledger.StateHashing.ON);
        StateJournal journal = l.stateJournal();
        journal.setFlushBound(10);
        int most = 0;
        for (int i = 0; i < 200; i++) {
            l.apply(new Transaction(STRANGER, T0 + i, Cmd.mintStake(Address.ofIndex(5000 + i), 1 + i)));
            most = Math.max(most, journal.pending());
        }
        assertThat(most).isEqualTo(11); // flushed before the transaction that would make it 12
        assertThat(l.stateHash()).isEqualTo(StateHash.fromScratch(l));
        assertThat(StateJournal.FLUSH_BOUND).isEqualTo(4096);
    }

    @Test
    void itIsThirtyTwoBytesInHex() {
        Ledger l = new Ledger(new Genesis(T0, OWNER, UInt256.ONE, false, Profile.SOLVENT));
        StateHash h = l.stateHash();
        assertThat(h.bytes()).hasSize(32);
        assertThat(h.hex()).matches("0x[0-9a-f]{64}").isEqualTo(h.toString());
        assertThat(h).isEqualTo(StateHash.fromScratch(l)).hasSameHashCodeAs(StateHash.fromScratch(l));
        // another genesis, another hash
        Ledger other = new Ledger(new Genesis(T0, OWNER, UInt256.ONE, true, Profile.SOLVENT));
        assertThat(other.stateHash()).isNotEqualTo(h);
        // a fixed answer: the records' encodings and the element function are what replicas agree on,
        // so a change to either changes this (and is a change of the protocol)
        assertThat(h.hex()).isEqualTo("0xe81b1a9c82fe36371257bc06e89e28c3b9ad0e96b440eb99bae7fe8473005900");
        // failed operations in the log are part of the history, not of a failure to hash
        assertThat(l.apply(refusal(T0)).error()).isEqualTo(ErrorCode.NotOwner);
        assertThat(l.stateHash()).isNotEqualTo(h);
    }

    static Ledger copy(Ledger l) throws SnapshotFormatException {
        return LedgerSnapshot.fromBytes(LedgerSnapshot.toBytes(l), Ledger.StateHashing.ON);
    }
}
