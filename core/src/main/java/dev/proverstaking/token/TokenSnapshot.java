package dev.proverstaking.token;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.SnapshotFormatException;
import dev.proverstaking.ledger.SnapshotInput;
import dev.proverstaking.ledger.SnapshotOutput;
import dev.proverstaking.math.UInt256;
import java.io.IOException;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * <b>Snapshot restore only.</b> Writes and reads one {@link TokenLedger} for
 * {@link dev.proverstaking.ledger.LedgerSnapshot}, which is the one caller. {@link #read} writes into
 * a token ledger of a freshly built ledger that is not yet in use; nothing else may call it.
 *
 * <p>Layout: the kind's ordinal (1 byte), the total supply, a custody count (the number of modules)
 * and each module's custody in {@link Module} ordinal order, then an account count and the accounts
 * in ascending address order, each an address and a balance (accounts with balance 0 included: an
 * account once credited stays listed). Reading checks that the supply is the sum of the balances and
 * custodies.
 */
public final class TokenSnapshot {
    private TokenSnapshot() {}

    public static void write(TokenLedger token, SnapshotOutput out) throws IOException {
        out.ordinal(token.kind());
        out.uint(token.totalSupply());
        Module[] modules = Module.values();
        out.count(modules.length);
        for (Module m : modules) out.uint(token.custodyOf(m));
        Map<Address, UInt256> accounts = new TreeMap<>();
        token.forEachAccount(accounts::put);
        out.count(accounts.size());
        for (Map.Entry<Address, UInt256> e : accounts.entrySet()) {
            out.address(e.getKey());
            out.uint(e.getValue());
        }
    }

    public static void read(TokenLedger token, SnapshotInput in) throws SnapshotFormatException {
        TokenKind kind = in.ordinal(TokenKind.values(), "token kind");
        if (kind != token.kind()) throw in.invalid("token kind", kind + " where " + token.kind() + " was expected");
        UInt256 supply = in.uint("token total supply");
        Module[] modules = Module.values();
        int n = in.count("token custody count", modules.length);
        if (n != modules.length) throw in.invalid("token custody count", n + " custodies, expected " + modules.length);
        UInt256[] custodies = new UInt256[modules.length];
        for (int i = 0; i < custodies.length; i++) custodies[i] = in.uint("token custody");
        int accounts = in.count("token account count", Integer.MAX_VALUE);
        Map<Address, UInt256> balances = new HashMap<>();
        Address previous = null;
        for (int i = 0; i < accounts; i++) {
            Address a = in.address("token account");
            if (previous != null && previous.compareTo(a) >= 0) {
                throw in.invalid("token account", a + " out of ascending order (after " + previous + ")");
            }
            previous = a;
            balances.put(a, in.uint("token balance"));
        }
        // the ledger's invariant, on which its credits rely not to overflow
        BigInteger sum = BigInteger.ZERO;
        for (UInt256 c : custodies) sum = sum.add(c.toBigInteger());
        for (UInt256 b : balances.values()) sum = sum.add(b.toBigInteger());
        if (!sum.equals(supply.toBigInteger())) {
            throw in.invalid("token total supply", kind + " supply " + supply + " but balances and custodies sum to " + sum);
        }
        token.restore(balances, custodies, supply);
    }
}
