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

    UInt256 balance() {
        return UInt256.ofLimbs(b0, b1, b2, b3);
    }

    void setBalance(UInt256 v) {
        b0 = v.limb(0);
        b1 = v.limb(1);
        b2 = v.limb(2);
        b3 = v.limb(3);
    }
}
