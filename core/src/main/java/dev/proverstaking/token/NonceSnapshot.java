package dev.proverstaking.token;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.AddressOrder;
import dev.proverstaking.snapshot.SnapshotFormatException;
import dev.proverstaking.snapshot.SnapshotInput;
import dev.proverstaking.snapshot.SnapshotOutput;
import java.io.IOException;

/**
 * <b>Snapshot restore only.</b> Writes and reads the nonces of signed transactions (the
 * {@code nonces} section of {@link dev.proverstaking.ledger.LedgerSnapshot}): a count, then each
 * address with a nonce above 0, in ascending address order, and its nonce (8 bytes, above 0). It is
 * read after the token sections, into the same account records (creating one, opening no token,
 * for an address that holds nothing).
 */
public final class NonceSnapshot {
    private NonceSnapshot() {}

    public static void write(AccountBook book, SnapshotOutput out) throws IOException {
        Account[] signers = book.signers();
        AddressOrder.sort(signers, signers.length);
        out.count(signers.length);
        for (Account a : signers) {
            out.address(a.key());
            out.i64(a.nonce());
        }
    }

    public static void read(AccountBook book, SnapshotInput in) throws IOException, SnapshotFormatException {
        int n = in.count("nonce count", Integer.MAX_VALUE);
        Address previous = null;
        for (int i = 0; i < n; i++) {
            Address a = in.address("nonce account");
            if (previous != null && previous.compareTo(a) >= 0) {
                throw in.invalid("nonce account", a + " out of ascending order (after " + previous + ")");
            }
            previous = a;
            long nonce = in.i64("nonce");
            if (nonce <= 0) throw in.invalid("nonce", a + " has nonce " + nonce + "; only nonces above 0 are written");
            book.restoreNonce(a, nonce);
        }
    }
}
