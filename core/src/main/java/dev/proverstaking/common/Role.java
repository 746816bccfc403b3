package dev.proverstaking.common;

/** Roles the staking module's owner grants. */
public enum Role {
    /** May slash provers. */
    SLASHER;

    public static Role fromWireName(String name) {
        for (Role r : values()) {
            if (r.name().equals(name)) return r;
        }
        throw new IllegalArgumentException("unknown role \"" + name + "\" (SLASHER)");
    }
}
