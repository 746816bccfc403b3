package dev.proverstaking.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.GlobalParam;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.simulation.Simulator;
import dev.proverstaking.snapshot.SnapshotBytes;
import dev.proverstaking.snapshot.SnapshotFormatException;
import dev.proverstaking.testing.Seeds;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The state hash over simulated histories (both profiles, one and two tokens, every operation,
 * deposits and withdrawals, refusals, deep states) with signed transactions mixed in: the hash a
 * ledger keeps, flushed at random moments, is the hash computed from scratch; equal states reached
 * by different histories have equal hashes; snapshots carry it. Every failure names its seed.
 */
class StateHashHistoryTest {
    /** Config.of of these seeds gives one-token and two-token ledgers (LedgerSnapshotTest checks it). */
    static final long[] SEEDS = {1, 2, 3, 13, 25};
    static final int OPS = 700;
    /** A sender that never holds a role, a token or a module: its owner-only commands are refused. */
    static final Address NOBODY = Address.ofIndex(77_777_777);

    /** Each history simulated once for all the tests of this class (the simulator checks every invariant: seconds). */
    private static final Map<String, Simulator.Result> SIMULATED = new HashMap<>();

    static Simulator.Result simulated(long seed, Profile profile) {
        return SIMULATED.computeIfAbsent(seed + "/" + profile, k -> Simulator.run(Simulator.Config.of(seed, OPS, profile)));
    }

    @Test
    void theKeptHashIsTheHashFromScratchWhereverItIsFlushed() {
        for (Profile profile : Profile.values()) {
            Seeds.forEach(SEEDS, seed -> {
                Simulator.Result sim = simulated(seed, profile);
                SplittableRandom rng = new SplittableRandom(seed * 31 + profile.ordinal());
                Ledger kept = new Ledger(sim.genesis(), Ledger.StateHashing.ON);
                // a small bound for some seeds: the ledger flushes by itself between transactions
                if (rng.nextBoolean()) kept.stateJournal().setFlushBound(rng.nextInt(40));
                Ledger late = new Ledger(sim.genesis()); // asked for its hash at a random moment only
                int askLate = rng.nextInt(sim.history().size());
                int compared = 0;
                List<Transaction> history = signed(sim.history(), kept, rng);
                for (int i = 0; i < history.size(); i++) {
                    Transaction tx = history.get(i);
                    Receipt r = kept.apply(tx);
                    assertThat(late.apply(tx)).isEqualTo(r);
                    if (i == askLate) late.stateHash();
                    if (rng.nextInt(15) == 0) kept.stateHash(); // a flush
                    if (rng.nextInt(50) == 0 || i == history.size() - 1) {
                        StateHash expected = StateHash.fromScratch(kept);
                        assertThat(kept.stateHash()).as("%s, after transaction %d (%s)", profile, i, tx.command())
                                .isEqualTo(expected);
                        if (i >= askLate) assertThat(late.stateHash()).as("asked late, after %d", i).isEqualTo(expected);
                        compared++;
                    }
                    assertThat(kept.stateJournal().pending()).as("the journal's bound")
                            .isLessThanOrEqualTo(kept.stateJournal().flushBound() + 64);
                }
                assertThat(compared).isGreaterThan(5);
                assertThat(history).as("nonces were used").anyMatch(Transaction::hasNonce);
                assertThat(kept.checkStateHash()).isTrue();
            });
        }
    }

    /**
     * The simulator's history with a third of the transactions signed, as the node's are: mostly
     * with the sender's next nonce, sometimes a wrong one (refused, no nonce used). Nonces are
     * chosen against {@code ledger} as it applies the history (only the nonces are read).
     */
    static List<Transaction> signed(List<Transaction> history, Ledger ledger, SplittableRandom rng) {
        return new SignedHistory(history, ledger, rng);
    }

    /** The history, its transactions given nonces as they are read (the ledger has applied the ones before). */
    private static final class SignedHistory extends AbstractList<Transaction> {
        private final List<Transaction> history;
        private final Ledger ledger;
        private final SplittableRandom rng;

        SignedHistory(List<Transaction> history, Ledger ledger, SplittableRandom rng) {
            this.history = history;
            this.ledger = ledger;
            this.rng = rng;
        }

        @Override
        public Transaction get(int i) {
            Transaction tx = history.get(i);
            if (rng.nextInt(3) != 0) return tx;
            long next = ledger.view().nonce(tx.sender());
            long nonce = rng.nextInt(10) == 0 ? next + 1 + rng.nextInt(3) : next;
            return new Transaction(tx.sender(), tx.timestamp(), tx.command(), nonce);
        }

        @Override
        public int size() {
            return history.size();
        }
    }

    /**
     * The same history with each refused transaction replaced by another refused one at the same
     * time (an owner's command from an address that owns nothing): the states are equal after every
     * transaction (a refusal advances the clock and the count alike, and leaves nothing else), so
     * the hashes are, whatever the two ledgers' flush moments.
     */
    @Test
    void refusalsSwappedForOtherRefusalsGiveEqualHashesAllAlong() {
        for (Profile profile : Profile.values()) {
            Seeds.forEach(SEEDS, seed -> {
                Simulator.Result sim = simulated(seed, profile);
                SplittableRandom rng = new SplittableRandom(seed ^ 0xBEEF);
                Ledger a = new Ledger(sim.genesis(), Ledger.StateHashing.ON);
                Ledger b = new Ledger(sim.genesis(), Ledger.StateHashing.ON);
                a.stateJournal().setFlushBound(rng.nextInt(100));
                int swapped = 0;
                for (Transaction tx : sim.history()) {
                    Receipt r = a.apply(tx);
                    if (r.ok()) {
                        assertThat(b.apply(tx).ok()).isTrue();
                    } else {
                        Command refused = rng.nextBoolean()
                                ? new Command.SetGlobalParam(GlobalParam.UnstakeDelay, UInt256.ONE)
                                : new Command.Withdraw(TokenKind.STAKE, NOBODY, UInt256.ONE);
                        assertThat(b.apply(new Transaction(NOBODY, tx.timestamp(), refused)).ok()).isFalse();
                        swapped++;
                    }
                    if (rng.nextInt(4) == 0) {
                        assertThat(b.stateHash()).as("after %s", tx.command()).isEqualTo(a.stateHash());
                    }
                }
                assertThat(swapped).isPositive();
                assertThat(b.stateHash()).isEqualTo(a.stateHash());
                assertThat(StateFingerprint.of(b)).as("the states are equal indeed").isEqualTo(StateFingerprint.of(a));
                assertThat(LedgerSnapshot.toBytes(b)).isEqualTo(LedgerSnapshot.toBytes(a));
            });
        }
    }

    /**
     * A snapshot anywhere in a history carries the hash: restored keeping it, the ledger has it at
     * once (and it checks out); restored without, it computes the same from scratch when asked; a
     * snapshot of a ledger that kept none, restored keeping it, computes it. Each restored ledger
     * then applies the rest of the history and ends with the original's hash.
     */
    @Test
    void snapshotsCarryTheHashWithHashingOnAndOff() {
        for (Profile profile : Profile.values()) {
            Seeds.forEach(new long[] {1, 13}, seed -> {
                Simulator.Result sim = simulated(seed, profile);
                List<Transaction> history = sim.history();
                Ledger original = new Ledger(sim.genesis(), Ledger.StateHashing.ON);
                Ledger plain = new Ledger(sim.genesis());
                SplittableRandom rng = new SplittableRandom(seed);
                List<Integer> at = new ArrayList<>();
                List<byte[]> kept = new ArrayList<>();
                List<byte[]> notKept = new ArrayList<>();
                List<StateHash> hashes = new ArrayList<>();
                for (int i = 0; i <= history.size(); i++) {
                    if (i == 0 || i == history.size() || rng.nextInt(150) == 0) {
                        at.add(i);
                        kept.add(LedgerSnapshot.toBytes(original));
                        notKept.add(LedgerSnapshot.toBytes(plain));
                        hashes.add(original.stateHash());
                    }
                    if (i < history.size()) {
                        original.apply(history.get(i));
                        plain.apply(history.get(i));
                    }
                }
                StateHash last = original.stateHash();
                for (int s = 0; s < at.size(); s++) {
                    int k = at.get(s);
                    assertThat(content(kept.get(s))[0]).as("kept flag").isEqualTo((byte) 1);
                    assertThat(content(notKept.get(s))).as("a ledger that keeps no hash stores none").containsExactly(0);
                    Ledger restoredOn = restore(kept.get(s), Ledger.StateHashing.ON);
                    assertThat(restoredOn.keepsStateHash()).isTrue();
                    assertThat(restoredOn.stateHash()).as("restored with the hash at %d", k).isEqualTo(hashes.get(s));
                    assertThat(restoredOn.checkStateHash()).isTrue();
                    assertThat(LedgerSnapshot.toBytes(restoredOn)).as("snapshot again at %d", k).isEqualTo(kept.get(s));
                    Ledger restoredOff = restore(kept.get(s), Ledger.StateHashing.OFF);
                    assertThat(restoredOff.keepsStateHash()).isFalse();
                    Ledger computed = restore(notKept.get(s), Ledger.StateHashing.ON);
                    assertThat(computed.stateHash()).as("computed on restore at %d", k).isEqualTo(hashes.get(s));
                    for (int i = k; i < history.size(); i++) {
                        restoredOn.apply(history.get(i));
                        restoredOff.apply(history.get(i));
                        computed.apply(history.get(i));
                        if (i == (k + history.size()) / 2) {
                            assertThat(restoredOff.stateHash()).isEqualTo(StateHash.fromScratch(restoredOff));
                        }
                    }
                    assertThat(restoredOn.stateHash()).as("end, restored at %d with the hash", k).isEqualTo(last);
                    assertThat(restoredOff.stateHash()).as("end, restored at %d without", k).isEqualTo(last);
                    assertThat(computed.stateHash()).as("end, restored at %d and computed", k).isEqualTo(last);
                }
            });
        }
    }

    /**
     * The snapshot's hash is trusted once its checksums pass; a value that does not match the state
     * (damaged, then checksummed again) is what {@link Ledger#checkStateHash} finds.
     */
    @Test
    void aStoredHashThatDoesNotMatchTheStateIsFoundByTheCheck() throws Exception {
        Simulator.Result sim = Simulator.run(Simulator.Config.of(2, 300, Profile.SOLVENT));
        Ledger l = new Ledger(sim.genesis(), Ledger.StateHashing.ON);
        sim.history().forEach(l::apply);
        byte[] snapshot = LedgerSnapshot.toBytes(l);
        byte[] content = content(snapshot);
        content[1 + 777] ^= 0x40;
        byte[] lying = SnapshotBytes.withContent(snapshot, "state-hash", content);
        Ledger trusted = LedgerSnapshot.fromBytes(lying, Ledger.StateHashing.ON);
        assertThat(trusted.stateHash()).isNotEqualTo(l.stateHash());
        assertThat(trusted.checkStateHash()).isFalse();
        // read without keeping the hash, the stored value plays no part
        Ledger fresh = LedgerSnapshot.fromBytes(lying);
        assertThat(fresh.stateHash()).isEqualTo(l.stateHash());
        assertThat(StateFingerprint.of(trusted)).isEqualTo(StateFingerprint.of(l));
    }

    static Ledger restore(byte[] snapshot, Ledger.StateHashing hashing) {
        try {
            return LedgerSnapshot.fromBytes(snapshot, hashing);
        } catch (SnapshotFormatException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] content(byte[] snapshot) {
        return SnapshotBytes.content(snapshot, "state-hash");
    }
}
