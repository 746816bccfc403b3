package dev.proverstaking.invariant;

import dev.proverstaking.math.UInt256;
import java.math.BigInteger;

/**
 * An exact signed sum of uint256 values that is added to and subtracted from as records change:
 * five 64-bit limbs in two's complement (320 bits), so that 2^64 values of up to 2^256 fit without
 * allocation. Mutable; the incremental checker's per-prover and global sums.
 */
final class RunningSum {
    private long l0, l1, l2, l3, l4;

    void add(UInt256 v) {
        add(v.limb(0), v.limb(1), v.limb(2), v.limb(3), 0);
    }

    void subtract(UInt256 v) {
        // minus v is (~v + 1) over 320 bits
        add(~v.limb(0), ~v.limb(1), ~v.limb(2), ~v.limb(3), -1L);
        add(1, 0, 0, 0, 0);
    }

    private void add(long a0, long a1, long a2, long a3, long a4) {
        long s0 = l0 + a0;
        long c = Long.compareUnsigned(s0, l0) < 0 ? 1 : 0;
        long s1 = l1 + a1 + c;
        c = c == 0 ? (Long.compareUnsigned(s1, l1) < 0 ? 1 : 0) : (Long.compareUnsigned(s1, l1) <= 0 ? 1 : 0);
        long s2 = l2 + a2 + c;
        c = c == 0 ? (Long.compareUnsigned(s2, l2) < 0 ? 1 : 0) : (Long.compareUnsigned(s2, l2) <= 0 ? 1 : 0);
        long s3 = l3 + a3 + c;
        c = c == 0 ? (Long.compareUnsigned(s3, l3) < 0 ? 1 : 0) : (Long.compareUnsigned(s3, l3) <= 0 ? 1 : 0);
        l4 = l4 + a4 + c;
        l0 = s0;
        l1 = s1;
        l2 = s2;
        l3 = s3;
    }

    RunningSum copy() {
        RunningSum c = new RunningSum();
        c.l0 = l0;
        c.l1 = l1;
        c.l2 = l2;
        c.l3 = l3;
        c.l4 = l4;
        return c;
    }

    boolean equalsValue(UInt256 v) {
        return l4 == 0 && l0 == v.limb(0) && l1 == v.limb(1) && l2 == v.limb(2) && l3 == v.limb(3);
    }

    boolean sameAs(RunningSum o) {
        return l0 == o.l0 && l1 == o.l1 && l2 == o.l2 && l3 == o.l3 && l4 == o.l4;
    }

    BigInteger toBigInteger() {
        byte[] b = new byte[40]; // big-endian two's complement, as BigInteger reads it
        long[] limbs = {l4, l3, l2, l1, l0};
        for (int i = 0; i < 5; i++) {
            for (int k = 0; k < 8; k++) b[8 * i + k] = (byte) (limbs[i] >>> (56 - 8 * k));
        }
        return new BigInteger(b);
    }

    @Override
    public String toString() {
        return toBigInteger().toString();
    }
}
