package dev.proverstaking.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proverstaking.common.Address;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;

/** keccak-256, addresses and hex against known values and web3j. */
class PrimitivesTest {
    @Test
    void keccakKnownValues() {
        assertThat(Hex.encode(Keccak256.hash(new byte[0]))).isEqualTo("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
        assertThat(Hex.encode(Keccak256.hash("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
    }

    @Test
    void keccakAgainstWeb3j() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 300; i++) {
            byte[] b = new byte[random.nextInt(400)];
            random.nextBytes(b);
            assertThat(Keccak256.hash(b)).isEqualTo(Hash.sha3(b));
        }
    }

    @Test
    void addressOfAPublicKey() {
        SigningKey one = SigningKey.of(Curve.bytes32(BigInteger.ONE));
        assertThat(one.address()).isEqualTo(Address.parse("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf"));
        byte[] pub = one.publicKey();
        assertThat(pub).hasSize(65);
        assertThat(pub[0]).isEqualTo((byte) 4);
        assertThat(EthAddress.of(java.util.Arrays.copyOfRange(pub, 1, 65))).isEqualTo(one.address());
        assertThat(one.address()).isEqualTo(Address.parse("0x" + Keys.getAddress(new BigInteger(1, java.util.Arrays.copyOfRange(pub, 1, 65)))));
        assertThatThrownBy(() -> EthAddress.of(new byte[33])).isInstanceOf(IllegalArgumentException.class);
        byte[] notUncompressed = pub.clone();
        notUncompressed[0] = 3;
        assertThatThrownBy(() -> EthAddress.of(notUncompressed)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addressBytesRoundTrip() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            byte[] b = new byte[20];
            random.nextBytes(b);
            Address a = EthAddress.fromBytes(b);
            assertThat(EthAddress.toBytes(a)).isEqualTo(b);
            assertThat(a.toString()).isEqualTo(Hex.encode(b));
        }
        assertThatThrownBy(() -> EthAddress.fromBytes(new byte[21])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hex() {
        assertThat(Hex.encode(new byte[] {0, (byte) 0xab, 0x7f})).isEqualTo("0x00ab7f");
        assertThat(Hex.decode("0X00aB7F")).containsExactly(0, 0xab, 0x7f);
        assertThat(Hex.decode("0x")).isEmpty();
        for (String bad : new String[] {"", "00", "0x0", "0xzz", "0x０１", " 0x00", "x00"}) {
            assertThatThrownBy(() -> Hex.decode(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Hex.decode(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
