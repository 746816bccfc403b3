package dev.proverstaking.staking;

import dev.proverstaking.common.Address;
import dev.proverstaking.ledger.SnapshotFormatException;
import dev.proverstaking.ledger.SnapshotInput;
import dev.proverstaking.ledger.SnapshotOutput;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.RewardBook;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;

/**
 * <b>Snapshot restore only.</b> Writes and reads the staking module's state (parameters, provers,
 * their positions and staker sets, the active set) for
 * {@link dev.proverstaking.ledger.LedgerSnapshot}, which is the one caller. {@link #read} writes into
 * the module of a freshly built ledger that is not yet in use; nothing else may call it.
 *
 * <p>Layout: unstake delay, global minimum self-stake, maximum slash, treasury pool (uint256 each);
 * a prover count and the provers in registration order, each:
 * <pre>
 *   address, state ordinal (1 byte), minSelfStake, totalRawShares, pendingRawShares, scale
 *   position count, positions in ascending staker order, each:
 *       staker, rawShares, reward debt, reward entitled,
 *       pending count (0..10), requests oldest first, each: rawShares, requestedAt (8 bytes)
 *   staker-set count, the stakers with shares in the set's order (addresses)
 * </pre>
 * then an active count and the active provers in the active set's order. A prover's reward book
 * ({@link ProverRewards}) is the rewards module's section; {@link #read} gives each prover a blank
 * one for {@code RewardsSnapshot} to fill.
 *
 * <p>Reading checks what the transitions rely on: the staker set is exactly the positions with
 * shares, the active set exactly the Active provers, no address twice, share totals equal to the
 * sums of the positions and requests, {@code 1e17 < scale <= 1e18}, at most
 * {@link Stake#MAX_PENDING_UNSTAKES} requests per position.
 */
public final class StakingSnapshot {
    private StakingSnapshot() {}

    public static void write(StakingModule module, SnapshotOutput out) throws IOException {
        out.uint(module.unstakeDelay());
        out.uint(module.globalMinSelfStake());
        out.uint(module.maxSlashPercentage());
        out.uint(module.treasuryPool());
        List<Prover> provers = module.proversByNumber();
        out.count(provers.size());
        for (Prover p : provers) writeProver(p, out);
    }

    private static void writeProver(Prover p, SnapshotOutput out) throws IOException {
        out.address(p.address());
        out.ordinal(p.state());
        out.uint(p.minSelfStake());
        out.uint(p.totalRawShares());
        out.uint(p.pendingRawShares());
        out.uint(p.scale());
        out.count(p.positionCount());
        for (Iterator<Stake> it = p.positionsAfter(null); it.hasNext(); ) {
            Stake s = it.next();
            out.address(s.staker());
            out.uint(s.rawShares());
            RewardBook book = s.rewardBook();
            out.uint(book.debt());
            out.uint(book.entitled());
            out.count(s.pendingCount());
            for (int i = 0; i < s.pendingCount(); i++) {
                out.uint(s.pendingRawShares(i));
                out.i64(s.pendingRequestedAt(i));
            }
        }
    }

    public static void read(StakingModule module, SnapshotInput in) throws SnapshotFormatException {
        UInt256 unstakeDelay = in.uint("unstake delay");
        UInt256 globalMinSelfStake = in.uint("global min self-stake");
        UInt256 maxSlashPercentage = in.uint("max slash percentage");
        UInt256 treasuryPool = in.uint("staking treasury pool");
        module.restoreParameters(unstakeDelay, globalMinSelfStake, maxSlashPercentage, treasuryPool);
        int count = in.count("prover count", Integer.MAX_VALUE);
        for (int i = 0; i < count; i++) readProver(module, in);
    }

    private static void readProver(StakingModule module, SnapshotInput in) throws SnapshotFormatException {
        Address address = in.address("prover address");
        String who = "prover " + address;
        if (module.prover(address) != null) throw in.invalid("prover", address + " registered twice");
        ProverState state = in.ordinal(ProverState.values(), "prover state");
        UInt256 minSelfStake = in.uint("prover min self-stake");
        UInt256 totalRawShares = in.uint("prover total raw shares");
        UInt256 pendingRawShares = in.uint("prover pending raw shares");
        UInt256 scale = in.uint("prover scale");
        if (scale.le(StakingModule.MIN_SCALE_FLOOR) || scale.gt(UInt256.WAD)) {
            throw in.invalid("prover scale", who + " has scale " + scale + ", outside (1e17, 1e18]");
        }
        Prover p = module.restoreProver(address, state, minSelfStake, totalRawShares, pendingRawShares, scale);

        int positions = in.count("position count", Integer.MAX_VALUE);
        Address previous = null;
        BigInteger activeSum = BigInteger.ZERO;
        BigInteger pendingSum = BigInteger.ZERO;
        for (int i = 0; i < positions; i++) {
            Address staker = in.address("position staker");
            if (previous != null && previous.compareTo(staker) >= 0) {
                throw in.invalid("position staker", who + ": " + staker + " out of ascending order (after " + previous + ")");
            }
            previous = staker;
            Stake s = p.openStake(staker);
            p.setShares(s, in.uint("position raw shares"));
            s.setRewardBook(new RewardBook(in.uint("position reward debt"), in.uint("position reward entitled")));
            activeSum = activeSum.add(s.rawShares().toBigInteger());
            int pending = in.count("pending unstake count", Stake.MAX_PENDING_UNSTAKES);
            for (int k = 0; k < pending; k++) {
                UInt256 raw = in.uint("pending unstake raw shares");
                long requestedAt = in.time("pending unstake time");
                s.pushPending(raw, requestedAt);
                pendingSum = pendingSum.add(raw.toBigInteger());
            }
        }
        if (!activeSum.equals(totalRawShares.toBigInteger())) {
            throw in.invalid("prover total raw shares", who + " has " + totalRawShares
                    + " raw shares but its positions sum to " + activeSum);
        }
        if (!pendingSum.equals(pendingRawShares.toBigInteger())) {
            throw in.invalid("prover pending raw shares", who + " has " + pendingRawShares
                    + " pending raw shares but its requests sum to " + pendingSum);
        }
    }
}
