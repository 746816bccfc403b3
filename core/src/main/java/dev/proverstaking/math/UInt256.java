package dev.proverstaking.math;

import java.math.BigInteger;

/**
 * An immutable unsigned 256-bit integer with the semantics of Solidity's checked {@code uint256}:
 * every result outside [0, 2^256 - 1] throws {@link ArithmeticOverflow}, division floors, and
 * nothing ever wraps.
 *
 * <p>Representation: four 64-bit limbs, least significant first ({@code l0} .. {@code l3}), each
 * read as unsigned. Arithmetic works on the limbs directly, with fast paths for operands that fit
 * in 64 or 128 bits: a product of two values below 2^128 cannot overflow, and a divisor below
 * 2^64 or 2^128 divides without allocating. Larger divisors, and {@link #mulDivFull} products of
 * more than 256 bits, use Knuth's algorithm D over 64-bit limbs.
 */
public final class UInt256 implements Comparable<UInt256> {

    public static final UInt256 ZERO = new UInt256(0, 0, 0, 0);
    public static final UInt256 ONE = new UInt256(1, 0, 0, 0);
    public static final UInt256 MAX = new UInt256(-1L, -1L, -1L, -1L);
    /** 10^18: the fixed-point unit of scales and reward accumulators. */
    public static final UInt256 WAD = new UInt256(1_000_000_000_000_000_000L, 0, 0, 0);

    private static final long TEN_18 = 1_000_000_000_000_000_000L;
    private static final int TEN_18_SHIFT = Long.numberOfLeadingZeros(TEN_18);
    private static final long TEN_18_NORM = TEN_18 << TEN_18_SHIFT;
    private static final long TEN_18_INV = reciprocal(TEN_18_NORM);

    /** Limbs, least significant first, each unsigned. */
    private final long l0;
    private final long l1;
    private final long l2;
    private final long l3;

    private UInt256(long l0, long l1, long l2, long l3) {
        this.l0 = l0;
        this.l1 = l1;
        this.l2 = l2;
        this.l3 = l3;
    }

    /**
     * The value of four 64-bit limbs, least significant first, each read as unsigned: the inverse
     * of {@link #limb}, so that owners of many values can store them inline as primitives.
     */
    public static UInt256 ofLimbs(long l0, long l1, long l2, long l3) {
        return limbs(l0, l1, l2, l3);
    }

    /** Limb {@code i} (0 is the least significant, 3 the most), as an unsigned 64-bit pattern. */
    public long limb(int i) {
        switch (i) {
            case 0: return l0;
            case 1: return l1;
            case 2: return l2;
            case 3: return l3;
            default: throw new IndexOutOfBoundsException("limb " + i);
        }
    }

    /** The shared ZERO or ONE when the limbs spell one of them, else a new instance. */
    private static UInt256 limbs(long l0, long l1, long l2, long l3) {
        if ((l1 | l2 | l3) == 0) {
            if (l0 == 0) return ZERO;
            if (l0 == 1) return ONE;
        }
        return new UInt256(l0, l1, l2, l3);
    }

    private static UInt256 small(long l0) {
        if (l0 == 0) return ZERO;
        if (l0 == 1) return ONE;
        return new UInt256(l0, 0, 0, 0);
    }

    public static UInt256 of(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        return small(value);
    }

    /** @throws ArithmeticOverflow when {@code value} is negative or at least 2^256 */
    public static UInt256 of(BigInteger value) {
        int bits = value.bitLength();
        if (value.signum() < 0 || bits > 256) {
            throw new ArithmeticOverflow("not a uint256: " + value);
        }
        if (bits < 64) {
            return small(value.longValue());
        }
        byte[] be = value.toByteArray(); // big-endian, at most 33 bytes, a leading 0 only as sign
        long[] w = new long[4];
        for (int i = 0, k = be.length - 1; k >= 0 && i < 256; i += 8, k--) {
            w[i >>> 6] |= (be[k] & 0xFFL) << (i & 63);
        }
        return new UInt256(w[0], w[1], w[2], w[3]);
    }

    /**
     * Parses a plain decimal integer (digits only, no sign, no exponent; leading zeros allowed, and
     * not counted against the 78 digits a uint256 can have).
     *
     * @throws NumberFormatException when the text is not such an integer or is at least 2^256
     */
    public static UInt256 parse(String decimal) {
        int n = decimal.length();
        if (n == 0) {
            throw new NumberFormatException("not a uint256 decimal: \"\"");
        }
        for (int i = 0; i < n; i++) {
            char c = decimal.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException("not a uint256 decimal: \"" + shortened(decimal) + "\"");
            }
        }
        int zeros = 0;
        while (zeros < n - 1 && decimal.charAt(zeros) == '0') zeros++;
        if (zeros > 0) {
            decimal = decimal.substring(zeros);
            n -= zeros;
        }
        if (n > 78) {
            throw new NumberFormatException("not a uint256 decimal: \"" + shortened(decimal) + "\" has " + n + " digits");
        }
        if (n <= 18) {
            return small(digits(decimal, 0, n));
        }
        // Value = chunks of 18 digits (the first one shorter): x = x * 10^18 + chunk.
        int first = n % 18 == 0 ? 18 : n % 18;
        long x0 = digits(decimal, 0, first);
        long x1 = 0;
        long x2 = 0;
        long x3 = 0;
        for (int at = first; at < n; at += 18) {
            long c = digits(decimal, at, at + 18);
            long lo = x0 * TEN_18;
            long hi = umulh(x0, TEN_18);
            x0 = lo + c;
            c = hi + carry(x0, lo);
            lo = x1 * TEN_18;
            hi = umulh(x1, TEN_18);
            x1 = lo + c;
            c = hi + carry(x1, lo);
            lo = x2 * TEN_18;
            hi = umulh(x2, TEN_18);
            x2 = lo + c;
            c = hi + carry(x2, lo);
            lo = x3 * TEN_18;
            hi = umulh(x3, TEN_18);
            x3 = lo + c;
            c = hi + carry(x3, lo);
            if (c != 0) {
                throw new NumberFormatException("not below 2^256: " + decimal);
            }
        }
        return limbs(x0, x1, x2, x3);
    }

    private static String shortened(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /** The value of at most 18 validated decimal digits {@code s[from, to)}. */
    private static long digits(String s, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    public BigInteger toBigInteger() {
        if (fitsInLong()) {
            return BigInteger.valueOf(l0);
        }
        byte[] be = new byte[32];
        putLimb(be, 0, l3);
        putLimb(be, 8, l2);
        putLimb(be, 16, l1);
        putLimb(be, 24, l0);
        return new BigInteger(1, be);
    }

    private static void putLimb(byte[] be, int at, long limb) {
        for (int i = 7; i >= 0; i--) {
            be[at + i] = (byte) limb;
            limb >>>= 8;
        }
    }

    public boolean isZero() {
        return (l0 | l1 | l2 | l3) == 0;
    }

    /** True when the value fits in a non-negative {@code long}. */
    public boolean fitsInLong() {
        return (l1 | l2 | l3) == 0 && l0 >= 0;
    }

    /** @throws ArithmeticOverflow when the value does not fit in a non-negative long */
    public long longValueExact() {
        if (!fitsInLong()) {
            throw new ArithmeticOverflow("does not fit in a long: " + this);
        }
        return l0;
    }

    public UInt256 add(UInt256 o) {
        if (o.isZero()) return this;
        if (isZero()) return o;
        long a0 = l0;
        long b0 = o.l0;
        if ((l1 | l2 | l3 | o.l1 | o.l2 | o.l3) == 0 && (a0 | b0) >= 0) {
            return new UInt256(a0 + b0, 0, 0, 0); // below 2^64 - 1, no carry
        }
        long s0 = a0 + b0;
        long c = addCarry(a0, b0, s0);
        long s1 = l1 + o.l1 + c;
        c = addCarry(l1, o.l1, s1);
        long s2 = l2 + o.l2 + c;
        c = addCarry(l2, o.l2, s2);
        long s3 = l3 + o.l3 + c;
        if (addCarry(l3, o.l3, s3) != 0) {
            throw new ArithmeticOverflow("uint256 addition overflow");
        }
        return new UInt256(s0, s1, s2, s3);
    }

    public UInt256 sub(UInt256 o) {
        if (o.isZero()) return this;
        long a0 = l0;
        long b0 = o.l0;
        if ((l1 | l2 | l3 | o.l1 | o.l2 | o.l3) == 0) {
            int c = Long.compareUnsigned(a0, b0);
            if (c < 0) {
                throw new ArithmeticOverflow("uint256 subtraction underflow");
            }
            return c == 0 ? ZERO : small(a0 - b0);
        }
        long d0 = a0 - b0;
        long b = subBorrow(a0, b0, d0);
        long d1 = l1 - o.l1 - b;
        b = subBorrow(l1, o.l1, d1);
        long d2 = l2 - o.l2 - b;
        b = subBorrow(l2, o.l2, d2);
        long d3 = l3 - o.l3 - b;
        if (subBorrow(l3, o.l3, d3) != 0) {
            throw new ArithmeticOverflow("uint256 subtraction underflow");
        }
        return limbs(d0, d1, d2, d3);
    }

    public UInt256 mul(UInt256 o) {
        if (isZero() || o.isZero()) return ZERO;
        if (o.isOne()) return this;
        if (isOne()) return o;
        long a0 = l0;
        long a1 = l1;
        long a2 = l2;
        long a3 = l3;
        long b0 = o.l0;
        long b1 = o.l1;
        long b2 = o.l2;
        long b3 = o.l3;
        if ((a2 | a3 | b2 | b3) == 0) {
            if ((a1 | b1) == 0) {
                return new UInt256(a0 * b0, umulh(a0, b0), 0, 0);
            }
            return mul128(a0, a1, b0, b1);
        }
        // Some a_i * b_j with i + j >= 4 is non-zero: the product is at least 2^256.
        if ((a1 != 0 && b3 != 0) || (a2 != 0 && (b2 | b3) != 0) || (a3 != 0 && (b1 | b2 | b3) != 0)) {
            throw new ArithmeticOverflow("uint256 multiplication overflow");
        }
        // Row by row: r += a_i * b shifted by i limbs; anything carried into limb 4 overflows.
        // Each step computes x * y + c (+ r), at most 2^128 - 1, as (lo, hi).
        long lo;
        long hi;
        long t;
        long r0 = a0 * b0;
        long c = umulh(a0, b0);
        lo = a0 * b1;
        hi = umulh(a0, b1);
        long r1 = lo + c;
        c = hi + carry(r1, lo);
        lo = a0 * b2;
        hi = umulh(a0, b2);
        long r2 = lo + c;
        c = hi + carry(r2, lo);
        lo = a0 * b3;
        hi = umulh(a0, b3);
        long r3 = lo + c;
        long over = hi + carry(r3, lo);
        if (a1 != 0) {
            lo = a1 * b0;
            hi = umulh(a1, b0);
            t = r1 + lo;
            c = hi + carry(t, lo);
            r1 = t;
            lo = a1 * b1;
            hi = umulh(a1, b1);
            t = lo + c;
            hi += carry(t, lo);
            lo = t;
            t = r2 + lo;
            c = hi + carry(t, lo);
            r2 = t;
            lo = a1 * b2;
            hi = umulh(a1, b2);
            t = lo + c;
            hi += carry(t, lo);
            lo = t;
            t = r3 + lo;
            over |= hi + carry(t, lo);
            r3 = t;
        }
        if (a2 != 0) {
            lo = a2 * b0;
            hi = umulh(a2, b0);
            t = r2 + lo;
            c = hi + carry(t, lo);
            r2 = t;
            lo = a2 * b1;
            hi = umulh(a2, b1);
            t = lo + c;
            hi += carry(t, lo);
            lo = t;
            t = r3 + lo;
            over |= hi + carry(t, lo);
            r3 = t;
        }
        if (a3 != 0) {
            lo = a3 * b0;
            hi = umulh(a3, b0);
            t = r3 + lo;
            over |= hi + carry(t, lo);
            r3 = t;
        }
        if (over != 0) {
            throw new ArithmeticOverflow("uint256 multiplication overflow");
        }
        return new UInt256(r0, r1, r2, r3);
    }

    /** (a1:a0) * (b1:b0), both below 2^128, so the product is below 2^256. */
    private static UInt256 mul128(long a0, long a1, long b0, long b1) {
        long lo00 = a0 * b0;
        long hi00 = umulh(a0, b0);
        long lo01 = a0 * b1;
        long hi01 = umulh(a0, b1);
        long lo10 = a1 * b0;
        long hi10 = umulh(a1, b0);
        long lo11 = a1 * b1;
        long hi11 = umulh(a1, b1);
        long t = hi00 + lo01;
        long c = carry(t, lo01);
        long r1 = t + lo10;
        c += carry(r1, lo10);
        t = hi01 + hi10;
        long c2 = carry(t, hi10);
        long u = t + lo11;
        c2 += carry(u, lo11);
        long r2 = u + c;
        c2 += carry(r2, c);
        return new UInt256(lo00, r1, r2, hi11 + c2);
    }

    /**
     * {@code this.mul(m).div(d)} with the same checks (the product must fit in 256 bits, d must not
     * be 0) but without materializing the product: the hot path of share and reward arithmetic.
     */
    public UInt256 mulDiv(UInt256 m, UInt256 d) {
        if (d.isZero()) {
            // the reference multiplies first: an overflowing product reports as such
            mul(m);
            throw new ArithmeticOverflow("division by zero");
        }
        if (isZero() || m.isZero()) return ZERO;
        if ((l2 | l3 | m.l2 | m.l3) != 0) return mul(m).div(d);
        long a0 = l0, a1 = l1, b0 = m.l0, b1 = m.l1;
        if ((a1 | b1) == 0) {
            long p1 = umulh(a0, b0);
            long p0 = a0 * b0;
            if (p1 == 0 && p0 >= 0 && (d.l1 | d.l2 | d.l3) == 0 && d.l0 > 0) return small(p0 / d.l0);
            return divide(p0, p1, 0, 0, d, false);
        }
        // a product of operands below 2^128 fits; it does not escape, so the JIT keeps it in registers
        UInt256 p = mul128(a0, a1, b0, b1);
        return divide(p.l0, p.l1, p.l2, p.l3, d, false);
    }

    /**
     * {@code e + (a * b - d)}, each step checked (the product must fit, must not be below {@code d},
     * and the sum must fit), with one result object: the settlement of a reward book
     * ({@code entitled + shares * acc - debt}) on the hot path.
     */
    public static UInt256 addMulSub(UInt256 e, UInt256 a, UInt256 b, UInt256 d) {
        if ((a.l2 | a.l3 | b.l2 | b.l3) != 0) return e.add(a.mul(b).sub(d));
        UInt256 p = mul128(a.l0, a.l1, b.l0, b.l1);
        long p0 = p.l0, p1 = p.l1, p2 = p.l2, p3 = p.l3;
        // p - d
        long r0 = p0 - d.l0;
        long bw = Long.compareUnsigned(p0, d.l0) < 0 ? 1 : 0;
        long r1 = p1 - d.l1 - bw;
        bw = (Long.compareUnsigned(p1, d.l1) < 0 || (bw == 1 && p1 == d.l1)) ? 1 : 0;
        long r2 = p2 - d.l2 - bw;
        bw = (Long.compareUnsigned(p2, d.l2) < 0 || (bw == 1 && p2 == d.l2)) ? 1 : 0;
        long r3 = p3 - d.l3 - bw;
        bw = (Long.compareUnsigned(p3, d.l3) < 0 || (bw == 1 && p3 == d.l3)) ? 1 : 0;
        if (bw != 0) throw new ArithmeticOverflow("uint256 subtraction underflow");
        // e + (p - d)
        long s0 = e.l0 + r0;
        long cy = Long.compareUnsigned(s0, r0) < 0 ? 1 : 0;
        long s1 = e.l1 + r1 + cy;
        cy = (Long.compareUnsigned(s1, r1) < 0 || (cy == 1 && s1 == r1)) ? 1 : 0;
        long s2 = e.l2 + r2 + cy;
        cy = (Long.compareUnsigned(s2, r2) < 0 || (cy == 1 && s2 == r2)) ? 1 : 0;
        long s3 = e.l3 + r3 + cy;
        cy = (Long.compareUnsigned(s3, r3) < 0 || (cy == 1 && s3 == r3)) ? 1 : 0;
        if (cy != 0) throw new ArithmeticOverflow("uint256 addition overflow");
        return limbs(s0, s1, s2, s3);
    }

    /** Floor division. @throws ArithmeticOverflow on division by zero (Solidity's panic 0x12) */
    public UInt256 div(UInt256 o) {
        if (o.isZero()) {
            throw new ArithmeticOverflow("division by zero");
        }
        if ((l1 | l2 | l3 | o.l1 | o.l2 | o.l3) == 0 && (l0 | o.l0) >= 0) {
            return small(l0 / o.l0);
        }
        if (o.isOne()) return this;
        return divide(l0, l1, l2, l3, o, false);
    }

    /** Remainder of floor division. @throws ArithmeticOverflow on division by zero */
    public UInt256 mod(UInt256 o) {
        if (o.isZero()) {
            throw new ArithmeticOverflow("modulo by zero");
        }
        if ((l1 | l2 | l3 | o.l1 | o.l2 | o.l3) == 0 && (l0 | o.l0) >= 0) {
            return small(l0 % o.l0);
        }
        if (compareTo(o) < 0) return this;
        return divide(l0, l1, l2, l3, o, true);
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
        if (isZero() || m.isZero()) return ZERO;
        if ((l2 | l3 | m.l2 | m.l3) == 0) {
            long a0 = l0;
            long a1 = l1;
            long b0 = m.l0;
            long b1 = m.l1;
            if ((a1 | b1) == 0) {
                long lo = a0 * b0;
                long hi = umulh(a0, b0);
                if ((hi | d.l1 | d.l2 | d.l3) == 0 && (lo | d.l0) >= 0) {
                    return small(lo / d.l0);
                }
                return divide(lo, hi, 0, 0, d, false);
            }
            // Both below 2^128: the product has at most four limbs.
            UInt256 p = mul128(a0, a1, b0, b1);
            return d.isOne() ? p : divide(p.l0, p.l1, p.l2, p.l3, d, false);
        }
        long[] p = mul512(this, m);
        // floor(P / d) >= 2^256 exactly when floor(P / 2^256) >= d.
        if (compare(p[7], p[6], p[5], p[4], d.l3, d.l2, d.l1, d.l0) >= 0) {
            throw new ArithmeticOverflow("uint256 mulDiv overflow");
        }
        if ((p[4] | p[5] | p[6] | p[7]) == 0) {
            return divide(p[0], p[1], p[2], p[3], d, false);
        }
        if ((d.l1 | d.l2 | d.l3) == 0) {
            // p[5..7] are zero and p[4] < d: p[4] is the first partial remainder.
            long dv = d.l0;
            int s = Long.numberOfLeadingZeros(dv);
            long dn = dv << s;
            long inv = reciprocalOf(dn);
            long r = p[4];
            long q3 = divStep(r, p[3], dn, s, inv);
            r = p[3] - q3 * dv;
            long q2 = divStep(r, p[2], dn, s, inv);
            r = p[2] - q2 * dv;
            long q1 = divStep(r, p[1], dn, s, inv);
            r = p[1] - q1 * dv;
            long q0 = divStep(r, p[0], dn, s, inv);
            return limbs(q0, q1, q2, q3);
        }
        long[] v = {d.l0, d.l1, d.l2, d.l3};
        int n = d.l3 != 0 ? 4 : d.l2 != 0 ? 3 : 2;
        int ulen = 8;
        while (p[ulen - 1] == 0) ulen--;
        long[] w = knuthD(p, ulen, v, n);
        // The quotient occupies w[n .. ulen] and is below 2^256, so limbs past the fourth are zero.
        return limbs(w[n], w[n + 1], n + 2 <= ulen ? w[n + 2] : 0, n + 3 <= ulen ? w[n + 3] : 0);
    }

    /** The full 512-bit product, eight limbs, least significant first. */
    private static long[] mul512(UInt256 x, UInt256 y) {
        long[] a = {x.l0, x.l1, x.l2, x.l3};
        long[] b = {y.l0, y.l1, y.l2, y.l3};
        long[] p = new long[8];
        for (int i = 0; i < 4; i++) {
            long ai = a[i];
            if (ai == 0) continue;
            long c = 0;
            for (int j = 0; j < 4; j++) {
                long lo = ai * b[j];
                long hi = umulh(ai, b[j]);
                lo += c;
                hi += carry(lo, c);
                long s = p[i + j] + lo;
                hi += carry(s, lo);
                p[i + j] = s;
                c = hi;
            }
            p[i + 4] = c;
        }
        return p;
    }

    /**
     * The quotient (or remainder) of (a3:a2:a1:a0) divided by a non-zero {@code d}.
     */
    private static UInt256 divide(long a0, long a1, long a2, long a3, UInt256 d, boolean remainder) {
        long d0 = d.l0;
        long d1 = d.l1;
        long d2 = d.l2;
        long d3 = d.l3;
        if ((d1 | d2 | d3) == 0) {
            if ((a1 | a2 | a3) == 0) {
                long q = udiv64(a0, d0);
                return small(remainder ? a0 - q * d0 : q);
            }
            int s = Long.numberOfLeadingZeros(d0);
            long dn = d0 << s;
            long inv = reciprocalOf(dn);
            long r = 0;
            long q3 = 0;
            long q2 = 0;
            if (a3 != 0) {
                q3 = divStep(r, a3, dn, s, inv);
                r = a3 - q3 * d0;
            }
            if ((r | a2) != 0) {
                q2 = divStep(r, a2, dn, s, inv);
                r = a2 - q2 * d0;
            }
            long q1 = divStep(r, a1, dn, s, inv);
            r = a1 - q1 * d0;
            long q0 = divStep(r, a0, dn, s, inv);
            r = a0 - q0 * d0;
            return remainder ? small(r) : limbs(q0, q1, q2, q3);
        }
        int cmp = compare(a3, a2, a1, a0, d3, d2, d1, d0);
        if (cmp < 0) {
            return remainder ? limbs(a0, a1, a2, a3) : ZERO;
        }
        if (cmp == 0) {
            return remainder ? ZERO : ONE;
        }
        if ((d2 | d3) == 0) {
            // Two-limb divisor: three 3-by-2 steps on the normalized dividend (n4 .. n0).
            int s = Long.numberOfLeadingZeros(d1);
            long dn1 = (d1 << s) | shr(d0, s);
            long dn0 = d0 << s;
            long inv = reciprocal(dn1);
            long n4 = shr(a3, s);
            long n3 = (a3 << s) | shr(a2, s);
            long n2 = (a2 << s) | shr(a1, s);
            long n1 = (a1 << s) | shr(a0, s);
            long n0 = a0 << s;
            // Partial remainder (r1:r0) < (dn1:dn0) before each step; r = u - q * dn fits 128 bits.
            long q2 = 0;
            long r1 = n3;
            long r0 = n2;
            if (n4 != 0 || compare(n3, n2, dn1, dn0) >= 0) {
                q2 = div3by2(n4, n3, n2, dn1, dn0, inv);
                long x0 = q2 * dn0;
                long x1 = q2 * dn1 + umulh(q2, dn0);
                r1 = n3 - x1 - (Long.compareUnsigned(n2, x0) < 0 ? 1 : 0);
                r0 = n2 - x0;
            }
            long q1 = div3by2(r1, r0, n1, dn1, dn0, inv);
            long x0 = q1 * dn0;
            long x1 = q1 * dn1 + umulh(q1, dn0);
            r1 = r0 - x1 - (Long.compareUnsigned(n1, x0) < 0 ? 1 : 0);
            r0 = n1 - x0;
            long q0 = div3by2(r1, r0, n0, dn1, dn0, inv);
            if (!remainder) {
                return limbs(q0, q1, q2, 0);
            }
            x0 = q0 * dn0;
            x1 = q0 * dn1 + umulh(q0, dn0);
            r1 = r0 - x1 - (Long.compareUnsigned(n0, x0) < 0 ? 1 : 0);
            r0 = n0 - x0;
            return limbs((r0 >>> s) | shl(r1, s), r1 >>> s, 0, 0);
        }
        long[] u = {a0, a1, a2, a3};
        long[] v = {d0, d1, d2, d3};
        int n = d3 != 0 ? 4 : 3;
        int ulen = a3 != 0 ? 4 : 3;
        long[] w = knuthD(u, ulen, v, n);
        if (remainder) {
            return limbs(w[0], w[1], w[2], n == 4 ? w[3] : 0);
        }
        return limbs(w[n], n + 1 <= ulen ? w[n + 1] : 0, 0, 0);
    }

    /**
     * Knuth's algorithm D over 64-bit limbs. Divides {@code u[0 .. ulen)} by {@code v[0 .. n)},
     * where {@code n >= 2}, {@code v[n - 1] != 0} and {@code ulen >= n}. Returns {@code w} of
     * length {@code ulen + 1} with the remainder in {@code w[0 .. n)} and quotient limb {@code j}
     * in {@code w[n + j]}, for {@code j} in {@code 0 .. ulen - n}.
     */
    private static long[] knuthD(long[] u, int ulen, long[] v, int n) {
        int s = Long.numberOfLeadingZeros(v[n - 1]);
        long[] vn = new long[n];
        for (int i = n - 1; i > 0; i--) {
            vn[i] = (v[i] << s) | shr(v[i - 1], s);
        }
        vn[0] = v[0] << s;
        long[] w = new long[ulen + 1];
        w[ulen] = shr(u[ulen - 1], s);
        for (int i = ulen - 1; i > 0; i--) {
            w[i] = (u[i] << s) | shr(u[i - 1], s);
        }
        w[0] = u[0] << s;
        long vTop = vn[n - 1];
        long inv = reciprocal(vTop);
        // Invariant before step j: w[j + 1 .. j + n] < vn, hence w[j + n] <= vTop.
        for (int j = ulen - n; j >= 0; j--) {
            long uTop = w[j + n];
            // Normalized divisor: qhat is at most 2 above the true quotient limb (Knuth, thm 4.3.1B).
            long qhat = uTop == vTop ? -1L : div2by1(uTop, w[j + n - 1], vTop, inv);
            long c = 0;
            long b = 0;
            for (int i = 0; i < n; i++) {
                long lo = qhat * vn[i];
                long hi = umulh(qhat, vn[i]);
                lo += c;
                c = hi + carry(lo, c);
                long x = w[i + j];
                long dd = x - lo - b;
                b = subBorrow(x, lo, dd);
                w[i + j] = dd;
            }
            long x = w[j + n];
            long dd = x - c - b;
            b = subBorrow(x, c, dd);
            w[j + n] = dd;
            while (b != 0) {
                // w[j .. j + n] went negative (mod 2^(64(n + 1))): add vn back until it wraps past 0.
                qhat--;
                long k = 0;
                for (int i = 0; i < n; i++) {
                    long y = w[i + j];
                    long sum = y + vn[i] + k;
                    k = addCarry(y, vn[i], sum);
                    w[i + j] = sum;
                }
                long top = w[j + n] + k;
                if (k != 0 && top == 0) b = 0;
                w[j + n] = top;
            }
            w[j + n] = qhat;
        }
        for (int i = 0; i < n - 1; i++) {
            w[i] = (w[i] >>> s) | shl(w[i + 1], s);
        }
        w[n - 1] >>>= s;
        return w;
    }

    /**
     * floor((u2:u1:u0) / (d1:d0)) for a normalized divisor ({@code d1} has its top bit set) and
     * (u2:u1) < (d1:d0), so the quotient fits in 64 bits.
     */
    private static long div3by2(long u2, long u1, long u0, long d1, long d0, long inv) {
        long q = u2 == d1 ? -1L : div2by1(u2, u1, d1, inv);
        // P = q * (d1:d0), three limbs; q is at most 2 too large, so P > U at most twice.
        long p0 = q * d0;
        long c = umulh(q, d0);
        long t = q * d1;
        long p1 = t + c;
        long p2 = umulh(q, d1) + carry(p1, t);
        while (compare(p2, p1, p0, u2, u1, u0) > 0) {
            q--;
            long np0 = p0 - d0;
            long b = subBorrow(p0, d0, np0);
            long np1 = p1 - d1 - b;
            b = subBorrow(p1, d1, np1);
            p2 -= b;
            p1 = np1;
            p0 = np0;
        }
        return q;
    }

    /**
     * The next quotient limb when dividing (r:a) by {@code d = dn >>> s}, where {@code r < d}
     * is the partial remainder and {@code dn = d << s} has its top bit set.
     */
    private static long divStep(long r, long a, long dn, int s, long inv) {
        return div2by1((r << s) | shr(a, s), a << s, dn, inv);
    }

    /** {@link #reciprocal} of a normalized divisor, taking the precomputed one for 10^18. */
    private static long reciprocalOf(long dn) {
        return dn == TEN_18_NORM ? TEN_18_INV : reciprocal(dn);
    }

    /** floor((2^128 - 1) / d) - 2^64 for a normalized {@code d} (top bit set). */
    private static long reciprocal(long d) {
        return divlu(~d, -1L, d);
    }

    /**
     * floor((u1:u0) / d) for a normalized {@code d}, {@code u1 < d} (unsigned) and
     * {@code inv = reciprocal(d)}: Moller and Granlund, "Improved division by invariant
     * integers" (2011), algorithm 4.
     */
    private static long div2by1(long u1, long u0, long d, long inv) {
        long q0 = inv * u1;
        long q1 = umulh(inv, u1);
        q0 += u0;
        q1 += u1 + carry(q0, u0) + 1;
        long r = u0 - q1 * d;
        if (Long.compareUnsigned(r, q0) > 0) {
            q1--;
            r += d;
        }
        if (Long.compareUnsigned(r, d) >= 0) {
            q1++;
        }
        return q1;
    }

    /**
     * floor((u1:u0) / v) for a normalized {@code v} (top bit set) and {@code u1 < v} (unsigned),
     * so the quotient fits in 64 bits. Hacker's Delight {@code divlu}, over 32-bit half limbs.
     */
    private static long divlu(long u1, long u0, long v) {
        if (u1 == 0) {
            return Long.compareUnsigned(u0, v) >= 0 ? 1 : 0;
        }
        long vn1 = v >>> 32;
        long vn0 = v & 0xFFFF_FFFFL;
        long un1 = u0 >>> 32;
        long un0 = u0 & 0xFFFF_FFFFL;
        long q1 = udivBy32(u1, vn1);
        long rhat = u1 - q1 * vn1;
        while ((q1 >>> 32) != 0 || Long.compareUnsigned(q1 * vn0, (rhat << 32) | un1) > 0) {
            q1--;
            rhat += vn1;
            if ((rhat >>> 32) != 0) break;
        }
        long un21 = (u1 << 32) + un1 - q1 * v;
        long q0 = udivBy32(un21, vn1);
        rhat = un21 - q0 * vn1;
        while ((q0 >>> 32) != 0 || Long.compareUnsigned(q0 * vn0, (rhat << 32) | un0) > 0) {
            q0--;
            rhat += vn1;
            if ((rhat >>> 32) != 0) break;
        }
        return (q1 << 32) | q0;
    }

    /** Unsigned n / d for 0 < d < 2^32 (avoids JDK 17's BigInteger fallback in divideUnsigned). */
    private static long udivBy32(long n, long d) {
        if (n >= 0) return n / d;
        long q = ((n >>> 1) / d) << 1;
        long r = n - q * d;
        return Long.compareUnsigned(r, d) >= 0 ? q + 1 : q;
    }

    /** Unsigned n / d for any non-zero d. */
    private static long udiv64(long n, long d) {
        if (d < 0) {
            return Long.compareUnsigned(n, d) >= 0 ? 1 : 0;
        }
        if (n >= 0) return n / d;
        long q = ((n >>> 1) / d) << 1;
        long r = n - q * d;
        return Long.compareUnsigned(r, d) >= 0 ? q + 1 : q;
    }

    /** High 64 bits of the unsigned 128-bit product a * b. */
    private static long umulh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** 1 when {@code sum = x + addend} (mod 2^64) wrapped, i.e. sum < addend unsigned. */
    private static long carry(long sum, long addend) {
        return Long.compareUnsigned(sum, addend) < 0 ? 1 : 0;
    }

    /** Carry out of {@code s = x + y + c} for a carry-in c of 0 or 1 (Hacker's Delight 2-13). */
    private static long addCarry(long x, long y, long s) {
        return ((x & y) | ((x | y) & ~s)) >>> 63;
    }

    /** Borrow out of {@code d = x - y - b} for a borrow-in b of 0 or 1 (Hacker's Delight 2-13). */
    private static long subBorrow(long x, long y, long d) {
        return ((~x & y) | ((~x | y) & d)) >>> 63;
    }

    /** x >>> (64 - s) for s in 0..63 (0 when s is 0). */
    private static long shr(long x, int s) {
        return (x >>> 1) >>> (63 - s);
    }

    /** x << (64 - s) for s in 0..63 (0 when s is 0). */
    private static long shl(long x, int s) {
        return (x << 1) << (63 - s);
    }

    private static int compare(long a1, long a0, long b1, long b0) {
        if (a1 != b1) return Long.compareUnsigned(a1, b1);
        return Long.compareUnsigned(a0, b0);
    }

    private static int compare(long a2, long a1, long a0, long b2, long b1, long b0) {
        if (a2 != b2) return Long.compareUnsigned(a2, b2);
        if (a1 != b1) return Long.compareUnsigned(a1, b1);
        return Long.compareUnsigned(a0, b0);
    }

    private static int compare(long a3, long a2, long a1, long a0, long b3, long b2, long b1, long b0) {
        if (a3 != b3) return Long.compareUnsigned(a3, b3);
        return compare(a2, a1, a0, b2, b1, b0);
    }

    private boolean isOne() {
        return l0 == 1 && (l1 | l2 | l3) == 0;
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
        return compare(l3, l2, l1, l0, o.l3, o.l2, o.l1, o.l0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UInt256 u && l0 == u.l0 && l1 == u.l1 && l2 == u.l2 && l3 == u.l3;
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(l3);
        h = 31 * h + Long.hashCode(l2);
        h = 31 * h + Long.hashCode(l1);
        return 31 * h + Long.hashCode(l0);
    }

    /** Plain decimal. */
    @Override
    public String toString() {
        if (fitsInLong()) {
            return Long.toString(l0);
        }
        // Peel 18-digit chunks off the bottom until the rest fits in a non-negative long.
        char[] buf = new char[78];
        int pos = buf.length;
        long x0 = l0;
        long x1 = l1;
        long x2 = l2;
        long x3 = l3;
        int s = TEN_18_SHIFT;
        long dn = TEN_18_NORM;
        long inv = TEN_18_INV;
        while ((x1 | x2 | x3) != 0 || x0 < 0) {
            long r = 0;
            long q3 = 0;
            long q2 = 0;
            if (x3 != 0) {
                q3 = divStep(r, x3, dn, s, inv);
                r = x3 - q3 * TEN_18;
            }
            if ((r | x2) != 0) {
                q2 = divStep(r, x2, dn, s, inv);
                r = x2 - q2 * TEN_18;
            }
            long q1 = divStep(r, x1, dn, s, inv);
            r = x1 - q1 * TEN_18;
            long q0 = divStep(r, x0, dn, s, inv);
            r = x0 - q0 * TEN_18;
            for (int i = 0; i < 18; i++) {
                buf[--pos] = (char) ('0' + r % 10);
                r /= 10;
            }
            x0 = q0;
            x1 = q1;
            x2 = q2;
            x3 = q3;
        }
        do {
            buf[--pos] = (char) ('0' + x0 % 10);
            x0 /= 10;
        } while (x0 != 0);
        return new String(buf, pos, buf.length - pos);
    }
}
