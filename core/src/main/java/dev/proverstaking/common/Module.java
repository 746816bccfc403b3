package dev.proverstaking.common;

/**
 * The two modules of the design. Each has its own owner and its own token custody, and neither
 * can move the other's tokens.
 */
public enum Module {
    /** The design's ProverStaking: stake, unstake, slash, prover lifecycle. Holds staking tokens. */
    STAKING("staking"),
    /** The design's ProverRewards: reward distribution and commission. Holds reward tokens. */
    REWARDS("rewards");

    private final String wireName;

    Module(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Module fromWireName(String name) {
        for (Module m : values()) {
            if (m.wireName.equals(name)) return m;
        }
        throw new IllegalArgumentException("unknown module \"" + name + "\" (staking or rewards)");
    }
}
