package dev.proverstaking.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.core.domain.JavaClass;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core's structure, checked on its compiled classes (ArchUnit): packages mirror the design and
 * depend on each other in one direction only, and the writes that keep an invariant by mechanism
 * happen only where the mechanism is.
 */
class ArchitectureTest {
    static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.proverstaking");
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.proverstaking.(*)..").should().beFreeOfCycles().check(core);
    }

    /** The design's isolation: staking asks the rewards module only through RewardSettlement. */
    @Test
    void stakingDoesNotKnowTheRewardsModule() {
        noClasses().that().resideInAPackage("dev.proverstaking.staking..")
                .should().dependOnClassesThat().resideInAPackage("dev.proverstaking.rewards..")
                .check(core);
    }

    /** The core has no I/O, no clock and no randomness of its own (the hash key aside: table order is not state). */
    @Test
    void theStateMachineHasNoClockAndNoRandomness() {
        noClasses().that().resideInAnyPackage("dev.proverstaking.staking..", "dev.proverstaking.rewards..",
                        "dev.proverstaking.token..", "dev.proverstaking.access..", "dev.proverstaking.rounding..",
                        "dev.proverstaking.ledger..", "dev.proverstaking.transition..", "dev.proverstaking.math..",
                        "dev.proverstaking.statehash..")
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.security.SecureRandom")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Instant")
                .check(core);
    }

    /**
     * What the emission weighs a prover by (its state, active raw shares, scale) is written only by
     * the setters that list the prover in WeightChanges (and by snapshot restore, which restores the
     * weight too): so no transition, present or future, can change a weight without it being re-weighed.
     */
    @Test
    void aProversWeightInputsAreWrittenOnlyThroughTheSettersThatRecordTheChange() {
        Set<String> fields = Set.of("state", "totalRawShares", "scale");
        Set<String> writers = Set.of("setState", "setTotalRawShares", "setScale", "restore", "<init>");
        classes().should(new ArchCondition<JavaClass>("write Prover's weight inputs only in its recording setters") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                for (JavaFieldAccess a : c.getFieldAccessesFromSelf()) {
                    if (a.getAccessType() != JavaFieldAccess.AccessType.SET) continue;
                    if (!a.getTargetOwner().getName().equals("dev.proverstaking.staking.Prover")) continue;
                    if (!fields.contains(a.getTarget().getName())) continue;
                    String writer = a.getOrigin().getName();
                    boolean ok = a.getOrigin().getOwner().getName().equals("dev.proverstaking.staking.Prover")
                            && writers.contains(writer);
                    events.add(new SimpleConditionEvent(a, ok, a.getDescription()));
                }
            }
        }).check(core);
    }

    // ---------------------------------------------------------------- the state hash's journal

    /**
     * The journaled records of the state hash, and their fields that are not state (derived from
     * other records, or the journal's own mark): every other field is state, and a write of it must
     * tell the journal first.
     */
    static final Map<String, Set<String>> JOURNALED = Map.of(
            "dev.proverstaking.staking.Prover", Set.of("stakerCount", "weightChangeListed", "inJournal"),
            "dev.proverstaking.staking.Stake", Set.of("inJournal"),
            "dev.proverstaking.rewards.ProverRewards", Set.of("inJournal"),
            "dev.proverstaking.token.Account", Set.of(), // its bits hold the journal's mark too: setInJournal below
            "dev.proverstaking.access.Roles$Holders", Set.of("inJournal"));
    static final String JOURNAL = "dev.proverstaking.statehash.StateJournal";
    /** Writes to a custody (a token's record, which the journal compares at every flush, needing no touch). */
    static final Set<String> CUSTODY_WRITERS = Set.of(
            "dev.proverstaking.token.TokenLedger.creditCustody", "dev.proverstaking.token.TokenLedger.debitCustody");
    static final Set<String> COLLECTION_MUTATORS = Set.of("add", "addAll", "remove", "removeAll", "retainAll", "removeIf", "clear");

    /**
     * Every write of a journaled record of the state hash (a field of a prover, a position, a
     * prover's reward book, an account; a position's pending queue; a role's holders; a record made)
     * happens in a method that tells the state hash's journal first ({@code StateJournal.touch} or
     * {@code created}), or in a method of which every caller does, all the way up: so a transition,
     * present or future, cannot change a record the hash does not hear of. Exempt: the journal's
     * own mark ({@code setInJournal}); snapshot restore (the {@code *Snapshot} classes, which fill a
     * ledger whose hash is restored or computed after), constructors of the modules (the genesis
     * state, hashed from scratch) and a token's custody (part of the token's record, which the
     * journal compares at every flush). The records of which there is one (clock, parameters,
     * treasuries, emission pool, supply, owners) are compared at every flush and need no touch.
     */
    @Test
    void everyWriteOfAJournaledRecordTellsTheStateHashJournalFirst() {
        Map<JavaCodeUnit, List<String>> writers = new LinkedHashMap<>();
        for (JavaClass c : core) {
            for (JavaCodeUnit u : c.getCodeUnits()) {
                for (JavaFieldAccess a : u.getFieldAccesses()) {
                    if (a.getAccessType() != JavaFieldAccess.AccessType.SET) continue;
                    Set<String> notState = JOURNALED.get(a.getTargetOwner().getName());
                    if (notState == null || notState.contains(a.getTarget().getName())) continue;
                    if (u.getOwner().getName().equals(a.getTargetOwner().getName()) && u instanceof JavaConstructor) continue;
                    writers.computeIfAbsent(u, k -> new ArrayList<>()).add(a.getDescription());
                }
                for (JavaAccess<?> call : calls(u)) {
                    String owner = call.getTargetOwner().getName();
                    String name = call.getTarget().getName();
                    boolean writes = JOURNALED.containsKey(owner) && name.equals("<init>")
                            || owner.equals("dev.proverstaking.staking.PendingQueues") && (name.equals("push") || name.equals("dropOldest"))
                            || u.getOwner().getName().startsWith("dev.proverstaking.access.Roles")
                                    && owner.startsWith("java.util.") && COLLECTION_MUTATORS.contains(name);
                    if (writes) writers.computeIfAbsent(u, k -> new ArrayList<>()).add(call.getDescription());
                }
            }
        }
        // not vacuous: the writes this rule is about are found
        assertThat(writers.keySet().stream().map(JavaCodeUnit::getFullName).toList()).anySatisfy(
                n -> assertThat(n).contains("RewardsModule.settle(")).anySatisfy(
                n -> assertThat(n).contains("Account.store(")).anySatisfy(
                n -> assertThat(n).contains("Stake.pushPending(")).anySatisfy(
                n -> assertThat(n).contains("Roles.grant("));

        Map<JavaCodeUnit, Boolean> memo = new HashMap<>();
        List<String> violations = new ArrayList<>();
        writers.forEach((u, writes) -> {
            List<String> path = new ArrayList<>();
            if (!toldFirst(u, memo, path)) {
                violations.add(u.getFullName() + " writes " + writes.get(0) + ", reached without telling the journal from "
                        + String.join(" -> ", path));
            }
        });
        assertThat(violations).as("writes of journaled records not preceded by StateJournal.touch or created").isEmpty();
    }

    private static List<JavaAccess<?>> calls(JavaCodeUnit u) {
        List<JavaAccess<?>> out = new ArrayList<>(u.getMethodCallsFromSelf());
        out.addAll(u.getConstructorCallsFromSelf());
        return out;
    }

    /** Whether every way to {@code u} passes through a method that tells the journal (or is exempt). */
    private static boolean toldFirst(JavaCodeUnit u, Map<JavaCodeUnit, Boolean> memo, List<String> path) {
        Boolean known = memo.get(u);
        if (known != null) return known;
        memo.put(u, true); // a cycle is decided by its other callers
        boolean ok = tellsTheJournal(u) || exempt(u);
        if (!ok) {
            Set<? extends JavaAccess<?>> callers = u instanceof JavaMethod m ? m.getCallsOfSelf()
                    : u instanceof JavaConstructor k ? k.getCallsOfSelf() : Set.of();
            ok = !callers.isEmpty();
            for (JavaAccess<?> call : callers) {
                if (!toldFirst(call.getOrigin(), memo, path)) {
                    ok = false;
                    break;
                }
            }
            if (!ok) path.add(u.getFullName());
        }
        memo.put(u, ok);
        return ok;
    }

    private static boolean tellsTheJournal(JavaCodeUnit u) {
        return u.getMethodCallsFromSelf().stream().anyMatch(c -> c.getTargetOwner().getName().equals(JOURNAL)
                && (c.getName().equals("touch") || c.getName().equals("created")));
    }

    private static boolean exempt(JavaCodeUnit u) {
        String owner = u.getOwner().getName();
        return u.getName().equals("setInJournal")
                || owner.endsWith("Snapshot")
                || u instanceof JavaConstructor && !JOURNALED.containsKey(owner)
                || CUSTODY_WRITERS.contains(owner + "." + u.getName());
    }
}
