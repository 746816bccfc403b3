package dev.proverstaking.ledger;

import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rewards.EmissionPool;
import dev.proverstaking.rewards.ProverRewards;
import dev.proverstaking.rewards.RewardsModule;
import dev.proverstaking.staking.Prover;
import java.math.BigInteger;

/**
 * What each module holds against what it owes, at full width (never fails).
 *
 * @param stakingCustody   staking tokens the staking module holds
 * @param stakingOwed      its treasury + the effective value of every active and pending raw share
 *                         (per prover, {@code eff(T + P)})
 * @param rewardsUnits     reward tokens the rewards module holds, in units of 1e-36 token (times 1e36)
 * @param rewardsOwedUnits in the same units: (its treasury + all pending commission + the emission
 *                         budget) x 1e36 + (every position's undivided entitlement + every prover's
 *                         accumulator carry) x 1e18 + emission accrued but not yet settled into
 *                         provers, with its carries (already in 1e-36 token)
 */
public record Solvency(BigInteger stakingCustody, BigInteger stakingOwed,
                       BigInteger rewardsUnits, BigInteger rewardsOwedUnits) {

    private static final BigInteger WAD = UInt256.WAD.toBigInteger();
    private static final BigInteger UNIT = WAD.multiply(WAD);

    static Solvency of(Ledger ledger) {
        RewardsModule rewards = ledger.rewardsModule();
        BigInteger stakingOwed = ledger.stakingModule().treasuryPool().toBigInteger();
        EmissionPool e = rewards.emission();
        BigInteger owedUnits = rewards.treasuryPool().toBigInteger().add(e.budget().toBigInteger()).multiply(UNIT)
                .add(e.carry().toBigInteger());
        for (Prover p : ledger.stakingModule().proversByNumber()) {
            ProverRewards r = rewards.book(p);
            owedUnits = owedUnits.add(r.emissionCarry().toBigInteger()).add(r.emissionWeight().toBigInteger()
                    .multiply(e.acc().toBigInteger().subtract(r.emissionSnapshot().toBigInteger())));
            BigInteger shares = p.totalRawShares().toBigInteger().add(p.pendingRawShares().toBigInteger());
            stakingOwed = stakingOwed.add(shares.multiply(p.scale().toBigInteger()).divide(WAD));
            owedUnits = owedUnits.add(r.pendingCommission().toBigInteger().multiply(UNIT))
                    .add(r.accCarry().toBigInteger().multiply(WAD));
            owedUnits = owedUnits.add(rewards.entitlementUnits(p).toBigInteger().multiply(WAD));
        }
        return new Solvency(
                ledger.tokenLedger(TokenKind.STAKE).custodyOf(Module.STAKING).toBigInteger(), stakingOwed,
                ledger.tokenLedger(TokenKind.REWARD).custodyOf(Module.REWARDS).toBigInteger().multiply(UNIT), owedUnits);
    }

    /** Staking tokens held beyond what is owed: flooring remainders, or (reference) stranded slashes. */
    public BigInteger stakingSurplus() {
        return stakingCustody.subtract(stakingOwed);
    }

    /** Reward units (1e-36 token) held beyond what is owed; negative when the module owes more than it holds. */
    public BigInteger rewardsSurplusUnits() {
        return rewardsUnits.subtract(rewardsOwedUnits);
    }
}
