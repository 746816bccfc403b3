package dev.proverstaking.node.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Address;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.node.Refusal;
import dev.proverstaking.node.SignedTx;
import dev.proverstaking.node.TxResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Admission alone: deadlines, nonces against reservations and the ledger, the bound in flight. */
class AdmissionTest {
    static final Address A = Address.ofIndex(1);
    static final Address B = Address.ofIndex(2);

    static SignedTx tx(Address sender, long nonce, long deadline) {
        return new SignedTx(sender, nonce, deadline, new Command.Poke(sender));
    }

    @Test
    void aPastDeadlineIsExpiredAndTheDeadlineItselfIsNot() {
        Admission a = new Admission(10);
        TxResult.Refused r = a.admit(tx(A, 0, 99), 100, s -> 0);
        assertThat(r.code()).isEqualTo(Refusal.Expired);
        assertThat(r.message()).contains("99").contains("100");
        assertThat(a.admit(tx(A, 0, 100), 100, s -> 0)).isNull();
        assertThat(a.inFlight()).isEqualTo(1);
    }

    @Test
    void noncesCountTheSendersTransactionsInFlight() {
        Admission a = new Admission(10);
        long[] ledger = {5};
        assertThat(a.admit(tx(A, 4, 9), 0, s -> ledger[0]).message()).isEqualTo("nonce 4, expected 5");
        assertThat(a.admit(tx(A, 5, 9), 0, s -> ledger[0])).isNull();
        assertThat(a.admit(tx(A, 6, 9), 0, s -> ledger[0])).isNull();
        // a second 6 while the first is in flight, an 8 ahead of the reservation
        assertThat(a.admit(tx(A, 6, 9), 0, s -> ledger[0]).code()).isEqualTo(Refusal.BadNonce);
        assertThat(a.admit(tx(A, 8, 9), 0, s -> ledger[0]).message()).isEqualTo("nonce 8, expected 7");
        // another sender is on its own
        assertThat(a.admit(tx(B, 0, 9), 0, s -> 0)).isNull();
        // 5 and 6 applied: the ledger says 7, and the reservation is gone once both are released
        ledger[0] = 7;
        a.release(tx(A, 5, 9));
        assertThat(a.admit(tx(A, 7, 9), 0, s -> ledger[0])).isNull();
        a.release(tx(A, 6, 9));
        a.release(tx(A, 7, 9));
        ledger[0] = 8;
        assertThat(a.admit(tx(A, 8, 9), 0, s -> ledger[0])).isNull();
        assertThat(a.inFlight()).isEqualTo(2);
    }

    @Test
    void aTransactionThatNeverReachedTheLogFreesItsNonceOnceNothingIsInFlight() {
        Admission a = new Admission(10);
        assertThat(a.admit(tx(A, 0, 9), 0, s -> 0)).isNull();
        a.release(tx(A, 0, 9)); // refused Unavailable: the ledger still says 0
        assertThat(a.admit(tx(A, 0, 9), 0, s -> 0)).isNull();
    }

    @Test
    void beyondTheBoundItIsOverloadedAndNothingIsReserved() {
        Admission a = new Admission(2);
        assertThat(a.admit(tx(A, 0, 9), 0, s -> 0)).isNull();
        assertThat(a.admit(tx(B, 0, 9), 0, s -> 0)).isNull();
        TxResult.Refused r = a.admit(tx(A, 1, 9), 0, s -> 1);
        assertThat(r.code()).isEqualTo(Refusal.Overloaded);
        assertThat(a.inFlight()).isEqualTo(2);
        a.release(tx(B, 0, 9));
        assertThat(a.admit(tx(A, 1, 9), 0, s -> 1)).isNull();
        a.release(tx(A, 0, 9));
        // a refusal for the nonce gives its room back
        assertThat(a.admit(tx(B, 7, 9), 0, s -> 1).code()).isEqualTo(Refusal.BadNonce);
        assertThat(a.inFlight()).isEqualTo(1);
        assertThat(a.admit(tx(B, 1, 9), 0, s -> 1)).isNull();
        assertThat(a.inFlight()).isEqualTo(2);
    }

    @Test
    void ofManyThreadsWithOneNonceExactlyOneIsAdmitted() throws Exception {
        Admission a = new Admission(1000);
        int threads = 8;
        for (long nonce = 0; nonce < 50; nonce++) {
            long n = nonce;
            CyclicBarrier start = new CyclicBarrier(threads);
            AtomicInteger admitted = new AtomicInteger();
            List<Thread> ts = new ArrayList<>();
            ConcurrentHashMap<Refusal, Integer> refusals = new ConcurrentHashMap<>();
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    TxResult.Refused r = a.admit(tx(A, n, 9), 0, s -> 0);
                    if (r == null) admitted.incrementAndGet();
                    else refusals.merge(r.code(), 1, Integer::sum);
                });
                ts.add(t);
                t.start();
            }
            for (Thread t : ts) t.join(10_000);
            assertThat(admitted.get()).as("nonce %d", n).isEqualTo(1);
            assertThat(refusals).containsExactly(Map.entry(Refusal.BadNonce, threads - 1));
        }
    }
}
