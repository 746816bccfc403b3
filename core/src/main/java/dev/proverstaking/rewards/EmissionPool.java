package dev.proverstaking.rewards;

import static dev.proverstaking.math.UInt256.ZERO;

import dev.proverstaking.math.UInt256;

/**
 * Time-based emission (issue 3): a rate in reward tokens per second, paid out of a funded budget,
 * shared by the active provers in proportion to their effective stake.
 *
 * <p>O(1) by a global accumulator per unit of weight ({@link #PRECISION} fixed point), advanced
 * lazily: {@code accrue(now)} emits {@code min(rate * elapsed, budget)} over the total weight; each
 * prover settles {@code weight * (acc - its snapshot)} whenever its weight, state or commission is
 * about to change (and before any change to its stakers' shares) and feeds it into its own reward
 * accumulator like a proof reward. No loop over provers or stakers anywhere.
 *
 * <p>Invariants: {@code budget + totalEmitted = totalFunded}; {@code totalWeight} = the sum of the
 * provers' weights; {@code acc} never decreases; with no weight nothing is emitted and the budget
 * stays.
 */
public final class EmissionPool {
    /**
     * Fixed point of the accumulator per unit of weight: 1e36, so that an accrual over a total weight
     * below 1e36 units (1e18 tokens) loses less than one unit even where remainders are not carried
     * ({@code reference}). Funding is capped so that {@code totalFunded * 1e36} fits in uint256
     * (about 1.16e23 tokens of 18 decimals), which bounds every product of the emission arithmetic.
     */
    public static final UInt256 PRECISION = UInt256.WAD.mul(UInt256.WAD);

    UInt256 rate = ZERO;
    UInt256 budget = ZERO;
    UInt256 totalFunded = ZERO;
    UInt256 totalEmitted = ZERO;
    UInt256 acc = ZERO;
    UInt256 carry = ZERO;
    UInt256 totalWeight = ZERO;
    long lastAccrual;
    boolean used;

    EmissionPool(long start) {
        this.lastAccrual = start;
    }

    /** Tokens per second. */
    public UInt256 rate() {
        return rate;
    }

    /** Funded and not yet emitted, as of the last accrual. */
    public UInt256 budget() {
        return budget;
    }

    public UInt256 totalFunded() {
        return totalFunded;
    }

    /** Emitted to provers' weights, as of the last accrual (settled into provers or not). */
    public UInt256 totalEmitted() {
        return totalEmitted;
    }

    public UInt256 acc() {
        return acc;
    }

    /** The accumulator division's remainder ({@code solvent}), in 1e-18 token x weight units. */
    public UInt256 carry() {
        return carry;
    }

    public UInt256 totalWeight() {
        return totalWeight;
    }

    public long lastAccrual() {
        return lastAccrual;
    }

    /** True once emission was funded or a rate was set: only then does it show in state dumps. */
    public boolean used() {
        return used;
    }

    /** What {@code elapsed} seconds emit: {@code min(rate * elapsed, budget)}, without overflow. */
    static UInt256 emissionFor(UInt256 rate, UInt256 budget, long elapsed) {
        if (rate.isZero() || elapsed <= 0 || budget.isZero()) return ZERO;
        UInt256 e = UInt256.of(elapsed);
        return e.gt(budget.div(rate)) ? budget : rate.mul(e);
    }

    /** A copy of every field, to undo a settlement made for an operation that then failed. */
    Memento save() {
        return new Memento(rate, budget, totalFunded, totalEmitted, acc, carry, totalWeight, lastAccrual, used);
    }

    void restore(Memento m) {
        rate = m.rate;
        budget = m.budget;
        totalFunded = m.totalFunded;
        totalEmitted = m.totalEmitted;
        acc = m.acc;
        carry = m.carry;
        totalWeight = m.totalWeight;
        lastAccrual = m.lastAccrual;
        used = m.used;
    }

    record Memento(UInt256 rate, UInt256 budget, UInt256 totalFunded, UInt256 totalEmitted, UInt256 acc,
                   UInt256 carry, UInt256 totalWeight, long lastAccrual, boolean used) {}
}
