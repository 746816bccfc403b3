package dev.proverstaking.staking;

import dev.proverstaking.math.UInt256;

/**
 * One unstake request: raw shares that left the active stake at {@code requestedAt} and are paid
 * at the prover's scale of completion, so they stay slashable until then.
 */
public record PendingUnstake(UInt256 rawShares, long requestedAt) {}
