package dev.proverstaking.staking;

import dev.proverstaking.common.Address;

/**
 * What the rewards module may ask the staking module (the design's ProverRewards → ProverStaking:
 * prover validation and share data): the registered provers, whose shares and positions it reads.
 */
public interface ProverDirectory {
    /** The registered prover at {@code address}, or null. */
    Prover prover(Address address);
}
