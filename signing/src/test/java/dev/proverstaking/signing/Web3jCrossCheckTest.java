package dev.proverstaking.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;

/**
 * Every op, with random field values, against web3j (an implementation this project does not own):
 * web3j's EIP-712 digest of the JSON typed data built from our types document equals ours; a
 * signature made by web3j recovers to its signer with ours, on both curve implementations; one
 * made by ours recovers with web3j; and both sign the same bytes (RFC 6979, low s).
 *
 * <p>Seeds: two fixed ones and a fresh one each run; a failure names its seed, and
 * {@code -Dsigning.seed=N} runs that one alone.
 */
class Web3jCrossCheckTest {
    static final int MESSAGES_PER_OP = 12;
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<Secp256k1> BACKENDS = Backends.both().toList();

    @Test
    void everyOpAgainstWeb3j() {
        Long only = Long.getLong("signing.seed");
        long[] seeds = only != null ? new long[] {only} : new long[] {1, 20261203, System.nanoTime()};
        for (long seed : seeds) {
            try {
                run(seed);
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + " (rerun it alone with -Dsigning.seed=" + seed + "): " + t.getMessage(), t);
            }
        }
    }

    private static void run(long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        for (long chainId : new long[] {31337, 1 + random.nextLong(1L << 53)}) {
            TxTypedData typed = TxTypedData.forChain(chainId);
            ObjectNode document = (ObjectNode) JSON.readTree(typed.typesDocument());
            for (TxType type : TxTypes.all()) {
                for (int i = 0; i < MESSAGES_PER_OP; i++) {
                    Map<String, Object> message = new LinkedHashMap<>();
                    ObjectNode jsonMessage = JSON.createObjectNode();
                    for (TxField f : type.messageFields()) {
                        Object v = RandomValues.of(f.type(), random);
                        message.put(f.name(), v);
                        jsonMessage.put(f.name(), RandomValues.json(v));
                    }
                    ObjectNode typedData = document.deepCopy();
                    typedData.put("primaryType", type.primaryType());
                    typedData.set("message", jsonMessage);
                    String where = type.op() + " #" + i + " on chain " + chainId + ": " + jsonMessage;

                    byte[] ours = typed.digest(type.op(), message);
                    byte[] theirs = new StructuredDataEncoder(JSON.writeValueAsString(typedData)).hashStructuredData();
                    assertThat(ours).as("digest of %s", where).isEqualTo(theirs);

                    crossSign(ours, random, where);
                }
            }
        }
    }

    private static void crossSign(byte[] digest, SplittableRandom random, String where) throws Exception {
        byte[] secret = new byte[32];
        do {
            random.nextBytes(secret);
        } while (!Curve.validSecret(secret));
        SigningKey key = SigningKey.of(secret);
        ECKeyPair pair = ECKeyPair.create(new BigInteger(1, secret));
        assertThat(key.address()).as("address of the key, %s", where).isEqualTo(Address.parse("0x" + Keys.getAddress(pair)));

        Sign.SignatureData web3j = Sign.signMessage(digest, pair, false);
        byte[] web3jSignature = concat(web3j.getR(), web3j.getS(), web3j.getV());
        byte[] lowV = web3jSignature.clone();
        lowV[64] -= 27;
        for (Secp256k1 curve : BACKENDS) {
            Signatures signatures = new Signatures(curve);
            String with = curve.name() + ", " + where;
            assertThat(signatures.recoverSigner(digest, web3jSignature)).as("web3j's signature, %s", with)
                    .isEqualTo(new Recovery.Recovered(key.address()));
            assertThat(signatures.recoverSigner(digest, lowV)).as("web3j's signature with v 0/1, %s", with)
                    .isEqualTo(new Recovery.Recovered(key.address()));

            byte[] ours = signatures.sign(key, digest);
            assertThat(Hex.encode(ours)).as("our signature is web3j's, %s", with).isEqualTo(Hex.encode(web3jSignature));
            Sign.SignatureData data = new Sign.SignatureData(ours[64], Arrays.copyOfRange(ours, 0, 32), Arrays.copyOfRange(ours, 32, 64));
            BigInteger recovered = Sign.signedMessageHashToKey(digest, data);
            assertThat(Address.parse("0x" + Keys.getAddress(recovered))).as("web3j recovers ours, %s", with).isEqualTo(key.address());
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    /** Field values across their whole range, in each Java representation the encoder takes. */
    static final class RandomValues {
        private static final String[] WORDS = {"stake", "reward", "staking", "rewards", "SLASHER", "MINTER", "UnstakeDelay",
                "GlobalMinSelfStake", "MaxSlashPercentage", "", " ", "é", "中文", "😀", "a\"quote", "back\\slash", "tab\t", "\u0000"};
        private static final int[] CODE_POINTS = {'a', 'Z', '0', ' ', '"', '\\', '\n', 0x7f, 0xe9, 0x4e2d, 0x1f600, 0x10ffff, 0xfeff};

        private RandomValues() {}

        static Object of(FieldType type, SplittableRandom r) {
            return switch (type) {
                case ADDRESS -> address(r);
                case STRING -> string(r);
                case UINT64 -> number(r, 64);
                case UINT256 -> number(r, 256);
            };
        }

        private static Address address(SplittableRandom r) {
            int k = r.nextInt(10);
            byte[] b = new byte[20];
            if (k == 0) return Address.ZERO;
            if (k == 1) Arrays.fill(b, (byte) 0xff);
            else r.nextBytes(b);
            return EthAddress.fromBytes(b);
        }

        private static String string(SplittableRandom r) {
            if (r.nextBoolean()) return WORDS[r.nextInt(WORDS.length)];
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(40);
            for (int i = 0; i < n; i++) sb.appendCodePoint(CODE_POINTS[r.nextInt(CODE_POINTS.length)]);
            return sb.toString();
        }

        private static Object number(SplittableRandom r, int bits) {
            BigInteger v = switch (r.nextInt(6)) {
                case 0 -> BigInteger.ZERO;
                case 1 -> BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
                default -> new BigInteger(r.nextInt(bits + 1), new java.util.Random(r.nextLong()));
            };
            return switch (r.nextInt(3)) {
                case 0 -> v;
                case 1 -> UInt256.of(v);
                default -> v.bitLength() < 63 ? (Object) v.longValueExact() : v;
            };
        }

        /** How a client writes the value in JSON: addresses as hex, numbers as decimal strings. */
        static String json(Object v) {
            if (v instanceof Address a) return a.toString();
            if (v instanceof String s) return s;
            if (v instanceof UInt256 u) return u.toString();
            return v.toString();
        }
    }
}
