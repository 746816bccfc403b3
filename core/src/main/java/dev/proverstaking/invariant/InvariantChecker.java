package dev.proverstaking.invariant;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.StateFingerprint;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.staking.PendingUnstake;
import dev.proverstaking.rewards.EmissionPool;
import dev.proverstaking.staking.Prover;
import dev.proverstaking.staking.ProverState;
import dev.proverstaking.staking.Shares;
import dev.proverstaking.staking.Stake;
import dev.proverstaking.staking.StakingModule;
import dev.proverstaking.staking.StakingView;
import dev.proverstaking.token.TokenView;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks every invariant of the design after every operation: the runtime assertion behind
 * {@code replay --verify} and the simulator. Holds a mark of the previous state to check the
 * invariants that relate two states (monotonicity, proportional slashing, token isolation, and
 * that a failed operation changed nothing).
 *
 * <p>The invariants:
 * <ul>
 *   <li><b>Share conservation</b>: per prover, the positions' raw shares sum to totalRawShares,
 *       their pending requests to pendingRawShares; the staker set is exactly the positions with shares.</li>
 *   <li><b>Accumulator monotonicity</b>: accRewardPerRawShare never decreases.</li>
 *   <li><b>Scale consistency / proportional slashing</b>: a scale changes only by a successful slash of
 *       that prover, to exactly floor(old * (1e6 - ppm) / 1e6), with no raw share of anyone changing;
 *       so every effective amount of the prover scales by the same factor. 1e17 &lt; scale &le; 1e18.</li>
 *   <li><b>Token isolation</b>: staking operations never move reward custody and rewards operations
 *       never move staking custody; with two tokens neither module holds the other's; every
 *       token's supply equals its balances plus custodies.</li>
 *   <li><b>Solvency</b> ({@code solvent} only): staking custody &ge; treasury + eff(T + P) of every
 *       prover; rewards custody &times; 1e18 = (treasury + commissions) &times; 1e18 + entitlements +
 *       carries, exactly.</li>
 *   <li><b>Emission</b>: budget + emitted = funded; the pool's total weight is the sum of the provers'
 *       weights, each its effective active stake while Active and 0 otherwise; the pool's accumulator
 *       never decreases and no prover's snapshot is ahead of it.</li>
 *   <li><b>Atomicity</b>: a failed operation leaves the state's fingerprint unchanged and emits no event.</li>
 *   <li><b>Lifecycle</b>: a prover is in the active set iff Active; queues hold at most 10 requests in
 *       time order, and the prover's queue pool has exactly one block in use per non-empty queue;
 *       commission rate &le; 10000 and its carry &lt; 10000.</li>
 * </ul>
 */
public final class InvariantChecker {
    private final Ledger ledger;
    private final boolean checkAtomicity;
    private Mark mark;

    /** @param checkAtomicity fingerprint the whole state around every operation (O(state) each) */
    public InvariantChecker(Ledger ledger, boolean checkAtomicity) {
        this.ledger = ledger;
        this.checkAtomicity = checkAtomicity;
        this.mark = new Mark(ledger, checkAtomicity);
    }

    /** Call before applying {@code tx} when atomicity is checked (marks are also taken after each check). */
    public List<Violation> afterApply(Transaction tx, Receipt receipt) {
        List<Violation> out = new ArrayList<>();
        Mark before = mark;
        Mark after = new Mark(ledger, checkAtomicity);
        if (!receipt.ok()) {
            if (!receipt.events().isEmpty()) out.add(new Violation("Atomicity", "a failed operation emitted events"));
            if (checkAtomicity && !before.fingerprint.equals(after.fingerprint)) {
                out.add(new Violation("Atomicity", tx.command().op() + " failed with " + receipt.error()
                        + " but changed the state"));
            }
        }
        transitions(tx, receipt, before, after, out);
        out.addAll(checkState(ledger));
        mark = after;
        return out;
    }

    /** The invariants that hold of any single state. */
    public static List<Violation> checkState(Ledger ledger) {
        List<Violation> out = new ArrayList<>();
        StakingView staking = ledger.staking();
        Set<Address> active = new HashSet<>(staking.activeProvers());
        for (Prover p : staking.allProvers()) {
            String who = "prover " + p.address();
            UInt256 total = UInt256.ZERO;
            UInt256 pending = UInt256.ZERO;
            int withShares = 0;
            int withPending = 0;
            for (Stake s : p.positions().values()) {
                total = total.add(s.rawShares());
                if (!s.rawShares().isZero()) withShares++;
                if (s.pendingCount() > 0) withPending++;
                if (s.pendingCount() > Stake.MAX_PENDING_UNSTAKES) {
                    out.add(new Violation("Lifecycle", who + " staker " + s.staker() + " has " + s.pendingCount() + " pending unstakes"));
                }
                long lastT = Long.MIN_VALUE;
                for (PendingUnstake u : s.pendingUnstakes()) {
                    pending = pending.add(u.rawShares());
                    if (u.requestedAt() < lastT) out.add(new Violation("Lifecycle", who + " queue out of time order"));
                    if (u.requestedAt() > ledger.now()) {
                        out.add(new Violation("Lifecycle", who + " staker " + s.staker() + " requested an unstake at "
                                + u.requestedAt() + ", after the ledger's clock " + ledger.now()));
                    }
                    lastT = u.requestedAt();
                }
            }
            if (!total.equals(p.totalRawShares())) {
                out.add(new Violation("Share conservation", who + ": positions sum to " + total + ", totalRawShares " + p.totalRawShares()));
            }
            if (!pending.equals(p.pendingRawShares())) {
                out.add(new Violation("Share conservation", who + ": pending requests sum to " + pending + ", pendingRawShares " + p.pendingRawShares()));
            }
            if (withPending != p.pendingQueueBlocks()) {
                out.add(new Violation("Lifecycle", who + ": " + withPending + " positions with pending requests, "
                        + p.pendingQueueBlocks() + " queue blocks in use"));
            }
            if (withShares != p.stakerCount()) {
                out.add(new Violation("Share conservation", who + ": " + withShares + " positions with shares, staker set has " + p.stakerCount()));
            }
            for (Stake s : p.stakersPage(0, Integer.MAX_VALUE)) {
                if (s.rawShares().isZero()) out.add(new Violation("Share conservation", who + ": staker set holds " + s.staker() + " with no shares"));
            }
            if (p.scale().le(StakingModule.MIN_SCALE_FLOOR) || p.scale().gt(UInt256.WAD)) {
                out.add(new Violation("Scale consistency", who + ": scale " + p.scale() + " outside (1e17, 1e18]"));
            }
            if ((p.state() == ProverState.Active) != active.contains(p.address())) {
                out.add(new Violation("Lifecycle", who + " is " + p.state() + " but " + (active.contains(p.address()) ? "in" : "not in") + " the active set"));
            }
            if (p.rewards().commissionRate() > 10_000 || p.rewards().commissionCarry() >= 10_000 || p.rewards().commissionCarry() < 0) {
                out.add(new Violation("Lifecycle", who + ": commission rate " + p.rewards().commissionRate() + " carry " + p.rewards().commissionCarry()));
            }
        }
        EmissionPool e = ledger.rewards().emission();
        if (!e.budget().toBigInteger().add(e.totalEmitted().toBigInteger()).equals(e.totalFunded().toBigInteger())) {
            out.add(new Violation("Emission", "budget " + e.budget() + " + emitted " + e.totalEmitted() + " != funded " + e.totalFunded()));
        }
        BigInteger weights = BigInteger.ZERO;
        for (Prover p : staking.allProvers()) {
            UInt256 w = p.rewards().emissionWeight();
            weights = weights.add(w.toBigInteger());
            UInt256 expected = p.state() == ProverState.Active ? Shares.effectiveView(p.totalRawShares(), p.scale()) : UInt256.ZERO;
            if (!w.equals(expected)) {
                out.add(new Violation("Emission", "prover " + p.address() + " weighs " + w + ", its effective active stake is " + expected));
            }
            if (p.rewards().emissionSnapshot().gt(e.acc())) {
                out.add(new Violation("Emission", "prover " + p.address() + " snapshot ahead of the pool"));
            }
        }
        if (!weights.equals(e.totalWeight().toBigInteger())) {
            out.add(new Violation("Emission", "total weight " + e.totalWeight() + " != sum of weights " + weights));
        }
        if (active.size() != staking.activeProvers().size() || !active.stream().allMatch(a -> staking.prover(a) != null)) {
            out.add(new Violation("Lifecycle", "active set holds an unregistered prover"));
        }
        supply(ledger.token(TokenKind.STAKE), out);
        if (!ledger.sameToken()) {
            supply(ledger.token(TokenKind.REWARD), out);
            if (!ledger.token(TokenKind.STAKE).custodyOf(Module.REWARDS).isZero()) {
                out.add(new Violation("Token isolation", "the rewards module holds staking tokens"));
            }
            if (!ledger.token(TokenKind.REWARD).custodyOf(Module.STAKING).isZero()) {
                out.add(new Violation("Token isolation", "the staking module holds reward tokens"));
            }
        }
        if (ledger.profile() == Profile.SOLVENT) {
            Solvency s = Solvency.of(ledger);
            if (s.stakingSurplus().signum() < 0) {
                out.add(new Violation("Solvency", "staking custody " + s.stakingCustody() + " < owed " + s.stakingOwed()));
            }
            if (s.rewardsSurplusUnits().signum() != 0) {
                out.add(new Violation("Solvency", "rewards custody x 1e36 = " + s.rewardsUnits()
                        + " but owed (exactly) " + s.rewardsOwedUnits()));
            }
            if (!ledger.rewards().treasuryPool().isZero()) {
                out.add(new Violation("Solvency", "the rewards treasury is " + ledger.rewards().treasuryPool() + " in solvent"));
            }
        }
        return out;
    }

    private static void supply(TokenView t, List<Violation> out) {
        BigInteger sum = t.custodyOf(Module.STAKING).toBigInteger().add(t.custodyOf(Module.REWARDS).toBigInteger());
        for (UInt256 v : t.accounts().values()) sum = sum.add(v.toBigInteger());
        if (!sum.equals(t.totalSupply().toBigInteger())) {
            out.add(new Violation("Token isolation", t.kind() + " supply " + t.totalSupply() + " != balances + custody " + sum));
        }
    }

    private void transitions(Transaction tx, Receipt receipt, Mark before, Mark after, List<Violation> out) {
        Command c = tx.command();
        Address sender = tx.sender();
        // which position may change raw shares, and which prover may change scale
        Address shareProver = null;
        Address slashed = null;
        if (receipt.ok()) {
            switch (c.op()) {
                case initProver -> shareProver = sender;
                case stake -> shareProver = ((Command.Stake) c).prover();
                case requestUnstake -> shareProver = ((Command.RequestUnstake) c).prover();
                case requestUnstakeAll -> shareProver = ((Command.RequestUnstakeAll) c).prover();
                case slash -> slashed = ((Command.Slash) c).prover();
                default -> { }
            }
        }
        for (Map.Entry<Address, ProverMark> e : after.provers.entrySet()) {
            Address prover = e.getKey();
            ProverMark now = e.getValue();
            ProverMark was = before.provers.get(prover);
            if (was == null) continue;
            if (now.acc.lt(was.acc)) {
                out.add(new Violation("Accumulator monotonicity", "prover " + prover + " acc " + was.acc + " -> " + now.acc));
            }
            if (!now.scale.equals(was.scale)) {
                if (!prover.equals(slashed)) {
                    out.add(new Violation("Scale consistency", "prover " + prover + " scale changed by " + c.op()));
                } else {
                    UInt256 ppm = ((Command.Slash) c).percentage();
                    BigInteger expect = was.scale.toBigInteger()
                            .multiply(BigInteger.valueOf(1_000_000).subtract(ppm.toBigInteger()))
                            .divide(BigInteger.valueOf(1_000_000));
                    if (!expect.equals(now.scale.toBigInteger())) {
                        out.add(new Violation("Proportional slashing", "prover " + prover + " scale " + was.scale
                                + " slashed " + ppm + " ppm gave " + now.scale + ", expected " + expect));
                    }
                }
            }
            for (Map.Entry<Address, UInt256> pe : now.positions.entrySet()) {
                UInt256 w = was.positions.get(pe.getKey());
                UInt256 n = pe.getValue();
                boolean mayChange = prover.equals(shareProver) && pe.getKey().equals(sender);
                if (w == null) {
                    if (!mayChange) out.add(new Violation("Share conservation", "position " + prover + "/" + pe.getKey() + " appeared on " + c.op()));
                    continue;
                }
                if (!mayChange && !w.equals(n)) {
                    out.add(new Violation(slashed != null ? "Proportional slashing" : "Share conservation",
                            "raw shares of " + prover + "/" + pe.getKey() + " changed on " + c.op()));
                }
            }
        }
        if (after.emissionAcc.lt(before.emissionAcc)) {
            out.add(new Violation("Accumulator monotonicity", "emission accumulator " + before.emissionAcc + " -> " + after.emissionAcc));
        }
        // token isolation across the operation
        boolean stakingOp = switch (c.op()) {
            case addRewards, withdrawRewards, updateCommissionRate, mint, fundEmission, setEmissionRate, poke -> false;
            case withdrawTreasury -> ((Command.WithdrawTreasury) c).module() == Module.STAKING;
            case transferOwnership -> ((Command.TransferOwnership) c).module() == Module.STAKING;
            default -> true;
        };
        boolean rewardsOp = switch (c.op()) {
            case addRewards, withdrawRewards, updateCommissionRate, fundEmission, setEmissionRate, poke -> true;
            case withdrawTreasury -> ((Command.WithdrawTreasury) c).module() == Module.REWARDS;
            case transferOwnership -> ((Command.TransferOwnership) c).module() == Module.REWARDS;
            default -> false;
        };
        if (!rewardsOp && !before.rewardsCustody.equals(after.rewardsCustody)) {
            out.add(new Violation("Token isolation", c.op() + " moved reward custody " + before.rewardsCustody + " -> " + after.rewardsCustody));
        }
        if (!stakingOp && !before.stakingCustody.equals(after.stakingCustody)) {
            out.add(new Violation("Token isolation", c.op() + " moved staking custody " + before.stakingCustody + " -> " + after.stakingCustody));
        }
    }

    /** @param positions raw shares by staker */
    private record ProverMark(UInt256 scale, UInt256 acc, Map<Address, UInt256> positions) {}

    private static final class Mark {
        final String fingerprint;
        final Map<Address, ProverMark> provers = new HashMap<>();
        final UInt256 stakingCustody;
        final UInt256 rewardsCustody;
        final UInt256 emissionAcc;

        Mark(Ledger ledger, boolean fingerprint) {
            this.emissionAcc = ledger.rewards().emission().acc();
            this.fingerprint = fingerprint ? StateFingerprint.of(ledger) : "";
            for (Prover p : ledger.staking().allProvers()) {
                Map<Address, UInt256> pos = new HashMap<>();
                for (Stake s : p.positions().values()) {
                    pos.put(s.staker(), s.rawShares());
                }
                provers.put(p.address(), new ProverMark(p.scale(), p.rewards().accRewardPerRawShare(), pos));
            }
            stakingCustody = ledger.token(TokenKind.STAKE).custodyOf(Module.STAKING);
            rewardsCustody = ledger.token(TokenKind.REWARD).custodyOf(Module.REWARDS);
        }
    }
}
