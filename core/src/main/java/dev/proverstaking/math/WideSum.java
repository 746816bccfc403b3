package dev.proverstaking.math;

import java.math.BigInteger;

/**
 * An exact sum of non-negative integers, for audits and snapshot checks that add up a million
 * uint256 values: each {@link #add(UInt256)} adds four limbs in place, with no object per value.
 * Five 64-bit limbs hold any sum of fewer than 2^64 uint256 values (less than 2^320); a value
 * wider than uint256, rare, is added through a {@link BigInteger} kept beside them. Mutable, not
 * thread-safe; {@link #toBigInteger()} and {@link #equalsValue} read the sum as it is.
 */
public final class WideSum {
    // limbs, least significant first, each unsigned
    private long s0, s1, s2, s3, s4;
    /** What was added as BigInteger values. */
    private BigInteger wide = BigInteger.ZERO;

    /** Adds {@code v}. */
    public WideSum add(UInt256 v) {
        return add(v.limb(0), v.limb(1), v.limb(2), v.limb(3));
    }

    /** Adds the uint256 whose limbs, least significant first, are given. */
    public WideSum add(long l0, long l1, long l2, long l3) {
        long r = s0 + l0;
        long c = Long.compareUnsigned(r, s0) < 0 ? 1 : 0;
        s0 = r;
        if ((l1 | l2 | l3 | c) == 0) return this;
        r = s1 + l1 + c;
        c = Long.compareUnsigned(r, s1) < 0 || c == 1 && r == s1 ? 1 : 0;
        s1 = r;
        r = s2 + l2 + c;
        c = Long.compareUnsigned(r, s2) < 0 || c == 1 && r == s2 ? 1 : 0;
        s2 = r;
        r = s3 + l3 + c;
        c = Long.compareUnsigned(r, s3) < 0 || c == 1 && r == s3 ? 1 : 0;
        s3 = r;
        s4 += c; // fewer than 2^64 additions: never carries out
        return this;
    }

    /** Adds {@code v}, which must not be negative (of any width). */
    public WideSum add(BigInteger v) {
        if (v.signum() < 0) throw new IllegalArgumentException("negative: " + v);
        if (v.bitLength() <= 256) return add(UInt256.of(v));
        wide = wide.add(v);
        return this;
    }

    /** Adds another sum. */
    public WideSum add(WideSum o) {
        add(o.s0, o.s1, o.s2, o.s3);
        s4 += o.s4;
        wide = wide.add(o.wide);
        return this;
    }

    public boolean isZero() {
        return (s0 | s1 | s2 | s3 | s4) == 0 && wide.signum() == 0;
    }

    /** Whether the sum is exactly {@code v}. */
    public boolean equalsValue(UInt256 v) {
        return s4 == 0 && wide.signum() == 0 && s0 == v.limb(0) && s1 == v.limb(1) && s2 == v.limb(2) && s3 == v.limb(3);
    }

    public BigInteger toBigInteger() {
        BigInteger low = UInt256.ofLimbs(s0, s1, s2, s3).toBigInteger();
        BigInteger high = s4 == 0 ? BigInteger.ZERO : new BigInteger(Long.toUnsignedString(s4)).shiftLeft(256);
        return wide.add(high).add(low);
    }

    @Override
    public String toString() {
        return toBigInteger().toString();
    }
}
