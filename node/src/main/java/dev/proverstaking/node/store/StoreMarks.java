package dev.proverstaking.node.store;

/**
 * How far the history and events files go, at an entry boundary: what the apply thread publishes
 * after each log entry (readers read below it) and what a snapshot records (a restart cuts the files
 * back to it before the log after the snapshot is replayed).
 *
 * @param historyLines lines of the history file: the history index of the last transaction in it
 * @param historyBytes its length in bytes
 * @param events       events in the events file: the sequence number of the last one
 * @param eventBytes   the events file's length in bytes (its index file holds 8 bytes per event)
 */
public record StoreMarks(long historyLines, long historyBytes, long events, long eventBytes) {
    public static final StoreMarks EMPTY = new StoreMarks(0, 0, 0, 0);

    public StoreMarks {
        if (historyLines < 0 || historyBytes < 0 || events < 0 || eventBytes < 0) {
            throw new IllegalArgumentException("negative marks " + historyLines + ", " + historyBytes + ", " + events + ", " + eventBytes);
        }
    }
}
