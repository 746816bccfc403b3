package dev.proverstaking.ledger;

import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.math.WideSum;
import dev.proverstaking.rewards.EmissionPool;
import dev.proverstaking.rewards.ProverRewards;
import dev.proverstaking.rewards.RewardsModule;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.staking.Prover;
import dev.proverstaking.staking.ProverState;
import dev.proverstaking.staking.Shares;
import dev.proverstaking.staking.Stake;
import dev.proverstaking.staking.StakingModule;
import dev.proverstaking.token.TokenLedger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Every invariant of the design that holds of a single state, checked over the whole state
 * ({@link Ledger#audit}): what a restored snapshot must satisfy, and half of what the invariant
 * checker verifies after every operation (the other half relates two states). O(state).
 *
 * <ul>
 *   <li><b>Share conservation</b>: per prover, its positions' raw shares sum to totalRawShares and
 *       their pending requests to pendingRawShares; stakerCount counts exactly the positions with
 *       shares; the position index lists every position once, in ascending staker order.</li>
 *   <li><b>Scale consistency</b>: {@code 1e17 < scale <= 1e18}.</li>
 *   <li><b>Lifecycle</b>: queues hold at most 10 requests, in time order, none after the clock; the
 *       prover's queue pool has exactly one block in use per non-empty queue; commission rate
 *       &le; 10000 and its carry &lt; 10000.</li>
 *   <li><b>Emission</b>: budget + emitted = funded; each prover weighs its effective active stake
 *       while Active and 0 otherwise, and the pool's total weight is their sum; no prover's
 *       snapshot is ahead of the pool's accumulator.</li>
 *   <li><b>Token isolation</b>: every token's supply equals its balances plus custodies; with two
 *       tokens neither module holds the other's.</li>
 *   <li><b>Solvency</b> ({@code solvent} only): staking custody &ge; treasury + eff(T + P) of every
 *       prover; rewards custody &times; 1e36 = what is owed, exactly; no rewards treasury.</li>
 * </ul>
 */
final class StateAudit {
    private final Ledger ledger;
    private final List<Violation> out = new ArrayList<>();

    private StateAudit(Ledger ledger) {
        this.ledger = ledger;
    }

    static List<Violation> of(Ledger ledger) {
        StateAudit a = new StateAudit(ledger);
        a.provers();
        a.emission();
        a.tokens();
        a.solvency();
        return a.out;
    }

    private void violation(String invariant, String detail) {
        out.add(new Violation(invariant, detail));
    }

    private void provers() {
        StakingModule staking = ledger.stakingModule();
        RewardsModule rewards = ledger.rewardsModule();
        for (Prover p : staking.proversByNumber()) {
            String who = "prover " + p.address();
            WideSum total = new WideSum();
            WideSum pending = new WideSum();
            int withShares = 0;
            int withPending = 0;
            int indexed = 0;
            long now = ledger.now();
            Stake previous = null;
            for (Iterator<Stake> it = p.positionsAfter(null); it.hasNext(); ) {
                Stake s = it.next();
                indexed++;
                if (previous != null && previous.compareKeyTo(s) >= 0) {
                    violation("Share conservation", who + ": position index out of order at " + s.staker());
                }
                previous = s;
                if (!p.holds(s)) violation("Share conservation", who + ": indexed position " + s.staker() + " not in its table");
                UInt256 raw = s.rawShares();
                total.add(raw);
                if (!raw.isZero()) withShares++;
                int n = s.pendingCount();
                if (n == 0) continue;
                withPending++;
                if (n > Stake.MAX_PENDING_UNSTAKES) {
                    violation("Lifecycle", who + " staker " + s.staker() + " has " + n + " pending unstakes");
                }
                long lastT = Long.MIN_VALUE;
                for (int i = 0; i < n; i++) {
                    pending.add(s.pendingRawShares(i));
                    long t = s.pendingRequestedAt(i);
                    if (t < lastT) violation("Lifecycle", who + " queue out of time order");
                    if (t > now) {
                        violation("Lifecycle", who + " staker " + s.staker() + " requested an unstake at " + t
                                + ", after the ledger's clock " + now);
                    }
                    lastT = t;
                }
            }
            if (indexed != p.positionCount()) {
                violation("Share conservation", who + ": " + indexed + " positions indexed, " + p.positionCount() + " held");
            }
            if (!total.equalsValue(p.totalRawShares())) {
                violation("Share conservation", who + ": positions sum to " + total + ", totalRawShares " + p.totalRawShares());
            }
            if (!pending.equalsValue(p.pendingRawShares())) {
                violation("Share conservation", who + ": pending requests sum to " + pending + ", pendingRawShares " + p.pendingRawShares());
            }
            if (withPending != p.pendingQueueBlocks()) {
                violation("Lifecycle", who + ": " + withPending + " positions with pending requests, "
                        + p.pendingQueueBlocks() + " queue blocks in use");
            }
            if (withShares != p.stakerCount()) {
                violation("Share conservation", who + ": " + withShares + " positions with shares, staker count " + p.stakerCount());
            }
            if (p.scale().le(StakingModule.MIN_SCALE_FLOOR) || p.scale().gt(UInt256.WAD)) {
                violation("Scale consistency", who + ": scale " + p.scale() + " outside (1e17, 1e18]");
            }
            ProverRewards r = rewards.book(p);
            if (r.commissionRate() < 0 || r.commissionRate() > 10_000 || r.commissionCarry() >= 10_000 || r.commissionCarry() < 0) {
                violation("Lifecycle", who + ": commission rate " + r.commissionRate() + " carry " + r.commissionCarry());
            }
        }
    }

    private void emission() {
        RewardsModule rewards = ledger.rewardsModule();
        EmissionPool e = rewards.emission();
        if (!new WideSum().add(e.budget()).add(e.totalEmitted()).equalsValue(e.totalFunded())) {
            violation("Emission", "budget " + e.budget() + " + emitted " + e.totalEmitted() + " != funded " + e.totalFunded());
        }
        WideSum weights = new WideSum();
        for (Prover p : ledger.stakingModule().proversByNumber()) {
            ProverRewards r = rewards.book(p);
            UInt256 w = r.emissionWeight();
            weights.add(w);
            UInt256 expected = p.state() == ProverState.Active ? Shares.effectiveView(p.totalRawShares(), p.scale()) : UInt256.ZERO;
            if (!w.equals(expected)) {
                violation("Emission", "prover " + p.address() + " weighs " + w + ", its effective active stake is " + expected);
            }
            if (r.emissionSnapshot().gt(e.acc())) {
                violation("Emission", "prover " + p.address() + " snapshot ahead of the pool");
            }
        }
        if (!weights.equalsValue(e.totalWeight())) {
            violation("Emission", "total weight " + e.totalWeight() + " != sum of weights " + weights);
        }
    }

    private void tokens() {
        supply(ledger.tokenLedger(TokenKind.STAKE));
        if (ledger.sameToken()) return;
        supply(ledger.tokenLedger(TokenKind.REWARD));
        if (!ledger.tokenLedger(TokenKind.STAKE).custodyOf(Module.REWARDS).isZero()) {
            violation("Token isolation", "the rewards module holds staking tokens");
        }
        if (!ledger.tokenLedger(TokenKind.REWARD).custodyOf(Module.STAKING).isZero()) {
            violation("Token isolation", "the staking module holds reward tokens");
        }
    }

    private void supply(TokenLedger t) {
        WideSum sum = t.balanceSum().add(t.custodyOf(Module.STAKING)).add(t.custodyOf(Module.REWARDS));
        if (!sum.equalsValue(t.totalSupply())) {
            violation("Token isolation", t.kind() + " supply " + t.totalSupply() + " != balances + custody " + sum);
        }
    }

    private void solvency() {
        if (ledger.profile() != Profile.SOLVENT) return;
        Solvency s = Solvency.of(ledger);
        if (s.stakingSurplus().signum() < 0) {
            violation("Solvency", "staking custody " + s.stakingCustody() + " < owed " + s.stakingOwed());
        }
        if (s.rewardsSurplusUnits().signum() != 0) {
            violation("Solvency", "rewards custody x 1e36 = " + s.rewardsUnits() + " but owed (exactly) " + s.rewardsOwedUnits());
        }
        if (!ledger.rewardsModule().treasuryPool().isZero()) {
            violation("Solvency", "the rewards treasury is " + ledger.rewardsModule().treasuryPool() + " in solvent");
        }
    }
}
