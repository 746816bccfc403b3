package dev.proverstaking.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.ledger.Command;
import dev.proverstaking.rounding.Profile;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the ledger succeeds somewhere in the simulator's histories, which check every
 * invariant after every operation (emission weights equal to the provers' effective active stakes
 * among them). A new command therefore cannot go unchecked: until the simulator generates it, this
 * test fails; once it does, a weight it changed without re-weighing (impossible by construction:
 * ArchitectureTest) or any other broken invariant shows.
 */
class EveryOperationIsExercisedTest {
    @Test
    void everyOperationSucceedsInTheSimulatedHistoriesWithEveryInvariantChecked() {
        for (Profile profile : Profile.values()) {
            Set<Command.Op> succeeded = EnumSet.noneOf(Command.Op.class);
            for (long seed = 1; seed <= 4; seed++) {
                Simulator.Result r = Simulator.run(Simulator.Config.of(seed, 2_000, profile));
                assertThat(r.passed()).as("seed %d, %s: %s", seed, profile, r.failure()).isTrue();
                r.outcomes().forEach((op, counts) -> {
                    if (counts[0] > 0) succeeded.add(op);
                });
            }
            assertThat(succeeded).as("operations that succeeded in %s", profile)
                    .containsExactlyInAnyOrder(Command.Op.values());
        }
    }
}
