package dev.proverstaking.node.store;

import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.node.EventRecord;
import dev.proverstaking.transition.Event;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The history and the events of a node, written together by the apply thread: for each transaction
 * applied, its history line and its events. {@link #marks} says how far both go; a snapshot records
 * that after {@link #sync}; {@link #open} cuts both back to recorded marks.
 */
public final class Journal implements Closeable {
    private final HistoryFile history;
    private final EventStore events;

    private Journal(HistoryFile history, EventStore events) {
        this.history = history;
        this.events = events;
    }

    /** Opens the files of {@code dir}, cut back to {@code marks} (what the snapshot the node starts from recorded). */
    public static Journal open(DataDirectory dir, StoreMarks marks) throws IOException {
        HistoryFile h = HistoryFile.open(dir.historyFile(), marks.historyLines(), marks.historyBytes());
        try {
            return new Journal(h, EventStore.open(dir.eventsFile(), dir.eventsIndexFile(), marks.events(), marks.eventBytes()));
        } catch (IOException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /** The history line and the events of the transaction of history index {@code index}, run at {@code t}. */
    public void record(Transaction tx, long index, long t, Receipt receipt) throws IOException {
        history.append(tx);
        for (Event e : receipt.events()) events.append(new EventRecord(events.count() + 1, index, t, e));
    }

    /** How far the files go, buffered bytes included (after {@link #flush}: readable below it). */
    public StoreMarks marks() {
        return new StoreMarks(history.lines(), history.length(), events.count(), events.length());
    }

    /** Writes what is buffered: readers can see it. */
    public void flush() throws IOException {
        history.flush();
        events.flush();
    }

    /** Forces both files to the disk. */
    public void sync() throws IOException {
        history.sync();
        events.sync();
    }

    /** Copies the history's first {@code bytes} bytes (a published length) to {@code out}. Thread-safe. */
    public void copyHistory(OutputStream out, long bytes) throws IOException {
        history.copyTo(out, bytes);
    }

    /** Events after {@code after}, at most {@code limit}, as far as {@code marks} go. Thread-safe. */
    public List<EventRecord> events(long after, int limit, StoreMarks marks) throws IOException {
        return events.page(after, limit, marks);
    }

    @Override
    public void close() throws IOException {
        try {
            history.close();
        } finally {
            events.close();
        }
    }
}
