package dev.proverstaking.token;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.AddressKeyed;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.statehash.JournaledRecord;
import dev.proverstaking.statehash.RecordKind;
import dev.proverstaking.statehash.RecordOutput;

/**
 * One address's balances of every token of the ledger, one per token <em>slot</em> (see
 * {@link AccountBook}), held inline as primitive limbs: no objects per account but this one.
 *
 * <p>Each token ledger reads and writes only its own slot; an address's account "exists" in a
 * token once that token opened it ({@link #isOpen}), which is what {@link TokenLedger#forEachAccount}
 * lists, exactly as with one record per token.
 *
 * <p>A balance keeps its low 128 bits inline (2^128 units is 3.4e20 tokens of 10^18 units); the high limbs
 * of both slots live in {@link #high}, which exists only for an account that ever needed them.
 * Limb arithmetic is on all four limbs, so the split is invisible to callers.
 *
 * <p>A record of the state hash ({@link RecordKind#ACCOUNT}), except the two custody balances each
 * token ledger keeps in records of this class, which are part of their token's record. It cannot
 * reach the journal itself (a field more would cost 8 bytes a record): the token ledger and the
 * account book, which hold the journal, touch it before they call a writer here
 * ({@code ArchitectureTest} checks it).
 */
final class Account extends AddressKeyed implements JournaledRecord {
    /** Token slots per account: the staking token and the rewards token. */
    static final int SLOTS = 2;

    // slot 0's and slot 1's low limbs, least significant first
    private long a0, a1;
    private long b0, b1;
    /**
     * {@code [a2, a3, b2, b3, nonceHigh]}; null while all zero. Kept once allocated. The nonce's
     * bits above the 29 kept in {@link #bits} live at {@link #NONCE_HIGH}.
     */
    private long[] high;
    /**
     * Bit s (s = 0, 1) set: slot s's token has opened this account; bit 2: the state hash journal's
     * mark ({@link #inJournal}, not state); bits 3..31: the low 29 bits of the address's nonce (its
     * signed transactions the ledger has applied). One int where a byte was: the record keeps its
     * 72 bytes (a million of them is normal).
     */
    private int bits;
    private static final int OPEN_BITS = 2;
    private static final int JOURNAL_BIT = 1 << OPEN_BITS;
    private static final int FLAG_BITS = OPEN_BITS + 1;
    private static final int NONCE_LOW_BITS = 32 - FLAG_BITS;
    private static final int NONCE_LOW_MASK = (1 << NONCE_LOW_BITS) - 1;
    private static final int NONCE_HIGH = 2 * SLOTS;

    Account(Address owner) {
        super(owner);
    }

    @Override
    public long warmth() {
        return super.warmth() ^ a0 ^ b1 ^ bits;
    }

    boolean isOpen(int slot) {
        return (bits & (1 << slot)) != 0;
    }

    void open(int slot) {
        bits |= 1 << slot;
    }

    /** How many signed transactions of this address the ledger has applied: its next nonce. */
    long nonce() {
        long[] h = high;
        long hi = h == null || h.length <= NONCE_HIGH ? 0 : h[NONCE_HIGH];
        return (hi << NONCE_LOW_BITS) | (bits >>> FLAG_BITS);
    }

    void setNonce(long nonce) {
        if (nonce < 0) throw new IllegalArgumentException("negative nonce " + nonce);
        bits = (bits & ((1 << FLAG_BITS) - 1)) | ((int) (nonce & NONCE_LOW_MASK) << FLAG_BITS);
        long hi = nonce >>> NONCE_LOW_BITS;
        long[] h = high;
        if (hi == 0 && (h == null || h.length <= NONCE_HIGH)) return;
        if (h == null || h.length <= NONCE_HIGH) {
            long[] bigger = new long[NONCE_HIGH + 1];
            if (h != null) System.arraycopy(h, 0, bigger, 0, h.length);
            high = h = bigger;
        }
        h[NONCE_HIGH] = hi;
    }

    /**
     * {@link RecordKind#ACCOUNT}: address, then per slot (the staking token's, then the reward
     * token's; with one token the second stays closed) whether it is open and its balance, then
     * the nonce.
     */
    @Override
    public void encode(RecordOutput out) {
        out.kind(RecordKind.ACCOUNT);
        out.address(key());
        for (int slot = 0; slot < SLOTS; slot++) {
            out.flag(isOpen(slot));
            out.uint(limb(slot, 0), limb(slot, 1), limb(slot, 2), limb(slot, 3));
        }
        out.i64(nonce());
    }

    @Override
    public boolean inJournal() {
        return (bits & JOURNAL_BIT) != 0;
    }

    @Override
    public void setInJournal(boolean in) {
        bits = in ? bits | JOURNAL_BIT : bits & ~JOURNAL_BIT;
    }

    UInt256 balance(int slot) {
        return UInt256.ofLimbs(limb(slot, 0), limb(slot, 1), limb(slot, 2), limb(slot, 3));
    }

    /** balance &lt; v, without materializing the balance. */
    boolean lessThan(int slot, UInt256 v) {
        long x, y;
        if ((x = limb(slot, 3)) != (y = v.limb(3))) return Long.compareUnsigned(x, y) < 0;
        if ((x = limb(slot, 2)) != (y = v.limb(2))) return Long.compareUnsigned(x, y) < 0;
        if ((x = limb(slot, 1)) != (y = v.limb(1))) return Long.compareUnsigned(x, y) < 0;
        return Long.compareUnsigned(limb(slot, 0), v.limb(0)) < 0;
    }

    /** balance += v in place; the caller guarantees no overflow (supply bounds every balance). */
    void credit(int slot, UInt256 v) {
        long c0 = limb(slot, 0), c1 = limb(slot, 1), c2 = limb(slot, 2), c3 = limb(slot, 3);
        long v0 = v.limb(0), v1 = v.limb(1), v2 = v.limb(2), v3 = v.limb(3);
        long r0 = c0 + v0;
        long c = Long.compareUnsigned(r0, c0) < 0 ? 1 : 0;
        long r1 = c1 + v1 + c;
        c = (Long.compareUnsigned(r1, c1) < 0 || (c == 1 && r1 == c1)) ? 1 : 0;
        long r2 = c2 + v2 + c;
        c = (Long.compareUnsigned(r2, c2) < 0 || (c == 1 && r2 == c2)) ? 1 : 0;
        long r3 = c3 + v3 + c;
        boolean over = Long.compareUnsigned(r3, c3) < 0 || (c == 1 && r3 == c3);
        if (over) throw new IllegalStateException("balance overflow: the token supply invariant is broken");
        store(slot, r0, r1, r2, r3);
    }

    /** balance -= v in place; the caller checked {@code !lessThan(slot, v)}. */
    void debit(int slot, UInt256 v) {
        if (lessThan(slot, v)) throw new IllegalStateException("balance underflow: debit without a check");
        long c0 = limb(slot, 0), c1 = limb(slot, 1), c2 = limb(slot, 2), c3 = limb(slot, 3);
        long v0 = v.limb(0), v1 = v.limb(1), v2 = v.limb(2), v3 = v.limb(3);
        long r0 = c0 - v0;
        long borrow = Long.compareUnsigned(c0, v0) < 0 ? 1 : 0;
        long r1 = c1 - v1 - borrow;
        borrow = (Long.compareUnsigned(c1, v1) < 0 || (borrow == 1 && c1 == v1)) ? 1 : 0;
        long r2 = c2 - v2 - borrow;
        borrow = (Long.compareUnsigned(c2, v2) < 0 || (borrow == 1 && c2 == v2)) ? 1 : 0;
        store(slot, r0, r1, r2, c3 - v3 - borrow);
    }

    void setBalance(int slot, UInt256 v) {
        store(slot, v.limb(0), v.limb(1), v.limb(2), v.limb(3));
    }

    long limb(int slot, int i) {
        if (i >= 2) {
            long[] h = high;
            return h == null ? 0 : h[2 * slot + i - 2];
        }
        if (slot == 0) return i == 0 ? a0 : a1;
        return i == 0 ? b0 : b1;
    }

    private void store(int slot, long l0, long l1, long l2, long l3) {
        if (slot == 0) {
            a0 = l0;
            a1 = l1;
        } else {
            b0 = l0;
            b1 = l1;
        }
        long[] h = high;
        if (h == null && (l2 | l3) == 0) return;
        if (h == null) high = h = new long[2 * SLOTS];
        h[2 * slot] = l2;
        h[2 * slot + 1] = l3;
    }
}
