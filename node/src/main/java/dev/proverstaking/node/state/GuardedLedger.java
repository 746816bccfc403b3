package dev.proverstaking.node.state;

import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.LedgerView;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Function;

/**
 * The node's ledger and the lock that lets any thread read it while the apply thread changes it.
 *
 * <h2>The scheme</h2>
 *
 * The apply thread holds the {@link StampedLock} for writing for the whole of each log entry
 * ({@link #beginWrite}): readers can only ever see the state between two entries. A read
 * ({@link #read}) first goes optimistic: it takes a stamp ({@code tryOptimisticRead}, a volatile read,
 * no write to shared memory, so readers never slow each other or the apply thread), runs the query
 * on the live ledger without any lock, and then asks {@code validate(stamp)}. If no entry began
 * meanwhile, the answer stands; otherwise it is thrown away and the read is tried again, a few times,
 * and then done under the read lock, which waits for the entry under way to end and keeps the next
 * one from starting until the query is done (a query is a page or a few records: microseconds; a
 * whole state dump at a million positions, a second). When the lock is held for writing at the start
 * there is no point in trying: the read takes the read lock at once.
 *
 * <h2>Why it is sound</h2>
 *
 * <ul>
 * <li><b>A validated read saw one state.</b> {@code validate} succeeds only if the lock was not
 *     acquired for writing since the stamp was taken, and it carries a load fence: every read the
 *     query made happened after the stamp (the acquire of its volatile read) and before the check.
 *     Since every write to the ledger happens inside a write lock, and none began in that window,
 *     every value the query read was written before the last {@code unlockWrite} that the stamp saw,
 *     which published it: the query read exactly the state after that entry, as if it held the lock.
 * <li><b>A torn read is harmless.</b> When an entry runs during the query, the query may see a mix of
 *     two states: wrong numbers, a record from one state and its index from another, an array index
 *     out of bounds, a null where there never is one in a consistent state. Whatever it returns is
 *     discarded because {@code validate} fails, and any {@link RuntimeException} it throws is caught
 *     and discarded for the same reason (a RuntimeException on a validated read is the query's own,
 *     and is thrown to the caller). Java's memory model rules out values out of thin air: every
 *     field read holds something some thread wrote to it, and records published through final fields
 *     are whole.
 * <li><b>A torn read ends.</b> Reading never writes (the core's {@link LedgerView} changes nothing),
 *     so a torn read cannot damage the state; it only has to terminate. The core's loops over shared
 *     structures do: its hash tables are only ever filled below their capacity and a probe walks a
 *     local copy of the slot array (every array ever published has an empty slot, so the probe stops);
 *     its address indexes are insert-only B+trees whose leaf chains only ever point forward in key
 *     order (a walk cannot cycle); every page is bounded by its limit and {@link LedgerView#MAX_SCAN};
 *     lists are sized by counts that are values some state had. Errors ({@link OutOfMemoryError},
 *     {@link StackOverflowError}) are not caught: a state where they happen would be a bug to see.
 * <li><b>The apply thread is never stalled by optimistic readers</b>: they take no lock. It waits only
 *     for readers under the read lock, whose queries are short, and for a snapshot being written
 *     (which holds the read lock so that reads go on while it is written).
 * </ul>
 *
 * The same holds of the query's result only if the query copies what it returns: the views'
 * records are values, but a query that returned the {@link LedgerView} itself, or streamed while it
 * read, would escape the check. That is {@code LedgerNode.read}'s contract, and the reason a query
 * may run more than once: it must not have effects outside what it returns.
 */
public final class GuardedLedger {
    /** Optimistic tries before a read takes the read lock. */
    static final int OPTIMISTIC_TRIES = 3;

    private final StampedLock lock = new StampedLock();
    /** Optimistic reads thrown away because an entry began meanwhile (for metrics and tests). */
    private final LongAdder torn = new LongAdder();
    /** Reads done under the read lock (an entry under way at the start, or too many torn tries). */
    private final LongAdder locked = new LongAdder();
    /** Set once, before the node serves anyone, from a snapshot or the genesis. */
    private volatile Ledger ledger;

    public void set(Ledger ledger) {
        this.ledger = ledger;
    }

    /** The ledger itself: for the apply thread (under {@link #beginWrite}) and snapshots (under {@link #beginSnapshot}). */
    public Ledger ledger() {
        return ledger;
    }

    /** {@code query} over one consistent state (see the class comment): its answer, or its own exception. */
    public <T> T read(Function<LedgerView, T> query) {
        return readLedger(l -> query.apply(l.view()));
    }

    /** {@link #read} with the {@link Ledger} itself (for a hash of the whole state, which reads through the snapshot writer). */
    public <T> T readLedger(Function<Ledger, T> query) {
        Ledger l = ledger;
        for (int i = 0; i < OPTIMISTIC_TRIES; i++) {
            long stamp = lock.tryOptimisticRead();
            if (stamp == 0) break; // an entry is being applied: wait for it under the read lock
            T result;
            try {
                result = query.apply(l);
            } catch (RuntimeException e) {
                if (lock.validate(stamp)) throw e; // a consistent state: the query's own exception
                torn.increment(); // torn by an entry that began meanwhile: discard
                continue;
            }
            if (lock.validate(stamp)) return result;
            torn.increment();
        }
        locked.increment();
        long stamp = lock.readLock();
        try {
            return query.apply(l);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Optimistic reads discarded so far because an entry began during them. */
    public long tornReads() {
        return torn.sum();
    }

    /** Reads done under the read lock so far. */
    public long lockedReads() {
        return locked.sum();
    }

    /** Takes the lock for writing: the apply thread, for one log entry. */
    public long beginWrite() {
        return lock.writeLock();
    }

    public void endWrite(long stamp) {
        lock.unlockWrite(stamp);
    }

    /** Takes the read lock, for writing a snapshot: readers go on, entries wait. */
    public long beginSnapshot() {
        return lock.readLock();
    }

    public void endSnapshot(long stamp) {
        lock.unlockRead(stamp);
    }
}
