package dev.proverstaking.view;

import static dev.proverstaking.ledger.LedgerFixture.A;
import static dev.proverstaking.ledger.LedgerFixture.P;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proverstaking.common.Role;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Cmd;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.LedgerFixture;
import dev.proverstaking.rewards.RewardsModule;
import dev.proverstaking.rewards.RewardsView;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.staking.Prover;
import dev.proverstaking.staking.StakingModule;
import dev.proverstaking.staking.StakingView;
import dev.proverstaking.token.TokenLedger;
import dev.proverstaking.token.TokenView;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a caller outside the core can reach from a {@link Ledger} changes nothing: every change goes
 * through {@link Ledger#apply}, where it is checked, atomic and recorded. Before, the staking and
 * rewards accessors returned the modules themselves (typed as views, but a cast away from their
 * transitions), and {@code token(kind)} returned the token ledger, which mints and hands out any
 * module's custody.
 */
class ReadOnlyAccessTest {

    /** Public methods that return nothing yet change nothing: they add lookups to a read-ahead batch. */
    private static final Set<String> READS_RETURNING_NOTHING = Set.of("enlistStake", "enlist");

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theLedgerHandsOutViewsThatAreNotTheModules(boolean sameToken) {
        Ledger ledger = new LedgerFixture(Profile.SOLVENT, 100, sameToken).ledger;
        for (TokenKind kind : TokenKind.values()) {
            assertThat(ledger.token(kind)).isNotInstanceOf(TokenLedger.class).isSameAs(ledger.token(kind));
        }
        assertThat(ledger.token(TokenKind.STAKE) == ledger.token(TokenKind.REWARD)).isEqualTo(sameToken);
        assertThat(ledger.staking()).isNotInstanceOf(StakingModule.class).isSameAs(ledger.staking());
        assertThat(ledger.rewards()).isNotInstanceOf(RewardsModule.class).isSameAs(ledger.rewards());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void viewsTakenBeforeTheChangesShowThem(boolean sameToken) {
        LedgerFixture f = new LedgerFixture(Profile.SOLVENT, 100, sameToken);
        TokenView stake = f.ledger.token(TokenKind.STAKE);
        TokenView reward = f.ledger.token(TokenKind.REWARD);
        StakingView staking = f.ledger.staking();
        RewardsView rewards = f.ledger.rewards();
        f.prover(P, 100, 0);
        f.mintStake(A, 500);
        f.ok(A, Cmd.stake(P, 300));
        f.reward(P, 50);

        assertThat(stake.balanceOf(A).toBigInteger()).isEqualTo(BigInteger.valueOf(200));
        assertThat(staking.custodyBalance().toBigInteger()).isEqualTo(BigInteger.valueOf(400));
        assertThat(rewards.custodyBalance().toBigInteger()).isEqualTo(BigInteger.valueOf(50));
        assertThat(reward.custodyOf(Module.REWARDS).toBigInteger()).isEqualTo(BigInteger.valueOf(50));
        assertThat(staking.prover(P).stakerCount()).isEqualTo(2);
        assertThat(rewards.pendingRewards(staking.prover(P), staking.prover(P).stakeOf(A)).toBigInteger())
                .isEqualTo(BigInteger.valueOf(37)); // 300 of 400 raw shares, of 50, floored
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theCollectionsViewsReturnRefuseChanges(boolean sameToken) {
        LedgerFixture f = new LedgerFixture(Profile.SOLVENT, 100, sameToken);
        f.prover(P, 100, 0);
        f.delegate(A, P, 300);
        f.ok(A, Cmd.unstake(P, 100));
        f.grantSlasher();
        StakingView staking = f.ledger.staking();
        Prover prover = staking.prover(P);
        List<Runnable> changes = List.of(
                () -> staking.allProvers().clear(),
                () -> staking.activeProvers().clear(),
                () -> staking.roleHolders(Role.SLASHER).clear(),
                () -> prover.stakersPage(0, 10).clear(),
                () -> prover.positions().clear(),
                () -> prover.stakeOf(A).pendingUnstakes().clear(),
                () -> f.ledger.token(TokenKind.STAKE).accounts().clear());
        for (Runnable change : changes) {
            assertThatThrownBy(change::run).isInstanceOf(UnsupportedOperationException.class);
        }
        assertThat(prover.stakerCount()).isEqualTo(2);
        assertThat(prover.positions()).hasSize(2);
        assertThat(staking.roleHolders(Role.SLASHER)).hasSize(1);
        assertThat(prover.stakeOf(A).pendingCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void nothingReachableThroughTheViewsHasAPublicMutator(boolean sameToken) {
        Ledger ledger = new LedgerFixture(Profile.SOLVENT, 100, sameToken).ledger;
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(Ledger.class, ledger.staking().getClass(),
                ledger.rewards().getClass(), ledger.token(TokenKind.STAKE).getClass()));
        Set<Class<?>> seen = new LinkedHashSet<>();
        List<String> mutators = new ArrayList<>();
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (!seen.add(c)) continue;
            for (Method m : c.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) continue;
                if (c == Ledger.class && (m.getName().startsWith("apply"))) continue; // the one way in
                if (m.getReturnType() == void.class && !READS_RETURNING_NOTHING.contains(m.getName())) {
                    mutators.add(c.getSimpleName() + "." + m.getName());
                }
                enqueueProjectTypes(m.getGenericReturnType(), todo);
            }
            for (var field : c.getFields()) {
                if (!Modifier.isFinal(field.getModifiers())) mutators.add(c.getSimpleName() + "." + field.getName() + " (field)");
            }
        }
        assertThat(seen).as("the walk reached the objects views return")
                .extracting(Class::getSimpleName).contains("Prover", "Stake", "ProverRewards", "EmissionPool");
        assertThat(seen).as("no module is reachable").doesNotContain(StakingModule.class, RewardsModule.class, TokenLedger.class);
        assertThat(mutators).as("public methods returning nothing, reachable from a ledger").isEmpty();
    }

    private static void enqueueProjectTypes(Type t, Deque<Class<?>> todo) {
        if (t instanceof Class<?> c) {
            Class<?> e = c.isArray() ? c.getComponentType() : c;
            if (e.getName().startsWith("dev.proverstaking.")) todo.push(e);
        } else if (t instanceof ParameterizedType p) {
            enqueueProjectTypes(p.getRawType(), todo);
            for (Type a : p.getActualTypeArguments()) enqueueProjectTypes(a, todo);
        }
    }
}
