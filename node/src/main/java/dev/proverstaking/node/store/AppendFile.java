package dev.proverstaking.node.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file that one thread appends to and any thread reads, by position. Appends collect in a buffer
 * until {@link #flush} writes them to the file (one write call: the bytes are then in the operating
 * system's cache, visible to readers, not yet durable) or {@link #sync} also forces them to the disk.
 * Readers only ever read below a length the appending thread published after a flush, so they never
 * see a part-written record. Not thread-safe for appending; positional reads are.
 */
final class AppendFile implements Closeable {
    private static final int BUFFER = 256 << 10;

    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    /** Bytes in the file (written to the channel). */
    private long written;

    /**
     * Opens (creating it if absent) {@code path} and cuts it to {@code length} bytes: what a snapshot
     * recorded of it; whatever follows was written after that snapshot and is written again as the
     * log is replayed.
     *
     * @throws StoreException when the file holds fewer than {@code length} bytes
     */
    AppendFile(Path path, long length) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long size = channel.size();
            if (size < length) {
                throw new StoreException(path + " holds " + size + " bytes, but the snapshot the node restarts from "
                        + "records " + length + " (the file was cut or replaced after that snapshot was taken)");
            }
            if (size > length) channel.truncate(length);
            written = length;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    Path path() {
        return path;
    }

    /** Bytes appended so far, buffered ones included. */
    long length() {
        return written + buffer.position();
    }

    void append(byte[] bytes, int offset, int length) throws IOException {
        if (length > buffer.remaining()) {
            flush();
            if (length > buffer.capacity()) {
                writeFully(ByteBuffer.wrap(bytes, offset, length));
                return;
            }
        }
        buffer.put(bytes, offset, length);
    }

    void appendLong(long v) throws IOException {
        if (buffer.remaining() < 8) flush();
        buffer.putLong(v);
    }

    /** Writes what is buffered to the file: readers can see it; a crash of the machine can still lose it. */
    void flush() throws IOException {
        buffer.flip();
        writeFully(buffer);
        buffer.clear();
    }

    /** {@link #flush}, then forces the file's content to the disk. */
    void sync() throws IOException {
        flush();
        channel.force(false);
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) written += channel.write(b, written);
    }

    /** Reads from {@code position} into {@code dst} until it is full or the file ends. Thread-safe. */
    int read(ByteBuffer dst, long position) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, position + total);
            if (n < 0) break;
            total += n;
        }
        return total;
    }

    long readLong(long position) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8);
        if (read(b, position) < 8) throw new StoreException(path + " ends before byte " + (position + 8));
        return b.getLong(0);
    }

    /** Copies bytes {@code [from, to)} to {@code out}. Thread-safe. */
    void copyTo(OutputStream out, long from, long to) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64 << 10);
        for (long at = from; at < to; ) {
            b.clear().limit((int) Math.min(b.capacity(), to - at));
            int n = read(b, at);
            if (n <= 0) throw new StoreException(path + " ends at byte " + at + ", before " + to);
            out.write(b.array(), 0, n);
            at += n;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
