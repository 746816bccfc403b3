package dev.proverstaking.bench.node;

import dev.proverstaking.signing.SigningKey;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Stakers with transactions signed ahead: each key's next transactions of the mix, with consecutive
 * nonces, signed before a measurement starts so that the client's signing is not what is measured.
 */
public final class Keys {
    private final List<SigningKey> keys;
    private final long[] nextNonce;

    public Keys(List<SigningKey> keys) {
        this.keys = List.copyOf(keys);
        this.nextNonce = new long[keys.size()];
    }

    public int size() {
        return keys.size();
    }

    public SigningKey key(int i) {
        return keys.get(i);
    }

    public List<SigningKey> all() {
        return keys;
    }

    /**
     * Reads every key's next nonce from the node again: after a load in which some transactions were
     * not applied (refused with 429 in an overload, say), the nonces signed after them are unused too.
     */
    public void resync(NodeHttp http) {
        IntStream.range(0, keys.size()).parallel().forEach(k -> {
            try {
                nextNonce[k] = http.nonce(keys.get(k).address().toString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        });
    }

    /**
     * {@code perKey} transactions of the mix for each key, signed in parallel: result[k] holds key
     * k's, in nonce order. Advances the keys' nonces.
     */
    public List<List<String>> sign(Envelopes envelopes, TxMix mix, int perKey, long seed, long deadline) {
        List<List<String>> out = IntStream.range(0, keys.size()).parallel().mapToObj(k -> {
            SplittableRandom random = new SplittableRandom(seed * 31 + k);
            List<String> txs = new ArrayList<>(perKey);
            for (int i = 0; i < perKey; i++) {
                TxMix.Tx tx = mix.next(random);
                txs.add(envelopes.sign(keys.get(k), tx.op(), tx.args(), nextNonce[k] + i, deadline));
            }
            return txs;
        }).toList();
        for (int k = 0; k < nextNonce.length; k++) nextNonce[k] += perKey;
        return out;
    }
}
