package dev.proverstaking.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proverstaking.signing.DevAccounts;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.utils.Numeric;

/**
 * A wallet the project does not own: signs transactions with web3j, from the typed data the node
 * publishes ({@code GET /v1/tx/types}), as {@code eth_signTypedData_v4} would.
 */
final class Web3jWallet {
    private static final ObjectMapper JSON = new ObjectMapper();
    final ECKeyPair pair;
    final String address;

    Web3jWallet(ECKeyPair pair) {
        this.pair = pair;
        this.address = "0x" + Keys.getAddress(pair);
    }

    static Web3jWallet dev(int i) {
        return new Web3jWallet(ECKeyPair.create(Numeric.toBigInt(DevAccounts.get(i).key().secretHex())));
    }

    static Web3jWallet random() throws Exception {
        return new Web3jWallet(Keys.createEcKeyPair());
    }

    /** The digest of {@code op} with {@code args}, nonce and deadline, as web3j encodes the node's typed data. */
    static byte[] digest(JsonNode typesDocument, String op, ObjectNode args, Object nonce, Object deadline) throws Exception {
        ObjectNode typedData = typesDocument.deepCopy();
        String primary = Character.toUpperCase(op.charAt(0)) + op.substring(1);
        typedData.put("primaryType", primary);
        ObjectNode message = typedData.putObject("message");
        for (Iterator<Map.Entry<String, JsonNode>> it = args.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            message.put(e.getKey(), e.getValue().asText());
        }
        message.put("nonce", String.valueOf(nonce));
        message.put("deadline", String.valueOf(deadline));
        return new StructuredDataEncoder(JSON.writeValueAsString(typedData)).hashStructuredData();
    }

    /** 65 bytes r ‖ s ‖ v (v 27/28) as 0x-hex. */
    String sign(byte[] digest) {
        Sign.SignatureData s = Sign.signMessage(digest, pair, false);
        byte[] out = new byte[65];
        System.arraycopy(s.getR(), 0, out, 0, 32);
        System.arraycopy(s.getS(), 0, out, 32, 32);
        out[64] = s.getV()[0];
        return Numeric.toHexString(out);
    }

    /** The envelope of a signed transaction. */
    ObjectNode envelope(JsonNode typesDocument, String op, ObjectNode args, long nonce, long deadline) throws Exception {
        ObjectNode tx = JSON.createObjectNode();
        tx.put("op", op);
        tx.set("args", args);
        tx.put("nonce", nonce);
        tx.put("deadline", deadline);
        tx.put("signature", sign(digest(typesDocument, op, args, nonce, deadline)));
        return tx;
    }

    /** The same signature with s replaced by n - s (and v flipped): the malleable twin EIP-2 refuses. */
    static String highS(String signature) {
        byte[] b = Numeric.hexStringToByteArray(signature);
        BigInteger n = Sign.CURVE_PARAMS.getN();
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(b, 32, 64));
        byte[] hs = Numeric.toBytesPadded(n.subtract(s), 32);
        System.arraycopy(hs, 0, b, 32, 32);
        b[64] = (byte) (b[64] == 27 ? 28 : 27);
        return Numeric.toHexString(b);
    }
}
