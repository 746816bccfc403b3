package dev.proverstaking.rounding;

import static dev.proverstaking.math.UInt256.WAD;
import static dev.proverstaking.math.UInt256.ZERO;

import dev.proverstaking.math.UInt256;
import dev.proverstaking.math.WideSum;

/**
 * The reference contracts' arithmetic, to the unit: commission and accumulator remainders are
 * rounded away (the accumulator's to the treasury as "dust", computed so that it can exceed what
 * the stakers' floors leave), debts are floored, and slashing credits only active stake.
 */
public final class ReferenceRounding implements RoundingRules {
    public static final ReferenceRounding INSTANCE = new ReferenceRounding();

    private ReferenceRounding() {}

    @Override
    public UInt256 slashedShares(UInt256 activeRaw, UInt256 pendingRaw) {
        return activeRaw;
    }

    @Override
    public boolean unstakeAllMovesExactShares() {
        return false;
    }

    @Override
    public Distribution distribute(UInt256 amount, int commissionRate, int commissionCarry, UInt256 accCarry,
                                   UInt256 totalRawShares) {
        UInt256 commission = amount.mulDiv(UInt256.of(commissionRate), COMMISSION_DENOMINATOR);
        UInt256 stakersReward = amount.sub(commission);
        if (totalRawShares.isZero()) {
            return new Distribution(amount, ZERO, ZERO, commissionCarry, accCarry, amount, ZERO);
        }
        UInt256 delta = stakersReward.mulDiv(WAD, totalRawShares);
        UInt256 distributed = delta.mulDiv(totalRawShares, WAD);
        UInt256 dust = stakersReward.sub(distributed);
        return new Distribution(commission, delta, dust, commissionCarry, accCarry, commission, stakersReward);
    }

    @Override
    public RewardBook settle(RewardBook book, UInt256 oldShares, UInt256 newShares, UInt256 acc) {
        UInt256 entitled = book.entitled();
        UInt256 accrued = null;
        if (!oldShares.isZero()) {
            accrued = oldShares.mulDiv(acc, WAD);
            if (accrued.gt(book.debt())) {
                entitled = entitled.add(accrued.sub(book.debt()));
            }
        }
        UInt256 debt = accrued != null && newShares.equals(oldShares) ? accrued : newShares.mulDiv(acc, WAD);
        return new RewardBook(debt, entitled);
    }

    @Override
    public UInt256 payable(UInt256 entitled) {
        return entitled;
    }

    @Override
    public UInt256 afterPaying(UInt256 entitled, UInt256 paid) {
        return entitled.sub(paid);
    }

    @Override
    public UInt256 pendingRewards(RewardBook book, UInt256 shares, UInt256 acc) {
        UInt256 accrued = shares.mulDivFull(acc, WAD);
        UInt256 extra = accrued.ge(book.debt()) ? accrued.sub(book.debt()) : ZERO;
        return saturatingAdd(book.entitled(), extra);
    }

    /** What the position could withdraw, times 1e18: in uint256 while it is below 2^192 (times 1e18 < 2^252). */
    @Override
    public WideSum addEntitlementUnits(RewardBook book, UInt256 shares, UInt256 acc, WideSum sum) {
        UInt256 pending = pendingRewards(book, shares, acc);
        if (pending.limb(3) == 0) return sum.add(pending.mul(WAD));
        return sum.add(pending.toBigInteger().multiply(WAD.toBigInteger()));
    }

    @Override
    public Quotient divide(UInt256 numerator, UInt256 carry, UInt256 divisor) {
        return new Quotient(numerator.div(divisor), ZERO);
    }

    static UInt256 saturatingAdd(UInt256 a, UInt256 b) {
        return UInt256.MAX.sub(a).lt(b) ? UInt256.MAX : a.add(b);
    }
}
