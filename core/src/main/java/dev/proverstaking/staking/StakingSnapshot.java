package dev.proverstaking.staking;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.math.WideSum;
import dev.proverstaking.rounding.RewardBook;
import dev.proverstaking.snapshot.SnapshotFormatException;
import dev.proverstaking.snapshot.SnapshotInput;
import dev.proverstaking.snapshot.SnapshotOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * <b>Snapshot restore only.</b> Writes and reads the staking module's state (parameters, provers
 * and their positions) in the fields of {@code dev.proverstaking.snapshot}, for the ledger's
 * snapshot (the {@code staking} section), which is the one caller. {@link #read} writes into the
 * module of a freshly built ledger that is not yet in use; nothing else may call it.
 *
 * <p>Layout: unstake delay, global minimum self-stake, maximum slash, treasury pool (uint each);
 * a prover count and the provers in registration order, each:
 * <pre>
 *   address, state ordinal, minSelfStake, totalRawShares, pendingRawShares, scale (uint each)
 *   position count, positions in ascending staker order, each:
 *       staker address, rawShares, reward debt, reward entitled (uint each),
 *       pending count (0..10), requests oldest first, each: rawShares (uint), requestedAt (i64)
 * </pre>
 * Positions with nothing left are written too: a position exists from its first stake on. The
 * staker set (the positions with shares) and the active set (the Active provers) follow from these
 * and are not written. A prover's reward book ({@code ProverRewards}) is the rewards module's
 * section; {@link #read} gives each prover a blank one for {@code RewardsSnapshot} to fill.
 *
 * <p>Reading checks what the transitions rely on: no prover or staker twice (stakers strictly
 * ascending), share totals equal to the sums of the positions and requests,
 * {@code 1e17 < scale <= 1e18}, at most {@link Stake#MAX_PENDING_UNSTAKES} requests per position,
 * request times not negative. The rest (queues in time order, none after the clock, ...) is the
 * ledger's audit, which every restored snapshot passes.
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
            out.uint(s.rawLimb(0), s.rawLimb(1), s.rawLimb(2), s.rawLimb(3));
            out.uint(s.debtLimb(0), s.debtLimb(1), s.debtLimb(2), s.debtLimb(3));
            out.uint(s.entitledLimb(0), s.entitledLimb(1), s.entitledLimb(2), s.entitledLimb(3));
            int pending = s.pendingCount();
            out.count(pending);
            for (int i = 0; i < pending; i++) {
                out.uint(s.pendingRawShares(i));
                out.i64(s.pendingRequestedAt(i));
            }
        }
    }

    public static void read(StakingModule module, SnapshotInput in) throws IOException, SnapshotFormatException {
        UInt256 unstakeDelay = in.uint("unstake delay");
        UInt256 globalMinSelfStake = in.uint("global min self-stake");
        UInt256 maxSlashPercentage = in.uint("max slash percentage");
        UInt256 treasuryPool = in.uint("staking treasury pool");
        module.restoreParameters(unstakeDelay, globalMinSelfStake, maxSlashPercentage, treasuryPool);
        int count = in.count("prover count", Integer.MAX_VALUE);
        for (int i = 0; i < count; i++) readProver(module, in);
    }

    private static void readProver(StakingModule module, SnapshotInput in) throws IOException, SnapshotFormatException {
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
        // added to the prover's table and index together at the end, in one go each
        Stake[] read = new Stake[Math.min(positions, 1024)];
        WideSum activeSum = new WideSum();
        WideSum pendingSum = new WideSum();
        for (int i = 0; i < positions; i++) {
            Address staker = in.address("position staker");
            if (previous != null && previous.compareTo(staker) >= 0) {
                throw in.invalid("position staker", who + ": " + staker + " out of ascending order (after " + previous + ")");
            }
            previous = staker;
            Stake s = p.newRestoredStake(staker);
            if (i == read.length) read = Arrays.copyOf(read, 2 * i);
            read[i] = s;
            UInt256 raw = in.uint("position raw shares");
            p.setShares(s, raw);
            activeSum.add(raw);
            UInt256 debt = in.uint("position reward debt");
            UInt256 entitled = in.uint("position reward entitled");
            if (!debt.isZero() || !entitled.isZero()) s.setRewardBook(new RewardBook(debt, entitled));
            int pending = in.count("pending unstake count", Stake.MAX_PENDING_UNSTAKES);
            for (int k = 0; k < pending; k++) {
                UInt256 shares = in.uint("pending unstake raw shares");
                long requestedAt = in.time("pending unstake time");
                s.pushPending(shares, requestedAt);
                pendingSum.add(shares);
            }
        }
        p.restorePositions(read, positions);
        if (!activeSum.equalsValue(totalRawShares)) {
            throw in.invalid("prover total raw shares", who + " has " + totalRawShares
                    + " raw shares but its positions sum to " + activeSum);
        }
        if (!pendingSum.equalsValue(pendingRawShares)) {
            throw in.invalid("prover pending raw shares", who + " has " + pendingRawShares
                    + " pending raw shares but its requests sum to " + pendingSum);
        }
    }
}
