package dev.proverstaking.common;

/** Roles the staking module's owner grants and revokes. */
public enum Role {
    /** May slash provers. */
    SLASHER,
    /** May credit accounts with tokens from outside the ledger ({@code deposit}): a bridge, a treasury. */
    MINTER;

    public static Role fromWireName(String name) {
        for (Role r : values()) {
            if (r.name().equals(name)) return r;
        }
        throw new IllegalArgumentException("unknown role \"" + name + "\" (SLASHER or MINTER)");
    }
}
