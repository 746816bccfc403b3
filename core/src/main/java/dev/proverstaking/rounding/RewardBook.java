package dev.proverstaking.rounding;

import dev.proverstaking.math.UInt256;

/**
 * One position's reward accounting in the rewards module.
 *
 * @param debt     what the position's current raw shares had already accrued when last settled
 *                 ({@code reference}: in tokens, floored; {@code solvent}: in 1e-18 token, exact)
 * @param entitled settled but unpaid rewards ({@code reference}: tokens; {@code solvent}: 1e-18 token)
 */
public record RewardBook(UInt256 debt, UInt256 entitled) {
    public static final RewardBook EMPTY = new RewardBook(UInt256.ZERO, UInt256.ZERO);
}
