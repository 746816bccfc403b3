package dev.proverstaking.node.admission;

import dev.proverstaking.common.Address;
import dev.proverstaking.node.Refusal;
import dev.proverstaking.node.SignedTx;
import dev.proverstaking.node.TxResult;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

/**
 * What a node checks before a transaction may go to the log, where the checks cannot race: its
 * deadline, its nonce, and the node's room for it.
 *
 * <h2>Nonces</h2>
 *
 * A transaction's nonce must be its sender's next one, counting the sender's transactions admitted
 * here and not yet applied. So the node keeps, per sender with transactions in flight, a
 * <em>reservation</em>: the nonce after the last one admitted, and how many are in flight. Admitting
 * checks the nonce against the reservation if there is one, else against the ledger's
 * ({@code ledgerNonce}, read from the latest applied state), and reserves. The apply thread releases
 * a reservation once it has applied (or refused) the transaction, after the state with its nonce is
 * readable; a transaction that fails to reach the log releases its reservation too. Checking and
 * reserving happen under one lock per sender (a stripe of {@value #STRIPES} locks, by the address's
 * hash), so of two transactions of one sender with one nonce exactly one is admitted; and since a
 * release happens only after the ledger shows the nonce used, a sender without a reservation always
 * finds the right next nonce in the ledger.
 *
 * <p>The log is still checked again when the entry is applied (the state machine refuses a stale
 * nonce there, leaving no trace): transactions admitted by another member of the group, or a
 * transaction whose predecessor never reached the log, are caught there. Admission only keeps such
 * cases rare and answers most clients before the log.
 *
 * <h2>Room</h2>
 *
 * At most {@code maxInFlight} transactions are admitted and not yet answered: beyond that a
 * transaction is refused ({@link Refusal#Overloaded}, the HTTP layer's 429). That bounds the memory
 * of everything queued, batched and waiting for the log, whatever the clients do.
 */
public final class Admission {
    static final int STRIPES = 64;

    private static final class Reservation {
        long next;
        int pending;
    }

    private static final class Stripe {
        final HashMap<Address, Reservation> reservations = new HashMap<>();
    }

    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Stripe[] stripes = new Stripe[STRIPES];

    public Admission(int maxInFlight) {
        if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be positive");
        this.maxInFlight = maxInFlight;
        for (int i = 0; i < STRIPES; i++) stripes[i] = new Stripe();
    }

    /**
     * Admits {@code tx} (reserving its nonce and a place in flight), or says why not.
     *
     * @param now         the node's time, unix seconds
     * @param ledgerNonce the sender's next nonce in the latest applied state
     * @return null when admitted; the refusal otherwise (nothing reserved)
     */
    public TxResult.Refused admit(SignedTx tx, long now, ToLongFunction<Address> ledgerNonce) {
        if (tx.deadline() < now) {
            return new TxResult.Refused(Refusal.Expired, "deadline " + tx.deadline() + " is past: it is " + now);
        }
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            return new TxResult.Refused(Refusal.Overloaded, "the node has " + maxInFlight
                    + " transactions in flight, the most it takes: try again shortly");
        }
        Stripe s = stripe(tx.sender());
        synchronized (s) {
            Reservation r = s.reservations.get(tx.sender());
            long expected = r != null ? r.next : ledgerNonce.applyAsLong(tx.sender());
            if (tx.nonce() != expected) {
                inFlight.decrementAndGet();
                return new TxResult.Refused(Refusal.BadNonce, "nonce " + tx.nonce() + ", expected " + expected);
            }
            if (r == null) {
                r = new Reservation();
                s.reservations.put(tx.sender(), r);
            }
            r.next = tx.nonce() + 1;
            r.pending++;
        }
        return null;
    }

    /**
     * For tests of the checks made when an entry is applied: takes room in flight for {@code tx}
     * without checking its deadline or nonce, and reserves nothing (its release finds no reservation
     * of its own; a test must not mix it with checked transactions of the same sender in flight).
     */
    public TxResult.Refused admitWithoutChecks(SignedTx tx) {
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            return new TxResult.Refused(Refusal.Overloaded, "the node has " + maxInFlight + " transactions in flight");
        }
        return null;
    }

    /** {@code tx}, admitted, was applied, refused when applied, or will never reach the log: its reservation ends. */
    public void release(SignedTx tx) {
        Stripe s = stripe(tx.sender());
        synchronized (s) {
            Reservation r = s.reservations.get(tx.sender());
            if (r != null && --r.pending == 0) s.reservations.remove(tx.sender());
        }
        inFlight.decrementAndGet();
    }

    /** Transactions admitted and not yet released. */
    public int inFlight() {
        return inFlight.get();
    }

    private Stripe stripe(Address a) {
        return stripes[(a.hashCode() & 0x7fffffff) % STRIPES];
    }
}
