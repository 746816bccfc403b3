package dev.proverstaking.rounding;

import dev.proverstaking.math.UInt256;

/**
 * How one reward splits for a prover, computed before anything is written.
 *
 * @param commissionCredit added to the prover's pending commission (all of it when there are no stakers)
 * @param accDelta         added to the prover's reward per raw share (1e18 fixed point)
 * @param treasuryDust     added to the rewards treasury ({@code reference} only)
 * @param commissionCarry  the prover's commission remainder after this reward, in bps units
 * @param accCarry         the prover's accumulator remainder after this reward, in 1e-18 token
 * @param eventCommission  the {@code RewardsAdded} event's commission field
 * @param eventDistributed the {@code RewardsAdded} event's distributed field
 */
public record Distribution(
        UInt256 commissionCredit,
        UInt256 accDelta,
        UInt256 treasuryDust,
        int commissionCarry,
        UInt256 accCarry,
        UInt256 eventCommission,
        UInt256 eventDistributed) {}
