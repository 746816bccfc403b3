package dev.proverstaking.ledger;

import static dev.proverstaking.ledger.LedgerFixture.A;
import static dev.proverstaking.ledger.LedgerFixture.P;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.rounding.Profile;
import dev.proverstaking.simulation.Simulator;
import dev.proverstaking.snapshot.SnapshotBytes;
import dev.proverstaking.snapshot.SnapshotBytes.Frame;
import dev.proverstaking.snapshot.SnapshotBytes.Kind;
import dev.proverstaking.snapshot.SnapshotFormatException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A snapshot whose fields are each well-formed but which together break an invariant (crafted, or
 * damaged and re-checksummed) is refused with {@link SnapshotFormatException.Reason#INVARIANT_BROKEN}:
 * whatever {@link LedgerSnapshot#fromBytes} returns satisfies {@link Ledger#audit}. Damage is done to
 * frame bodies, whose checksums are then recomputed ({@link SnapshotBytes#withChecksums}) so that it
 * reaches the field checks and the audit.
 */
class LedgerSnapshotInvariantTest {

    /** Damage under a valid checksum: whatever is accepted must be a state a ledger can be in. */
    @Test
    void anAcceptedSnapshotSatisfiesEveryInvariant() throws Exception {
        Simulator.Result sim = Simulator.run(Simulator.Config.of(1, 300, Profile.SOLVENT));
        Ledger l = new Ledger(sim.genesis());
        sim.history().subList(0, sim.history().size() * 2 / 3).forEach(l::apply);
        assertThat(l.audit()).isEmpty();
        byte[] busy = LedgerSnapshot.toBytes(l);
        List<Frame> bodies = SnapshotBytes.frames(busy).stream().filter(f -> f.kind() == Kind.DATA).toList();
        int accepted = 0;
        SplittableRandom rng = new SplittableRandom(42);
        for (int round = 0; round < 20_000; round++) {
            byte[] b = busy.clone();
            int flips = 1 + rng.nextInt(3);
            for (int f = 0; f < flips; f++) {
                Frame frame = bodies.get(rng.nextInt(bodies.size()));
                b[frame.body() + rng.nextInt(frame.length())] ^= (byte) (1 << rng.nextInt(8));
            }
            byte[] damaged = SnapshotBytes.withChecksums(b);
            Ledger restored;
            try {
                restored = LedgerSnapshot.fromBytes(damaged);
            } catch (SnapshotFormatException e) {
                continue;
            }
            accepted++;
            List<Violation> v = restored.audit();
            assertThat(v).as("round %d (seed 42): a damaged snapshot was accepted as a ledger that breaks invariants", round).isEmpty();
        }
        // some damage is harmless (a balance moved between two accounts, say): the audit saw those
        assertThat(accepted).as("damaged snapshots accepted").isPositive();
    }

    /** Staking custody moved into an account (the supply still adds up): the module can no longer pay. */
    @Test
    void custodyMovedToAnAccountIsRejected() throws Exception {
        LedgerFixture f = new LedgerFixture(Profile.SOLVENT, 100);
        f.mintStake(P, 1000);
        f.ok(P, Cmd.initProver(100, 0));
        byte[] bytes = LedgerSnapshot.toBytes(f.ledger);
        byte[] tokens = SnapshotBytes.content(bytes, "tokens");
        // stake token: ... custody staking [1, 100], custody rewards [0], account count 1, P, balance [2, 0x03, 0x84]
        int custody = indexOf(tokens, new byte[] {1, 100, 0, 0, 0, 0, 1});
        assertThat(custody).isPositive();
        int balance = indexOf(tokens, new byte[] {2, 0x03, (byte) 0x84});
        assertThat(balance).isGreaterThan(custody);
        tokens[custody + 1] = 50;                // custody 100 -> 50
        tokens[balance + 2] = (byte) 0xB6;       // P's balance 900 -> 950
        assertRefusedAsBroken(SnapshotBytes.withContent(bytes, "tokens", tokens), "staking custody 50 < owed 100");
    }

    /** A pending-unstake queue that is not oldest first: completeUnstake stops at the first request not ready. */
    @Test
    void anUnstakeQueueOutOfTimeOrderIsRejected() throws Exception {
        LedgerFixture f = stakerWithAnUnstakeOf10();
        long t1 = f.now();
        f.advance(1000);
        f.ok(A, Cmd.unstake(P, 20));
        long t2 = f.now();
        byte[] bytes = LedgerSnapshot.toBytes(f.ledger);
        byte[] staking = SnapshotBytes.content(bytes, "staking");
        byte[] pattern = ByteBuffer.allocate(2 + 8 + 2 + 8).put((byte) 1).put((byte) 10).putLong(t1)
                .put((byte) 1).put((byte) 20).putLong(t2).array();
        int at = indexOf(staking, pattern);
        assertThat(at).isPositive();
        ByteBuffer.wrap(staking).putLong(at + 2, t2).putLong(at + 12, t1); // swap the request times
        assertRefusedAsBroken(SnapshotBytes.withContent(bytes, "staking", staking), "queue out of time order");
    }

    /** A request made after the ledger's own clock. */
    @Test
    void anUnstakeRequestInTheFutureIsRejected() throws Exception {
        LedgerFixture f = stakerWithAnUnstakeOf10();
        long t1 = f.now();
        byte[] bytes = LedgerSnapshot.toBytes(f.ledger);
        byte[] staking = SnapshotBytes.content(bytes, "staking");
        byte[] pattern = ByteBuffer.allocate(10).put((byte) 1).put((byte) 10).putLong(t1).array();
        int at = indexOf(staking, pattern);
        assertThat(at).isPositive();
        ByteBuffer.wrap(staking).putLong(at + 2, Long.MAX_VALUE);
        assertRefusedAsBroken(SnapshotBytes.withContent(bytes, "staking", staking),
                "requested an unstake at " + Long.MAX_VALUE + ", after the ledger's clock " + t1);
    }

    /** Prover P with 100 self-staked; staker A with 500 staked, then 10 of it requested back. */
    static LedgerFixture stakerWithAnUnstakeOf10() {
        LedgerFixture f = new LedgerFixture(Profile.SOLVENT, 100);
        f.mintStake(P, 1000);
        f.mintStake(A, 1000);
        f.ok(P, Cmd.initProver(100, 0));
        f.ok(A, Cmd.stake(P, 500));
        f.ok(A, Cmd.unstake(P, 10));
        return f;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    /** A snapshot (its checksums right) refused as a state no history reaches, naming what is broken. */
    static void assertRefusedAsBroken(byte[] snapshot, String broken) {
        SnapshotFormatException e = LedgerSnapshotTest.rejects(snapshot);
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(SnapshotFormatException.Reason.INVARIANT_BROKEN);
        assertThat(e.getMessage()).contains(broken);
    }
}
