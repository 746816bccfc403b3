package dev.proverstaking.token;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.AddressOrder;
import dev.proverstaking.common.TableReads;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.transition.ErrorCode;
import dev.proverstaking.transition.Event;
import dev.proverstaking.transition.EventSink;
import dev.proverstaking.transition.Rejected;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.math.WideSum;
import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * The balances of one ERC-20-like token: accounts, the two modules' custody, and the total supply.
 *
 * <p>Invariant: total supply = sum of account balances + both custodies &le; 2^256 - 1, so no
 * credit can overflow once the matching debit was checked. Modules never see this class; they
 * hold a {@link Custody}, which can only move tokens out of their own custody.
 *
 * <p>The accounts live in an {@link AccountBook} that the ledger's tokens share (one record per
 * address, see there why); this token reads and writes only its own slot of each.
 */
public final class TokenLedger {
    private final TokenKind kind;
    private final EventSink events;
    /** Shared with the ledger's other token, which uses the other slot of each record. */
    final AccountBook book;
    private final int slot;
    /** Accounts this token has opened. */
    private int opened;
    /** Each module's custody, by {@link Module#ordinal}, in this token's slot: updated in place. */
    private final Account[] custody = {new Account(Address.ZERO), new Account(Address.ZERO)};
    private UInt256 totalSupply = UInt256.ZERO;

    /** A token whose accounts share {@code book}'s records with the other token of the ledger. */
    public TokenLedger(TokenKind kind, EventSink events, AccountBook book) {
        this.kind = kind;
        this.events = events;
        this.book = book;
        this.slot = book.nextSlot();
    }

    public TokenKind kind() {
        return kind;
    }

    public void enlist(Address account, TableReads reads) {
        book.table.enlist(account, reads);
    }

    public UInt256 balanceOf(Address account) {
        Account a = book.table.get(account);
        return a == null ? UInt256.ZERO : a.balance(slot);
    }

    public UInt256 custodyOf(Module module) {
        return custody[module.ordinal()].balance(slot);
    }

    public UInt256 totalSupply() {
        return totalSupply;
    }

    /** How many accounts ever held this token. */
    public int accountCount() {
        return opened;
    }

    /** Every account that ever held this token, with its balance (possibly 0), in no particular order. */
    public void forEachAccount(BiConsumer<Address, UInt256> visit) {
        book.table.forEach(a -> {
            if (a.isOpen(slot)) visit.accept(a.key(), a.balance(slot));
        });
    }

    /** The sum of every account's balance of this token, exactly: O(accounts), no object per account. */
    public WideSum balanceSum() {
        WideSum sum = new WideSum();
        book.table.forEach(a -> {
            if (a.isOpen(slot)) sum.add(a.limb(slot, 0), a.limb(slot, 1), a.limb(slot, 2), a.limb(slot, 3));
        });
        return sum;
    }

    /** The capability to move this token in and out of {@code module}'s custody, and nothing else. */
    public Custody custody(Module module) {
        return new Custody(this, module);
    }

    /** @throws dev.proverstaking.math.ArithmeticOverflow when the supply would pass 2^256 - 1 */
    public void checkMint(UInt256 amount) {
        totalSupply.add(amount);
    }

    /** Effect: call only after {@link #checkMint}. */
    public void mint(Address to, UInt256 amount) {
        totalSupply = totalSupply.add(amount);
        creditAccount(to, amount);
        events.emit(new Event.Transfer(kind, null, null, to, null, amount));
    }

    /** @throws dev.proverstaking.transition.Rejected InsufficientBalance when {@code from} holds less */
    public void checkBurn(Address from, UInt256 amount) {
        checkDebit(from, amount);
    }

    /** Effect: {@code amount} of {@code from}'s tokens leave the ledger; call only after {@link #checkBurn}. */
    public void burn(Address from, UInt256 amount) {
        debitAccount(from, amount);
        totalSupply = totalSupply.sub(amount);
        events.emit(new Event.Transfer(kind, from, null, null, null, amount));
    }

    /**
     * Every account this token opened, in ascending address order (sorted here: the table has no
     * order), for the snapshot, which must be canonical.
     */
    Account[] accountsInAddressOrder() {
        Account[] accounts = new Account[opened];
        int[] n = {0};
        book.table.forEach(a -> {
            if (a.isOpen(slot)) accounts[n[0]++] = a;
        });
        AddressOrder.sort(accounts, n[0]);
        return accounts;
    }

    /** This token's balance in {@code account}, limb {@code i} (least significant first). */
    long balanceLimb(Account account, int i) {
        return account.limb(slot, i);
    }

    /**
     * Snapshot restore only ({@link TokenSnapshot}): the restore of this token's accounts, given in
     * strictly ascending address order, into a freshly built ledger.
     */
    AccountRestore restoreAccounts() {
        return new AccountRestore();
    }

    /**
     * Opens each account given in this token at its balance. Into an account book that holds no
     * record yet (the first token restored), the records are made without a lookup each and added
     * to its table at once by {@link #finish}; otherwise each is looked up, as the other token may
     * have made it.
     */
    final class AccountRestore {
        private final boolean fresh = book.table.size() == 0;
        private Account[] made = new Account[fresh ? 1024 : 0];
        private int n;

        private AccountRestore() {}

        void add(Address owner, UInt256 balance) {
            Account a;
            if (fresh) {
                a = new Account(owner);
                if (n == made.length) made = Arrays.copyOf(made, 2 * n);
                made[n++] = a;
                a.open(slot);
                opened++;
            } else {
                a = book.table.get(owner);
                if (a != null && a.isOpen(slot)) throw new IllegalStateException("account restored twice: " + owner);
                if (a == null) {
                    a = new Account(owner);
                    book.table.add(a);
                }
                a.open(slot);
                opened++;
            }
            a.setBalance(slot, balance);
        }

        /** Adds the records made, then sets the custodies (by {@link Module} ordinal) and supply. */
        void finish(UInt256[] custodies, UInt256 supply) {
            if (fresh) book.table.addAll(made, n);
            restoreTotals(custodies, supply);
        }
    }

    /**
     * Snapshot restore only: the custodies (by {@link Module} ordinal) and supply of a freshly built
     * ledger's token whose accounts were just restored.
     */
    private void restoreTotals(UInt256[] custodies, UInt256 supply) {
        if (!totalSupply.isZero()) throw new IllegalStateException("restore into a token ledger in use");
        if (custodies.length != custody.length) throw new IllegalArgumentException("custody count");
        for (int i = 0; i < custody.length; i++) custody[i].setBalance(slot, custodies[i]);
        totalSupply = supply;
    }

    void checkDebit(Address from, UInt256 amount) {
        if (amount.isZero()) return;
        Account a = book.table.get(from);
        Rejected.when(a == null || a.lessThan(slot, amount), ErrorCode.InsufficientBalance);
    }

    void checkDebit(Module from, UInt256 amount) {
        Rejected.when(custody[from.ordinal()].lessThan(slot, amount), ErrorCode.InsufficientBalance);
    }

    /** Effect: account to custody, after {@link #checkDebit(Address, UInt256)}. */
    void move(Address from, Module to, UInt256 amount) {
        debitAccount(from, amount);
        creditCustody(to, amount);
        events.emit(new Event.Transfer(kind, from, null, null, to, amount));
    }

    /** Effect: custody to account, after {@link #checkDebit(Module, UInt256)}. */
    void move(Module from, Address to, UInt256 amount) {
        debitCustody(from, amount);
        creditAccount(to, amount);
        events.emit(new Event.Transfer(kind, null, from, to, null, amount));
    }

    // The writes of accounts and custody: each account write touches the state hash's journal
    // first (or tells it the account was created); a custody is part of this token's record, which
    // the journal compares at every flush.

    /** {@code to}'s account, opened in this token (at 0) if it was not yet, credited with {@code amount}. */
    private void creditAccount(Address to, UInt256 amount) {
        Account a = book.table.get(to);
        if (a == null) {
            a = new Account(to);
            book.table.add(a);
            book.journal.created(a);
        } else {
            book.journal.touch(a);
        }
        if (!a.isOpen(slot)) {
            a.open(slot);
            opened++;
        }
        a.credit(slot, amount);
    }

    /** {@code from}'s account, which holds at least {@code amount} (checked), debited. */
    private void debitAccount(Address from, UInt256 amount) {
        Account a = book.table.get(from);
        book.journal.touch(a);
        a.debit(slot, amount);
    }

    private void creditCustody(Module to, UInt256 amount) {
        custody[to.ordinal()].credit(slot, amount);
    }

    private void debitCustody(Module from, UInt256 amount) {
        custody[from.ordinal()].debit(slot, amount);
    }
}
