package dev.proverstaking.staking;

import dev.proverstaking.common.Address;
import dev.proverstaking.ledger.SnapshotFormatException;
import dev.proverstaking.ledger.SnapshotInput;
import dev.proverstaking.ledger.SnapshotOutput;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rewards.ProverRewards;
import dev.proverstaking.rounding.RewardBook;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
        List<Prover> provers = module.allProvers();
        out.count(provers.size());
        for (Prover p : provers) writeProver(p, out);
        Set<Address> active = module.activeProvers();
        out.count(active.size());
        for (Address a : active) out.address(a);
    }

    private static void writeProver(Prover p, SnapshotOutput out) throws IOException {
        out.address(p.address());
        out.ordinal(p.state());
        out.uint(p.minSelfStake());
        out.uint(p.totalRawShares());
        out.uint(p.pendingRawShares());
        out.uint(p.scale());
        Map<Address, Stake> positions = new TreeMap<>(p.positions());
        out.count(positions.size());
        for (Stake s : positions.values()) {
            out.address(s.staker());
            out.uint(s.rawShares());
            RewardBook book = s.rewardBook();
            out.uint(book.debt());
            out.uint(book.entitled());
            out.count(s.pendingCount());
            for (PendingUnstake u : s.pendingUnstakes()) {
                out.uint(u.rawShares());
                out.i64(u.requestedAt());
            }
        }
        List<Stake> stakers = p.stakersPage(0, Integer.MAX_VALUE);
        out.count(stakers.size());
        for (Stake s : stakers) out.address(s.staker());
    }

    public static void read(StakingModule module, SnapshotInput in) throws SnapshotFormatException {
        UInt256 unstakeDelay = in.uint("unstake delay");
        UInt256 globalMinSelfStake = in.uint("global min self-stake");
        UInt256 maxSlashPercentage = in.uint("max slash percentage");
        UInt256 treasuryPool = in.uint("staking treasury pool");
        int count = in.count("prover count", Integer.MAX_VALUE);
        List<Prover> provers = new ArrayList<>();
        Set<Address> registered = new HashSet<>();
        Set<Address> shouldBeActive = new HashSet<>();
        for (int i = 0; i < count; i++) {
            Prover p = readProver(in);
            if (!registered.add(p.address())) throw in.invalid("prover", p.address() + " registered twice");
            if (p.state == ProverState.Active) shouldBeActive.add(p.address());
            provers.add(p);
        }
        int activeCount = in.count("active prover count", count);
        List<Address> active = new ArrayList<>();
        Set<Address> seen = new HashSet<>();
        for (int i = 0; i < activeCount; i++) {
            Address a = in.address("active prover");
            if (!shouldBeActive.contains(a)) throw in.invalid("active prover", a + " is not a registered Active prover");
            if (!seen.add(a)) throw in.invalid("active prover", a + " listed twice");
            active.add(a);
        }
        if (activeCount != shouldBeActive.size()) {
            throw in.invalid("active prover count", activeCount + " active, but " + shouldBeActive.size()
                    + " provers are Active");
        }
        module.restore(unstakeDelay, globalMinSelfStake, maxSlashPercentage, treasuryPool, provers, active);
    }

    private static Prover readProver(SnapshotInput in) throws SnapshotFormatException {
        Address address = in.address("prover address");
        String who = "prover " + address;
        ProverState state = in.ordinal(ProverState.values(), "prover state");
        UInt256 minSelfStake = in.uint("prover min self-stake");
        UInt256 totalRawShares = in.uint("prover total raw shares");
        UInt256 pendingRawShares = in.uint("prover pending raw shares");
        UInt256 scale = in.uint("prover scale");
        if (scale.le(StakingModule.MIN_SCALE_FLOOR) || scale.gt(UInt256.WAD)) {
            throw in.invalid("prover scale", who + " has scale " + scale + ", outside (1e17, 1e18]");
        }
        Prover p = new Prover(address, minSelfStake, new ProverRewards(0));
        p.state = state;
        p.totalRawShares = totalRawShares;
        p.pendingRawShares = pendingRawShares;
        p.scale = scale;

        int positions = in.count("position count", Integer.MAX_VALUE);
        Address previous = null;
        int withShares = 0;
        BigInteger activeSum = BigInteger.ZERO;
        BigInteger pendingSum = BigInteger.ZERO;
        for (int i = 0; i < positions; i++) {
            Address staker = in.address("position staker");
            if (previous != null && previous.compareTo(staker) >= 0) {
                throw in.invalid("position staker", who + ": " + staker + " out of ascending order (after " + previous + ")");
            }
            previous = staker;
            Stake s = p.openStake(staker);
            s.setRawShares(in.uint("position raw shares"));
            s.setRewardBook(new RewardBook(in.uint("position reward debt"), in.uint("position reward entitled")));
            if (s.hasShares()) withShares++;
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

        int stakers = in.count("staker count", positions);
        for (int i = 0; i < stakers; i++) {
            Address staker = in.address("staker");
            Stake s = p.stakeOf(staker);
            if (s == null || !s.hasShares()) {
                throw in.invalid("staker", who + ": " + staker + " in the staker set has no shares");
            }
            if (s.stakerIndex >= 0) throw in.invalid("staker", who + ": " + staker + " in the staker set twice");
            p.addStaker(s);
        }
        if (stakers != withShares) {
            throw in.invalid("staker count", who + " has " + stakers + " stakers in its set but "
                    + withShares + " positions with shares");
        }
        return p;
    }
}
