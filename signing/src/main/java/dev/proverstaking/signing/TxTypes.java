package dev.proverstaking.signing;

import static dev.proverstaking.signing.FieldType.ADDRESS;
import static dev.proverstaking.signing.FieldType.STRING;
import static dev.proverstaking.signing.FieldType.UINT256;
import static dev.proverstaking.signing.FieldType.UINT64;

import dev.proverstaking.ledger.Command;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of signed operations (node-api.md): every operation of the scenario format except
 * {@code genesis}, {@code checkpoint} and {@code mint}, then {@code deposit} and {@code withdraw},
 * each with its fields in the order the scenario format lists them. The node parses transactions,
 * hashes them for their signatures and publishes {@code GET /v1/tx/types} from it.
 */
public final class TxTypes {
    private static final List<TxType> ALL = List.of(
            op("initProver", f("minSelfStake", UINT256), f("commissionRate", UINT64)),
            op("stake", f("prover", ADDRESS), f("amount", UINT256)),
            op("requestUnstake", f("prover", ADDRESS), f("amount", UINT256)),
            op("requestUnstakeAll", f("prover", ADDRESS)),
            op("completeUnstake", f("prover", ADDRESS)),
            op("slash", f("prover", ADDRESS), f("percentage", UINT256)),
            op("addRewards", f("prover", ADDRESS), f("amount", UINT256)),
            op("withdrawRewards", f("prover", ADDRESS)),
            op("updateCommissionRate", f("rate", UINT64)),
            op("updateMinSelfStake", f("amount", UINT256)),
            op("retireProver", f("prover", ADDRESS)),
            op("unretireProver"),
            op("deactivateProver", f("prover", ADDRESS)),
            op("reactivateProver", f("prover", ADDRESS)),
            op("setGlobalParam", f("param", STRING), f("value", UINT256)),
            op("withdrawTreasury", f("module", STRING), f("to", ADDRESS), f("amount", UINT256)),
            op("grantRole", f("role", STRING), f("account", ADDRESS)),
            op("revokeRole", f("role", STRING), f("account", ADDRESS)),
            op("transferOwnership", f("module", STRING), f("newOwner", ADDRESS)),
            // this project's time-based emission (docs/scenario-format.md, "Extensions")
            op("fundEmission", f("amount", UINT256)),
            op("setEmissionRate", f("ratePerSecond", UINT256)),
            op("poke", f("prover", ADDRESS)),
            // money in and out (node-api.md)
            op("deposit", f("token", STRING), f("to", ADDRESS), f("amount", UINT256)),
            op("withdraw", f("token", STRING), f("to", ADDRESS), f("amount", UINT256)));

    private static final Map<String, TxType> BY_OP;
    private static final Eip712Types EIP712;

    static {
        Map<String, TxType> byOp = new LinkedHashMap<>();
        Map<String, List<Eip712Field>> types = new LinkedHashMap<>();
        for (TxType t : ALL) {
            if (byOp.put(t.op(), t) != null) throw new ExceptionInInitializerError("op twice: " + t.op());
            types.put(t.primaryType(), t.eip712Fields());
        }
        BY_OP = Collections.unmodifiableMap(byOp);
        EIP712 = new Eip712Types(types);
    }

    private TxTypes() {}

    /** Every signed operation, in the table's order. */
    public static List<TxType> all() {
        return ALL;
    }

    /** The type of an op by its name in the scenario format ({@code "stake"}); empty for an op that is not signed. */
    public static Optional<TxType> find(String op) {
        return Optional.ofNullable(BY_OP.get(op));
    }

    /** The type of a core command's op; empty for {@code mint}, which no transaction may carry. */
    public static Optional<TxType> of(Command.Op op) {
        return find(op.name());
    }

    /** The primary types of every op as one EIP-712 type set (no {@code EIP712Domain}: that is the domain's). */
    public static Eip712Types eip712Types() {
        return EIP712;
    }

    private static TxType op(String name, TxField... args) {
        return new TxType(name, Arrays.asList(args));
    }

    private static TxField f(String name, FieldType type) {
        return new TxField(name, type);
    }
}
