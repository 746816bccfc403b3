package dev.proverstaking.node.memory;

import dev.proverstaking.common.Address;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.LedgerView;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.node.EventRecord;
import dev.proverstaking.node.LedgerNode;
import dev.proverstaking.node.NodeGenesis;
import dev.proverstaking.node.NodeStatus;
import dev.proverstaking.node.Refusal;
import dev.proverstaking.node.SignedTx;
import dev.proverstaking.node.TxResult;
import dev.proverstaking.scenario.ScenarioWriter;
import dev.proverstaking.transition.Event;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A {@link LedgerNode} without a log: the ledger behind a lock, its history and events in memory,
 * nothing on disk. Each {@link #submit} call is one "entry": stamped with the clock (unix seconds,
 * never going backwards), its transactions checked for deadline and nonce and applied at once.
 *
 * <p>What it is for: the HTTP API's tests, which start hundreds of nodes and need no disk (the
 * durable node, {@code RaftLedgerNode}, has its own tests and runs {@code serve}). It keeps every promise of the
 * interface that does not need a disk: one consistent state per read, exactly one of two
 * transactions with one nonce gets in, a refused nonce or deadline leaves no trace, history
 * indexes without gaps (the genesis setup first), events numbered from 1.
 */
public final class InMemoryLedgerNode implements LedgerNode {
    private final NodeGenesis genesis;
    private final LongSupplier clock;
    private final Ledger ledger;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Every transaction of the history, the genesis setup first; guarded by {@link #lock}. */
    private final List<Transaction> history = new ArrayList<>();
    /** Every event of the history, in order ({@code seq} = position + 1); guarded by {@link #lock}. */
    private final List<EventRecord> events = new ArrayList<>();
    private final List<Consumer<EventRecord>> listeners = new CopyOnWriteArrayList<>();
    /** Taken before the write lock is let go: events reach listeners in the order they were recorded. */
    private final java.util.concurrent.locks.ReentrantLock delivery = new java.util.concurrent.locks.ReentrantLock();
    private volatile boolean closed;
    private long lastT;

    private InMemoryLedgerNode(NodeGenesis genesis, LongSupplier clock) {
        this.genesis = Objects.requireNonNull(genesis, "genesis");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ledger = new Ledger(genesis.ledgerGenesis(), Ledger.StateHashing.ON);
        this.lastT = genesis.timestamp();
        for (Transaction tx : genesis.setup()) {
            Receipt r = ledger.apply(tx);
            if (!r.ok()) throw new IllegalArgumentException("the genesis setup fails: " + tx.command() + ": " + r.error());
            record(tx, r);
        }
    }

    /** A node on the system clock. */
    public static InMemoryLedgerNode start(NodeGenesis genesis) {
        return new InMemoryLedgerNode(genesis, () -> System.currentTimeMillis() / 1000);
    }

    /** A node on {@code clock} (unix seconds; the node never lets time go backwards). */
    public static InMemoryLedgerNode start(NodeGenesis genesis, LongSupplier clock) {
        return new InMemoryLedgerNode(genesis, clock);
    }

    @Override
    public CompletableFuture<List<TxResult>> submit(List<SignedTx> txs) {
        List<TxResult> results = new ArrayList<>(txs.size());
        List<EventRecord> emitted = new ArrayList<>();
        lock.writeLock().lock();
        try {
            long t = Math.max(lastT, clock.getAsLong());
            lastT = t;
            for (SignedTx tx : txs) {
                if (closed) {
                    results.add(new TxResult.Refused(Refusal.Unavailable, "the node is stopping"));
                    continue;
                }
                if (t > tx.deadline()) {
                    results.add(new TxResult.Refused(Refusal.Expired,
                            "deadline " + tx.deadline() + " is past: the node's time is " + t));
                    continue;
                }
                long expected = ledger.view().nonce(tx.sender());
                if (tx.nonce() != expected) {
                    results.add(new TxResult.Refused(Refusal.BadNonce,
                            "nonce " + tx.nonce() + " is not " + tx.sender() + "'s next one: expected " + expected));
                    continue;
                }
                Transaction ltx = new Transaction(tx.sender(), t, tx.command(), tx.nonce());
                Receipt r = ledger.apply(ltx);
                int before = events.size();
                record(ltx, r);
                emitted.addAll(events.subList(before, events.size()));
                results.add(new TxResult.Applied(history.size(), t, r));
            }
        } catch (RuntimeException e) {
            // the ledger stopped (fail-stop): what is not applied is refused, the node takes nothing more
            closed = true;
            while (results.size() < txs.size()) {
                results.add(new TxResult.Refused(Refusal.Unavailable, "the ledger has stopped: " + e.getMessage()));
            }
        } finally {
            delivery.lock();
            lock.writeLock().unlock();
        }
        try {
            deliver(emitted);
        } finally {
            delivery.unlock();
        }
        return CompletableFuture.completedFuture(List.copyOf(results));
    }

    private void record(Transaction tx, Receipt r) {
        history.add(tx);
        long index = history.size();
        for (Event e : r.events()) events.add(new EventRecord(events.size() + 1L, index, tx.timestamp(), e));
    }

    private void deliver(List<EventRecord> emitted) {
        for (EventRecord e : emitted) {
            for (Consumer<EventRecord> l : listeners) {
                try {
                    l.accept(e);
                } catch (RuntimeException ignored) {
                    // a listener's failure is its own
                }
            }
        }
    }

    @Override
    public <T> T read(Function<LedgerView, T> query) {
        lock.readLock().lock();
        try {
            return query.apply(ledger.view());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public NodeStatus status() {
        long index;
        lock.readLock().lock();
        try {
            index = history.size();
        } finally {
            lock.readLock().unlock();
        }
        return new NodeStatus("memory", closed ? "STOPPED" : "LEADER", closed ? null : "memory", 0, index, index, index,
                genesis.chainId(), !closed);
    }

    @Override
    public StateHash stateHash() {
        // folding the kept hash writes to it (never to the state): under the write lock
        lock.writeLock().lock();
        try {
            return new StateHash(history.size(), ledger.stateHash().hex());
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void writeHistory(OutputStream out) throws IOException {
        List<Transaction> copy;
        lock.readLock().lock();
        try {
            copy = List.copyOf(history);
        } finally {
            lock.readLock().unlock();
        }
        ScenarioWriter.write(genesis.ledgerGenesis(), copy, false, out);
    }

    @Override
    public List<EventRecord> events(long after, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be positive: " + limit);
        lock.readLock().lock();
        try {
            int from = (int) Math.min(Math.max(after, 0), events.size());
            int to = (int) Math.min((long) from + limit, events.size());
            return List.copyOf(events.subList(from, to));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public AutoCloseable subscribe(Consumer<EventRecord> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public NodeGenesis genesis() {
        return genesis;
    }

    /** The address's next nonce, for tests. */
    public long nonce(Address address) {
        return read(v -> v.nonce(address));
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
