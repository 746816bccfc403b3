package dev.proverstaking.staking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The position's pending queue, held as one primitive array, against a plain list model. */
class PendingQueueTest {

    private static UInt256 big(SplittableRandom rng) {
        // all four limbs in use, so a misplaced limb cannot go unnoticed
        return UInt256.of(new BigInteger(256, new java.util.Random(rng.nextLong())));
    }

    @Test
    void pushesAndDropsLikeAQueueOfRequests() {
        for (long seed = 1; seed <= 200; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            Stake stake = new Stake(Address.ofIndex(seed));
            ArrayDeque<PendingUnstake> model = new ArrayDeque<>();
            for (int step = 0; step < 60; step++) {
                if (model.size() < Stake.MAX_PENDING_UNSTAKES && rng.nextInt(3) != 0) {
                    PendingUnstake p = new PendingUnstake(big(rng), rng.nextLong(1L << 40));
                    stake.pushPending(p.rawShares(), p.requestedAt());
                    model.addLast(p);
                } else if (!model.isEmpty()) {
                    int k = 1 + rng.nextInt(model.size());
                    stake.dropOldestPending(k);
                    for (int i = 0; i < k; i++) model.pollFirst();
                }
                List<PendingUnstake> expected = new ArrayList<>(model);
                assertThat(stake.pendingUnstakes()).as("seed %d step %d", seed, step).isEqualTo(expected);
                assertThat(stake.pendingCount()).as("seed %d step %d", seed, step).isEqualTo(expected.size());
                for (int i = 0; i < expected.size(); i++) {
                    assertThat(stake.pendingRawShares(i)).isEqualTo(expected.get(i).rawShares());
                    assertThat(stake.pendingRequestedAt(i)).isEqualTo(expected.get(i).requestedAt());
                }
            }
        }
    }

    @Test
    void holdsAtMostTheLimitAndRefusesOutOfRangeIndices() {
        Stake stake = new Stake(Address.ofIndex(1));
        assertThat(stake.pendingUnstakes()).isEmpty();
        assertThatThrownBy(() -> stake.pending(0)).isInstanceOf(IndexOutOfBoundsException.class);
        for (int i = 0; i < Stake.MAX_PENDING_UNSTAKES; i++) stake.pushPending(UInt256.of(i + 1), i);
        assertThatThrownBy(() -> stake.pushPending(UInt256.ONE, 99)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> stake.pending(Stake.MAX_PENDING_UNSTAKES)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> stake.dropOldestPending(Stake.MAX_PENDING_UNSTAKES + 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
        stake.dropOldestPending(Stake.MAX_PENDING_UNSTAKES);
        assertThat(stake.pendingCount()).isZero();
        assertThatThrownBy(() -> stake.pendingRequestedAt(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
