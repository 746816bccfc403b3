package dev.proverstaking.invariant;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.LedgerView;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.StateFingerprint;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.ledger.Violation;
import dev.proverstaking.math.UInt256;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks every invariant of the design after every operation, over the whole state (O(state) per
 * operation): the runtime assertion behind {@code replay --verify}. The simulator uses
 * {@link IncrementalChecker}, the same invariants at the cost of what an operation touches. The invariants of a single state are the ledger's
 * own ({@link Ledger#audit}); this class adds those that relate two states, holding a mark of the
 * previous one:
 * <ul>
 *   <li><b>Accumulator monotonicity</b>: accRewardPerRawShare and the emission accumulator never decrease.</li>
 *   <li><b>Scale consistency / proportional slashing</b>: a scale changes only by a successful slash of
 *       that prover, to exactly floor(old * (1e6 - ppm) / 1e6), with no raw share of anyone changing;
 *       so every effective amount of the prover scales by the same factor.</li>
 *   <li><b>Share conservation</b>: only the sender's position with the prover a successful stake or
 *       unstake names changes raw shares or appears.</li>
 *   <li><b>Token isolation</b>: staking operations never move reward custody and rewards operations
 *       never move staking custody.</li>
 *   <li><b>Atomicity</b>: a refused operation leaves the state's fingerprint unchanged and emits no event.</li>
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

    /** After applying {@code tx} (whose receipt is {@code receipt}) to the ledger this checker was made for. */
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
        out.addAll(ledger.audit());
        mark = after;
        return out;
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
        boolean stakingOp = movesStakingCustody(c);
        boolean rewardsOp = movesRewardsCustody(c);
        if (!rewardsOp && !before.rewardsCustody.equals(after.rewardsCustody)) {
            out.add(new Violation("Token isolation", c.op() + " moved reward custody " + before.rewardsCustody + " -> " + after.rewardsCustody));
        }
        if (!stakingOp && !before.stakingCustody.equals(after.stakingCustody)) {
            out.add(new Violation("Token isolation", c.op() + " moved staking custody " + before.stakingCustody + " -> " + after.stakingCustody));
        }
    }

    /** Whether {@code c} is an operation of the staking module, which alone may move staking custody. */
    static boolean movesStakingCustody(Command c) {
        return switch (c.op()) {
            case addRewards, withdrawRewards, updateCommissionRate, mint, deposit, withdraw, fundEmission, setEmissionRate,
                    poke -> false;
            case withdrawTreasury -> ((Command.WithdrawTreasury) c).module() == Module.STAKING;
            case transferOwnership -> ((Command.TransferOwnership) c).module() == Module.STAKING;
            default -> true;
        };
    }

    /** Whether {@code c} is an operation of the rewards module, which alone may move reward custody. */
    static boolean movesRewardsCustody(Command c) {
        return switch (c.op()) {
            case addRewards, withdrawRewards, updateCommissionRate, fundEmission, setEmissionRate, poke -> true;
            case withdrawTreasury -> ((Command.WithdrawTreasury) c).module() == Module.REWARDS;
            case transferOwnership -> ((Command.TransferOwnership) c).module() == Module.REWARDS;
            default -> false;
        };
    }

    /** The prover whose (sender's) position a successful {@code c} may change the raw shares of, or null. */
    static Address shareProver(Command c, Address sender) {
        return switch (c.op()) {
            case initProver -> sender;
            case stake -> ((Command.Stake) c).prover();
            case requestUnstake -> ((Command.RequestUnstake) c).prover();
            case requestUnstakeAll -> ((Command.RequestUnstakeAll) c).prover();
            default -> null;
        };
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
            LedgerView v = ledger.view();
            this.emissionAcc = v.emission().accPerWeight();
            this.fingerprint = fingerprint ? StateFingerprint.of(ledger) : "";
            for (Address prover : v.allProvers()) {
                Map<Address, UInt256> pos = new HashMap<>();
                LedgerView.Page<LedgerView.PositionRecord> page = null;
                do {
                    page = v.positions(prover, page == null ? null : page.next(), LedgerView.MAX_PAGE);
                    for (LedgerView.PositionRecord r : page.items()) pos.put(r.staker(), r.rawShares());
                } while (page.next() != null);
                LedgerView.ProverRecord p = v.proverRecord(prover).orElseThrow();
                provers.put(prover, new ProverMark(p.scale(), p.accRewardPerRawShare(), pos));
            }
            stakingCustody = v.custody(TokenKind.STAKE, Module.STAKING);
            rewardsCustody = v.custody(TokenKind.REWARD, Module.REWARDS);
        }
    }
}
