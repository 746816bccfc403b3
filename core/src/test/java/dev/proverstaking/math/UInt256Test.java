package dev.proverstaking.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * UInt256 against a BigInteger oracle. The property tests run every seed in {@link #FIXED_SEEDS}
 * plus one fresh seed per run; a failure names its seed, case index and operands. To replay a
 * seed, run with {@code -Duint256.seed=<seed>}, which replaces the fresh one.
 */
class UInt256Test {

    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);
    private static final BigInteger MAX_BIG = TWO_256.subtract(BigInteger.ONE);
    private static final BigInteger WAD_BIG = BigInteger.TEN.pow(18);

    private static final long[] FIXED_SEEDS = {
        1L, 2L, 42L, 0xDEADBEEFL, 20_240_601L, 0x5EED_0000_0000_0001L, -7L, 987_654_321_987L
    };
    private static final long FRESH_SEED = Long.getLong("uint256.seed", System.nanoTime());

    /** Random cases per seed and property; times 9 seeds gives 225,000 per property. */
    private static final int CASES = 25_000;

    /** Powers of two and their neighbours, limb boundaries, powers of ten: all below 2^256. */
    private static final BigInteger[] SPECIAL = specials();

    private static BigInteger[] specials() {
        List<BigInteger> out = new ArrayList<>();
        for (int k = 0; k <= 256; k++) {
            BigInteger p = BigInteger.ONE.shiftLeft(k);
            out.add(p.subtract(BigInteger.ONE));
            out.add(p);
            out.add(p.add(BigInteger.ONE));
        }
        for (int k : new int[] {32, 63, 64, 96, 127, 128, 160, 191, 192, 224, 255, 256}) {
            BigInteger p = BigInteger.ONE.shiftLeft(k);
            for (int d = -3; d <= 3; d++) {
                out.add(p.add(BigInteger.valueOf(d)));
            }
        }
        for (int k = 0; k <= 77; k++) {
            BigInteger p = BigInteger.TEN.pow(k);
            out.add(p.subtract(BigInteger.ONE));
            out.add(p);
            out.add(p.add(BigInteger.ONE));
        }
        for (long m : new long[] {2, 3, 7, 1000, 1_000_000, 1_000_000_000, 123_456_789_012L}) {
            out.add(WAD_BIG.multiply(BigInteger.valueOf(m)));
        }
        out.add(MAX_BIG.shiftRight(1));
        out.add(MAX_BIG.subtract(BigInteger.ONE));
        out.removeIf(x -> x.signum() < 0 || x.bitLength() > 256);
        return out.toArray(BigInteger[]::new);
    }

    private static long[] seeds() {
        long[] all = java.util.Arrays.copyOf(FIXED_SEEDS, FIXED_SEEDS.length + 1);
        all[FIXED_SEEDS.length] = FRESH_SEED;
        return all;
    }

    // ---------------------------------------------------------------- generators

    /** A value in [0, 2^256) from a distribution biased toward edge cases. */
    private static BigInteger gen(SplittableRandom r) {
        int kind = r.nextInt(20);
        switch (kind) {
            case 0:
                return BigInteger.ZERO;
            case 1:
                return BigInteger.ONE;
            case 2:
                return MAX_BIG;
            case 3:
            case 4:
            case 5:
                return SPECIAL[r.nextInt(SPECIAL.length)];
            case 6:
                return WAD_BIG.multiply(BigInteger.valueOf(r.nextLong(1, 10_000_000_000L)));
            case 7:
            case 8:
                return limbPattern(r);
            case 9:
            case 10:
                // token amounts, about 1e17 .. 1e28
                return randomBits(r, 57 + r.nextInt(37));
            default:
                return randomBits(r, 1 + r.nextInt(256));
        }
    }

    /** Limbs drawn from {0, 1, -1, MIN, MAX, random}: carries, borrows and Knuth D corner cases. */
    private static BigInteger limbPattern(SplittableRandom r) {
        long[] l = new long[4];
        for (int i = 0; i < 4; i++) {
            switch (r.nextInt(7)) {
                case 0 -> l[i] = 0;
                case 1 -> l[i] = 1;
                case 2 -> l[i] = -1L;
                case 3 -> l[i] = Long.MIN_VALUE;
                case 4 -> l[i] = Long.MAX_VALUE;
                case 5 -> l[i] = -2L;
                default -> l[i] = r.nextLong();
            }
        }
        int top = r.nextInt(4);
        for (int i = top + 1; i < 4; i++) {
            l[i] = 0;
        }
        return big(l[0], l[1], l[2], l[3]);
    }

    /** A uniformly random value of exactly {@code bits} bits (1..256). */
    private static BigInteger randomBits(SplittableRandom r, int bits) {
        BigInteger x = big(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
        return x.shiftRight(256 - bits).setBit(bits - 1);
    }

    private static BigInteger big(long l0, long l1, long l2, long l3) {
        byte[] be = new byte[33];
        long[] l = {l3, l2, l1, l0};
        for (int i = 0; i < 4; i++) {
            for (int b = 0; b < 8; b++) {
                be[1 + i * 8 + b] = (byte) (l[i] >>> (56 - 8 * b));
            }
        }
        return new BigInteger(be);
    }

    /** A divisor for {@code a}: independent, or one that leaves a quotient near limb boundaries. */
    private static BigInteger divisorFor(SplittableRandom r, BigInteger a) {
        switch (r.nextInt(8)) {
            case 0:
                return a;
            case 1:
                return clamp(a.add(BigInteger.valueOf(r.nextInt(5) - 2)));
            case 2:
                return a.shiftRight(r.nextInt(257));
            case 3:
                return clamp(a.shiftRight(64 * (1 + r.nextInt(3))).add(BigInteger.valueOf(r.nextInt(3) - 1)));
            default:
                return gen(r);
        }
    }

    /** A dividend for {@code d}: often d * q + rem with a structured q. */
    private static BigInteger dividendFor(SplittableRandom r, BigInteger d) {
        if (r.nextInt(3) != 0 || d.signum() == 0) {
            return gen(r);
        }
        BigInteger q = gen(r);
        BigInteger rem = r.nextBoolean() ? BigInteger.ZERO : d.subtract(BigInteger.ONE);
        if (r.nextBoolean()) {
            rem = randomBits(r, 256).mod(d);
        }
        BigInteger a = d.multiply(q).add(rem);
        return a.bitLength() <= 256 ? a : a.mod(TWO_256);
    }

    private static BigInteger clamp(BigInteger x) {
        if (x.signum() < 0) return BigInteger.ZERO;
        if (x.bitLength() > 256) return MAX_BIG;
        return x;
    }

    // ---------------------------------------------------------------- checking

    private static String describe(String op, long seed, int i, BigInteger... operands) {
        StringBuilder sb = new StringBuilder(op).append(" seed=").append(seed).append(" case=").append(i);
        for (int k = 0; k < operands.length; k++) {
            sb.append(' ').append((char) ('a' + k)).append('=').append(operands[k]);
        }
        return sb.toString();
    }

    /** {@code expected == null} means the operation must throw ArithmeticOverflow. */
    private static void check(
            String op, long seed, int i, BigInteger expected, Supplier<UInt256> actual, BigInteger... operands) {
        UInt256 got;
        try {
            got = actual.get();
        } catch (ArithmeticOverflow e) {
            if (expected == null) return;
            fail(describe(op, seed, i, operands) + ": expected " + expected + " but threw " + e, e);
            return;
        } catch (RuntimeException e) {
            fail(describe(op, seed, i, operands) + ": threw " + e, e);
            return;
        }
        if (expected == null) {
            fail(describe(op, seed, i, operands) + ": expected ArithmeticOverflow but got " + got);
        }
        assertThat(got.toBigInteger()).as(() -> describe(op, seed, i, operands)).isEqualTo(expected);
    }

    private static BigInteger inRange(BigInteger x) {
        return x.signum() >= 0 && x.bitLength() <= 256 ? x : null;
    }

    // ---------------------------------------------------------------- properties

    @Test
    void addSubMulMatchOracle() {
        for (long seed : seeds()) {
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < CASES; i++) {
                BigInteger a = gen(r);
                BigInteger b = r.nextInt(8) == 0 ? divisorFor(r, a) : gen(r);
                UInt256 x = UInt256.of(a);
                UInt256 y = UInt256.of(b);
                check("add", seed, i, inRange(a.add(b)), () -> x.add(y), a, b);
                check("sub", seed, i, inRange(a.subtract(b)), () -> x.sub(y), a, b);
                check("mul", seed, i, inRange(a.multiply(b)), () -> x.mul(y), a, b);
            }
        }
    }

    @Test
    void divModMatchOracle() {
        for (long seed : seeds()) {
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < CASES; i++) {
                BigInteger a;
                BigInteger b;
                if (r.nextBoolean()) {
                    a = gen(r);
                    b = divisorFor(r, a);
                } else {
                    b = gen(r);
                    a = dividendFor(r, b);
                }
                UInt256 x = UInt256.of(a);
                UInt256 y = UInt256.of(b);
                BigInteger[] qr = b.signum() == 0 ? null : a.divideAndRemainder(b);
                check("div", seed, i, qr == null ? null : qr[0], () -> x.div(y), a, b);
                check("mod", seed, i, qr == null ? null : qr[1], () -> x.mod(y), a, b);
            }
        }
    }

    @Test
    void mulDivFullMatchesOracle() {
        for (long seed : seeds()) {
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < CASES; i++) {
                BigInteger a = gen(r);
                BigInteger b = gen(r);
                BigInteger p = a.multiply(b);
                BigInteger d;
                switch (r.nextInt(4)) {
                    case 0 -> d = gen(r);
                    case 1 -> d = divisorFor(r, r.nextBoolean() ? a : b);
                    case 2 -> d = clamp(p.shiftRight(256).add(BigInteger.valueOf(r.nextInt(3) - 1)));
                    default -> {
                        // wide enough for the quotient to fit in 256 bits
                        int min = Math.min(256, Math.max(1, p.bitLength() - 255));
                        d = randomBits(r, min + r.nextInt(257 - min));
                    }
                }
                BigInteger dd = d;
                UInt256 x = UInt256.of(a);
                UInt256 y = UInt256.of(b);
                UInt256 z = UInt256.of(d);
                BigInteger expected = d.signum() == 0 ? null : inRange(p.divide(d));
                check("mulDivFull", seed, i, expected, () -> x.mulDivFull(y, z), a, b, dd);
            }
        }
    }

    @Test
    void mulDivMatchesMulThenDiv() {
        for (long seed : seeds()) {
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < CASES; i++) {
                BigInteger a = gen(r);
                BigInteger b = r.nextInt(3) == 0 ? BigInteger.TEN.pow(18) : gen(r);
                BigInteger d = switch (r.nextInt(4)) {
                    case 0 -> BigInteger.TEN.pow(18);
                    case 1 -> divisorFor(r, r.nextBoolean() ? a : b);
                    case 2 -> BigInteger.ZERO;
                    default -> gen(r);
                };
                BigInteger p = a.multiply(b);
                // checked product first (overflow), then the division (by zero is an overflow too)
                BigInteger expected = p.bitLength() > 256 || d.signum() == 0 ? null : p.divide(d);
                BigInteger dd = d;
                UInt256 x = UInt256.of(a);
                UInt256 y = UInt256.of(b);
                UInt256 z = UInt256.of(d);
                check("mulDiv", seed, i, expected, () -> x.mulDiv(y, z), a, b, dd);
            }
        }
    }

    @Test
    void addMulSubMatchesItsSteps() {
        BigInteger mod = BigInteger.ONE.shiftLeft(256);
        for (long seed : seeds()) {
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < CASES; i++) {
                BigInteger a = gen(r);
                BigInteger b = gen(r);
                BigInteger p = a.multiply(b);
                BigInteger d = switch (r.nextInt(4)) {
                    case 0 -> p.bitLength() <= 256 ? p : gen(r);                     // exactly the product
                    case 1 -> p.bitLength() <= 256 ? p.subtract(BigInteger.valueOf(r.nextInt(3))).max(BigInteger.ZERO) : gen(r);
                    case 2 -> gen(r).min(p.bitLength() <= 256 ? p : mod.subtract(BigInteger.ONE));
                    default -> gen(r);
                };
                BigInteger e = gen(r);
                BigInteger expected = p.bitLength() > 256 || p.compareTo(d) < 0 ? null : e.add(p.subtract(d));
                if (expected != null && expected.bitLength() > 256) expected = null;
                BigInteger ee = e, dd = d;
                check("addMulSub", seed, i, expected,
                        () -> UInt256.addMulSub(UInt256.of(ee), UInt256.of(a), UInt256.of(b), UInt256.of(dd)), ee, a, b, dd);
            }
        }
    }

    @Test
    void comparisonsAndEqualityMatchOracle() {
        for (long seed : seeds()) {
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < CASES; i++) {
                BigInteger a = gen(r);
                BigInteger b = switch (r.nextInt(4)) {
                    case 0 -> new BigInteger(a.toString());
                    case 1 -> divisorFor(r, a);
                    default -> gen(r);
                };
                UInt256 x = UInt256.of(a);
                UInt256 y = r.nextBoolean() ? UInt256.of(b) : UInt256.parse(b.toString());
                int c = Integer.signum(a.compareTo(b));
                long sd = seed;
                int ci = i;
                Supplier<String> ctx = () -> describe("compare", sd, ci, a, b);
                expectEq(c, Integer.signum(x.compareTo(y)), ctx);
                expectEq(-c, Integer.signum(y.compareTo(x)), ctx);
                expectEq(c == 0, x.equals(y), ctx);
                expectEq(c == 0, y.equals(x), ctx);
                if (c == 0) {
                    expectEq(x.hashCode(), y.hashCode(), ctx);
                }
                expectEq(c < 0, x.lt(y), ctx);
                expectEq(c <= 0, x.le(y), ctx);
                expectEq(c > 0, x.gt(y), ctx);
                expectEq(c >= 0, x.ge(y), ctx);
                expect(x.min(y) == (c <= 0 ? x : y), ctx);
                expect(x.max(y) == (c >= 0 ? x : y), ctx);
            }
        }
    }

    @Test
    void conversionsMatchOracle() {
        for (long seed : seeds()) {
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < CASES; i++) {
                BigInteger a = gen(r);
                long sd = seed;
                int ci = i;
                Supplier<String> ctx = () -> describe("convert", sd, ci, a);
                UInt256 x = UInt256.of(a);
                String dec = a.toString();
                expectEq(a, x.toBigInteger(), ctx);
                expectEq(dec, x.toString(), ctx);
                expectEq(a.signum() == 0, x.isZero(), ctx);
                boolean fits = a.bitLength() < 64;
                expectEq(fits, x.fitsInLong(), ctx);
                UInt256 parsed = UInt256.parse(dec);
                expectEq(x, parsed, ctx);
                expectEq(x.hashCode(), parsed.hashCode(), ctx);
                int pad = r.nextInt(4) == 0 ? r.nextInt(100) : 0; // leading zeros do not count against the 78 digits
                expectEq(x, UInt256.parse("0".repeat(pad) + dec), ctx);
                if (fits) {
                    expectEq(a.longValue(), x.longValueExact(), ctx);
                    expectEq(x, UInt256.of(a.longValue()), ctx);
                } else {
                    expectThrows(ArithmeticOverflow.class, x::longValueExact, ctx);
                }
                // One rejection per case, in turn: of(BigInteger) below 0 or from 2^256, parse of
                // a value from 2^256, of a stray character, or of more than 78 significant digits.
                BigInteger high = TWO_256.add(r.nextBoolean() ? a : a.shiftLeft(r.nextInt(64)));
                switch (i % 4) {
                    case 0 -> {
                        BigInteger neg = a.negate().subtract(BigInteger.ONE);
                        expectThrows(ArithmeticOverflow.class, () -> UInt256.of(neg), ctx);
                    }
                    case 1 -> expectThrows(ArithmeticOverflow.class, () -> UInt256.of(high), ctx);
                    default -> {
                        String bad = switch (r.nextInt(3)) {
                            case 0 -> high.bitLength() <= 257 ? high.toString() : corrupt(r, dec);
                            case 1 -> corrupt(r, dec);
                            default -> "1".repeat(79 - dec.length()) + dec;
                        };
                        expectThrows(
                                NumberFormatException.class,
                                () -> UInt256.parse(bad),
                                () -> ctx.get() + " text=\"" + bad + "\"");
                    }
                }
            }
        }
    }

    private static void expect(boolean ok, Supplier<String> ctx) {
        if (!ok) {
            fail(ctx.get());
        }
    }

    private static void expectEq(Object expected, Object actual, Supplier<String> ctx) {
        if (!expected.equals(actual)) {
            fail(ctx.get() + ": expected " + expected + " but was " + actual);
        }
    }

    private static void expectThrows(Class<? extends Throwable> type, Runnable op, Supplier<String> ctx) {
        try {
            op.run();
        } catch (Throwable t) {
            if (type.isInstance(t)) return;
            fail(ctx.get() + ": expected " + type.getSimpleName() + " but threw " + t, t);
        }
        fail(ctx.get() + ": expected " + type.getSimpleName() + " but returned normally");
    }

    private static final String NON_DIGITS = "-+ \t\n.eExX_,/:a\u0660\uFF11\u00B2";

    /** {@code dec} with one non-digit inserted, or replacing a digit; at most 78 characters. */
    private static String corrupt(SplittableRandom r, String dec) {
        char c = NON_DIGITS.charAt(r.nextInt(NON_DIGITS.length()));
        if (dec.length() == 78 || r.nextBoolean()) {
            int at = r.nextInt(dec.length());
            return dec.substring(0, at) + c + dec.substring(at + 1);
        }
        int at = r.nextInt(dec.length() + 1);
        return dec.substring(0, at) + c + dec.substring(at);
    }

    // ---------------------------------------------------------------- exact cases

    private static UInt256 pow2(int k) {
        return UInt256.of(BigInteger.ONE.shiftLeft(k));
    }

    @Test
    void overflowsAndUnderflows() {
        assertThatThrownBy(() -> UInt256.MAX.add(UInt256.ONE)).isInstanceOf(ArithmeticOverflow.class);
        assertThatThrownBy(() -> UInt256.ONE.add(UInt256.MAX)).isInstanceOf(ArithmeticOverflow.class);
        assertThatThrownBy(() -> UInt256.MAX.add(UInt256.MAX)).isInstanceOf(ArithmeticOverflow.class);
        assertThatThrownBy(() -> UInt256.ZERO.sub(UInt256.ONE)).isInstanceOf(ArithmeticOverflow.class);
        assertThatThrownBy(() -> pow2(64).sub(pow2(64).add(UInt256.ONE))).isInstanceOf(ArithmeticOverflow.class);
        assertThatThrownBy(() -> pow2(128).mul(pow2(128))).isInstanceOf(ArithmeticOverflow.class);
        assertThatThrownBy(() -> pow2(255).mul(UInt256.of(2))).isInstanceOf(ArithmeticOverflow.class);
        assertThatThrownBy(() -> UInt256.MAX.mul(UInt256.MAX)).isInstanceOf(ArithmeticOverflow.class);
        assertThatThrownBy(() -> pow2(192).mul(pow2(64))).isInstanceOf(ArithmeticOverflow.class);
        assertThat(pow2(192).mul(pow2(63))).isEqualTo(pow2(255));
        assertThat(pow2(128).sub(UInt256.ONE).mul(pow2(128).add(UInt256.ONE))).isEqualTo(UInt256.MAX);
        assertThat(UInt256.MAX.sub(UInt256.ONE).add(UInt256.ONE)).isEqualTo(UInt256.MAX);
    }

    @Test
    void divisionExactCases() {
        assertThat(UInt256.MAX.div(UInt256.ONE)).isEqualTo(UInt256.MAX);
        assertThat(UInt256.MAX.div(UInt256.MAX)).isEqualTo(UInt256.ONE);
        assertThat(UInt256.MAX.mod(UInt256.MAX)).isEqualTo(UInt256.ZERO);
        assertThat(UInt256.MAX.mod(pow2(128))).isEqualTo(pow2(128).sub(UInt256.ONE));
        assertThat(UInt256.MAX.div(pow2(200))).isEqualTo(pow2(56).sub(UInt256.ONE));
        assertThatThrownBy(() -> UInt256.ONE.div(UInt256.ZERO)).isInstanceOf(ArithmeticOverflow.class);
        assertThatThrownBy(() -> UInt256.ZERO.div(UInt256.ZERO)).isInstanceOf(ArithmeticOverflow.class);
        assertThatThrownBy(() -> UInt256.MAX.mod(UInt256.ZERO)).isInstanceOf(ArithmeticOverflow.class);
        assertThatThrownBy(() -> UInt256.ZERO.mulDivFull(UInt256.ONE, UInt256.ZERO))
                .isInstanceOf(ArithmeticOverflow.class);
        assertThat(UInt256.MAX.mulDivFull(UInt256.MAX, UInt256.MAX)).isEqualTo(UInt256.MAX);
        assertThat(UInt256.MAX.mulDivFull(pow2(255), pow2(255))).isEqualTo(UInt256.MAX);
        assertThatThrownBy(() -> UInt256.MAX.mulDivFull(UInt256.MAX, UInt256.MAX.sub(UInt256.ONE)))
                .isInstanceOf(ArithmeticOverflow.class);
        assertThatThrownBy(() -> UInt256.MAX.mulDivFull(UInt256.of(2), UInt256.ONE))
                .isInstanceOf(ArithmeticOverflow.class);
        // 10^18 * 10^18 / 3 = 333...3 (36 threes)
        assertThat(UInt256.WAD.mulDivFull(UInt256.WAD, UInt256.of(3)).toString()).isEqualTo("3".repeat(36));
        assertThat(UInt256.WAD.mul(UInt256.WAD).div(UInt256.of(3)).toString()).isEqualTo("3".repeat(36));
        assertThat(UInt256.WAD.mul(UInt256.WAD).mod(UInt256.of(3))).isEqualTo(UInt256.ONE);
        // Knuth D add-back shapes (digits B-1, B/2, 0 with B = 2^64)
        BigInteger b = BigInteger.ONE.shiftLeft(64);
        BigInteger u = b.pow(3).shiftRight(1).add(b.subtract(BigInteger.TWO).multiply(b)); // (B/2, B-2, 0)
        BigInteger v = b.pow(2).shiftRight(1).add(b.subtract(BigInteger.ONE));              // (B/2, 0, B-1)
        assertThat(UInt256.of(u).div(UInt256.of(v)).toBigInteger()).isEqualTo(u.divide(v));
        assertThat(UInt256.of(u).mod(UInt256.of(v)).toBigInteger()).isEqualTo(u.mod(v));
    }

    @Test
    void sharedInstancesAndIdentities() {
        UInt256 x = UInt256.parse("123456789012345678901234567890");
        assertThat(x.add(UInt256.ZERO)).isSameAs(x);
        assertThat(UInt256.ZERO.add(x)).isSameAs(x);
        assertThat(x.sub(UInt256.ZERO)).isSameAs(x);
        assertThat(x.mul(UInt256.ONE)).isSameAs(x);
        assertThat(UInt256.ONE.mul(x)).isSameAs(x);
        assertThat(x.div(UInt256.ONE)).isSameAs(x);
        assertThat(x.sub(x)).isSameAs(UInt256.ZERO);
        assertThat(x.mul(UInt256.ZERO)).isSameAs(UInt256.ZERO);
        assertThat(x.div(x)).isSameAs(UInt256.ONE);
        assertThat(UInt256.WAD.div(x)).isSameAs(UInt256.ZERO);
        assertThat(UInt256.of(0)).isSameAs(UInt256.ZERO);
        assertThat(UInt256.of(1)).isSameAs(UInt256.ONE);
        assertThat(UInt256.of(BigInteger.ONE)).isSameAs(UInt256.ONE);
        assertThat(UInt256.parse("0")).isSameAs(UInt256.ZERO);
    }

    @Test
    void constantsAndFactories() {
        assertThat(UInt256.ZERO.toBigInteger()).isEqualTo(BigInteger.ZERO);
        assertThat(UInt256.ONE.toBigInteger()).isEqualTo(BigInteger.ONE);
        assertThat(UInt256.MAX.toBigInteger()).isEqualTo(MAX_BIG);
        assertThat(UInt256.WAD.toBigInteger()).isEqualTo(WAD_BIG);
        assertThat(UInt256.MAX.toString()).isEqualTo(MAX_BIG.toString());
        assertThat(UInt256.of(Long.MAX_VALUE).toString()).isEqualTo(Long.toString(Long.MAX_VALUE));
        assertThat(UInt256.of(Long.MAX_VALUE).add(UInt256.ONE).toString()).isEqualTo("9223372036854775808");
        assertThatThrownBy(() -> UInt256.of(-1L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UInt256.of(Long.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UInt256.of(BigInteger.ONE.negate())).isInstanceOf(ArithmeticOverflow.class);
        assertThatThrownBy(() -> UInt256.of(TWO_256)).isInstanceOf(ArithmeticOverflow.class);
        assertThat(UInt256.of(MAX_BIG)).isEqualTo(UInt256.MAX);
    }

    @Test
    void parseRejections() {
        String twoTo256 = TWO_256.toString();
        for (String s : new String[] {
            "", "-1", "+1", " 1", "1 ", "1e3", "0x10", "1.0", "1_000", "-0", "+0", "\u0661", "\uFF11",
            twoTo256, MAX_BIG.add(BigInteger.TWO).toString(), "9".repeat(78), "0".repeat(5) + "1".repeat(79),
            "1" + "0".repeat(78), "1".repeat(79)
        }) {
            assertThatThrownBy(() -> UInt256.parse(s))
                    .as("\"%s\"", s)
                    .isInstanceOf(NumberFormatException.class);
        }
        assertThatThrownBy(() -> UInt256.parse(null)).isInstanceOf(NullPointerException.class);
        assertThat(UInt256.parse(MAX_BIG.toString())).isEqualTo(UInt256.MAX);
        assertThat(UInt256.parse("0".repeat(78))).isEqualTo(UInt256.ZERO);
        assertThat(UInt256.parse("0".repeat(77) + "7")).isEqualTo(UInt256.of(7));
        assertThat(UInt256.parse("000000000000000000001")).isEqualTo(UInt256.ONE);
        // a decimal integer below 2^256 however many zeros lead it (the format's words)
        assertThat(UInt256.parse("0".repeat(79))).isEqualTo(UInt256.ZERO);
        assertThat(UInt256.parse("0".repeat(77) + "10")).isEqualTo(UInt256.of(10));
        assertThat(UInt256.parse("0".repeat(1000) + MAX_BIG)).isEqualTo(UInt256.MAX);
    }
}
