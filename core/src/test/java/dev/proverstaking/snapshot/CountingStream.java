package dev.proverstaking.snapshot;

import java.io.InputStream;

/**
 * A stream over {@code data} that gives at most {@code chunk} bytes per read (0: as many as asked)
 * and records the furthest offset a caller asked for: what a read asks for counts, not what it gets.
 */
public final class CountingStream extends InputStream {
    private final byte[] data;
    private final int chunk;
    private int at;
    public long furthestAsked;

    public CountingStream(byte[] data, int chunk) {
        this.data = data;
        this.chunk = chunk;
    }

    @Override
    public int read() {
        furthestAsked = Math.max(furthestAsked, at + 1L);
        return at < data.length ? data[at++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) return 0;
        furthestAsked = Math.max(furthestAsked, (long) at + len);
        if (at >= data.length) return -1;
        int n = Math.min(len, data.length - at);
        if (chunk > 0) n = Math.min(n, chunk);
        System.arraycopy(data, at, b, off, n);
        at += n;
        return n;
    }

    @Override
    public int available() {
        return 0;
    }
}
