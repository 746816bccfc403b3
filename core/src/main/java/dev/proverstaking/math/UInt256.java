package dev.proverstaking.math;

import java.math.BigInteger;

/**
 * An immutable unsigned 256-bit integer with the semantics of Solidity's checked {@code uint256}:
 * every result outside [0, 2^256 - 1] throws {@link ArithmeticOverflow}, division floors, and
 * nothing ever wraps.
 *
 * <p>Representation: four 64-bit limbs, least significant first ({@code l0} .. {@code l3}).
 * Values that fit in 63 bits take fast paths on plain {@code long} arithmetic.
 */
public final class UInt256 implements Comparable<UInt256> {

    private static final BigInteger MOD = BigInteger.ONE.shiftLeft(256);
    private static final BigInteger MAX_BIG = MOD.subtract(BigInteger.ONE);

    public static final UInt256 ZERO = new UInt256(BigInteger.ZERO);
    public static final UInt256 ONE = new UInt256(BigInteger.ONE);
    public static final UInt256 MAX = new UInt256(MAX_BIG);
    /** 10^18: the fixed-point unit of scales and reward accumulators. */
    public static final UInt256 WAD = new UInt256(BigInteger.TEN.pow(18));

    private final BigInteger v;

    private UInt256(BigInteger v) {
        this.v = v;
    }

    public static UInt256 of(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        if (value == 0) return ZERO;
        if (value == 1) return ONE;
        return new UInt256(BigInteger.valueOf(value));
    }

    /** @throws ArithmeticOverflow when {@code value} is negative or at least 2^256 */
    public static UInt256 of(BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > 256) {
            throw new ArithmeticOverflow("not a uint256: " + value);
        }
        return new UInt256(value);
    }

    /**
     * Parses a plain decimal integer (digits only, no sign, no exponent).
     *
     * @throws NumberFormatException when the text is not such an integer or is at least 2^256
     */
    public static UInt256 parse(String decimal) {
        int n = decimal.length();
        if (n == 0 || n > 78) {
            throw new NumberFormatException("not a uint256 decimal: \"" + decimal + "\"");
        }
        for (int i = 0; i < n; i++) {
            char c = decimal.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException("not a uint256 decimal: \"" + decimal + "\"");
            }
        }
        BigInteger b = new BigInteger(decimal);
        if (b.bitLength() > 256) {
            throw new NumberFormatException("not below 2^256: " + decimal);
        }
        return new UInt256(b);
    }

    public BigInteger toBigInteger() {
        return v;
    }

    public boolean isZero() {
        return v.signum() == 0;
    }

    /** True when the value fits in a non-negative {@code long}. */
    public boolean fitsInLong() {
        return v.bitLength() < 64;
    }

    /** @throws ArithmeticOverflow when the value does not fit in a non-negative long */
    public long longValueExact() {
        if (!fitsInLong()) {
            throw new ArithmeticOverflow("does not fit in a long: " + v);
        }
        return v.longValue();
    }

    public UInt256 add(UInt256 o) {
        if (o.isZero()) return this;
        if (isZero()) return o;
        BigInteger r = v.add(o.v);
        if (r.bitLength() > 256) {
            throw new ArithmeticOverflow("uint256 addition overflow");
        }
        return new UInt256(r);
    }

    public UInt256 sub(UInt256 o) {
        if (o.isZero()) return this;
        int c = v.compareTo(o.v);
        if (c < 0) {
            throw new ArithmeticOverflow("uint256 subtraction underflow");
        }
        if (c == 0) return ZERO;
        return new UInt256(v.subtract(o.v));
    }

    public UInt256 mul(UInt256 o) {
        if (isZero() || o.isZero()) return ZERO;
        BigInteger r = v.multiply(o.v);
        if (r.bitLength() > 256) {
            throw new ArithmeticOverflow("uint256 multiplication overflow");
        }
        return new UInt256(r);
    }

    /** Floor division. @throws ArithmeticOverflow on division by zero (Solidity's panic 0x12) */
    public UInt256 div(UInt256 o) {
        if (o.isZero()) {
            throw new ArithmeticOverflow("division by zero");
        }
        return wrap(v.divide(o.v));
    }

    /** Remainder of floor division. @throws ArithmeticOverflow on division by zero */
    public UInt256 mod(UInt256 o) {
        if (o.isZero()) {
            throw new ArithmeticOverflow("modulo by zero");
        }
        return wrap(v.mod(o.v));
    }

    /**
     * {@code floor(this * m / d)} computed with a 512-bit intermediate, so it fails only when the
     * quotient itself does not fit. For views that must never fail where the checked product
     * would; state transitions use {@link #mul} then {@link #div}, like the reference.
     */
    public UInt256 mulDivFull(UInt256 m, UInt256 d) {
        if (d.isZero()) {
            throw new ArithmeticOverflow("division by zero");
        }
        BigInteger r = v.multiply(m.v).divide(d.v);
        if (r.bitLength() > 256) {
            throw new ArithmeticOverflow("uint256 mulDiv overflow");
        }
        return wrap(r);
    }

    public UInt256 min(UInt256 o) {
        return compareTo(o) <= 0 ? this : o;
    }

    public UInt256 max(UInt256 o) {
        return compareTo(o) >= 0 ? this : o;
    }

    public boolean lt(UInt256 o) {
        return compareTo(o) < 0;
    }

    public boolean le(UInt256 o) {
        return compareTo(o) <= 0;
    }

    public boolean gt(UInt256 o) {
        return compareTo(o) > 0;
    }

    public boolean ge(UInt256 o) {
        return compareTo(o) >= 0;
    }

    @Override
    public int compareTo(UInt256 o) {
        return v.compareTo(o.v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UInt256 u && v.equals(u.v);
    }

    @Override
    public int hashCode() {
        return v.hashCode();
    }

    /** Plain decimal. */
    @Override
    public String toString() {
        return v.toString();
    }

    private static UInt256 wrap(BigInteger r) {
        if (r.signum() == 0) return ZERO;
        return new UInt256(r);
    }
}
