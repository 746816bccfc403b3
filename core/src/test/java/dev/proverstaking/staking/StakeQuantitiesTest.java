package dev.proverstaking.staking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.RewardBook;
import java.math.BigInteger;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A position holds the low limbs of its uint256 quantities inline and the rest aside: every
 * value, small or up to 2^256 - 1, must read back exactly, and writing one quantity must never
 * disturb another, as values move across the inline widths both ways.
 */
class StakeQuantitiesTest {
    private static UInt256 value(SplittableRandom rng) {
        int bits = switch (rng.nextInt(5)) {
            case 0 -> 0;
            case 1 -> 1 + rng.nextInt(128);   // fits inline
            case 2 -> 129 + rng.nextInt(128); // needs the high limbs
            case 3 -> 256;
            default -> 1 + rng.nextInt(256);
        };
        return bits == 0 ? UInt256.ZERO : UInt256.of(new BigInteger(bits, new Random(rng.nextLong())));
    }

    @Test
    void everyQuantityReadsBackExactlyAcross2To128() {
        for (long seed = 1; seed <= 500; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            Stake stake = new Stake(Address.ofIndex(seed), Detached.queues());
            UInt256 raw = UInt256.ZERO, debt = UInt256.ZERO, ent = UInt256.ZERO;
            for (int step = 0; step < 40; step++) {
                if (rng.nextBoolean()) {
                    raw = value(rng);
                    stake.setRawShares(raw);
                } else {
                    debt = value(rng);
                    ent = value(rng);
                    stake.setRewardBook(new RewardBook(debt, ent));
                }
                assertThat(stake.rawShares()).as("seed %d step %d", seed, step).isEqualTo(raw);
                assertThat(stake.hasShares()).as("seed %d step %d", seed, step).isEqualTo(!raw.isZero());
                assertThat(stake.rewardBook().debt()).as("seed %d step %d", seed, step).isEqualTo(debt);
                assertThat(stake.rewardBook().entitled()).as("seed %d step %d", seed, step).isEqualTo(ent);
            }
        }
    }

    @Test
    void realisticAmountsStayInline() throws ReflectiveOperationException {
        // raw shares below 2^128; solvent books are kept in 1e-18 units, so rewards of 10^9
        // tokens there are ~2^150: both must fit without the side array
        Stake stake = new Stake(Address.ofIndex(1), Detached.queues());
        UInt256 raw = UInt256.of(BigInteger.TWO.pow(128).subtract(BigInteger.ONE));
        UInt256 book = UInt256.of(BigInteger.TWO.pow(192).subtract(BigInteger.ONE));
        stake.setRawShares(raw);
        stake.setRewardBook(new RewardBook(book, book));
        java.lang.reflect.Field high = Stake.class.getDeclaredField("high");
        high.setAccessible(true);
        assertThat(high.get(stake)).isNull();
        assertThat(stake.rawShares()).isEqualTo(raw);
        assertThat(stake.rewardBook().debt()).isEqualTo(book);
        stake.setRawShares(UInt256.of(BigInteger.TWO.pow(128)));
        assertThat(high.get(stake)).isNotNull();
    }

    @Test
    void theLargestValuesRoundTrip() {
        Stake stake = new Stake(Address.ofIndex(1), Detached.queues());
        UInt256 max = UInt256.MAX;
        stake.setRawShares(max);
        stake.setRewardBook(new RewardBook(max, UInt256.ONE));
        assertThat(stake.rawShares()).isEqualTo(max);
        assertThat(stake.rewardBook().debt()).isEqualTo(max);
        assertThat(stake.rewardBook().entitled()).isEqualTo(UInt256.ONE);
        stake.setRawShares(UInt256.ZERO);
        stake.setRewardBook(RewardBook.EMPTY);
        assertThat(stake.hasShares()).isFalse();
        assertThat(stake.rewardBook()).isEqualTo(RewardBook.EMPTY);
    }
}
