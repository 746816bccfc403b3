package dev.proverstaking.ledger;

import dev.proverstaking.snapshot.SnapshotOutput;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 digest of a ledger's state: of the contents of its snapshot's sections
 * ({@link LedgerSnapshot}), in their order, all but the {@code clock} and {@code nonces} sections, encoded exactly as a
 * snapshot encodes them (frames left out: they follow from the contents). Two ledgers with equal
 * fingerprints are indistinguishable by any operation: the snapshot holds everything a transition
 * reads (that is what makes a restored ledger answer alike), and each section's content reads
 * back in one way only, so their concatenation determines every field. Used to prove that a
 * refused operation leaves no trace. O(state), at the snapshot's speed; for checks, not for hot
 * paths.
 *
 * <p>Not included, on purpose: the ledger's clock and applied count, and the nonces of signed
 * transactions (a refused operation advances them, yet leaves no trace in the state). Included, unlike the text digest before it: the whole
 * {@link Genesis} record (timestamp, owner, minimum beside the profile and token mode), which is
 * part of the state a ledger shows; ledgers that share a genesis are told apart and alike exactly as
 * before.
 */
public final class StateFingerprint {
    private StateFingerprint() {}

    public static String of(Ledger ledger) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
        SnapshotOutput out = SnapshotOutput.digesting(digest);
        try {
            for (CoreSection s : CoreSection.values()) {
                if (s.fingerprinted()) s.write(ledger, out);
            }
            out.flush();
        } catch (IOException e) {
            throw new AssertionError("a digest does not fail", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
