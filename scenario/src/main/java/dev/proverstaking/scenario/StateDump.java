package dev.proverstaking.scenario;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.LedgerView;
import dev.proverstaking.ledger.LedgerView.Page;
import dev.proverstaking.ledger.LedgerView.PendingUnstakeInfo;
import dev.proverstaking.ledger.LedgerView.PositionRecord;
import dev.proverstaking.ledger.LedgerView.ProverRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a ledger's state as the scenario format's state dump, read through {@link LedgerView}.
 * Addresses are in ascending order, so a dump is a deterministic function of the state. Views
 * never fail: effective values are computed at full width.
 */
public final class StateDump {
    private StateDump() {}

    /** The state at the ledger's current time. */
    public static void write(Ledger ledger, JsonGenerator g) throws IOException {
        write(ledger.view(), g);
    }

    /**
     * The state at time {@code t} (at least the ledger's time): time-based emission accrued up to
     * {@code t} shows in pending rewards and commission.
     */
    public static void write(Ledger ledger, long t, JsonGenerator g) throws IOException {
        write(ledger.viewAt(t), g);
    }

    /**
     * The state as {@code v} sees it. The {@code emission} section and the provers' emission fields
     * appear only once emission was funded or given a rate, so that a history without emission
     * dumps exactly the shared format.
     */
    public static void write(LedgerView v, JsonGenerator g) throws IOException {
        LedgerView.EmissionInfo e = v.emission();
        boolean emission = e.used();
        g.writeStartObject();

        LedgerView.Parameters params = v.parameters();
        g.writeObjectFieldStart("params");
        g.writeStringField("unstakeDelay", params.unstakeDelay().toString());
        g.writeStringField("globalMinSelfStake", params.globalMinSelfStake().toString());
        g.writeStringField("maxSlashPercentage", params.maxSlashPercentage().toString());
        g.writeEndObject();

        g.writeStringField("stakingTreasuryPool", v.treasuryPools().staking().toString());
        g.writeStringField("rewardsTreasuryPool", v.treasuryPools().rewards().toString());

        if (emission) {
            g.writeObjectFieldStart("emission");
            g.writeStringField("ratePerSecond", e.ratePerSecond().toString());
            g.writeStringField("budget", e.remainingBudget().toString());
            g.writeStringField("totalFunded", e.totalFunded().toString());
            g.writeStringField("totalEmitted", e.totalEmitted().toString());
            g.writeStringField("totalWeight", e.totalWeight().toString());
            g.writeStringField("accPerWeight", e.accPerWeight().toString());
            g.writeEndObject();
        }

        List<ProverRecord> provers = new ArrayList<>(v.proverCount());
        for (Page<ProverRecord> page = v.provers(null, null, LedgerView.MAX_PAGE); ;
             page = v.provers(null, page.next(), LedgerView.MAX_PAGE)) {
            provers.addAll(page.items());
            if (page.next() == null) break;
        }

        g.writeArrayFieldStart("activeProvers");
        for (Address a : v.activeProvers()) g.writeString(a.toString());
        g.writeEndArray();

        g.writeObjectFieldStart("provers");
        for (ProverRecord p : provers) {
            g.writeObjectFieldStart(p.address().toString());
            g.writeStringField("state", p.state().name());
            g.writeStringField("minSelfStake", p.minSelfStake().toString());
            g.writeStringField("totalRawShares", p.totalRawShares().toString());
            g.writeStringField("scale", p.scale().toString());
            g.writeStringField("totalStaked", p.totalStaked().toString());
            g.writeStringField("selfEffectiveStake", p.selfEffectiveStake().toString());
            g.writeNumberField("stakerCount", p.stakerCount());
            g.writeNumberField("commissionRate", p.commissionRate());
            g.writeStringField("pendingCommission", p.pendingCommission().toString());
            g.writeStringField("accRewardPerRawShare", p.accRewardPerRawShare().toString());
            if (emission) {
                g.writeStringField("emissionWeight", p.emissionWeight().toString());
                g.writeStringField("pendingEmission", p.pendingEmission().toString());
                g.writeStringField("emissionReceived", p.emissionReceived().toString());
            }
            g.writeEndObject();
        }
        g.writeEndObject();

        g.writeObjectFieldStart("stakes");
        for (ProverRecord p : provers) {
            for (Page<PositionRecord> page = v.positions(p.address(), null, LedgerView.MAX_PAGE); ;
                 page = v.positions(p.address(), page.next(), LedgerView.MAX_PAGE)) {
                for (PositionRecord s : page.items()) writeStake(g, s);
                if (page.next() == null) break;
            }
        }
        g.writeEndObject();

        g.writeObjectFieldStart("balances");
        writeBalances(g, "stake", v, TokenKind.STAKE);
        if (!v.sameToken()) writeBalances(g, "reward", v, TokenKind.REWARD);
        g.writeEndObject();

        g.writeObjectFieldStart("custody");
        g.writeStringField("staking", v.custody(TokenKind.STAKE, Module.STAKING).toString());
        g.writeStringField("rewards", v.custody(TokenKind.REWARD, Module.REWARDS).toString());
        g.writeEndObject();

        g.writeEndObject();
    }

    private static void writeStake(JsonGenerator g, PositionRecord s) throws IOException {
        g.writeObjectFieldStart(s.prover() + "/" + s.staker());
        g.writeStringField("rawShares", s.rawShares().toString());
        g.writeStringField("amount", s.amount().toString());
        g.writeArrayFieldStart("pendingUnstakes");
        for (PendingUnstakeInfo u : s.pendingUnstakes()) {
            g.writeStartObject();
            g.writeStringField("rawShares", u.rawShares().toString());
            g.writeNumberField("unstakeTime", u.unstakeTime());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("pendingRewards", s.pendingRewards().toString());
        g.writeStringField("rewardDebt", s.rewardDebt().toString());
        g.writeEndObject();
    }

    private static void writeBalances(JsonGenerator g, String name, LedgerView v, TokenKind token) throws IOException {
        g.writeObjectFieldStart(name);
        for (LedgerView.Balance b : v.balances(token)) g.writeStringField(b.account().toString(), b.amount().toString());
        g.writeEndObject();
    }
}
