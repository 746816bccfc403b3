package dev.proverstaking.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** In-place limb arithmetic of balances against BigInteger, carries and borrows across every limb, in both token slots. */
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
    void creditDebitAndCompareMatchBigIntegerInEitherSlotLeavingTheOtherAlone() {
        for (long seed : new long[] {1, 2, 3, System.nanoTime()}) {
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < 50_000; i++) {
                BigInteger a = random(r), b = random(r), other = random(r);
                int slot = r.nextInt(Account.SLOTS), otherSlot = 1 - slot;
                Account acc = new Account(Address.ofIndex(1));
                // the other slot's value is often small, so that this slot's high limbs come and go alone
                if (r.nextBoolean()) other = other.mod(BigInteger.valueOf(1000));
                acc.setBalance(otherSlot, UInt256.of(other));
                acc.setBalance(slot, UInt256.of(a));
                String where = "seed " + seed + " case " + i + ", slot " + slot + ": " + a + " and " + b;
                assertThat(acc.balance(slot).toBigInteger()).as(where).isEqualTo(a);
                assertThat(acc.lessThan(slot, UInt256.of(b))).as(where).isEqualTo(a.compareTo(b) < 0);
                if (a.add(b).compareTo(MOD) < 0) {
                    acc.credit(slot, UInt256.of(b));
                    assertThat(acc.balance(slot).toBigInteger()).as(where).isEqualTo(a.add(b));
                    acc.setBalance(slot, UInt256.of(a));
                } else {
                    UInt256 big = UInt256.of(b);
                    assertThatThrownBy(() -> acc.credit(slot, big)).as(where).isInstanceOf(IllegalStateException.class);
                    assertThat(acc.balance(slot).toBigInteger()).as(where).isEqualTo(a);
                }
                if (a.compareTo(b) >= 0) {
                    acc.debit(slot, UInt256.of(b));
                    assertThat(acc.balance(slot).toBigInteger()).as(where).isEqualTo(a.subtract(b));
                } else {
                    UInt256 big = UInt256.of(b);
                    assertThatThrownBy(() -> acc.debit(slot, big)).as(where).isInstanceOf(IllegalStateException.class);
                    assertThat(acc.balance(slot).toBigInteger()).as(where).isEqualTo(a);
                }
                assertThat(acc.balance(otherSlot).toBigInteger()).as(where + ", the other slot").isEqualTo(other);
            }
        }
    }

    @Test
    void slotsOpenSeparately() {
        Account acc = new Account(Address.ofIndex(1));
        assertThat(acc.isOpen(0)).isFalse();
        assertThat(acc.isOpen(1)).isFalse();
        acc.open(1);
        assertThat(acc.isOpen(0)).isFalse();
        assertThat(acc.isOpen(1)).isTrue();
        acc.open(0);
        assertThat(acc.isOpen(0)).isTrue();
    }

    @org.junit.jupiter.api.Test
    void theNonceKeepsItsLowBitsBesideTheOpenFlagsAndSpillsTheRestIntoTheHighLimbs() {
        Account a = new Account(dev.proverstaking.common.Address.ofIndex(1));
        a.open(1);
        a.setBalance(0, dev.proverstaking.math.UInt256.MAX);
        for (long n : new long[] {0, 1, (1L << 30) - 1, 1L << 30, (1L << 30) + 5, 1L << 40, Long.MAX_VALUE, 3}) {
            a.setNonce(n);
            org.assertj.core.api.Assertions.assertThat(a.nonce()).as("nonce %d", n).isEqualTo(n);
            org.assertj.core.api.Assertions.assertThat(a.isOpen(1)).isTrue();
            org.assertj.core.api.Assertions.assertThat(a.isOpen(0)).isFalse();
            org.assertj.core.api.Assertions.assertThat(a.balance(0)).isEqualTo(dev.proverstaking.math.UInt256.MAX);
        }
        Account fresh = new Account(dev.proverstaking.common.Address.ofIndex(2));
        fresh.setNonce(1L << 33);
        fresh.setBalance(1, dev.proverstaking.math.UInt256.MAX);
        org.assertj.core.api.Assertions.assertThat(fresh.nonce()).isEqualTo(1L << 33);
        org.assertj.core.api.Assertions.assertThat(fresh.balance(1)).isEqualTo(dev.proverstaking.math.UInt256.MAX);
    }
}
