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
import dev.proverstaking.invariant.StateRecordValues.Token;
import dev.proverstaking.invariant.StateRecordValues.Value;
import dev.proverstaking.invariant.Tally.ProverTally;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.LedgerView;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.ledger.Violation;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.staking.ProverState;
import dev.proverstaking.staking.Shares;
import dev.proverstaking.staking.Stake;
import dev.proverstaking.staking.StakingModule;
import dev.proverstaking.statehash.StateJournal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every invariant {@link InvariantChecker} checks, at the cost of what an operation touches rather
 * than of the whole state: the simulator's checker.
 *
 * <p><b>What changed.</b> The ledger tracks the records each transaction changes
 * ({@link Ledger#trackChanges}); after each one this checker drains them, with their canonical
 * bytes before and after, and reads both back ({@link StateRecordValues}). Every write of a record
 * tells the journal first, by mechanism (ArchitectureTest), so no change is missed; the records of
 * which there is one (clock, parameters, pool, tokens, owners) are compared at every drain.
 *
 * <p><b>After every operation</b>, for the changed records only: the invariants relating two
 * states (accumulator monotonicity; a scale changed only by a slash of that prover, to exactly
 * floor(old x (1e6 - ppm) / 1e6); raw shares changed or a position made only for the sender's
 * position with the prover a successful stake or unstake names; staking custody moved only by
 * staking operations and reward custody only by rewards operations; a refused operation changed no
 * record but the clock, and a signed one's nonce, and emitted no event), and the single-state ones
 * of those records (scale in (1e17, 1e18]; queues of at most 10 requests in time order, none after
 * the clock; commission rate and carry in range; a book's snapshot not ahead of the pool). The sums
 * over many records ({@link Tally}: a prover's positions, the accounts, the weights, what the
 * modules owe) are kept up to date from the same changes, and compared with the records' own fields
 * for every prover that changed (shares, pending shares, staker count, positions, queue blocks,
 * emission weight) and globally (supply = balances + custody, weights, the emission budget,
 * solvency in {@code solvent}).
 *
 * <p><b>A full sweep</b> every {@code sweepEvery} operations and at {@link #sweep}: the ledger's
 * own audit of the whole state ({@link Ledger#audit}, what holds of a single state: the position
 * index among it) and the tally recomputed from scratch against the one kept, which shows any
 * change that did not go through the journal (named by the invariant of the field it changed, or
 * "Change tracking").
 *
 * <p>Single-threaded, like the ledger; it must see every transaction applied after it was made.
 */
public final class IncrementalChecker {
    private static final UInt256 MILLION = UInt256.of(1_000_000);

    private final Ledger ledger;
    private final boolean solvent;
    private final boolean sameToken;
    private final long sweepEvery;
    private Tally tally;
    private long sinceSweep;
    private final ArrayList<Value> befores = new ArrayList<>();
    private final ArrayList<Value> afters = new ArrayList<>();
    private final StateJournal.ChangeVisitor collect = (b, ba, bl, a, al) -> {
        befores.add(b == null ? null : StateRecordValues.read(b, ba, bl));
        afters.add(StateRecordValues.read(a, 0, al));
    };

    /**
     * Starts tracking {@code ledger}'s changes (it must not track them already) and tallies its
     * state from scratch.
     *
     * @param sweepEvery a full sweep after every this many operations; 0 for none but {@link #sweep}
     */
    public IncrementalChecker(Ledger ledger, long sweepEvery) {
        if (sweepEvery < 0) throw new IllegalArgumentException("sweepEvery " + sweepEvery);
        this.ledger = ledger;
        this.solvent = ledger.profile() == Profile.SOLVENT;
        this.sameToken = ledger.sameToken();
        this.sweepEvery = sweepEvery;
        ledger.trackChanges();
        this.tally = fromScratch();
    }

    /** How many full sweeps ran. */
    public long sweeps() {
        return sweeps;
    }

    private long sweeps;

    /** After applying {@code tx} (whose receipt is {@code receipt}) to the ledger this checker was made for. */
    public List<Violation> afterApply(Transaction tx, Receipt receipt) {
        befores.clear();
        afters.clear();
        ledger.drainChanges(collect);
        List<Violation> out = new ArrayList<>(0);
        Command c = tx.command();
        boolean ok = receipt.ok();
        if (!ok && !receipt.events().isEmpty()) out.add(new Violation("Atomicity", "a failed operation emitted events"));
        Address shareProver = ok ? InvariantChecker.shareProver(c, tx.sender()) : null;
        Address slashed = ok && c instanceof Command.Slash s ? s.prover() : null;
        List<Position> positions = new ArrayList<>(2);
        for (int i = 0; i < afters.size(); i++) {
            Value before = befores.get(i), after = afters.get(i);
            if (!ok && !leftByARefusal(tx, before, after)) {
                out.add(new Violation("Atomicity", c.op() + " failed with " + receipt.error() + " but changed " + describe(after)));
            }
            if (after instanceof ProverValue p) {
                prover(p, (ProverValue) before, slashed, c, out);
            } else if (after instanceof Position p) {
                position(p, (Position) before, shareProver, slashed, tx, out);
                positions.add(p);
            } else if (after instanceof Book b) {
                if (before instanceof Book old && b.acc().lt(old.acc())) {
                    out.add(new Violation("Accumulator monotonicity", "prover " + b.prover() + " acc " + old.acc() + " -> " + b.acc()));
                }
                if (b.commissionRate() < 0 || b.commissionRate() > 10_000 || b.commissionCarry() < 0 || b.commissionCarry() >= 10_000) {
                    out.add(new Violation("Lifecycle", "prover " + b.prover() + ": commission rate " + b.commissionRate()
                            + " carry " + b.commissionCarry()));
                }
            } else if (after instanceof Rewards r && before instanceof Rewards old && r.acc().lt(old.acc())) {
                out.add(new Violation("Accumulator monotonicity", "emission accumulator " + old.acc() + " -> " + r.acc()));
            } else if (after instanceof Token t && before instanceof Token old) {
                isolationAcross(c, old, t, out);
            }
            tally.apply(before, after);
        }
        for (Address a : tally.dirty) proverSums(a, out);
        tally.settle();
        if (solvent) {
            for (Position p : positions) entitlement(p, out);
        }
        // only the clock moved (most refusals): every sum is as it was after the last check
        if (afters.size() > 1 || !(afters.isEmpty() || afters.get(0) instanceof Clock)) global(out);
        if (sweepEvery > 0 && ++sinceSweep >= sweepEvery) out.addAll(sweep());
        return out;
    }

    /**
     * The full sweep: the ledger's audit of the whole state, and the sums kept against the same
     * recomputed from scratch (then kept from those). O(state).
     */
    public List<Violation> sweep() {
        sinceSweep = 0;
        sweeps++;
        List<Violation> out = new ArrayList<>(ledger.audit());
        Tally fresh = fromScratch();
        compare(tally, fresh, out);
        tally = fresh;
        return out;
    }

    private Tally fromScratch() {
        Tally t = new Tally(solvent);
        ledger.visitRecords((b, ba, bl, a, al) -> t.apply(null, StateRecordValues.read(a, 0, al)));
        t.settle();
        return t;
    }

    // ---------------------------------------------------------------- per record

    /** A refused transaction may advance the clock and count, and a signed one uses its sender's nonce. */
    private static boolean leftByARefusal(Transaction tx, Value before, Value after) {
        if (after instanceof Clock) return true;
        return tx.hasNonce() && before instanceof Account b && after instanceof Account a
                && a.address().equals(tx.sender()) && a.nonce() == b.nonce() + 1
                && java.util.Arrays.equals(a.balance(), b.balance());
    }

    private void prover(ProverValue p, ProverValue before, Address slashed, Command c, List<Violation> out) {
        String who = "prover " + p.address();
        if (p.scale().le(StakingModule.MIN_SCALE_FLOOR) || p.scale().gt(UInt256.WAD)) {
            out.add(new Violation("Scale consistency", who + ": scale " + p.scale() + " outside (1e17, 1e18]"));
        }
        if (before == null || before.scale().equals(p.scale())) return;
        if (!p.address().equals(slashed)) {
            out.add(new Violation("Scale consistency", who + " scale changed by " + c.op()));
            return;
        }
        UInt256 ppm = ((Command.Slash) c).percentage();
        UInt256 expect = ppm.gt(MILLION) ? null : before.scale().mulDiv(MILLION.sub(ppm), MILLION);
        if (!p.scale().equals(expect)) {
            out.add(new Violation("Proportional slashing", who + " scale " + before.scale() + " slashed " + ppm
                    + " ppm gave " + p.scale() + ", expected " + expect));
        }
    }

    private void position(Position p, Position before, Address shareProver, Address slashed, Transaction tx,
                          List<Violation> out) {
        boolean mayChange = p.prover().equals(shareProver) && p.staker().equals(tx.sender());
        String which = p.prover() + "/" + p.staker();
        if (before == null) {
            if (!mayChange) out.add(new Violation("Share conservation", "position " + which + " appeared on " + tx.command().op()));
        } else if (!mayChange && !before.raw().equals(p.raw())) {
            out.add(new Violation(slashed != null ? "Proportional slashing" : "Share conservation",
                    "raw shares of " + which + " changed on " + tx.command().op()));
        }
        int n = p.pendingRaw().length;
        if (n > Stake.MAX_PENDING_UNSTAKES) {
            out.add(new Violation("Lifecycle", "prover " + p.prover() + " staker " + p.staker() + " has " + n + " pending unstakes"));
        }
        long now = ledger.now(), last = Long.MIN_VALUE;
        for (long t : p.requestedAt()) {
            if (t < last) out.add(new Violation("Lifecycle", "prover " + p.prover() + " queue out of time order"));
            if (t > now) {
                out.add(new Violation("Lifecycle", "prover " + p.prover() + " staker " + p.staker()
                        + " requested an unstake at " + t + ", after the ledger's clock " + now));
            }
            last = t;
        }
    }

    /** Solvent: a position's entitlement entitled + raw x acc - debt is never negative (what makes the owed sum linear). */
    private void entitlement(Position p, List<Violation> out) {
        ProverTally t = tally.provers.get(p.prover());
        if (t.book == null) return;
        BigInteger e = p.entitled().toBigInteger().add(p.raw().toBigInteger().multiply(t.book.acc().toBigInteger()));
        if (e.compareTo(p.debt().toBigInteger()) < 0) {
            out.add(new Violation("Solvency", "position " + p.prover() + "/" + p.staker() + " owes debt " + p.debt()
                    + " beyond its entitlement " + e));
        }
    }

    private void isolationAcross(Command c, Token before, Token after, List<Violation> out) {
        int staking = Module.STAKING.ordinal(), rewards = Module.REWARDS.ordinal();
        boolean stakeToken = after.kind() == TokenKind.STAKE.ordinal();
        if (stakeToken && !InvariantChecker.movesStakingCustody(c) && !before.custody()[staking].equals(after.custody()[staking])) {
            out.add(new Violation("Token isolation", c.op() + " moved staking custody " + before.custody()[staking]
                    + " -> " + after.custody()[staking]));
        }
        boolean rewardToken = sameToken || after.kind() == TokenKind.REWARD.ordinal();
        if (rewardToken && !InvariantChecker.movesRewardsCustody(c) && !before.custody()[rewards].equals(after.custody()[rewards])) {
            out.add(new Violation("Token isolation", c.op() + " moved reward custody " + before.custody()[rewards]
                    + " -> " + after.custody()[rewards]));
        }
    }

    // ---------------------------------------------------------------- sums

    /** A prover that changed, or one of whose positions did: its totals against its positions, its weight against its stake. */
    private void proverSums(Address a, List<Violation> out) {
        ProverTally t = tally.provers.get(a);
        String who = "prover " + a;
        if (t.prover == null || t.book == null) {
            out.add(new Violation("Share conservation", who + ": positions or a book without a prover record"));
            return;
        }
        ProverValue p = t.prover;
        if (!t.raw.equalsValue(p.totalRaw())) {
            out.add(new Violation("Share conservation", who + ": positions sum to " + t.raw + ", totalRawShares " + p.totalRaw()));
        }
        if (!t.pending.equalsValue(p.pendingRaw())) {
            out.add(new Violation("Share conservation", who + ": pending requests sum to " + t.pending + ", pendingRawShares " + p.pendingRaw()));
        }
        UInt256 expected = p.state() == ProverState.Active.ordinal() ? Shares.effectiveView(p.totalRaw(), p.scale()) : UInt256.ZERO;
        if (!t.book.weight().equals(expected)) {
            out.add(new Violation("Emission", who + " weighs " + t.book.weight() + ", its effective active stake is " + expected));
        }
        if (t.book.snapshot().gt(tally.rewards.acc())) {
            out.add(new Violation("Emission", who + " snapshot ahead of the pool"));
        }
        if (!tally.positionsChanged.contains(a)) return; // the counts over its positions are as they were
        LedgerView.ProverInternals counts = ledger.view().proverInternals(a).orElse(null);
        if (counts == null) {
            out.add(new Violation("Share conservation", who + ": a record of a prover the ledger does not know"));
            return;
        }
        if (t.withShares != counts.stakerCount()) {
            out.add(new Violation("Share conservation", who + ": " + t.withShares + " positions with shares, staker count " + counts.stakerCount()));
        }
        if (t.positions != counts.positionCount()) {
            out.add(new Violation("Share conservation", who + ": " + t.positions + " positions seen, " + counts.positionCount() + " held"));
        }
        if (t.withPending != counts.pendingQueueBlocks()) {
            out.add(new Violation("Lifecycle", who + ": " + t.withPending + " positions with pending requests, "
                    + counts.pendingQueueBlocks() + " queue blocks in use"));
        }
    }

    /** The global sums: emission, supply against balances and custody, solvency. O(1). */
    private void global(List<Violation> out) {
        Rewards r = tally.rewards;
        if (!r.budget().toBigInteger().add(r.emitted().toBigInteger()).equals(r.funded().toBigInteger())) {
            out.add(new Violation("Emission", "budget " + r.budget() + " + emitted " + r.emitted() + " != funded " + r.funded()));
        }
        if (!tally.weights.equalsValue(r.totalWeight())) {
            out.add(new Violation("Emission", "total weight " + r.totalWeight() + " != sum of weights " + tally.weights));
        }
        for (Token t : tally.tokens) {
            if (t == null) continue;
            RunningSum sum = tally.balances[t.kind()].copy();
            for (UInt256 custody : t.custody()) sum.add(custody);
            if (!sum.equalsValue(t.supply())) {
                out.add(new Violation("Token isolation", TokenKind.values()[t.kind()] + " supply " + t.supply()
                        + " != balances + custody " + sum));
            }
        }
        if (!sameToken) {
            if (!tally.tokens[TokenKind.STAKE.ordinal()].custody()[Module.REWARDS.ordinal()].isZero()) {
                out.add(new Violation("Token isolation", "the rewards module holds staking tokens"));
            }
            if (!tally.tokens[TokenKind.REWARD.ordinal()].custody()[Module.STAKING.ordinal()].isZero()) {
                out.add(new Violation("Token isolation", "the staking module holds reward tokens"));
            }
        }
        if (!solvent) return;
        BigInteger stakingCustody = tally.custody(sameToken, TokenKind.STAKE, Module.STAKING).toBigInteger();
        BigInteger stakingOwed = tally.staking.treasury().toBigInteger().add(tally.stakingOwed);
        if (stakingCustody.compareTo(stakingOwed) < 0) {
            out.add(new Violation("Solvency", "staking custody " + stakingCustody + " < owed " + stakingOwed));
        }
        BigInteger units = tally.custody(sameToken, TokenKind.REWARD, Module.REWARDS).toBigInteger().multiply(Tally.unit());
        BigInteger owed = tally.rewardsOwedUnits();
        if (!units.equals(owed)) {
            out.add(new Violation("Solvency", "rewards custody x 1e36 = " + units + " but owed (exactly) " + owed));
        }
        if (!r.treasury().isZero()) {
            out.add(new Violation("Solvency", "the rewards treasury is " + r.treasury() + " in solvent"));
        }
    }

    /** The sums kept against the same from scratch: a difference is a change the journal did not see. */
    private static void compare(Tally kept, Tally fresh, List<Violation> out) {
        for (Map.Entry<Address, ProverTally> e : fresh.provers.entrySet()) {
            String who = "prover " + e.getKey();
            ProverTally f = e.getValue(), k = kept.provers.get(e.getKey());
            if (k == null) {
                out.add(new Violation("Change tracking", who + " exists but no change made it"));
                continue;
            }
            if (!f.prover.equals(k.prover)) {
                String field = !f.prover.scale().equals(k.prover.scale()) ? "Scale consistency" : "Share conservation";
                out.add(new Violation(field, who + " changed without telling the journal: " + k.prover + " -> " + f.prover));
            }
            if (!f.book.equals(k.book)) {
                String field = f.book.acc().lt(k.book.acc()) ? "Accumulator monotonicity"
                        : !f.book.weight().equals(k.book.weight()) ? "Emission" : "Change tracking";
                out.add(new Violation(field, who + "'s rewards book changed without telling the journal: " + k.book + " -> " + f.book));
            }
            if (!f.raw.sameAs(k.raw) || !f.pending.sameAs(k.pending) || f.withShares != k.withShares
                    || f.withPending != k.withPending || f.positions != k.positions) {
                out.add(new Violation("Share conservation", who + ": its positions changed without telling the journal"));
            }
            if (!f.entitled.sameAs(k.entitled) || !f.debt.sameAs(k.debt)) {
                out.add(new Violation("Change tracking", who + ": its positions' reward books changed without telling the journal"));
            }
        }
        for (int s = 0; s < 2; s++) {
            if (!fresh.balances[s].sameAs(kept.balances[s])) {
                out.add(new Violation("Token isolation", "balances of token slot " + s + " changed without telling the journal: "
                        + kept.balances[s] + " -> " + fresh.balances[s]));
            }
        }
    }

    private static String describe(Value v) {
        return v instanceof ProverValue p ? "prover " + p.address()
                : v instanceof Position p ? "position " + p.prover() + "/" + p.staker()
                : v instanceof Book b ? "the rewards book of " + b.prover()
                : v instanceof Account a ? "account " + a.address()
                : "the " + v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " record";
    }
}
