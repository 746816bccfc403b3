package dev.proverstaking.node.log;

import dev.proverstaking.node.store.DataDirectory;
import dev.proverstaking.node.store.StoreMarks;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * How a member that fell behind (or is new, or lost its data directory) gets a snapshot when the log it
 * needs is gone: it pulls from the leader, over Ratis's own channel (stale-read queries answered by the
 * leader's state machine, {@link LedgerStateMachine#query}), the leader's latest snapshot file and its
 * history and events files up to that snapshot's marks.
 *
 * <p>Why the history and events files up to the marks: a node's history export and its event pages
 * come from those files, which the log rebuilds only from the genesis (or from a snapshot that has the
 * files beside it). Below a snapshot's marks the leader's files never change: they were forced to its
 * disk when the snapshot was taken, a restart cuts them back only to its latest snapshot's (higher)
 * marks, and every member writes the same bytes for the same log. So the member copies them while the
 * leader goes on appending, in chunks of {@value #CHUNK} bytes, and checks what it got: the snapshot by
 * its own checksums when it is loaded, the files by their lengths and the history by its line count.
 *
 * <p>Requests (the first byte says which): {@code LATEST} answers the latest snapshot's {@link RaftSection}
 * and the snapshot file's size (or nothing, before any snapshot); {@code CHUNK} answers bytes of one file.
 */
public final class SnapshotTransfer {
    /** The most bytes in one answer. */
    public static final int CHUNK = 4 << 20;
    static final byte LATEST = 1;
    static final byte CHUNK_REQUEST = 2;

    /** The files a member copies. */
    enum Part {
        SNAPSHOT, HISTORY, EVENTS, EVENTS_INDEX
    }

    /** What the fetch left in the staging directory: the snapshot (named as the store names it) and the files. */
    record Staged(Path dir, RaftSection section, Path snapshot) {}

    private SnapshotTransfer() {}

    // ------------------------------------------------------------------ the member that has them

    /**
     * The answer of a member to {@code request}.
     *
     * @param latest the section of this member's latest snapshot, null before any
     */
    static ByteString answer(ByteString request, DataDirectory dir, Supplier<RaftSection> latest) throws IOException {
        try (DataInputStream in = new DataInputStream(request.newInput())) {
            byte type = in.readByte();
            if (type == LATEST) {
                RaftSection s = latest.get();
                if (s == null) return ByteString.EMPTY;
                long size = Files.size(dir.snapshotsDir().resolve(SnapshotStore.fileName(s.term(), s.index())));
                ByteBuffer b = ByteBuffer.allocate(RaftSection.LENGTH + 8);
                b.put(s.toBytes()).putLong(size).flip();
                return ByteString.copyFrom(b);
            }
            if (type != CHUNK_REQUEST) throw new IOException("unknown snapshot-transfer request " + type);
            Part part = Part.values()[in.readByte()];
            long term = in.readLong();
            long index = in.readLong();
            long offset = in.readLong();
            int length = Math.min(in.readInt(), CHUNK);
            Path file = switch (part) {
                case SNAPSHOT -> dir.snapshotsDir().resolve(SnapshotStore.fileName(term, index));
                case HISTORY -> dir.historyFile();
                case EVENTS -> dir.eventsFile();
                case EVENTS_INDEX -> dir.eventsIndexFile();
            };
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
                if (c.size() < offset + length) {
                    throw new IOException(file.getFileName() + " holds " + c.size() + " bytes, fewer than " + (offset + length));
                }
                ByteBuffer b = ByteBuffer.allocate(length);
                while (b.hasRemaining()) {
                    if (c.read(b, offset + b.position()) < 0) throw new IOException(file.getFileName() + " ended early");
                }
                b.flip();
                return ByteString.copyFrom(b);
            } catch (NoSuchFileException e) {
                throw new IOException(file.getFileName() + " is gone (a newer snapshot replaced it): ask again", e);
            }
        }
    }

    // ------------------------------------------------------------------ the member that needs them

    /** Asks {@code peer} a request, waits for the answer. */
    interface PeerReader extends BiFunction<String, ByteString, CompletableFuture<ByteString>> {}

    static ByteString latestRequest() {
        return ByteString.copyFrom(new byte[] {LATEST});
    }

    static ByteString chunkRequest(Part part, long term, long index, long offset, int length) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(CHUNK_REQUEST);
            out.writeByte(part.ordinal());
            out.writeLong(term);
            out.writeLong(index);
            out.writeLong(offset);
            out.writeInt(length);
        } catch (IOException e) {
            throw new IllegalStateException("a byte array stream does not fail", e);
        }
        return ByteString.copyFrom(bytes.toByteArray());
    }

    /**
     * Copies {@code peer}'s latest snapshot, taken at or after {@code minIndex}, with its history and
     * events up to its marks, into {@code staging} (emptied first).
     *
     * @throws IOException when the peer has no such snapshot, a part cannot be copied, or the copy is not whole
     */
    static Staged fetch(PeerReader reader, String peer, long minIndex, Path staging) throws IOException {
        clear(staging);
        Files.createDirectories(staging);
        ByteString raw = ask(reader, peer, latestRequest());
        if (raw.isEmpty()) throw new IOException(peer + " has no snapshot yet");
        if (raw.size() != RaftSection.LENGTH + 8) throw new IOException(peer + " answered " + raw.size() + " bytes about its snapshot");
        RaftSection s = RaftSection.parse(raw.substring(0, RaftSection.LENGTH).toByteArray());
        long size = raw.substring(RaftSection.LENGTH).asReadOnlyByteBuffer().getLong();
        if (s.index() < minIndex) {
            throw new IOException(peer + "'s latest snapshot is at entry " + s.index() + ", before entry " + minIndex + ", where its log starts");
        }
        StoreMarks m = s.marks();
        Path snapshot = staging.resolve(SnapshotStore.fileName(s.term(), s.index()));
        copy(reader, peer, Part.SNAPSHOT, s, size, snapshot);
        copy(reader, peer, Part.HISTORY, s, m.historyBytes(), staging.resolve("history.jsonl"));
        copy(reader, peer, Part.EVENTS, s, m.eventBytes(), staging.resolve("events.jsonl"));
        copy(reader, peer, Part.EVENTS_INDEX, s, m.events() * 8, staging.resolve("events.idx"));
        long lines = countLines(staging.resolve("history.jsonl"));
        if (lines != m.historyLines()) {
            throw new IOException("the history copied from " + peer + " holds " + lines + " lines, its snapshot says " + m.historyLines());
        }
        return new Staged(staging, s, snapshot);
    }

    private static void copy(PeerReader reader, String peer, Part part, RaftSection s, long length, Path to) throws IOException {
        try (OutputStream out = Files.newOutputStream(to)) {
            for (long at = 0; at < length; ) {
                int n = (int) Math.min(CHUNK, length - at);
                ByteString b = ask(reader, peer, chunkRequest(part, s.term(), s.index(), at, n));
                if (b.size() != n) throw new IOException(peer + " sent " + b.size() + " bytes of " + part + ", not " + n);
                b.writeTo(out);
                at += n;
            }
        }
        try (FileChannel c = FileChannel.open(to, StandardOpenOption.WRITE)) {
            c.force(true);
        }
    }

    private static ByteString ask(PeerReader reader, String peer, ByteString request) throws IOException {
        try {
            return reader.apply(peer, request).get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (Exception e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            throw new IOException(peer + ": " + c, c);
        }
    }

    private static long countLines(Path file) throws IOException {
        long n = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int r; (r = in.read(buf)) > 0; ) for (int i = 0; i < r; i++) if (buf[i] == '\n') n++;
        }
        return n;
    }

    static void clear(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) Files.deleteIfExists(p);
        }
    }
}
