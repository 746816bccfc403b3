package dev.proverstaking.node.log;

import dev.proverstaking.node.store.StoreMarks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The node's own section of a ledger snapshot ({@value #NAME}): where in the Raft log the snapshot
 * was taken, and how far the history and events files went then, so that a restart cuts them back
 * to exactly that and lets the log after the snapshot append the rest again.
 *
 * <pre>
 * version i32 (1), term i64, index i64, chainId i64,
 * historyLines i64, historyBytes i64, events i64, eventBytes i64
 * </pre>
 */
public record RaftSection(long term, long index, long chainId, StoreMarks marks) {
    public static final String NAME = "node.raft";
    static final int VERSION = 1;
    static final int LENGTH = 4 + 7 * 8;

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(LENGTH);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(VERSION);
            out.writeLong(term);
            out.writeLong(index);
            out.writeLong(chainId);
            out.writeLong(marks.historyLines());
            out.writeLong(marks.historyBytes());
            out.writeLong(marks.events());
            out.writeLong(marks.eventBytes());
        } catch (IOException e) {
            throw new IllegalStateException("a byte array stream does not fail", e);
        }
        return bytes.toByteArray();
    }

    /** @throws IOException with a message saying what is wrong, when the bytes are not a section of this version */
    public static RaftSection parse(byte[] bytes) throws IOException {
        if (bytes.length != LENGTH) throw new IOException("its " + NAME + " section holds " + bytes.length + " bytes, not " + LENGTH);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readInt();
            if (version != VERSION) throw new IOException("its " + NAME + " section is of version " + version + ", not " + VERSION);
            long term = in.readLong();
            long index = in.readLong();
            long chainId = in.readLong();
            try {
                return new RaftSection(term, index, chainId,
                        new StoreMarks(in.readLong(), in.readLong(), in.readLong(), in.readLong()));
            } catch (IllegalArgumentException e) {
                throw new IOException("its " + NAME + " section holds " + e.getMessage());
            }
        }
    }
}
