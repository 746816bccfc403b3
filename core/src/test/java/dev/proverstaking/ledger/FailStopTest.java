package dev.proverstaking.ledger;

import static dev.proverstaking.ledger.LedgerFixture.A;
import static dev.proverstaking.ledger.LedgerFixture.OWNER;
import static dev.proverstaking.ledger.LedgerFixture.P;
import static dev.proverstaking.ledger.LedgerFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.transition.ErrorCode;
import dev.proverstaking.transition.Event;
import dev.proverstaking.transition.EventSink;
import dev.proverstaking.transition.Rejected;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Fail-stop: a transition that throws after it began writing (or throws anything but a refusal)
 * may have left the state half written, so the ledger stops and refuses every later transaction,
 * rather than go on from a state that replicas applying the same log would not share. Faults are
 * thrown from inside a commit by an event observer, which transitions call while they write.
 */
class FailStopTest {
    static final UInt256 TOKEN = UInt256.WAD;

    /** Throws {@code fault} at the first event of type {@code at} once armed. */
    static final class Saboteur implements EventSink {
        boolean armed;
        Class<? extends Event> at;
        Supplier<Throwable> fault;

        @Override
        public void emit(Event e) {
            if (armed && at.isInstance(e)) {
                Throwable t = fault.get();
                if (t instanceof RuntimeException r) throw r;
                throw (Error) t;
            }
        }
    }

    final Saboteur saboteur = new Saboteur();
    final Ledger ledger = new Ledger(new Genesis(T0, OWNER, TOKEN, false, Profile.SOLVENT), saboteur);
    long t = T0;

    Receipt apply(Address from, dev.proverstaking.ledger.Command c) {
        return ledger.apply(new Transaction(from, ++t, c));
    }

    void setUp() {
        assertThat(apply(OWNER, new Command.Mint(TokenKind.STAKE, P, TOKEN.mul(UInt256.of(100)))).ok()).isTrue();
        assertThat(apply(OWNER, new Command.Mint(TokenKind.STAKE, A, TOKEN.mul(UInt256.of(100)))).ok()).isTrue();
        assertThat(apply(P, new Command.InitProver(TOKEN.mul(UInt256.of(10)), UInt256.ZERO)).ok()).isTrue();
    }

    void assertStopped(String cause) {
        assertThat(ledger.failure()).isPresent();
        assertThat(ledger.failure().orElseThrow().getMessage()).contains(cause);
        long applied = ledger.appliedCount();
        saboteur.armed = false;
        // a perfectly good transaction is refused too, and nothing changes
        assertThatThrownBy(() -> apply(A, new Command.Stake(P, TOKEN)))
                .isInstanceOf(LedgerFailed.class)
                .hasMessageContaining("the ledger has stopped")
                .hasMessageContaining(cause);
        assertThat(ledger.appliedCount()).isEqualTo(applied);
        // the state can still be read, for whoever investigates
        assertThat(ledger.view().proverRecord(P)).isPresent();
    }

    @Test
    void anExceptionWhileWritingStopsTheLedger() {
        setUp();
        saboteur.at = Event.Staked.class; // after the tokens moved into custody, before the event
        saboteur.fault = () -> new IllegalStateException("a bug while writing");
        saboteur.armed = true;
        assertThatThrownBy(() -> apply(A, new Command.Stake(P, TOKEN)))
                .isInstanceOf(LedgerFailed.class)
                .hasMessageContaining("stake from " + A)
                .hasMessageContaining("while writing")
                .hasRootCauseMessage("a bug while writing");
        assertStopped("a bug while writing");
    }

    @Test
    void aRefusalAfterWritingBeganIsAFaultNotARefusal() {
        setUp();
        saboteur.at = Event.Transfer.class;
        saboteur.fault = () -> new Rejected(ErrorCode.InsufficientBalance, "refused too late");
        saboteur.armed = true;
        assertThatThrownBy(() -> apply(A, new Command.Stake(P, TOKEN)))
                .isInstanceOf(LedgerFailed.class)
                .hasMessageContaining("while writing");
        assertStopped("refused too late");
    }

    @Test
    void anErrorIsThrownAsItselfAndStopsTheLedger() {
        setUp();
        saboteur.at = Event.Staked.class;
        saboteur.fault = () -> new OutOfMemoryError("simulated");
        saboteur.armed = true;
        assertThatThrownBy(() -> apply(A, new Command.Stake(P, TOKEN))).isInstanceOf(OutOfMemoryError.class);
        assertStopped("simulated");
    }

    @Test
    void anUnexpectedExceptionWhileCheckingStopsTheLedgerToo() {
        setUp();
        // emission is settled as a transition looks its prover up, before it checks anything
        assertThat(apply(OWNER, new Command.Mint(TokenKind.REWARD, OWNER, TOKEN.mul(UInt256.of(100)))).ok()).isTrue();
        assertThat(apply(OWNER, new Command.FundEmission(TOKEN.mul(UInt256.of(50)))).ok()).isTrue();
        assertThat(apply(OWNER, new Command.SetEmissionRate(TOKEN)).ok()).isTrue();
        saboteur.at = Event.EmissionSettled.class;
        saboteur.fault = () -> new NullPointerException("a bug while checking");
        saboteur.armed = true;
        assertThatThrownBy(() -> apply(A, new Command.Stake(P, TOKEN)))
                .isInstanceOf(LedgerFailed.class)
                .hasMessageContaining("while checking");
        assertStopped("a bug while checking");
    }

    @Test
    void aRefusalIsNotAFault() {
        setUp();
        String before = StateFingerprint.of(ledger);
        Receipt r = apply(A, new Command.Stake(P, TOKEN.mul(UInt256.of(1000))));
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).isEqualTo(ErrorCode.InsufficientBalance);
        assertThat(ledger.failure()).isEmpty();
        assertThat(StateFingerprint.of(ledger)).isEqualTo(before);
        assertThat(apply(A, new Command.Stake(P, TOKEN)).ok()).isTrue();
    }
}
