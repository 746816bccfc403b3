package dev.proverstaking.token;

import dev.proverstaking.common.AddressTable;

/**
 * The accounts of every address in the ledger's tokens: one {@link Account} record per address,
 * holding its balance of each token in the slot its {@link TokenLedger} was given here.
 *
 * <p>Why one record for both tokens rather than a table per token: a staker holds the staking
 * token from the start, and the rewards token from their first withdrawal on. With a table per
 * token, that first withdrawal inserts a new record into a table of a million, which costs far
 * more than crediting an existing one (a new object referenced from an old table: allocation,
 * the collector's write barrier, later promotion; measured in BENCHMARKS.md), and in the long run
 * every staker carries two records and two slots. Here the rewards balance is waiting in the
 * record the staking token opened.
 *
 * <p>Token isolation is unchanged: a token ledger reads and writes only its own slot, and only it
 * can move its token ({@link Custody}).
 */
public final class AccountBook {
    final AddressTable<Account> table = new AddressTable<>();
    private int slots;

    /** A slot for one more token ledger. */
    int nextSlot() {
        if (slots == Account.SLOTS) throw new IllegalStateException("an account book holds " + Account.SLOTS + " tokens");
        return slots++;
    }
}
