package dev.proverstaking.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proverstaking.common.Address;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.math.UInt256;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The table of signed operations against node-api.md and the core's commands. */
class TxTypesTest {

    /** Every type, written out from node-api.md and docs/scenario-format.md by hand. */
    static final List<String> EXPECTED = List.of(
            "InitProver(uint256 minSelfStake,uint64 commissionRate,uint64 nonce,uint64 deadline)",
            "Stake(address prover,uint256 amount,uint64 nonce,uint64 deadline)",
            "RequestUnstake(address prover,uint256 amount,uint64 nonce,uint64 deadline)",
            "RequestUnstakeAll(address prover,uint64 nonce,uint64 deadline)",
            "CompleteUnstake(address prover,uint64 nonce,uint64 deadline)",
            "Slash(address prover,uint256 percentage,uint64 nonce,uint64 deadline)",
            "AddRewards(address prover,uint256 amount,uint64 nonce,uint64 deadline)",
            "WithdrawRewards(address prover,uint64 nonce,uint64 deadline)",
            "UpdateCommissionRate(uint64 rate,uint64 nonce,uint64 deadline)",
            "UpdateMinSelfStake(uint256 amount,uint64 nonce,uint64 deadline)",
            "RetireProver(address prover,uint64 nonce,uint64 deadline)",
            "UnretireProver(uint64 nonce,uint64 deadline)",
            "DeactivateProver(address prover,uint64 nonce,uint64 deadline)",
            "ReactivateProver(address prover,uint64 nonce,uint64 deadline)",
            "SetGlobalParam(string param,uint256 value,uint64 nonce,uint64 deadline)",
            "WithdrawTreasury(string module,address to,uint256 amount,uint64 nonce,uint64 deadline)",
            "GrantRole(string role,address account,uint64 nonce,uint64 deadline)",
            "RevokeRole(string role,address account,uint64 nonce,uint64 deadline)",
            "TransferOwnership(string module,address newOwner,uint64 nonce,uint64 deadline)",
            "FundEmission(uint256 amount,uint64 nonce,uint64 deadline)",
            "SetEmissionRate(uint256 ratePerSecond,uint64 nonce,uint64 deadline)",
            "Poke(address prover,uint64 nonce,uint64 deadline)",
            "Deposit(string token,address to,uint256 amount,uint64 nonce,uint64 deadline)",
            "Withdraw(string token,address to,uint256 amount,uint64 nonce,uint64 deadline)");

    @Test
    void everyTypeIsAsTheSpecificationsSay() {
        assertThat(TxTypes.all()).extracting(TxType::encodeType).containsExactlyElementsOf(EXPECTED);
        for (TxType t : TxTypes.all()) {
            assertThat(TxTypes.eip712Types().encodeType(t.primaryType())).isEqualTo(t.encodeType());
            assertThat(TxTypes.eip712Types().typeHash(t.primaryType()))
                    .isEqualTo(Keccak256.hash(t.encodeType().getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void theSignedOpsAreTheCoresOpsButMintPlusDepositAndWithdraw() {
        Set<String> expected = new LinkedHashSet<>();
        for (Command.Op op : Command.Op.values()) if (op != Command.Op.mint) expected.add(op.name());
        expected.add("deposit");
        expected.add("withdraw");
        assertThat(TxTypes.all()).extracting(TxType::op).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(TxTypes.of(Command.Op.mint)).isEmpty();
        assertThat(TxTypes.find("genesis")).isEmpty();
        assertThat(TxTypes.find("checkpoint")).isEmpty();
        assertThat(TxTypes.find("Stake")).isEmpty();
        assertThat(TxTypes.of(Command.Op.stake)).map(TxType::primaryType).contains("Stake");
    }

    /** Each core command's record has the table's fields, by name, in order, and of matching kinds. */
    @Test
    void theFieldsAreTheCoreCommandsComponents() {
        List<String> checked = new ArrayList<>();
        for (Class<?> c : Command.class.getPermittedSubclasses()) {
            String op = Character.toLowerCase(c.getSimpleName().charAt(0)) + c.getSimpleName().substring(1);
            if (op.equals("mint")) continue;
            TxType type = TxTypes.find(op).orElseThrow(() -> new AssertionError("no type for " + c.getSimpleName()));
            RecordComponent[] components = c.getRecordComponents();
            assertThat(Arrays.stream(components).map(RecordComponent::getName).toList()).as(op)
                    .containsExactlyElementsOf(type.args().stream().map(TxField::name).toList());
            for (int i = 0; i < components.length; i++) {
                Class<?> javaType = components[i].getType();
                FieldType expected = type.args().get(i).type();
                if (javaType == Address.class) assertThat(expected).as(op).isEqualTo(FieldType.ADDRESS);
                else if (javaType == UInt256.class) assertThat(expected).as(op).isIn(FieldType.UINT64, FieldType.UINT256);
                else if (javaType.isEnum()) assertThat(expected).as(op).isEqualTo(FieldType.STRING);
                else throw new AssertionError(op + ": a component of type " + javaType);
            }
            checked.add(op);
        }
        assertThat(checked).hasSize(Command.Op.values().length - 1);
    }

    @Test
    void theTypesDocumentHasTheDomainAndEveryType() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(TxTypedData.forChain(31337).typesDocument());
        assertThat(doc.fieldNames()).toIterable().containsExactly("domain", "types");
        JsonNode domain = doc.get("domain");
        assertThat(domain.fieldNames()).toIterable().containsExactly("name", "version", "chainId");
        assertThat(domain.get("name").textValue()).isEqualTo("ProverStaking");
        assertThat(domain.get("version").textValue()).isEqualTo("1");
        assertThat(domain.get("chainId").isIntegralNumber()).isTrue();
        assertThat(domain.get("chainId").longValue()).isEqualTo(31337);
        JsonNode types = doc.get("types");
        List<String> names = new ArrayList<>();
        types.fieldNames().forEachRemaining(names::add);
        List<String> expected = new ArrayList<>(List.of("EIP712Domain"));
        TxTypes.all().forEach(t -> expected.add(t.primaryType()));
        assertThat(names).containsExactlyElementsOf(expected);
        assertThat(types.get("EIP712Domain").toString())
                .isEqualTo("[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"version\",\"type\":\"string\"},{\"name\":\"chainId\",\"type\":\"uint256\"}]");
        assertThat(types.get("Stake").toString()).isEqualTo("[{\"name\":\"prover\",\"type\":\"address\"},{\"name\":\"amount\",\"type\":\"uint256\"},"
                + "{\"name\":\"nonce\",\"type\":\"uint64\"},{\"name\":\"deadline\",\"type\":\"uint64\"}]");
        for (TxType t : TxTypes.all()) {
            String signature = t.primaryType() + "(" + stream(types.get(t.primaryType()))
                    .map(f -> f.get("type").textValue() + " " + f.get("name").textValue()).collect(Collectors.joining(",")) + ")";
            assertThat(signature).isEqualTo(t.encodeType());
        }
    }

    @Test
    void digestsAreOfTheDomainAndTheMessage() {
        TxTypedData dev = TxTypedData.forChain(31337);
        Map<String, Object> args = Map.of("prover", Address.ofIndex(7), "amount", UInt256.of(10));
        byte[] d = dev.digest("stake", args, 3, 1767225600L);
        assertThat(d).isEqualTo(dev.digest("stake", Map.of("prover", Address.ofIndex(7), "amount", UInt256.of(10),
                "nonce", 3L, "deadline", 1767225600L)));
        assertThat(d).isEqualTo(Eip712.digest(new Eip712Domain("ProverStaking", "1", 31337).separator(),
                TxTypes.eip712Types().hashStruct("Stake", Map.of("prover", Address.ofIndex(7), "amount", UInt256.of(10),
                        "nonce", 3L, "deadline", 1767225600L))));
        assertThat(TxTypedData.forChain(1).digest("stake", args, 3, 1767225600L)).isNotEqualTo(d);
        assertThat(dev.digest("stake", args, 4, 1767225600L)).isNotEqualTo(d);
        assertThat(dev.digest("unretireProver", Map.of(), 0, 0)).hasSize(32);
        assertThatThrownBy(() -> dev.digest("mint", Map.of(), 0, 0)).hasMessageContaining("not a signed op: mint");
        assertThatThrownBy(() -> dev.digest("stake", args, -1, 0)).hasMessageContaining("negative");
        assertThatThrownBy(() -> dev.digest("stake", Map.of("prover", Address.ofIndex(7), "amount", UInt256.of(10), "nonce", 1L), 0, 0))
                .hasMessageContaining("not arguments");
        assertThatThrownBy(() -> dev.digest("updateCommissionRate", Map.of("rate", UInt256.of(java.math.BigInteger.ONE.shiftLeft(64))), 0, 0))
                .hasMessageContaining("does not fit in uint64");
        assertThatThrownBy(() -> TxTypedData.forChain(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out.stream();
    }
}
