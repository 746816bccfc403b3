package dev.proverstaking.node;

import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.LedgerSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The state hash of {@link LedgerNode#stateHash}, in one place.
 *
 * <p><b>A placeholder</b>, until the core gives an incremental hash of its state (a method of
 * {@code Ledger}/{@code LedgerView} returning bytes): then {@link #of} returns that, and nothing else
 * changes. For now it is the SHA-256 of the ledger's canonical snapshot without extra sections
 * ({@link LedgerSnapshot}: equal states give equal bytes), so it covers what
 * {@code StateFingerprint} covers and also the clock, the applied count and the nonces, which the
 * fingerprint leaves out and a node's state includes. It costs O(state), at the snapshot writer's
 * speed (about half a second at a million positions), where the incremental hash will cost nothing:
 * the node caches it per history index.
 */
final class StateHashes {
    private StateHashes() {}

    /** The hash of {@code ledger}'s whole state, 0x-prefixed lowercase hex. Reads the ledger only. */
    static String of(Ledger ledger) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
        try (DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            LedgerSnapshot.write(ledger, out, Map.of());
        } catch (IOException e) {
            throw new IllegalStateException("a digest does not fail", e);
        }
        return "0x" + HexFormat.of().formatHex(sha.digest());
    }
}
