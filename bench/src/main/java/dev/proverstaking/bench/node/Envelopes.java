package dev.proverstaking.bench.node;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.signing.Hex;
import dev.proverstaking.signing.SigningKey;
import dev.proverstaking.signing.TxTypedData;
import java.util.Map;

/**
 * Signed transactions as a client sends them ({@code POST /v1/tx}, node-api.md): the EIP-712 digest
 * of the op, its arguments, nonce and deadline for the node's chain, signed with the sender's key,
 * written as the JSON envelope. The JSON is written by hand: the values are addresses, decimal
 * amounts, small integers and plain names, none of which needs escaping, and a client that signs
 * millions of transactions before a benchmark should not spend its time in a tree of nodes.
 */
public final class Envelopes {
    private final TxTypedData typed;

    public Envelopes(long chainId) {
        this.typed = TxTypedData.forChain(chainId);
    }

    public long chainId() {
        return typed.chainId();
    }

    /**
     * The envelope of {@code op} with {@code args} (in the op's field order: {@link Address},
     * {@link UInt256}, {@link Long} for uint64 fields, {@link String} for names), signed by {@code key},
     * with {@code from} set to the key's address.
     */
    public String sign(SigningKey key, String op, Map<String, Object> args, long nonce, long deadline) {
        byte[] digest = typed.digest(op, args, nonce, deadline);
        byte[] signature = key.sign(digest);
        StringBuilder sb = new StringBuilder(160 + 60 * args.size());
        sb.append("{\"op\":\"").append(op).append("\",\"args\":{");
        boolean first = true;
        for (Map.Entry<String, Object> e : args.entrySet()) {
            if (!first) sb.append(',');
            first = false;
            sb.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v instanceof Long l) sb.append(l.longValue());
            else sb.append('"').append(v).append('"'); // Address and UInt256 print as the wire wants them
        }
        sb.append("},\"nonce\":").append(nonce).append(",\"deadline\":").append(deadline)
                .append(",\"signature\":\"").append(Hex.encode(signature)).append("\",\"from\":\"")
                .append(key.address()).append("\"}");
        return sb.toString();
    }

    /** A JSON array of envelopes: the body of {@code POST /v1/txs}. */
    public static String batch(Iterable<String> envelopes) {
        StringBuilder sb = new StringBuilder();
        sb.append('[');
        for (String e : envelopes) {
            if (sb.length() > 1) sb.append(',');
            sb.append(e);
        }
        return sb.append(']').toString();
    }
}
