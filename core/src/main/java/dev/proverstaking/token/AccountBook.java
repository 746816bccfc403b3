package dev.proverstaking.token;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.AddressTable;
import dev.proverstaking.statehash.StateJournal;
import dev.proverstaking.statehash.StateRecord;
import java.util.function.Consumer;

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
 *
 * <p>Every write of a record here or in a token ledger touches the state hash's {@link #journal}
 * first, or tells it the record was created.
 */
public final class AccountBook {
    final AddressTable<Account> table = new AddressTable<>();
    /** The state hash's journal, for this book and its token ledgers. */
    final StateJournal journal;
    private int slots;

    public AccountBook(StateJournal journal) {
        this.journal = journal;
    }

    /** A book whose state hash is never kept (for tests of accounts alone). */
    public AccountBook() {
        this(new StateJournal());
    }

    /** The next nonce of {@code address}: how many of its signed transactions were applied. */
    public long nonce(Address address) {
        Account a = table.get(address);
        return a == null ? 0 : a.nonce();
    }

    /** Effect: {@code address} used a nonce; its record is created (opening no token) if it had none. */
    public void useNonce(Address address) {
        Account a = table.get(address);
        if (a == null) {
            a = new Account(address);
            table.add(a);
            journal.created(a);
        } else {
            journal.touch(a);
        }
        a.setNonce(Math.addExact(a.nonce(), 1));
    }

    /** Snapshot restore only ({@link NonceSnapshot}): the nonce of {@code address}, as it was. */
    void restoreNonce(Address address, long nonce) {
        Account a = table.get(address);
        if (a == null) {
            a = new Account(address);
            table.add(a);
        }
        a.setNonce(nonce);
    }

    /** The records of the addresses with a nonce above 0, in no particular order ({@link NonceSnapshot}). */
    Account[] signers() {
        java.util.ArrayList<Account> out = new java.util.ArrayList<>();
        table.forEach(a -> {
            if (a.nonce() > 0) out.add(a);
        });
        return out.toArray(new Account[0]);
    }

    /** Each account's record, in the table's order (no order to show), for the state hash from scratch. */
    public void forEachRecord(Consumer<? super StateRecord> visit) {
        table.forEach(visit::accept);
    }

    /** A slot for one more token ledger. */
    int nextSlot() {
        if (slots == Account.SLOTS) throw new IllegalStateException("an account book holds " + Account.SLOTS + " tokens");
        return slots++;
    }
}
