package dev.proverstaking.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.StructuredDataEncoder;

/** The EIP-712 encoder on the specification's own example and on every value it must refuse. */
class Eip712TypesTest {
    /** EIP-712's example (eips.ethereum.org/EIPS/eip-712, "Example"), with its published hashes. */
    static final Eip712Types MAIL_TYPES = new Eip712Types(Map.of(
            "Person", List.of(new Eip712Field("name", "string"), new Eip712Field("wallet", "address")),
            "Mail", List.of(new Eip712Field("from", "Person"), new Eip712Field("to", "Person"),
                    new Eip712Field("contents", "string"))));
    static final Eip712Domain MAIL_DOMAIN = new Eip712Domain("Ether Mail", "1", BigInteger.ONE,
            Address.parse("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"));
    static final Map<String, Object> MAIL = Map.of(
            "from", Map.of("name", "Cow", "wallet", Address.parse("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826")),
            "to", Map.of("name", "Bob", "wallet", Address.parse("0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB")),
            "contents", "Hello, Bob!");

    @Test
    void theSpecificationsMailExample() {
        assertThat(MAIL_TYPES.encodeType("Mail")).isEqualTo("Mail(Person from,Person to,string contents)Person(string name,address wallet)");
        assertThat(Hex.encode(MAIL_TYPES.typeHash("Mail"))).isEqualTo("0xa0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2");
        assertThat(Hex.encode(MAIL_DOMAIN.separator())).isEqualTo("0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f");
        assertThat(Hex.encode(MAIL_TYPES.hashStruct("Mail", MAIL))).isEqualTo("0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e");
        assertThat(Hex.encode(Eip712.digest(MAIL_DOMAIN, MAIL_TYPES, "Mail", MAIL)))
                .isEqualTo("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2");
    }

    @Test
    void theMailExampleAgainstWeb3j() throws Exception {
        String json = """
                {"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},
                  {"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
                  "Person":[{"name":"name","type":"string"},{"name":"wallet","type":"address"}],
                  "Mail":[{"name":"from","type":"Person"},{"name":"to","type":"Person"},{"name":"contents","type":"string"}]},
                 "primaryType":"Mail",
                 "domain":{"name":"Ether Mail","version":"1","chainId":1,"verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
                 "message":{"from":{"name":"Cow","wallet":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
                  "to":{"name":"Bob","wallet":"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},"contents":"Hello, Bob!"}}""";
        assertThat(new StructuredDataEncoder(json).hashStructuredData())
                .isEqualTo(Eip712.digest(MAIL_DOMAIN, MAIL_TYPES, "Mail", MAIL));
    }

    @Test
    void referencedTypesFollowThePrimaryInNameOrder() {
        Eip712Types t = new Eip712Types(Map.of(
                "Z", List.of(new Eip712Field("b", "B"), new Eip712Field("a", "A")),
                "B", List.of(new Eip712Field("a", "A"), new Eip712Field("n", "uint8")),
                "A", List.of(new Eip712Field("ok", "bool"))));
        assertThat(t.encodeType("Z")).isEqualTo("Z(B b,A a)A(bool ok)B(A a,uint8 n)");
        assertThat(t.encodeType("B")).isEqualTo("B(A a,uint8 n)A(bool ok)");
    }

    @Test
    void wordsAreLeftPaddedBigEndianAndStringsHashedAsUtf8() {
        Eip712Types t = new Eip712Types(Map.of("T", List.of(
                new Eip712Field("a", "address"), new Eip712Field("u", "uint64"),
                new Eip712Field("s", "string"), new Eip712Field("b", "bool"))));
        Address a = Address.parse("0x00000000000000000000000000000000000000ff");
        byte[] expected = new byte[32 * 5];
        System.arraycopy(Keccak256.hash("T(address a,uint64 u,string s,bool b)".getBytes(StandardCharsets.UTF_8)), 0, expected, 0, 32);
        expected[63] = (byte) 0xff;
        expected[94] = 0x01;
        expected[95] = 0x02;
        System.arraycopy(Keccak256.hash("é✓😀".getBytes(StandardCharsets.UTF_8)), 0, expected, 96, 32);
        expected[159] = 1;
        assertThat(t.hashStruct("T", Map.of("a", a, "u", 0x0102L, "s", "é✓😀", "b", true)))
                .isEqualTo(Keccak256.hash(expected));
    }

    @Test
    void everyJavaRepresentationOfTheSameNumberEncodesAlike() {
        Eip712Types t = new Eip712Types(Map.of("T", List.of(new Eip712Field("u", "uint256"))));
        byte[] h = t.hashStruct("T", Map.of("u", 1000L));
        for (Object v : new Object[] {1000, (short) 1000, BigInteger.valueOf(1000), UInt256.of(1000)}) {
            assertThat(t.hashStruct("T", Map.of("u", v))).as("%s", v.getClass()).isEqualTo(h);
        }
    }

    @Test
    void uintsAcceptExactlyTheirRange() {
        Eip712Types t = new Eip712Types(Map.of("T", List.of(new Eip712Field("u", "uint64"), new Eip712Field("w", "uint256"))));
        BigInteger max64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        t.hashStruct("T", Map.of("u", max64, "w", UInt256.MAX));
        t.hashStruct("T", Map.of("u", UInt256.of(max64), "w", BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)));
        t.hashStruct("T", Map.of("u", 0L, "w", 0));
        assertRefused(t, Map.of("u", max64.add(BigInteger.ONE), "w", 0), "T.u", "does not fit in uint64");
        assertRefused(t, Map.of("u", UInt256.MAX, "w", 0), "T.u", "does not fit in uint64");
        assertRefused(t, Map.of("u", 0, "w", BigInteger.ONE.shiftLeft(256)), "T.w", "does not fit in uint256");
        assertRefused(t, Map.of("u", -1L, "w", 0), "T.u", "negative");
        assertRefused(t, Map.of("u", 0, "w", BigInteger.valueOf(-5)), "T.w", "negative");
        assertRefused(t, Map.of("u", Integer.MIN_VALUE, "w", 0), "T.u", "negative");
        assertRefused(t, Map.of("u", "12", "w", 0), "T.u", "cannot be a String");
        assertRefused(t, Map.of("u", 1.5, "w", 0), "T.u", "cannot be a Double");
    }

    @Test
    void membersMustBeExactlyTheStructsAndOfTheirTypes() {
        Eip712Types t = new Eip712Types(Map.of("T", List.of(new Eip712Field("a", "address"), new Eip712Field("s", "string"))));
        Address a = Address.ofIndex(1);
        assertRefused(t, Map.of("a", a), "T", "missing s");
        assertRefused(t, Map.of("a", a, "s", "x", "z", 1), "T", "no member z");
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("a", a);
        withNull.put("s", null);
        assertRefused(t, withNull, "T.s", "null");
        assertRefused(t, Map.of("a", "0x0000000000000000000000000000000000000001", "s", "x"), "T.a", "cannot be a String");
        assertRefused(t, Map.of("a", a, "s", 5), "T.s", "cannot be a Integer");
        assertRefused(t, Map.of("a", a, "s", "lone \ud800 surrogate"), "T.s", "lone surrogate");
        assertThatThrownBy(() -> t.hashStruct("U", Map.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no struct type U");
    }

    @Test
    void typesItCannotEncodeAreRefusedWhenTheSetIsBuilt() {
        for (String type : new String[] {"bytes32", "bytes", "int256", "uint7", "uint264", "uint", "uint08", "Person[]", "Missing", "address "}) {
            assertThatThrownBy(() -> new Eip712Types(Map.of("T", List.of(new Eip712Field("x", type)))))
                    .as(type).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported type");
        }
        assertThatThrownBy(() -> new Eip712Types(Map.of("T", List.of(new Eip712Field("x", "bool"), new Eip712Field("x", "bool")))))
                .hasMessageContaining("member x twice");
        assertThatThrownBy(() -> new Eip712Types(Map.of("T(", List.of()))).hasMessageContaining("not a struct name");
        assertThatThrownBy(() -> new Eip712Types(Map.of("address", List.of()))).hasMessageContaining("not a struct name");
        assertThatThrownBy(() -> new Eip712Types(Map.of("T", List.of(new Eip712Field("a b", "bool"))))).hasMessageContaining("not a member name");
    }

    @Test
    void theDomainTypeHasOnlyThePresentMembers() {
        Eip712Domain node = new Eip712Domain("ProverStaking", "1", 31337);
        assertThat(node.fields()).extracting(Eip712Field::name).containsExactly("name", "version", "chainId");
        assertThat(MAIL_DOMAIN.fields()).extracting(Eip712Field::name).containsExactly("name", "version", "chainId", "verifyingContract");
        Map<String, Object> values = new LinkedHashMap<>(node.values());
        assertThat(values).containsOnlyKeys("name", "version", "chainId");
        assertThat(node.separator()).isEqualTo(new Eip712Types(Map.of("EIP712Domain", node.fields())).hashStruct("EIP712Domain", values));
        assertThatThrownBy(() -> new Eip712Domain("n", "1", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRefused(Eip712Types t, Map<String, ?> values, String where, String why) {
        assertThatThrownBy(() -> t.hashStruct("T", values)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(where).hasMessageContaining(why);
    }
}
