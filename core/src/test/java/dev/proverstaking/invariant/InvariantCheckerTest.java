package dev.proverstaking.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Role;
import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
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
import dev.proverstaking.token.TokenLedger;
import java.lang.reflect.Field;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checker must catch what it claims to check: each test corrupts one piece of a healthy
 * ledger (through reflection, as a bug would) and expects the matching violation.
 */
class InvariantCheckerTest {
    static final Address OWNER = Address.ofIndex(0);
    static final Address PROVER = Address.ofIndex(1);
    static final Address STAKER = Address.ofIndex(2);
    static final UInt256 TOKEN = UInt256.WAD;

    Ledger ledger;
    InvariantChecker checker;
    long t = 1_700_000_000L;

    Receipt apply(Address from, Command c) {
        Transaction tx = new Transaction(from, ++t, c);
        Receipt r = ledger.apply(tx);
        List<Violation> v = checker.afterApply(tx, r);
        assertThat(v).as("healthy ledger after %s", c.op()).isEmpty();
        return r;
    }

    @BeforeEach
    void healthyLedger() {
        ledger = new Ledger(new Genesis(t, OWNER, TOKEN, false, Profile.SOLVENT));
        checker = new InvariantChecker(ledger, true);
        apply(OWNER, new Command.Mint(TokenKind.STAKE, PROVER, TOKEN.mul(UInt256.of(100))));
        apply(OWNER, new Command.Mint(TokenKind.STAKE, STAKER, TOKEN.mul(UInt256.of(100))));
        apply(OWNER, new Command.Mint(TokenKind.REWARD, STAKER, TOKEN.mul(UInt256.of(100))));
        apply(OWNER, new Command.GrantRole(Role.SLASHER, OWNER));
        apply(PROVER, new Command.InitProver(TOKEN.mul(UInt256.of(10)), UInt256.of(1000)));
        apply(STAKER, new Command.Stake(PROVER, TOKEN.mul(UInt256.of(30))));
        apply(STAKER, new Command.AddRewards(PROVER, UInt256.of(12_345_678_901L)));
        apply(STAKER, new Command.RequestUnstake(PROVER, TOKEN.mul(UInt256.of(5))));
        assertThat(apply(OWNER, new Command.Slash(PROVER, UInt256.of(1000))).ok()).isTrue();
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

    /** The prover's record itself, behind the ledger's views (as a bug inside the ledger would reach it). */
    Prover prover() throws ReflectiveOperationException {
        return ((StakingModule) get(ledger, "staking")).prover(PROVER);
    }

    ProverRewards book() throws ReflectiveOperationException {
        return ((RewardsModule) get(ledger, "rewards")).book(prover());
    }

    List<String> audited() {
        return ledger.audit().stream().map(Violation::invariant).toList();
    }

    List<String> violatedAfterNoOp() {
        // a failing operation: nothing may change, so a corruption made "during" it must show
        Transaction tx = new Transaction(STAKER, ++t, new Command.UnretireProver());
        Receipt r = ledger.apply(tx);
        assertThat(r.ok()).isFalse();
        return checker.afterApply(tx, r).stream().map(Violation::invariant).distinct().toList();
    }

    @Test
    void shareConservation() throws Exception {
        Stake s = prover().stakeOf(STAKER);
        set(s, "raw0", s.rawShares().limb(0) + 1);
        assertThat(violatedAfterNoOp()).contains("Share conservation", "Atomicity");
    }

    @Test
    void pendingShareConservation() throws Exception {
        Prover p = prover();
        set(p, "pendingRawShares", p.pendingRawShares().add(UInt256.ONE));
        assertThat(violatedAfterNoOp()).contains("Share conservation");
    }

    @Test
    void aQueueBlockWithoutItsPosition() throws Exception {
        Stake s = prover().stakeOf(STAKER);
        assertThat(s.pendingCount()).isEqualTo(1);
        set(s, "pendingAt", -1); // the position forgets its queue; the pool still holds the block
        assertThat(violatedAfterNoOp()).contains("Lifecycle", "Share conservation");
    }

    @Test
    void accumulatorMonotonicity() throws Exception {
        ProverRewards r = book();
        set(r, "accRewardPerRawShare", r.accRewardPerRawShare().sub(UInt256.ONE));
        assertThat(violatedAfterNoOp()).contains("Accumulator monotonicity");
    }

    @Test
    void scaleChangedWithoutASlash() throws Exception {
        Prover p = prover();
        set(p, "scale", p.scale().sub(UInt256.ONE));
        assertThat(violatedAfterNoOp()).contains("Scale consistency");
    }

    @Test
    void slashThatIsNotProportional() throws Exception {
        Prover p = prover();
        Transaction tx = new Transaction(OWNER, ++t, new Command.Slash(PROVER, UInt256.of(10_000)));
        Receipt r = ledger.apply(tx);
        assertThat(r.ok()).isTrue();
        set(p, "scale", p.scale().sub(UInt256.ONE));
        assertThat(checker.afterApply(tx, r).stream().map(Violation::invariant)).contains("Proportional slashing");
    }

    @Test
    void tokenIsolationAcrossAnOperation() throws Exception {
        TokenLedger rewardToken = (TokenLedger) get(ledger, "rewardToken"); // the module behind the read-only view
        Object rewardsCustody = ((Object[]) get(rewardToken, "custody"))[Module.REWARDS.ordinal()];
        java.lang.reflect.Method credit = rewardsCustody.getClass().getDeclaredMethod("credit", int.class, UInt256.class);
        credit.setAccessible(true);
        credit.invoke(rewardsCustody, get(rewardToken, "slot"), UInt256.ONE);
        set(rewardToken, "totalSupply", rewardToken.totalSupply().add(UInt256.ONE));
        assertThat(violatedAfterNoOp()).contains("Token isolation");
    }

    @Test
    void supplyMismatch() throws Exception {
        TokenLedger stakeToken = (TokenLedger) get(ledger, "stakeToken");
        set(stakeToken, "totalSupply", stakeToken.totalSupply().add(UInt256.ONE));
        assertThat(audited()).contains("Token isolation");
    }

    @Test
    void rewardsSolvencyIsExact() throws Exception {
        ProverRewards r = book();
        set(r, "pendingCommission", r.pendingCommission().add(UInt256.ONE));
        assertThat(audited()).contains("Solvency");
    }

    @Test
    void stakingSolvency() throws Exception {
        Object staking = get(ledger, "staking");
        set(staking, "treasuryPool", ledger.view().treasuryPools().staking().add(TOKEN));
        assertThat(audited()).contains("Solvency");
    }

    @Test
    void stakerCountOutOfStepWithThePositions() throws Exception {
        Prover p = prover();
        set(p, "stakerCount", p.stakerCount() + 1);
        assertThat(audited()).contains("Share conservation");
    }

    @Test
    void emissionWeightOutOfStepWithTheStake() throws Exception {
        ProverRewards r = book();
        set(r, "emissionWeight", r.emissionWeight().add(UInt256.ONE));
        assertThat(audited()).contains("Emission");
    }

    @Test
    void aPositionMissingFromTheAddressIndex() throws Exception {
        // a second index without the staker's position, as if its insertion had been forgotten
        Prover p = prover();
        dev.proverstaking.common.AddressIndex<Stake> partial = new dev.proverstaking.common.AddressIndex<>();
        partial.add(p.stakeOf(PROVER));
        set(p, "stakesByAddress", partial);
        assertThat(audited()).contains("Share conservation");
    }

    @Test
    void aHealthyLedgerHasNoViolations() {
        assertThat(ledger.audit()).isEmpty();
        assertThat(violatedAfterNoOp()).isEmpty();
    }
}
