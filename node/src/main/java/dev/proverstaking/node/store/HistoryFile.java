package dev.proverstaking.node.store;

import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.scenario.ScenarioWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The node's history: one scenario line ({@link ScenarioWriter#writeLine}) per transaction applied,
 * the genesis setup first, refused ones included, in history-index order. Line {@code i} is the
 * transaction of history index {@code i}. The export puts the genesis line in front of it.
 * Appended by the apply thread; read by anyone below a published length.
 */
final class HistoryFile implements Closeable {
    private final AppendFile file;
    private final LineBuffer line = new LineBuffer();
    private long lines;

    private HistoryFile(AppendFile file, long lines) {
        this.file = file;
        this.lines = lines;
    }

    /** Opens the history at {@code path}, cut to {@code lines} lines of {@code bytes} bytes. */
    public static HistoryFile open(Path path, long lines, long bytes) throws IOException {
        return new HistoryFile(new AppendFile(path, bytes), lines);
    }

    public void append(Transaction tx) throws IOException {
        ScenarioWriter.writeLine(tx, line.generator());
        line.drainTo(file);
        lines++;
    }

    public long lines() {
        return lines;
    }

    public long length() {
        return file.length();
    }

    public void flush() throws IOException {
        file.flush();
    }

    public void sync() throws IOException {
        file.sync();
    }

    /** Copies the first {@code bytes} bytes (a published length: whole lines) to {@code out}. */
    public void copyTo(OutputStream out, long bytes) throws IOException {
        file.copyTo(out, 0, bytes);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
