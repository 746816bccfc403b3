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

/** Positions' pending queues, held as blocks of a prover's {@link PendingQueues}, against plain list models. */
class PendingQueueTest {

    private static UInt256 big(SplittableRandom rng) {
        // all four limbs in use, so a misplaced limb cannot go unnoticed
        return UInt256.of(new BigInteger(256, new java.util.Random(rng.nextLong())));
    }

    @Test
    void positionsSharingAPoolPushAndDropLikeQueuesOfRequests() {
        for (long seed = 1; seed <= 200; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            // positions of one prover share its pool: blocks are reused through the free lists
            // and queues move from short to full blocks, so any cross-talk shows in another queue
            PendingQueues pool = Detached.queues();
            int positions = 1 + rng.nextInt(8);
            Stake[] stakes = new Stake[positions];
            List<ArrayDeque<PendingUnstake>> models = new ArrayList<>();
            for (int i = 0; i < positions; i++) {
                stakes[i] = new Stake(Address.ofIndex(seed * 100 + i), pool);
                models.add(new ArrayDeque<>());
            }
            for (int step = 0; step < 300; step++) {
                int i = rng.nextInt(positions);
                Stake stake = stakes[i];
                ArrayDeque<PendingUnstake> model = models.get(i);
                if (model.size() < Stake.MAX_PENDING_UNSTAKES && rng.nextInt(3) != 0) {
                    PendingUnstake p = new PendingUnstake(big(rng), rng.nextLong(1L << 40));
                    stake.pushPending(p.rawShares(), p.requestedAt());
                    model.addLast(p);
                } else if (!model.isEmpty()) {
                    int k = 1 + rng.nextInt(model.size());
                    stake.dropOldestPending(k);
                    for (int j = 0; j < k; j++) model.pollFirst();
                }
                int nonEmpty = 0;
                for (int j = 0; j < positions; j++) {
                    List<PendingUnstake> expected = new ArrayList<>(models.get(j));
                    if (!expected.isEmpty()) nonEmpty++;
                    assertThat(stakes[j].pendingUnstakes()).as("seed %d step %d position %d", seed, step, j)
                            .isEqualTo(expected);
                    assertThat(stakes[j].pendingCount()).as("seed %d step %d position %d", seed, step, j)
                            .isEqualTo(expected.size());
                    for (int r = 0; r < expected.size(); r++) {
                        assertThat(stakes[j].pendingRawShares(r)).isEqualTo(expected.get(r).rawShares());
                        assertThat(stakes[j].pendingRequestedAt(r)).isEqualTo(expected.get(r).requestedAt());
                    }
                }
                assertThat(pool.blocksInUse()).as("seed %d step %d: one block per non-empty queue", seed, step)
                        .isEqualTo(nonEmpty);
            }
        }
    }

    @Test
    void manyQueuesFillSeveralPagesAndFreedBlocksAreReused() {
        PendingQueues pool = Detached.queues();
        Stake[] stakes = new Stake[500];
        for (int i = 0; i < stakes.length; i++) {
            stakes[i] = new Stake(Address.ofIndex(i), pool);
            for (int r = 0; r <= i % Stake.MAX_PENDING_UNSTAKES; r++) stakes[i].pushPending(UInt256.of(i * 100L + r), r);
        }
        assertThat(pool.blocksInUse()).isEqualTo(500);
        for (Stake s : stakes) s.dropOldestPending(s.pendingCount());
        assertThat(pool.blocksInUse()).isZero();
        for (int i = 0; i < stakes.length; i++) {
            for (int r = 0; r <= (i + 3) % Stake.MAX_PENDING_UNSTAKES; r++) stakes[i].pushPending(UInt256.of(i * 1000L + r), r);
        }
        for (int i = 0; i < stakes.length; i++) {
            int n = (i + 3) % Stake.MAX_PENDING_UNSTAKES + 1;
            assertThat(stakes[i].pendingCount()).isEqualTo(n);
            for (int r = 0; r < n; r++) {
                assertThat(stakes[i].pendingRawShares(r)).isEqualTo(UInt256.of(i * 1000L + r));
                assertThat(stakes[i].pendingRequestedAt(r)).isEqualTo(r);
            }
        }
        assertThat(pool.blocksInUse()).isEqualTo(500);
        // the same queues once more, after emptying them all: only freed blocks are used
        long words = pool.wordsAllocated();
        for (Stake s : stakes) s.dropOldestPending(s.pendingCount());
        for (int i = 0; i < stakes.length; i++) {
            for (int r = 0; r <= (i + 3) % Stake.MAX_PENDING_UNSTAKES; r++) stakes[i].pushPending(UInt256.of(r), r);
        }
        assertThat(pool.wordsAllocated()).isEqualTo(words);
        assertThat(pool.blocksInUse()).isEqualTo(500);
    }

    @Test
    void holdsAtMostTheLimitAndRefusesOutOfRangeIndices() {
        Stake stake = new Stake(Address.ofIndex(1), Detached.queues());
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
