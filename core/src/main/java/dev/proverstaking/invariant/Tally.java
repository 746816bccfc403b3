package dev.proverstaking.invariant;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.invariant.StateRecordValues.Account;
import dev.proverstaking.invariant.StateRecordValues.Book;
import dev.proverstaking.invariant.StateRecordValues.Clock;
import dev.proverstaking.invariant.StateRecordValues.Position;
import dev.proverstaking.invariant.StateRecordValues.ProverValue;
import dev.proverstaking.invariant.StateRecordValues.Rewards;
import dev.proverstaking.invariant.StateRecordValues.Staking;
import dev.proverstaking.invariant.StateRecordValues.Token;
import dev.proverstaking.invariant.StateRecordValues.Value;
import dev.proverstaking.math.UInt256;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The sums over many records that the single-state invariants compare with a record's own field
 * (a prover's positions against its totals, the accounts against a token's supply, the books'
 * weights against the pool's, what every prover owes against the modules' custody), kept up to
 * date from each changed record's values before and after: O(1) per change. Built from nothing by
 * feeding it every record as created (the checker's start and its sweeps), it holds the same sums
 * a tally kept up to date does, so two tallies compare.
 */
final class Tally {
    private static final BigInteger WAD = UInt256.WAD.toBigInteger();
    private static final BigInteger UNIT = WAD.multiply(WAD);

    /** One prover's records and the sums over its positions. */
    static final class ProverTally {
        ProverValue prover;
        Book book;
        final RunningSum raw = new RunningSum();
        final RunningSum pending = new RunningSum();
        final RunningSum entitled = new RunningSum();
        final RunningSum debt = new RunningSum();
        int withShares;
        int withPending;
        int positions;
        /** eff(T + P): what the staking module owes for this prover (solvent only; else 0). */
        BigInteger stakingOwed = BigInteger.ZERO;
        /** What the rewards module owes for this prover, in 1e-36 token, less its weight x the pool's accumulator (solvent only). */
        BigInteger rewardsOwed = BigInteger.ZERO;
    }

    private final boolean solvent;
    final Map<Address, ProverTally> provers = new HashMap<>();
    /** Balances of open accounts, by token slot. */
    final RunningSum[] balances = {new RunningSum(), new RunningSum()};
    final RunningSum weights = new RunningSum();
    BigInteger stakingOwed = BigInteger.ZERO;
    BigInteger rewardsOwed = BigInteger.ZERO;
    Clock clock;
    Staking staking;
    Rewards rewards;
    final Token[] tokens = new Token[2];
    /** Provers whose records or positions changed since {@link #settle}. */
    final Set<Address> dirty = new LinkedHashSet<>();
    /** Of those, the provers whose positions changed (only then can the counts over positions change). */
    final Set<Address> positionsChanged = new java.util.HashSet<>();

    Tally(boolean solvent) {
        this.solvent = solvent;
    }

    ProverTally prover(Address a) {
        return provers.computeIfAbsent(a, k -> new ProverTally());
    }

    /** A record changed from {@code before} (null: created) to {@code after}. */
    void apply(Value before, Value after) {
        if (after instanceof Clock c) {
            clock = c;
        } else if (after instanceof Staking s) {
            staking = s;
        } else if (after instanceof Rewards r) {
            rewards = r;
        } else if (after instanceof Token t) {
            tokens[t.kind()] = t;
        } else if (after instanceof ProverValue p) {
            prover(p.address()).prover = p;
            dirty.add(p.address());
        } else if (after instanceof Book b) {
            ProverTally t = prover(b.prover());
            if (before instanceof Book old) weights.subtract(old.weight());
            weights.add(b.weight());
            t.book = b;
            dirty.add(b.prover());
        } else if (after instanceof Position p) {
            ProverTally t = prover(p.prover());
            if (before instanceof Position old) count(t, old, -1);
            else t.positions++;
            count(t, p, +1);
            dirty.add(p.prover());
            positionsChanged.add(p.prover());
        } else if (after instanceof Account a) {
            if (before instanceof Account old) for (int s = 0; s < 2; s++) balances[s].subtract(old.balance()[s]);
            for (int s = 0; s < 2; s++) balances[s].add(a.balance()[s]);
        }
        // owners and roles: no sum is kept over them
    }

    private static void count(ProverTally t, Position p, int sign) {
        if (sign > 0) {
            t.raw.add(p.raw());
            t.entitled.add(p.entitled());
            t.debt.add(p.debt());
            for (UInt256 r : p.pendingRaw()) t.pending.add(r);
        } else {
            t.raw.subtract(p.raw());
            t.entitled.subtract(p.entitled());
            t.debt.subtract(p.debt());
            for (UInt256 r : p.pendingRaw()) t.pending.subtract(r);
        }
        if (!p.raw().isZero()) t.withShares += sign;
        if (p.pendingRaw().length > 0) t.withPending += sign;
    }

    /** Recomputes what the dirty provers owe (solvent), once all of a transaction's changes are in. */
    void settle() {
        if (solvent) {
            for (Address a : dirty) {
                ProverTally t = provers.get(a);
                if (t.prover == null || t.book == null) continue; // made in this pass; its other record follows
                BigInteger s = owedStake(t), r = owedRewards(t);
                stakingOwed = stakingOwed.add(s.subtract(t.stakingOwed));
                rewardsOwed = rewardsOwed.add(r.subtract(t.rewardsOwed));
                t.stakingOwed = s;
                t.rewardsOwed = r;
            }
        }
        dirty.clear();
        positionsChanged.clear();
    }

    /** eff(T + P), as {@link dev.proverstaking.ledger.Solvency} counts it. */
    private static BigInteger owedStake(ProverTally t) {
        return t.prover.totalRaw().toBigInteger().add(t.prover.pendingRaw().toBigInteger())
                .multiply(t.prover.scale().toBigInteger()).divide(WAD);
    }

    /**
     * As {@link dev.proverstaking.ledger.Solvency} counts it, but linear in the positions (solvent):
     * every position's entitlement entitled + raw x acc - debt is at least zero (the checker checks it
     * of every position that changes; acc only grows in between), so their sum is
     * acc x T + sum(entitled) - sum(debt). The emission part weight x (poolAcc - snapshot) is split:
     * here -weight x snapshot, the pool's accumulator times the total weight at the check.
     */
    private static BigInteger owedRewards(ProverTally t) {
        Book b = t.book;
        BigInteger wad = WAD;
        BigInteger positions = b.acc().toBigInteger().multiply(t.prover.totalRaw().toBigInteger())
                .add(t.entitled.toBigInteger()).subtract(t.debt.toBigInteger());
        return b.emissionCarry().toBigInteger()
                .subtract(b.weight().toBigInteger().multiply(b.snapshot().toBigInteger()))
                .add(b.pendingCommission().toBigInteger().multiply(UNIT))
                .add(b.accCarry().toBigInteger().multiply(wad))
                .add(positions.multiply(wad));
    }

    UInt256 custody(boolean sameToken, TokenKind token, Module module) {
        Token t = tokens[sameToken ? 0 : token.ordinal()];
        return t.custody()[module.ordinal()];
    }

    /** What the rewards module owes in 1e-36 token, every prover and the pool together. */
    BigInteger rewardsOwedUnits() {
        return rewards.treasury().toBigInteger().add(rewards.budget().toBigInteger()).multiply(UNIT)
                .add(rewards.carry().toBigInteger())
                .add(rewards.acc().toBigInteger().multiply(weights.toBigInteger()))
                .add(rewardsOwed);
    }

    static BigInteger unit() {
        return UNIT;
    }
}
