package dev.proverstaking.rounding;

import static dev.proverstaking.math.UInt256.WAD;
import static dev.proverstaking.math.UInt256.ZERO;

import dev.proverstaking.math.UInt256;
import dev.proverstaking.math.WideSum;
import java.math.BigInteger;

/**
 * The {@code solvent} rules (scenario format, "The solvent rules, exactly"): every remainder is
 * carried instead of rounded away, so a reward paid in k parts pays exactly what one payment of
 * the sum pays, no staker is ever paid more than its exact share, and slashing credits the
 * treasury with the slashed part of pending unstakes too.
 *
 * <p>Books are kept undivided, in units of 1e-18 token: {@code debt = shares * acc} and
 * {@code entitled} accumulates {@code shares * acc - debt}; only payouts divide by 1e18.
 */
public final class SolventRounding implements RoundingRules {
    public static final SolventRounding INSTANCE = new SolventRounding();

    private SolventRounding() {}

    @Override
    public UInt256 slashedShares(UInt256 activeRaw, UInt256 pendingRaw) {
        return activeRaw.add(pendingRaw);
    }

    @Override
    public boolean unstakeAllMovesExactShares() {
        return true;
    }

    @Override
    public Distribution distribute(UInt256 amount, int commissionRate, int commissionCarry, UInt256 accCarry,
                                   UInt256 totalRawShares) {
        UInt256 x = amount.mul(UInt256.of(commissionRate)).add(UInt256.of(commissionCarry));
        UInt256 commission = x.div(COMMISSION_DENOMINATOR);
        int carry = (int) x.mod(COMMISSION_DENOMINATOR).longValueExact();
        UInt256 stakersReward = amount.sub(commission);
        if (totalRawShares.isZero()) {
            return new Distribution(amount, ZERO, ZERO, carry, accCarry, amount, ZERO);
        }
        UInt256 y = stakersReward.mul(WAD).add(accCarry);
        UInt256 delta = y.div(totalRawShares);
        UInt256 remainder = y.sub(delta.mul(totalRawShares));
        return new Distribution(commission, delta, ZERO, carry, remainder, commission, stakersReward);
    }

    @Override
    public RewardBook settle(RewardBook book, UInt256 oldShares, UInt256 newShares, UInt256 acc) {
        UInt256 entitled = UInt256.addMulSub(book.entitled(), oldShares, acc, book.debt());
        return new RewardBook(newShares.mul(acc), entitled);
    }

    @Override
    public UInt256 payable(UInt256 entitled) {
        return entitled.div(WAD);
    }

    @Override
    public UInt256 afterPaying(UInt256 entitled, UInt256 paid) {
        return entitled.sub(paid.mul(WAD));
    }

    @Override
    public UInt256 pendingRewards(RewardBook book, UInt256 shares, UInt256 acc) {
        return clamp(fullEntitlement(book, shares, acc).divide(WAD.toBigInteger()));
    }

    /**
     * {@code max(0, entitled + shares * acc - debt)}: in uint256 when shares and acc are below 2^128
     * (their product cannot overflow) and the sum fits, as for every realistic position; else at
     * full width.
     */
    @Override
    public WideSum addEntitlementUnits(RewardBook book, UInt256 shares, UInt256 acc, WideSum sum) {
        if ((shares.limb(2) | shares.limb(3) | acc.limb(2) | acc.limb(3)) == 0) {
            UInt256 product = shares.mul(acc);
            UInt256 entitled = book.entitled();
            if (!UInt256.MAX.sub(product).lt(entitled)) {
                UInt256 total = entitled.add(product);
                UInt256 debt = book.debt();
                return total.gt(debt) ? sum.add(total.sub(debt)) : sum;
            }
        }
        return sum.add(fullEntitlement(book, shares, acc));
    }

    @Override
    public Quotient divide(UInt256 numerator, UInt256 carry, UInt256 divisor) {
        UInt256 y = numerator.add(carry);
        UInt256 q = y.div(divisor);
        return new Quotient(q, y.sub(q.mul(divisor)));
    }

    private static UInt256 clamp(BigInteger v) {
        return v.bitLength() > 256 ? UInt256.MAX : UInt256.of(v);
    }

    /** entitled + shares * acc - debt at full width: views must not fail where a transition would. */
    private static BigInteger fullEntitlement(RewardBook book, UInt256 shares, UInt256 acc) {
        return book.entitled().toBigInteger()
                .add(shares.toBigInteger().multiply(acc.toBigInteger()))
                .subtract(book.debt().toBigInteger())
                .max(BigInteger.ZERO);
    }
}
