package dev.proverstaking.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** In-place limb arithmetic of balances against BigInteger, carries and borrows across every limb. */
class AccountArithmeticTest {
    private static final BigInteger MOD = BigInteger.ONE.shiftLeft(256);

    private static BigInteger random(SplittableRandom r) {
        int bits = 1 + r.nextInt(256);
        BigInteger v = BigInteger.ZERO;
        for (int i = 0; i < bits; i += 62) v = v.shiftLeft(62).or(BigInteger.valueOf(r.nextLong(1L << 62)));
        v = v.mod(BigInteger.ONE.shiftLeft(bits));
        // limbs full of ones make carries run through every limb
        if (r.nextInt(4) == 0) v = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        return v;
    }

    @Test
    void creditDebitAndCompareMatchBigInteger() {
        for (long seed : new long[] {1, 2, 3, System.nanoTime()}) {
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < 50_000; i++) {
                BigInteger a = random(r), b = random(r);
                Account acc = new Account(Address.ofIndex(1));
                acc.setBalance(UInt256.of(a));
                String where = "seed " + seed + " case " + i + ": " + a + " and " + b;
                assertThat(acc.lessThan(UInt256.of(b))).as(where).isEqualTo(a.compareTo(b) < 0);
                if (a.add(b).compareTo(MOD) < 0) {
                    acc.credit(UInt256.of(b));
                    assertThat(acc.balance().toBigInteger()).as(where).isEqualTo(a.add(b));
                    acc.setBalance(UInt256.of(a));
                }
                if (a.compareTo(b) >= 0) {
                    acc.debit(UInt256.of(b));
                    assertThat(acc.balance().toBigInteger()).as(where).isEqualTo(a.subtract(b));
                }
            }
        }
    }
}
