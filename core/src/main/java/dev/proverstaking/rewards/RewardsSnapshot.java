package dev.proverstaking.rewards;

import dev.proverstaking.math.UInt256;
import dev.proverstaking.math.WideSum;
import dev.proverstaking.rounding.RoundingRules;
import dev.proverstaking.snapshot.SnapshotFormatException;
import dev.proverstaking.snapshot.SnapshotInput;
import dev.proverstaking.snapshot.SnapshotOutput;
import dev.proverstaking.staking.Prover;
import java.io.IOException;
import java.util.List;

/**
 * <b>Snapshot restore only.</b> Writes and reads the rewards module's state (treasury, emission
 * pool, each prover's reward book) in the fields of {@code dev.proverstaking.snapshot}, for the
 * ledger's snapshot (the {@code rewards} section), which is the one caller. {@link #read} writes into the module and the provers' books of a freshly built ledger
 * that is not yet in use; nothing else may call it.
 *
 * <p>Layout: the treasury pool; the emission pool: rate, budget, totalFunded, totalEmitted, acc,
 * carry, totalWeight (uint each), lastAccrual (i64), used (flag); then a prover count (the
 * staking module's) and per prover in registration order: its address, commissionRate (i32),
 * accRewardPerRawShare, pendingCommission (uint), commissionCarry (i32), accCarry, emissionWeight,
 * emissionSnapshot, emissionCarry, emissionReceived (uint).
 *
 * <p>Reading checks what the transitions rely on: the commission rate within 0..10000 and its carry
 * within 0..9999, budget + emitted = funded, the pool's total weight the sum of the provers' weights,
 * and no prover's emission snapshot ahead of the pool's accumulator.
 */
public final class RewardsSnapshot {
    private RewardsSnapshot() {}

    /** @param provers the staking module's provers, in registration order */
    public static void write(RewardsModule module, List<Prover> provers, SnapshotOutput out) throws IOException {
        out.uint(module.treasuryPool());
        EmissionPool e = module.emission();
        out.uint(e.rate);
        out.uint(e.budget);
        out.uint(e.totalFunded);
        out.uint(e.totalEmitted);
        out.uint(e.acc);
        out.uint(e.carry);
        out.uint(e.totalWeight);
        out.i64(e.lastAccrual);
        out.flag(e.used);
        out.count(provers.size());
        for (Prover p : provers) {
            ProverRewards r = module.book(p);
            out.address(p.address());
            out.i32(r.commissionRate);
            out.uint(r.accRewardPerRawShare);
            out.uint(r.pendingCommission);
            out.i32(r.commissionCarry);
            out.uint(r.accCarry);
            out.uint(r.emissionWeight);
            out.uint(r.emissionSnapshot);
            out.uint(r.emissionCarry);
            out.uint(r.emissionReceived);
        }
    }

    /** @param provers the staking module's provers as just restored, in registration order */
    public static void read(RewardsModule module, List<Prover> provers, SnapshotInput in) throws IOException, SnapshotFormatException {
        UInt256 treasury = in.uint("rewards treasury pool");
        UInt256 rate = in.uint("emission rate");
        UInt256 budget = in.uint("emission budget");
        UInt256 totalFunded = in.uint("emission total funded");
        UInt256 totalEmitted = in.uint("emission total emitted");
        UInt256 acc = in.uint("emission accumulator");
        UInt256 carry = in.uint("emission carry");
        UInt256 totalWeight = in.uint("emission total weight");
        long lastAccrual = in.time("emission last accrual");
        boolean used = in.flag("emission used");
        if (!new WideSum().add(budget).add(totalEmitted).equalsValue(totalFunded)) {
            throw in.invalid("emission total funded", "budget " + budget + " + emitted " + totalEmitted
                    + " is not the funded " + totalFunded);
        }
        int n = in.count("reward book count", provers.size());
        if (n != provers.size()) {
            throw in.invalid("reward book count", n + " reward books for " + provers.size() + " provers");
        }
        ProverRewards[] books = new ProverRewards[n];
        WideSum weights = new WideSum();
        for (int i = 0; i < n; i++) {
            Prover p = provers.get(i);
            var address = in.address("reward book prover");
            if (!address.equals(p.address())) {
                throw in.invalid("reward book prover", address + " where prover " + p.address() + " was expected");
            }
            ProverRewards r = new ProverRewards(address, 0);
            r.commissionRate = in.i32("commission rate");
            if (r.commissionRate < 0 || r.commissionRate > RoundingRules.COMMISSION_DENOMINATOR.longValueExact()) {
                throw in.invalid("commission rate", "prover " + address + " has rate " + r.commissionRate + ", outside 0..10000");
            }
            r.accRewardPerRawShare = in.uint("reward accumulator");
            r.pendingCommission = in.uint("pending commission");
            r.commissionCarry = in.i32("commission carry");
            if (r.commissionCarry < 0 || r.commissionCarry >= RoundingRules.COMMISSION_DENOMINATOR.longValueExact()) {
                throw in.invalid("commission carry", "prover " + address + " has carry " + r.commissionCarry + ", outside 0..9999");
            }
            r.accCarry = in.uint("accumulator carry");
            r.emissionWeight = in.uint("emission weight");
            r.emissionSnapshot = in.uint("emission snapshot");
            r.emissionCarry = in.uint("emission carry");
            r.emissionReceived = in.uint("emission received");
            if (r.emissionSnapshot.gt(acc)) {
                throw in.invalid("emission snapshot", "prover " + address + " snapshot " + r.emissionSnapshot
                        + " is ahead of the pool's accumulator " + acc);
            }
            weights.add(r.emissionWeight);
            books[i] = r;
        }
        if (!weights.equalsValue(totalWeight)) {
            throw in.invalid("emission total weight", "total weight " + totalWeight
                    + " but the provers' weights sum to " + weights);
        }
        // effects: every value read and checked
        module.restoreTreasuryPool(treasury);
        EmissionPool e = module.emission();
        e.rate = rate;
        e.budget = budget;
        e.totalFunded = totalFunded;
        e.totalEmitted = totalEmitted;
        e.acc = acc;
        e.carry = carry;
        e.totalWeight = totalWeight;
        e.lastAccrual = lastAccrual;
        e.used = used;
        for (ProverRewards book : books) module.restoreBook(book);
    }
}
