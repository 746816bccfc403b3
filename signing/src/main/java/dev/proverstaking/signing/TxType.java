package dev.proverstaking.signing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The typed-data type of one operation: the op's name in the scenario format, the EIP-712 primary
 * type (the name with its first letter upper-cased) and the op's fields in the scenario format's
 * order. The signed message has those fields, then {@code uint64 nonce} and {@code uint64 deadline}.
 */
public record TxType(String op, List<TxField> args) {
    public static final TxField NONCE = new TxField("nonce", FieldType.UINT64);
    public static final TxField DEADLINE = new TxField("deadline", FieldType.UINT64);

    public TxType {
        Objects.requireNonNull(op, "op");
        if (op.isEmpty()) throw new IllegalArgumentException("empty op");
        args = List.copyOf(args);
        for (TxField f : args) {
            if (f.name().equals(NONCE.name()) || f.name().equals(DEADLINE.name())) {
                throw new IllegalArgumentException(op + ": " + f.name() + " is added to every message, not an argument");
            }
        }
    }

    /** {@code stake} -> {@code Stake}. */
    public String primaryType() {
        return Character.toUpperCase(op.charAt(0)) + op.substring(1);
    }

    /** The signed message's members: the args, then nonce and deadline. */
    public List<TxField> messageFields() {
        List<TxField> all = new ArrayList<>(args);
        all.add(NONCE);
        all.add(DEADLINE);
        return List.copyOf(all);
    }

    public List<Eip712Field> eip712Fields() {
        return messageFields().stream().map(TxField::eip712).toList();
    }

    /** {@code Stake(address prover,uint256 amount,uint64 nonce,uint64 deadline)}. */
    public String encodeType() {
        StringBuilder sb = new StringBuilder(primaryType()).append('(');
        List<TxField> fields = messageFields();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(fields.get(i).type().eip712()).append(' ').append(fields.get(i).name());
        }
        return sb.append(')').toString();
    }
}
