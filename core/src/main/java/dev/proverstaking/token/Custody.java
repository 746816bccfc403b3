package dev.proverstaking.token;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.math.UInt256;

/**
 * One module's hold on one token: it can take tokens from a paying account into its own custody
 * and pay out of its own custody, never touch another module's. This is how the design's token
 * isolation is enforced: a module is built with its own custody and has no other way to a ledger.
 *
 * <p>Each movement has a check (which may reject with {@code InsufficientBalance}) and an effect
 * (which cannot fail once the check passed), matching the ledger's check-then-write transitions.
 */
public final class Custody {
    private final TokenLedger ledger;
    private final Module owner;

    Custody(TokenLedger ledger, Module owner) {
        this.ledger = ledger;
        this.owner = owner;
    }

    public Module owner() {
        return owner;
    }

    public UInt256 balance() {
        return ledger.custodyOf(owner);
    }

    public void checkCollect(Address payer, UInt256 amount) {
        ledger.checkDebit(payer, amount);
    }

    public void collect(Address payer, UInt256 amount) {
        ledger.move(payer, owner, amount);
    }

    public void checkPay(UInt256 amount) {
        ledger.checkDebit(owner, amount);
    }

    public void pay(Address to, UInt256 amount) {
        ledger.move(owner, to, amount);
    }
}
