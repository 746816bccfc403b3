package dev.proverstaking.bench.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proverstaking.common.Address;
import dev.proverstaking.signing.DevAccounts;
import dev.proverstaking.signing.SigningKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The participants of a load on the dev chain: fresh keys derived from a seed (so a run can be
 * repeated), funded by dev account 0, the MINTER, with {@code deposit}s sent in batches; and
 * provers registered with {@code initProver}.
 */
public final class Funding {
    /** The most transactions this sends in one {@code POST /v1/txs} (the node takes up to 1000). */
    public static final int BATCH = 500;

    private Funding() {}

    /** {@code n} keys derived from {@code seed} (SHA-256 of the seed and the key's number), in parallel. */
    public static List<SigningKey> keys(long seed, int from, int n) {
        return IntStream.range(from, from + n).parallel().mapToObj(i -> {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(ByteBuffer.allocate(16).putLong(seed).putLong(i).array());
                return SigningKey.of(sha.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** Dev account {@code i}'s key (node-api.md "Dev mode"). */
    public static SigningKey dev(int i) {
        return DevAccounts.get(i).key();
    }

    /**
     * Sends {@code txs}, all from {@code sender} starting at {@code nonce}, in batches, one batch at a
     * time; fails unless every one is applied and succeeds. Returns the sender's next nonce.
     */
    public static long sendAll(NodeHttp http, Envelopes envelopes, SigningKey sender, long nonce, long deadline, List<TxMix.Tx> txs)
            throws IOException, InterruptedException {
        for (int start = 0; start < txs.size(); start += BATCH) {
            List<TxMix.Tx> chunk = txs.subList(start, Math.min(txs.size(), start + BATCH));
            long first = nonce;
            List<String> signed = IntStream.range(0, chunk.size()).parallel()
                    .mapToObj(k -> envelopes.sign(sender, chunk.get(k).op(), chunk.get(k).args(), first + k, deadline)).toList();
            NodeHttp.Reply r = http.post("/v1/txs", Envelopes.batch(signed));
            if (r.status() != 200) throw new IOException("POST /v1/txs: " + r.abbreviated());
            JsonNode replies = r.json();
            for (int k = 0; k < replies.size(); k++) {
                if (!replies.get(k).path("ok").asBoolean()) {
                    throw new IOException(chunk.get(k).op() + " from " + sender.address() + " failed: " + replies.get(k));
                }
            }
            nonce += chunk.size();
        }
        return nonce;
    }

    /** Deposits of {@code stakeTokens} STAKE and {@code rewardTokens} REWARD to each of {@code to}, from dev account 0. */
    public static void fund(NodeHttp http, Envelopes envelopes, List<Address> to, long stakeTokens, long rewardTokens, long deadline)
            throws IOException, InterruptedException {
        SigningKey minter = dev(0);
        List<TxMix.Tx> txs = new ArrayList<>(2 * to.size());
        for (Address a : to) {
            if (stakeTokens > 0) txs.add(TxMix.deposit("stake", a, stakeTokens));
            if (rewardTokens > 0) txs.add(TxMix.deposit("reward", a, rewardTokens));
        }
        sendAll(http, envelopes, minter, http.nonce(minter.address().toString()), deadline, txs);
    }

    /** Registers each of {@code provers} (5% commission, a self-stake of {@code selfStakeTokens}). */
    public static void initProvers(NodeHttp http, Envelopes envelopes, List<SigningKey> provers, long selfStakeTokens, long deadline)
            throws IOException, InterruptedException {
        for (SigningKey p : provers) {
            sendAll(http, envelopes, p, http.nonce(p.address().toString()), deadline, List.of(TxMix.initProver(selfStakeTokens, 500)));
        }
    }

    /** A deadline an hour from now (the node's clock is the system's). */
    public static long deadline() {
        return System.currentTimeMillis() / 1000 + 3600;
    }
}
