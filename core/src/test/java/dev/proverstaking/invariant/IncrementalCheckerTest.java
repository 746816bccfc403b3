package dev.proverstaking.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.Role;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.Genesis;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.ledger.Violation;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rewards.ProverRewards;
import dev.proverstaking.rewards.RewardsModule;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.staking.Prover;
import dev.proverstaking.staking.Stake;
import dev.proverstaking.staking.StakingModule;
import dev.proverstaking.statehash.JournaledRecord;
import dev.proverstaking.statehash.StateJournal;
import dev.proverstaking.token.TokenLedger;
import java.lang.reflect.Field;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The incremental checker catches what {@link InvariantChecker} catches (the same corruptions as
 * {@link InvariantCheckerTest}), in two ways. A corruption written the way a buggy transition
 * would write it, telling the journal first, is caught right after the operation with no sweep at
 * all; one that bypasses the journal (reflection alone) is caught by the full sweep.
 */
class IncrementalCheckerTest {
    static final Address OWNER = Address.ofIndex(0);
    static final Address PROVER = Address.ofIndex(1);
    static final Address STAKER = Address.ofIndex(2);
    static final Address OTHER = Address.ofIndex(3);
    static final UInt256 TOKEN = UInt256.WAD;

    Ledger ledger;
    IncrementalChecker checker;
    long t = 1_700_000_000L;

    Receipt apply(Address from, Command c) {
        Transaction tx = new Transaction(from, ++t, c);
        Receipt r = ledger.apply(tx);
        assertThat(checker.afterApply(tx, r)).as("healthy ledger after %s", c.op()).isEmpty();
        return r;
    }

    @BeforeEach
    void healthyLedger() {
        ledger = new Ledger(new Genesis(t, OWNER, TOKEN, false, Profile.SOLVENT));
        checker = new IncrementalChecker(ledger, 0); // no sweep unless a test asks for one
        apply(OWNER, new Command.Mint(TokenKind.STAKE, PROVER, TOKEN.mul(UInt256.of(100))));
        apply(OWNER, new Command.Mint(TokenKind.STAKE, STAKER, TOKEN.mul(UInt256.of(100))));
        apply(OWNER, new Command.Mint(TokenKind.STAKE, OTHER, TOKEN.mul(UInt256.of(100))));
        apply(OWNER, new Command.Mint(TokenKind.REWARD, STAKER, TOKEN.mul(UInt256.of(100))));
        apply(OWNER, new Command.GrantRole(Role.SLASHER, OWNER));
        apply(PROVER, new Command.InitProver(TOKEN.mul(UInt256.of(10)), UInt256.of(1000)));
        apply(PROVER, new Command.Stake(PROVER, TOKEN.mul(UInt256.of(20)))); // above its minimum after the slash: others may stake
        apply(STAKER, new Command.Stake(PROVER, TOKEN.mul(UInt256.of(30))));
        apply(STAKER, new Command.AddRewards(PROVER, UInt256.of(12_345_678_901L)));
        apply(STAKER, new Command.RequestUnstake(PROVER, TOKEN.mul(UInt256.of(5))));
        assertThat(apply(OWNER, new Command.Slash(PROVER, UInt256.of(1000))).ok()).isTrue();
        apply(OWNER, new Command.FundEmission(UInt256.ZERO)); // refused: the owner holds no reward tokens
    }

    static void set(Object target, String field, Object value) throws ReflectiveOperationException {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    static Object get(Object target, String field) throws ReflectiveOperationException {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        return f.get(target);
    }

    Prover prover() throws ReflectiveOperationException {
        return ((StakingModule) get(ledger, "staking")).prover(PROVER);
    }

    ProverRewards book() throws ReflectiveOperationException {
        return ((RewardsModule) get(ledger, "rewards")).book(prover());
    }

    /** What a writer does before it writes: tells the journal (as every writer in the core must). */
    void touch(JournaledRecord r) throws ReflectiveOperationException {
        ((StateJournal) get(ledger, "journal")).touch(r);
    }

    List<String> violatedAfter(Address from, Command c) {
        Transaction tx = new Transaction(from, ++t, c);
        Receipt r = ledger.apply(tx);
        return checker.afterApply(tx, r).stream().map(Violation::invariant).distinct().toList();
    }

    /** A refused operation: nothing may change, so a corruption made "during" it must show. */
    List<String> violatedAfterNoOp() {
        return violatedAfter(STAKER, new Command.UnretireProver());
    }

    List<String> swept() {
        return checker.sweep().stream().map(Violation::invariant).distinct().toList();
    }

    @Test
    void aHealthyLedgerHasNoViolationsAndItsSweepAgrees() {
        assertThat(violatedAfterNoOp()).isEmpty();
        Transaction stake = new Transaction(OTHER, ++t, new Command.Stake(PROVER, TOKEN));
        Receipt r = ledger.apply(stake);
        assertThat(r.ok()).isTrue();
        assertThat(checker.afterApply(stake, r)).isEmpty();
        assertThat(swept()).isEmpty();
        assertThat(checker.sweeps()).isEqualTo(1);
    }

    @Test
    void shareConservation() throws Exception {
        Stake s = prover().stakeOf(STAKER);
        touch(s);
        set(s, "raw0", s.rawShares().limb(0) + 1);
        assertThat(violatedAfterNoOp()).contains("Share conservation", "Atomicity");
    }

    @Test
    void sharesOfAnotherPositionChangedByAStake() throws Exception {
        Stake s = prover().stakeOf(STAKER);
        Transaction tx = new Transaction(OTHER, ++t, new Command.Stake(PROVER, TOKEN));
        Receipt r = ledger.apply(tx);
        assertThat(r.ok()).as("%s", r).isTrue();
        touch(s);
        set(s, "raw0", s.rawShares().limb(0) + 1);
        set(prover(), "totalRawShares", prover().totalRawShares().add(UInt256.ONE)); // the sums agree: only the rule sees it
        assertThat(checker.afterApply(tx, r).stream().map(Violation::invariant)).contains("Share conservation");
    }

    @Test
    void pendingShareConservation() throws Exception {
        Prover p = prover();
        touch(p);
        set(p, "pendingRawShares", p.pendingRawShares().add(UInt256.ONE));
        assertThat(violatedAfterNoOp()).contains("Share conservation");
    }

    @Test
    void aQueueBlockWithoutItsPosition() throws Exception {
        Stake s = prover().stakeOf(STAKER);
        assertThat(s.pendingCount()).isEqualTo(1);
        touch(s);
        set(s, "pendingAt", -1); // the position forgets its queue; the pool still holds the block
        assertThat(violatedAfterNoOp()).contains("Lifecycle", "Share conservation");
    }

    @Test
    void accumulatorMonotonicity() throws Exception {
        ProverRewards r = book();
        touch(r);
        set(r, "accRewardPerRawShare", r.accRewardPerRawShare().sub(UInt256.ONE));
        assertThat(violatedAfterNoOp()).contains("Accumulator monotonicity");
    }

    @Test
    void scaleChangedWithoutASlash() throws Exception {
        Prover p = prover();
        touch(p);
        set(p, "scale", p.scale().sub(UInt256.ONE));
        assertThat(violatedAfterNoOp()).contains("Scale consistency");
    }

    @Test
    void scaleOutOfRange() throws Exception {
        Prover p = prover();
        touch(p);
        set(p, "scale", UInt256.WAD.add(UInt256.ONE));
        assertThat(violatedAfterNoOp()).contains("Scale consistency");
    }

    @Test
    void slashThatIsNotProportional() throws Exception {
        Prover p = prover();
        Transaction tx = new Transaction(OWNER, ++t, new Command.Slash(PROVER, UInt256.of(10_000)));
        Receipt r = ledger.apply(tx);
        assertThat(r.ok()).isTrue();
        set(p, "scale", p.scale().sub(UInt256.ONE)); // in the journal already: the slash touched it
        assertThat(checker.afterApply(tx, r).stream().map(Violation::invariant)).contains("Proportional slashing");
    }

    @Test
    void tokenIsolationAcrossAnOperation() throws Exception {
        TokenLedger rewardToken = (TokenLedger) get(ledger, "rewardToken");
        Object rewardsCustody = ((Object[]) get(rewardToken, "custody"))[Module.REWARDS.ordinal()];
        java.lang.reflect.Method credit = rewardsCustody.getClass().getDeclaredMethod("credit", int.class, UInt256.class);
        credit.setAccessible(true);
        credit.invoke(rewardsCustody, get(rewardToken, "slot"), UInt256.ONE);
        set(rewardToken, "totalSupply", rewardToken.totalSupply().add(UInt256.ONE));
        // custody and supply are compared at every drain: no touch needed, no sweep either
        assertThat(violatedAfterNoOp()).contains("Token isolation", "Atomicity");
    }

    @Test
    void supplyMismatch() throws Exception {
        TokenLedger stakeToken = (TokenLedger) get(ledger, "stakeToken");
        set(stakeToken, "totalSupply", stakeToken.totalSupply().add(UInt256.ONE));
        assertThat(violatedAfterNoOp()).contains("Token isolation");
    }

    @Test
    void rewardsSolvencyIsExact() throws Exception {
        ProverRewards r = book();
        touch(r);
        set(r, "pendingCommission", r.pendingCommission().add(UInt256.ONE));
        assertThat(violatedAfterNoOp()).contains("Solvency");
    }

    @Test
    void stakingSolvency() throws Exception {
        Object staking = get(ledger, "staking");
        set(staking, "treasuryPool", ledger.view().treasuryPools().staking().add(TOKEN));
        assertThat(violatedAfterNoOp()).contains("Solvency");
    }

    @Test
    void stakerCountOutOfStepWithThePositions() throws Exception {
        Prover p = prover();
        set(p, "stakerCount", p.stakerCount() + 1); // not in the record's bytes: seen when its positions next change
        assertThat(violatedAfter(OTHER, new Command.Stake(PROVER, TOKEN))).contains("Share conservation");
    }

    @Test
    void emissionWeightOutOfStepWithTheStake() throws Exception {
        ProverRewards r = book();
        touch(r);
        set(r, "emissionWeight", r.emissionWeight().add(UInt256.ONE));
        assertThat(violatedAfterNoOp()).contains("Emission");
    }

    @Test
    void aFailedOperationThatEmitsEvents() {
        Transaction tx = new Transaction(STAKER, ++t, new Command.UnretireProver());
        Receipt r = ledger.apply(tx);
        Receipt withEvents = new Receipt(r.error(), r.detail(),
                List.of(new dev.proverstaking.transition.Event.ProverUnretired(STAKER)));
        assertThat(checker.afterApply(tx, withEvents).stream().map(Violation::invariant)).contains("Atomicity");
    }

    // ---- what bypasses the journal: the sweep

    @Test
    void theSweepSeesSharesChangedBehindTheJournal() throws Exception {
        Stake s = prover().stakeOf(STAKER);
        set(s, "raw0", s.rawShares().limb(0) + 1);
        assertThat(violatedAfterNoOp()).isEmpty(); // unseen until the sweep
        assertThat(swept()).contains("Share conservation");
    }

    @Test
    void theSweepSeesAScaleAndAnAccumulatorChangedBehindTheJournal() throws Exception {
        set(prover(), "scale", prover().scale().sub(UInt256.ONE));
        ProverRewards r = book();
        set(r, "accRewardPerRawShare", r.accRewardPerRawShare().sub(UInt256.ONE));
        assertThat(swept()).contains("Scale consistency", "Accumulator monotonicity");
    }

    @Test
    void theSweepSeesTheStakerCountAndThePositionIndex() throws Exception {
        Prover p = prover();
        set(p, "stakerCount", p.stakerCount() + 1);
        dev.proverstaking.common.AddressIndex<Stake> partial = new dev.proverstaking.common.AddressIndex<>();
        partial.add(p.stakeOf(PROVER));
        set(p, "stakesByAddress", partial);
        assertThat(swept()).contains("Share conservation");
    }

    @Test
    void aSweepEveryNOperations() {
        checker = null;
        Ledger l = new Ledger(new Genesis(t, OWNER, TOKEN, false, Profile.SOLVENT));
        IncrementalChecker c = new IncrementalChecker(l, 3);
        for (int i = 0; i < 7; i++) {
            Transaction tx = new Transaction(OWNER, ++t, new Command.Mint(TokenKind.STAKE, STAKER, TOKEN));
            assertThat(c.afterApply(tx, l.apply(tx))).isEmpty();
        }
        assertThat(c.sweeps()).isEqualTo(2);
    }
}
