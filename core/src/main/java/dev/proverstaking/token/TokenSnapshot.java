package dev.proverstaking.token;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.math.WideSum;
import dev.proverstaking.snapshot.SnapshotFormatException;
import dev.proverstaking.snapshot.SnapshotInput;
import dev.proverstaking.snapshot.SnapshotOutput;
import java.io.IOException;

/**
 * <b>Snapshot restore only.</b> Writes and reads one {@link TokenLedger} in the fields of
 * {@code dev.proverstaking.snapshot}, for the ledger's snapshot (the {@code tokens} section), which
 * is the one caller. {@link #read} writes into a token ledger of a freshly built ledger that is not
 * yet in use; nothing else may call it.
 *
 * <p>Layout: the kind's ordinal, the total supply (uint), a custody count (the number of modules)
 * and each module's custody in {@link Module} ordinal order (uint), then an account count and the
 * accounts in ascending address order, each an address and a balance (uint; accounts with balance 0
 * included: an account once credited stays listed). Reading checks that the accounts ascend
 * strictly and that the supply is the sum of the balances and custodies.
 */
public final class TokenSnapshot {
    private TokenSnapshot() {}

    public static void write(TokenLedger token, SnapshotOutput out) throws IOException {
        out.ordinal(token.kind());
        out.uint(token.totalSupply());
        Module[] modules = Module.values();
        out.count(modules.length);
        for (Module m : modules) out.uint(token.custodyOf(m));
        Account[] accounts = token.accountsInAddressOrder();
        out.count(accounts.length);
        for (Account a : accounts) {
            out.address(a.key());
            out.uint(token.balanceLimb(a, 0), token.balanceLimb(a, 1), token.balanceLimb(a, 2), token.balanceLimb(a, 3));
        }
    }

    public static void read(TokenLedger token, SnapshotInput in) throws IOException, SnapshotFormatException {
        TokenKind kind = in.ordinal(TokenKind.values(), "token kind");
        if (kind != token.kind()) throw in.invalid("token kind", kind + " where " + token.kind() + " was expected");
        UInt256 supply = in.uint("token total supply");
        Module[] modules = Module.values();
        int n = in.count("token custody count", modules.length);
        if (n != modules.length) throw in.invalid("token custody count", n + " custodies, expected " + modules.length);
        UInt256[] custodies = new UInt256[modules.length];
        WideSum sum = new WideSum();
        for (int i = 0; i < custodies.length; i++) sum.add(custodies[i] = in.uint("token custody"));
        int accounts = in.count("token account count", Integer.MAX_VALUE);
        Address previous = null;
        TokenLedger.AccountRestore restore = token.restoreAccounts();
        for (int i = 0; i < accounts; i++) {
            Address a = in.address("token account");
            if (previous != null && previous.compareTo(a) >= 0) {
                throw in.invalid("token account", a + " out of ascending order (after " + previous + ")");
            }
            previous = a;
            UInt256 balance = in.uint("token balance");
            sum.add(balance);
            restore.add(a, balance);
        }
        // the ledger's invariant, on which its credits rely not to overflow
        if (!sum.equalsValue(supply)) {
            throw in.invalid("token total supply", kind + " supply " + supply + " but balances and custodies sum to " + sum);
        }
        restore.finish(custodies, supply);
    }
}
