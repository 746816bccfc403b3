package dev.proverstaking.token;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.AddressKeyed;
import dev.proverstaking.math.UInt256;

/** One account's balance of one token, held inline as four limbs (no objects per account but this one). */
final class Account extends AddressKeyed {
    private long b0, b1, b2, b3;

    Account(Address owner) {
        super(owner);
    }

    @Override
    public long warmth() {
        return super.warmth() ^ b0 ^ b3;
    }

    UInt256 balance() {
        return UInt256.ofLimbs(b0, b1, b2, b3);
    }

    /** balance &lt; v, without materializing the balance. */
    boolean lessThan(UInt256 v) {
        long x, y;
        if ((x = b3) != (y = v.limb(3))) return Long.compareUnsigned(x, y) < 0;
        if ((x = b2) != (y = v.limb(2))) return Long.compareUnsigned(x, y) < 0;
        if ((x = b1) != (y = v.limb(1))) return Long.compareUnsigned(x, y) < 0;
        return Long.compareUnsigned(b0, v.limb(0)) < 0;
    }

    /** balance += v in place; the caller guarantees no overflow (supply bounds every balance). */
    void credit(UInt256 v) {
        long v0 = v.limb(0), v1 = v.limb(1), v2 = v.limb(2), v3 = v.limb(3);
        long r0 = b0 + v0;
        long c = Long.compareUnsigned(r0, b0) < 0 ? 1 : 0;
        long r1 = b1 + v1 + c;
        c = (Long.compareUnsigned(r1, b1) < 0 || (c == 1 && r1 == b1)) ? 1 : 0;
        long r2 = b2 + v2 + c;
        c = (Long.compareUnsigned(r2, b2) < 0 || (c == 1 && r2 == b2)) ? 1 : 0;
        long r3 = b3 + v3 + c;
        boolean over = Long.compareUnsigned(r3, b3) < 0 || (c == 1 && r3 == b3);
        if (over) throw new IllegalStateException("balance overflow: the token supply invariant is broken");
        b0 = r0;
        b1 = r1;
        b2 = r2;
        b3 = r3;
    }

    /** balance -= v in place; the caller checked {@code !lessThan(v)}. */
    void debit(UInt256 v) {
        if (lessThan(v)) throw new IllegalStateException("balance underflow: debit without a check");
        long v0 = v.limb(0), v1 = v.limb(1), v2 = v.limb(2), v3 = v.limb(3);
        long r0 = b0 - v0;
        long borrow = Long.compareUnsigned(b0, v0) < 0 ? 1 : 0;
        long r1 = b1 - v1 - borrow;
        borrow = (Long.compareUnsigned(b1, v1) < 0 || (borrow == 1 && b1 == v1)) ? 1 : 0;
        long r2 = b2 - v2 - borrow;
        borrow = (Long.compareUnsigned(b2, v2) < 0 || (borrow == 1 && b2 == v2)) ? 1 : 0;
        b3 = b3 - v3 - borrow;
        b0 = r0;
        b1 = r1;
        b2 = r2;
    }

    void setBalance(UInt256 v) {
        b0 = v.limb(0);
        b1 = v.limb(1);
        b2 = v.limb(2);
        b3 = v.limb(3);
    }
}
