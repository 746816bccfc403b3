package dev.proverstaking.ledger;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import java.util.Objects;

/**
 * How a ledger starts: both modules created and linked, {@code owner} owning both, the global
 * minimum self-stake, and default parameters (unstake delay 7 days, max slash 50%).
 *
 * @param sameToken true when the reward token is the staking token (one token ledger)
 */
public record Genesis(long timestamp, Address owner, UInt256 globalMinSelfStake, boolean sameToken, Profile profile) {
    public Genesis {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(globalMinSelfStake, "globalMinSelfStake");
        Objects.requireNonNull(profile, "profile");
        if (timestamp < 0) throw new IllegalArgumentException("negative timestamp");
    }
}
