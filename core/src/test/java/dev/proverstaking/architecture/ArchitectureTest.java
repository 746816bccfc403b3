package dev.proverstaking.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.core.domain.JavaClass;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
                        "dev.proverstaking.ledger..", "dev.proverstaking.transition..", "dev.proverstaking.math..")
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
}
