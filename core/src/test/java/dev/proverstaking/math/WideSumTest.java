package dev.proverstaking.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proverstaking.testing.Seeds;
import java.math.BigInteger;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link WideSum} against {@link BigInteger}: exact, carries across every limb, past 2^256 included. */
class WideSumTest {
    @Test
    void sumsExactlyAsBigIntegerDoes() {
        Seeds.forEach(new long[] {1, 2, 3, 4}, seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            for (int round = 0; round < 200; round++) {
                WideSum sum = new WideSum();
                BigInteger expected = BigInteger.ZERO;
                for (int i = 0, n = rng.nextInt(300); i < n; i++) {
                    BigInteger v;
                    int kind = rng.nextInt(10);
                    if (kind == 0) v = BigInteger.TWO.pow(256).subtract(BigInteger.ONE); // all ones: carries everywhere
                    else if (kind == 1) v = new BigInteger(300 + rng.nextInt(300), new Random(rng.nextLong())); // wider than uint256
                    else v = new BigInteger(rng.nextInt(257), new Random(rng.nextLong()));
                    if (v.bitLength() <= 256 && rng.nextBoolean()) sum.add(UInt256.of(v));
                    else sum.add(v);
                    expected = expected.add(v);
                }
                assertThat(sum.toBigInteger()).as("round %d", round).isEqualTo(expected);
                assertThat(sum.isZero()).isEqualTo(expected.signum() == 0);
                boolean fits = expected.bitLength() <= 256;
                if (fits) assertThat(sum.equalsValue(UInt256.of(expected))).isTrue();
                if (fits && expected.signum() > 0) assertThat(sum.equalsValue(UInt256.of(expected.subtract(BigInteger.ONE)))).isFalse();
            }
        });
    }

    @Test
    void aSumPast2To256EqualsNoUint256() {
        WideSum s = new WideSum().add(UInt256.MAX).add(UInt256.ONE);
        assertThat(s.toBigInteger()).isEqualTo(BigInteger.TWO.pow(256));
        assertThat(s.equalsValue(UInt256.ZERO)).isFalse();
        assertThat(s.isZero()).isFalse();
        WideSum t = new WideSum().add(UInt256.of(5)).add(s);
        assertThat(t.toBigInteger()).isEqualTo(BigInteger.TWO.pow(256).add(BigInteger.valueOf(5)));
    }

    @Test
    void refusesANegativeValue() {
        assertThatThrownBy(() -> new WideSum().add(BigInteger.valueOf(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
