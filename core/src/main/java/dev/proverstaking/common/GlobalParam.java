package dev.proverstaking.common;

/** The staking module's owner-set parameters. Any uint256 is accepted, as in the reference. */
public enum GlobalParam {
    /** Seconds between an unstake request and its completion; applies to requests already pending. */
    UnstakeDelay,
    /** Floor for every prover's minimum self-stake. */
    GlobalMinSelfStake,
    /** Largest single slash, in parts per million. */
    MaxSlashPercentage;

    public static GlobalParam fromWireName(String name) {
        for (GlobalParam p : values()) {
            if (p.name().equals(name)) return p;
        }
        throw new IllegalArgumentException(
                "unknown param \"" + name + "\" (UnstakeDelay, GlobalMinSelfStake or MaxSlashPercentage)");
    }
}
