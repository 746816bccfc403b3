package dev.proverstaking.node.log;

import dev.proverstaking.node.SignedTx;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * The bytes of a batch on its way to the log (a request, as a member sends it to the leader) and of
 * a log entry (the request with the leader's time in it).
 *
 * <pre>
 * request    format u8 (1), origin i64, batchId i64, count i32, count transactions
 * log entry  format u8 (1), time i64, then the request without its format byte
 * transaction  sender (20 bytes), nonce i64, deadline i64, the command ({@link CommandCodec})
 * </pre>
 *
 * The leader stamps a request by putting 9 bytes in front of its tail, without copying it
 * ({@link ByteString#concat} makes a rope). A format byte leads both, so that a later version can
 * change the layout and still read the entries already in a log.
 */
public final class EntryCodec {
    static final int FORMAT = 1;
    /** More than any batch holds; guards the allocation of a count read from damaged bytes. */
    static final int MAX_COUNT = 1 << 20;

    private EntryCodec() {}

    public static ByteString request(long origin, long batchId, List<SignedTx> txs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + 96 * txs.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(origin);
            out.writeLong(batchId);
            out.writeInt(txs.size());
            for (SignedTx tx : txs) {
                CommandCodec.writeAddress(tx.sender(), out);
                out.writeLong(tx.nonce());
                out.writeLong(tx.deadline());
                CommandCodec.write(tx.command(), out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("a byte array stream does not fail", e);
        }
        return ByteString.copyFrom(bytes.toByteArray());
    }

    /** The log entry of {@code request} stamped with {@code time}. */
    public static ByteString stamp(ByteString request, long time) throws MalformedEntryException {
        if (request.isEmpty() || request.byteAt(0) != FORMAT) {
            throw new MalformedEntryException("not a request of format " + FORMAT
                    + (request.isEmpty() ? " (empty)" : " (format " + (request.byteAt(0) & 0xFF) + ")"));
        }
        byte[] head = new byte[9];
        head[0] = FORMAT;
        for (int i = 0; i < 8; i++) head[1 + i] = (byte) (time >>> (56 - 8 * i));
        return ByteString.copyFrom(head).concat(request.substring(1));
    }

    /** @throws MalformedEntryException when the bytes are not a log entry of this format */
    public static LogEntry read(ByteString entry) throws MalformedEntryException {
        try (DataInputStream in = new DataInputStream(entry.newInput())) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) throw new MalformedEntryException("log entry of format " + format + ", not " + FORMAT);
            long time = in.readLong();
            long origin = in.readLong();
            long batchId = in.readLong();
            int count = in.readInt();
            if (count < 0 || count > MAX_COUNT) throw new MalformedEntryException("a batch of " + count + " transactions");
            List<SignedTx> txs = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                try {
                    txs.add(new SignedTx(CommandCodec.readAddress(in), in.readLong(), in.readLong(), CommandCodec.read(in)));
                } catch (IllegalArgumentException e) {
                    throw new MalformedEntryException("transaction " + i + ": " + e.getMessage());
                }
            }
            if (in.read() != -1) throw new MalformedEntryException("bytes after the last transaction");
            return new LogEntry(time, origin, batchId, txs);
        } catch (EOFException e) {
            throw new MalformedEntryException("the entry ends too soon");
        } catch (MalformedEntryException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("a byte string stream does not fail", e);
        }
    }
}
