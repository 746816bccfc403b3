package dev.proverstaking.token;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TableReads;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.math.UInt256;
import java.util.Map;

/**
 * A token's balances as the world outside the ledger sees them: read only. Tokens move through
 * {@link dev.proverstaking.ledger.Ledger#apply} and nowhere else; in particular no holder of a view
 * can mint or obtain a module's {@link Custody}.
 */
public interface TokenView {
    TokenKind kind();

    /** Adds the lookup of {@code account}'s record to a batch read ahead (a read, nothing more). */
    void enlist(Address account, TableReads reads);

    UInt256 balanceOf(Address account);

    UInt256 custodyOf(Module module);

    UInt256 totalSupply();

    /** Every account that ever held this token, with its balance (possibly 0). Read-only. */
    Map<Address, UInt256> accounts();
}
