package dev.proverstaking.staking;

import static dev.proverstaking.math.UInt256.WAD;

import dev.proverstaking.math.UInt256;

/**
 * The raw-share abstraction of the design: raw shares stay fixed until their owner stakes or
 * unstakes; a per-prover scale (1e18 = never slashed) turns them into effective amounts.
 */
public final class Shares {
    private Shares() {}

    /** {@code floor(raw * scale / 1e18)}; checked like the reference. */
    public static UInt256 effective(UInt256 raw, UInt256 scale) {
        return raw.mulDiv(scale, WAD);
    }

    /** Like {@link #effective} but never fails (512-bit product): for views only. */
    public static UInt256 effectiveView(UInt256 raw, UInt256 scale) {
        return raw.mulDivFull(scale, WAD);
    }

    /** {@code floor(amount * 1e18 / scale)}; checked like the reference. */
    public static UInt256 fromAmount(UInt256 amount, UInt256 scale) {
        return amount.mulDiv(WAD, scale);
    }
}
