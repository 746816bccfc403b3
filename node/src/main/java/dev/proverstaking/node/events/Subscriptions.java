package dev.proverstaking.node.events;

import dev.proverstaking.node.EventRecord;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live subscribers to the node's events. Each subscriber has a cursor (the last sequence number it
 * was given) and reads its events from the event store, as a page reader would, on a pool thread:
 * the apply thread only signals that there are new events, so a slow subscriber never slows the
 * apply thread nor the other subscribers, and nothing queues in memory for it (it catches up from the
 * store, in pages, however far behind it is). A subscriber is drained by one thread at a time, so it
 * gets its events in order, each once.
 */
public final class Subscriptions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);
    static final int PAGE = 1000;

    /** What subscribers read from. */
    public interface Source {
        /** The sequence number of the last event readable now. */
        long last();

        /** Events after {@code after}, at most {@code limit}. */
        List<EventRecord> after(long after, int limit);
    }

    private final Source source;
    private final ExecutorService pool;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

    public Subscriptions(String name, Source source) {
        this.source = source;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Calls {@code listener} with every event after the current last one, in order; close the result to stop. */
    public AutoCloseable subscribe(Consumer<EventRecord> listener) {
        Subscription s = new Subscription(listener, source.last());
        subscriptions.add(s);
        s.signal(); // events may have come between reading the cursor and being listed
        return s;
    }

    /** There are new events: each subscriber's drain runs if it is not running. Cheap; never blocks. */
    public void signal() {
        for (Subscription s : subscriptions) s.signal();
    }

    @Override
    public void close() {
        for (Subscription s : subscriptions) s.close();
        pool.shutdown();
    }

    private final class Subscription implements AutoCloseable, Runnable {
        private final Consumer<EventRecord> listener;
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private volatile long cursor;
        private volatile boolean closed;

        Subscription(Consumer<EventRecord> listener, long cursor) {
            this.listener = listener;
            this.cursor = cursor;
        }

        void signal() {
            if (closed || source.last() <= cursor) return;
            if (scheduled.compareAndSet(false, true)) {
                try {
                    pool.execute(this);
                } catch (RejectedExecutionException e) {
                    scheduled.set(false); // the node is closing
                }
            }
        }

        @Override
        public void run() {
            try {
                while (!closed) {
                    List<EventRecord> page = source.after(cursor, PAGE);
                    if (page.isEmpty()) {
                        scheduled.set(false);
                        // a signal between reading the page and clearing the flag found it set: look again
                        if (source.last() > cursor && !closed && scheduled.compareAndSet(false, true)) continue;
                        return;
                    }
                    for (EventRecord r : page) {
                        if (closed) return;
                        listener.accept(r);
                        cursor = r.seq();
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("an event subscriber failed and was unsubscribed: {}", e.toString());
                close();
            }
        }

        @Override
        public void close() {
            closed = true;
            subscriptions.remove(this);
        }
    }
}
