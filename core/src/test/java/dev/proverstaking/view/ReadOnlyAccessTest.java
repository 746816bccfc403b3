package dev.proverstaking.view;

import static dev.proverstaking.ledger.LedgerFixture.A;
import static dev.proverstaking.ledger.LedgerFixture.P;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proverstaking.common.Module;
import dev.proverstaking.common.Role;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Cmd;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.LedgerFixture;
import dev.proverstaking.ledger.LedgerView;
import dev.proverstaking.rewards.EmissionPool;
import dev.proverstaking.rewards.ProverRewards;
import dev.proverstaking.rewards.RewardsModule;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.staking.Prover;
import dev.proverstaking.staking.Stake;
import dev.proverstaking.staking.StakingModule;
import dev.proverstaking.token.TokenLedger;
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
 * through {@link Ledger#apply}, where it is checked, atomic and recorded; every read through
 * {@link LedgerView}, which returns values (records, enums, numbers), never the modules or their
 * records.
 */
class ReadOnlyAccessTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void viewsTakenBeforeTheChangesShowThem(boolean sameToken) {
        LedgerFixture f = new LedgerFixture(Profile.SOLVENT, 100, sameToken);
        LedgerView v = f.ledger.view();
        f.prover(P, 100, 0);
        f.mintStake(A, 500);
        f.ok(A, Cmd.stake(P, 300));
        f.reward(P, 50);

        assertThat(v.balance(TokenKind.STAKE, A).toBigInteger()).isEqualTo(BigInteger.valueOf(200));
        assertThat(v.custody(TokenKind.STAKE, Module.STAKING).toBigInteger()).isEqualTo(BigInteger.valueOf(400));
        assertThat(v.custody(TokenKind.REWARD, Module.REWARDS).toBigInteger()).isEqualTo(BigInteger.valueOf(50));
        assertThat(v.proverRecord(P).orElseThrow().stakerCount()).isEqualTo(2);
        assertThat(v.position(P, A).orElseThrow().pendingRewards().toBigInteger())
                .isEqualTo(BigInteger.valueOf(37)); // 300 of 400 raw shares, of 50, floored
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theCollectionsTheViewReturnsRefuseChanges(boolean sameToken) {
        LedgerFixture f = new LedgerFixture(Profile.SOLVENT, 100, sameToken);
        f.prover(P, 100, 0);
        f.delegate(A, P, 300);
        f.ok(A, Cmd.unstake(P, 100));
        f.grantSlasher();
        LedgerView v = f.ledger.view();
        List<Runnable> changes = List.of(
                () -> v.roleHolders(Role.SLASHER).clear(),
                () -> v.stakers(P, null, 10).items().clear(),
                () -> v.positions(P, null, 10).items().clear(),
                () -> v.provers(null, null, 10).items().clear(),
                () -> v.position(P, A).orElseThrow().pendingUnstakes().clear(),
                () -> v.stake(P, A).pendingUnstakes().clear(),
                () -> v.account(A).roles().clear());
        for (Runnable change : changes) {
            assertThatThrownBy(change::run).isInstanceOf(UnsupportedOperationException.class);
        }
        assertThat(v.proverRecord(P).orElseThrow().stakerCount()).isEqualTo(2);
        assertThat(v.positions(P, null, 10).items()).hasSize(2);
        assertThat(v.roleHolders(Role.SLASHER)).hasSize(1);
        assertThat(v.position(P, A).orElseThrow().pendingUnstakes()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void nothingReachableFromALedgerHasAPublicMutatorOrIsAModulesRecord(boolean sameToken) {
        new LedgerFixture(Profile.SOLVENT, 100, sameToken);
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(Ledger.class, LedgerView.class));
        Set<Class<?>> seen = new LinkedHashSet<>();
        List<String> mutators = new ArrayList<>();
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (!seen.add(c)) continue;
            for (Method m : c.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) continue;
                if (c == Ledger.class && (m.getName().startsWith("apply"))) continue; // the one way in
                // a checker's view of what changed: copies of records' bytes; they change no state
                if (c == Ledger.class && Set.of("trackChanges", "drainChanges", "visitRecords").contains(m.getName())) continue;
                if (m.getReturnType() == void.class) mutators.add(c.getSimpleName() + "." + m.getName());
                enqueueProjectTypes(m.getGenericReturnType(), todo);
            }
            for (var field : c.getFields()) {
                if (!Modifier.isFinal(field.getModifiers())) mutators.add(c.getSimpleName() + "." + field.getName() + " (field)");
            }
        }
        assertThat(seen).as("the walk reached the values the view returns")
                .extracting(Class::getSimpleName).contains("ProverRecord", "PositionRecord", "Page", "Solvency", "Account");
        assertThat(seen).as("no module and no module's record is reachable").doesNotContain(StakingModule.class,
                RewardsModule.class, TokenLedger.class, Prover.class, Stake.class, ProverRewards.class, EmissionPool.class);
        assertThat(mutators).as("public methods returning nothing, reachable from a ledger").isEmpty();
    }

    private static void enqueueProjectTypes(Type t, Deque<Class<?>> todo) {
        if (t instanceof Class<?> c) {
            Class<?> e = c.isArray() ? c.getComponentType() : c;
            // an exception (the ledger's failure) is a report, not state
            if (e.getName().startsWith("dev.proverstaking.") && !Throwable.class.isAssignableFrom(e)) todo.push(e);
        } else if (t instanceof ParameterizedType p) {
            enqueueProjectTypes(p.getRawType(), todo);
            for (Type a : p.getActualTypeArguments()) enqueueProjectTypes(a, todo);
        }
    }
}
