package dev.proverstaking.rounding;

import dev.proverstaking.math.UInt256;
import dev.proverstaking.math.WideSum;

/**
 * Every place where the two profiles round differently, and nothing else. Implementations are
 * pure functions: they compute, may throw {@link dev.proverstaking.math.ArithmeticOverflow},
 * and never write state.
 */
public interface RoundingRules {

    UInt256 COMMISSION_DENOMINATOR = UInt256.of(10_000);

    // ---- staking ----

    /**
     * The raw shares whose lost value a slash credits to the staking treasury: the active shares
     * only ({@code reference}, which strands the slashed part of pending unstakes) or active plus
     * pending ({@code solvent}).
     */
    UInt256 slashedShares(UInt256 activeRaw, UInt256 pendingRaw);

    /**
     * True when {@code requestUnstakeAll} moves exactly all raw shares ({@code solvent}); false when
     * it converts them to an effective amount and back, as the reference does.
     */
    boolean unstakeAllMovesExactShares();

    // ---- rewards ----

    /** Splits a reward {@code amount > 0} given the prover's rate, carries and total raw shares. */
    Distribution distribute(UInt256 amount, int commissionRate, int commissionCarry, UInt256 accCarry,
                            UInt256 totalRawShares);

    /**
     * Settles a position at accumulator {@code acc} and re-bases its debt for its new share count:
     * called before every change of a staker's raw shares (with {@code newShares} the count after the
     * change) and on withdrawal (with {@code newShares == oldShares}).
     */
    RewardBook settle(RewardBook book, UInt256 oldShares, UInt256 newShares, UInt256 acc);

    /** The whole tokens a settled {@code entitled} can pay now. */
    UInt256 payable(UInt256 entitled);

    /** What stays entitled after {@code paid} (= {@link #payable}) was paid out. */
    UInt256 afterPaying(UInt256 entitled, UInt256 paid);

    /**
     * The tokens a position could withdraw now, settled and accrued, without changing anything.
     * Never fails: a product too large for a transition is computed at full width here.
     */
    UInt256 pendingRewards(RewardBook book, UInt256 shares, UInt256 acc);

    /**
     * Adds a position's settled entitlement in 1e-18 token to {@code sum}, for the solvency
     * invariant: exact, at full width (one such value may pass 2^256, and a million are summed:
     * in uint256 limbs, a {@link java.math.BigInteger} only for a value wider than that). Changes
     * nothing but {@code sum}, which it returns.
     */
    WideSum addEntitlementUnits(RewardBook book, UInt256 shares, UInt256 acc, WideSum sum);

    // ---- time-based emission ----

    /**
     * {@code (numerator + carry) / divisor} for emission accounting: {@code solvent} carries the
     * remainder to the next division so chunking never changes a total; {@code reference} rounds
     * it away, in the reference's style (the carry in and out is always 0).
     */
    Quotient divide(UInt256 numerator, UInt256 carry, UInt256 divisor);

    /** A quotient and the remainder carried to the next division. */
    record Quotient(UInt256 quotient, UInt256 carry) {}
}
