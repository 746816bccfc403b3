package dev.proverstaking.node.store;

import dev.proverstaking.node.EventRecord;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's events, numbered 1, 2, … without gaps, in the order they were emitted: an events file
 * of JSON lines ({@link EventCodec}) and an index file of 8 bytes per event (where its line starts),
 * so that a page after any sequence number costs one read of the index and one of the lines, however
 * long the history. The latest {@value #RING} events are also kept in memory, for live subscribers
 * and pages near the end, which are most of what is asked.
 *
 * <p>Appended by the apply thread only; read by any thread, below the marks the apply thread
 * published after flushing ({@link #page}).
 */
final class EventStore implements Closeable {
    static final int RING = 4096;

    private final AppendFile lines;
    private final AppendFile index;
    private final LineBuffer line = new LineBuffer();
    /**
     * Slot {@code (seq - 1) % RING} holds event {@code seq}, for the latest events; written by the
     * apply thread before it publishes the marks that cover them. A reader may find a slot already
     * reused by a later event: it checks the sequence number and then reads the files instead.
     * EventRecords are immutable, so a reader sees a whole record or an older one, never half of one.
     */
    private final EventRecord[] ring = new EventRecord[RING];
    private long count;

    private EventStore(AppendFile lines, AppendFile index, long count) {
        this.lines = lines;
        this.index = index;
        this.count = count;
    }

    /** Opens the events files in {@code events} and {@code index}, cut to {@code count} events of {@code bytes} bytes. */
    public static EventStore open(Path events, Path index, long count, long bytes) throws IOException {
        AppendFile l = new AppendFile(events, bytes);
        try {
            return new EventStore(l, new AppendFile(index, count * 8), count);
        } catch (IOException | RuntimeException e) {
            l.close();
            throw e;
        }
    }

    /** Appends {@code r}, which must be event number {@link #count()} + 1. */
    public void append(EventRecord r) throws IOException {
        if (r.seq() != count + 1) throw new IllegalArgumentException("event " + r.seq() + " after event " + count);
        index.appendLong(lines.length());
        EventCodec.write(r, line.generator());
        line.drainTo(lines);
        ring[(int) ((r.seq() - 1) % RING)] = r;
        count++;
    }

    public long count() {
        return count;
    }

    public long length() {
        return lines.length();
    }

    public void flush() throws IOException {
        lines.flush();
        index.flush();
    }

    public void sync() throws IOException {
        lines.sync();
        index.sync();
    }

    /**
     * Events {@code after + 1} … at most {@code after + limit}, no further than {@code marks} (published
     * after a flush). Thread-safe.
     */
    public List<EventRecord> page(long after, int limit, StoreMarks marks) throws IOException {
        long last = Math.min(marks.events(), after + Math.max(0, limit));
        if (after < 0 || last <= after) return List.of();
        int n = (int) (last - after);
        List<EventRecord> fromRing = fromRing(after, n);
        return fromRing != null ? fromRing : fromFiles(after, n, marks);
    }

    private List<EventRecord> fromRing(long after, int n) {
        if (n > RING) return null;
        List<EventRecord> out = new ArrayList<>(n);
        for (long seq = after + 1; seq <= after + n; seq++) {
            EventRecord r = ring[(int) ((seq - 1) % RING)];
            if (r == null || r.seq() != seq) return null; // not kept any more (or not yet, before a restart)
            out.add(r);
        }
        return out;
    }

    private List<EventRecord> fromFiles(long after, int n, StoreMarks marks) throws IOException {
        ByteBuffer offsets = ByteBuffer.allocate(8 * (n + 1));
        boolean toTheEnd = after + n >= marks.events();
        if (toTheEnd) offsets.limit(8 * n);
        if (index.read(offsets, 8 * after) < offsets.limit()) {
            throw new StoreException(index.path() + " ends before the entry of event " + (after + n));
        }
        long start = offsets.getLong(0);
        long end = toTheEnd ? marks.eventBytes() : offsets.getLong(8 * n);
        if (end < start || end - start > Integer.MAX_VALUE - 8) {
            throw new StoreException(index.path() + " is damaged: events " + (after + 1) + ".." + (after + n)
                    + " would span bytes " + start + ".." + end);
        }
        ByteBuffer text = ByteBuffer.allocate((int) (end - start));
        if (lines.read(text, start) < text.capacity()) {
            throw new StoreException(lines.path() + " ends before byte " + end);
        }
        List<EventRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int from = (int) (offsets.getLong(8 * i) - start);
            int to = i + 1 < n || !toTheEnd ? (int) (offsets.getLong(8 * (i + 1)) - start) : text.capacity();
            EventRecord r = EventCodec.read(text.array(), from, to - from);
            if (r.seq() != after + 1 + i) {
                throw new StoreException(lines.path() + " holds event " + r.seq() + " where event " + (after + 1 + i) + " belongs");
            }
            out.add(r);
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        try {
            lines.close();
        } finally {
            index.close();
        }
    }
}
