package dev.proverstaking.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proverstaking.rounding.Profile;
import dev.proverstaking.simulation.Simulator;
import dev.proverstaking.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Ledger#applyAll} is {@link Ledger#apply} one by one: its reading ahead changes nothing.
 * Histories come from the simulator (every operation type, failures included, deep states).
 */
class ApplyAllTest {

    @Test
    void givesTheSameReceiptsAndStateAsApplyingOneByOne() {
        for (Profile profile : Profile.values()) {
            Seeds.forEach(new long[] {1, 2, 3, 4, 5, 6}, seed -> {
                Simulator.Result sim = Simulator.run(Simulator.Config.of(seed, 3_000, profile));
                List<Transaction> history = sim.history();
                assertThat(history).hasSizeGreaterThan(3 * ReadAhead.GROUP);

                Ledger oneByOne = new Ledger(sim.genesis());
                List<Receipt> expected = new ArrayList<>();
                for (Transaction tx : history) expected.add(oneByOne.apply(tx));

                Ledger batched = new Ledger(sim.genesis());
                List<Receipt> actual = new ArrayList<>();
                batched.applyAll(history, actual::add);

                assertThat(actual).as("%s receipts", profile).isEqualTo(expected);
                assertThat(expected).as("the history has failures too").anyMatch(r -> !r.ok());
                assertThat(StateFingerprint.of(batched)).as("%s state", profile).isEqualTo(StateFingerprint.of(oneByOne));
                assertThat(batched.appliedCount()).isEqualTo(history.size());
            });
        }
    }

    @Test
    void stopsAtATransactionFromThePastHavingAppliedTheOnesBeforeIt() {
        Simulator.Result sim = Simulator.run(Simulator.Config.of(7, 200, Profile.SOLVENT));
        List<Transaction> history = new ArrayList<>(sim.history().subList(0, 2 * ReadAhead.GROUP + 3));
        Transaction last = history.get(history.size() - 1);
        int bad = ReadAhead.GROUP + 5;
        history.add(bad, new Transaction(last.sender(), sim.genesis().timestamp() - 1, last.command()));

        Ledger expected = new Ledger(sim.genesis());
        for (Transaction tx : history.subList(0, bad)) expected.apply(tx);

        Ledger batched = new Ledger(sim.genesis());
        List<Receipt> receipts = new ArrayList<>();
        assertThatThrownBy(() -> batched.applyAll(history, receipts::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before the ledger's time");
        assertThat(receipts).hasSize(bad);
        assertThat(StateFingerprint.of(batched)).isEqualTo(StateFingerprint.of(expected));
    }

    @Test
    void stopsAtANullTransactionHavingAppliedTheOnesBeforeIt() {
        // the read-ahead names the next group's records before this group runs: it must not be
        // what fails, or this group would not be applied
        Simulator.Result sim = Simulator.run(Simulator.Config.of(8, 200, Profile.SOLVENT));
        List<Transaction> history = new ArrayList<>(sim.history().subList(0, 3 * ReadAhead.GROUP));
        int bad = ReadAhead.GROUP + 1;
        history.set(bad, null);

        Ledger expected = new Ledger(sim.genesis());
        for (Transaction tx : history.subList(0, bad)) expected.apply(tx);

        Ledger batched = new Ledger(sim.genesis());
        List<Receipt> receipts = new ArrayList<>();
        assertThatThrownBy(() -> batched.applyAll(history, receipts::add)).isInstanceOf(NullPointerException.class);
        assertThat(receipts).hasSize(bad);
        assertThat(StateFingerprint.of(batched)).isEqualTo(StateFingerprint.of(expected));
    }
}
