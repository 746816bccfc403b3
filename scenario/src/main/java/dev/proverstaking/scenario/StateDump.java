package dev.proverstaking.scenario;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rewards.ProverRewards;
import dev.proverstaking.rewards.RewardsModule;
import dev.proverstaking.rewards.RewardsView;
import dev.proverstaking.staking.PendingUnstake;
import dev.proverstaking.staking.Prover;
import dev.proverstaking.staking.Shares;
import dev.proverstaking.staking.Stake;
import dev.proverstaking.staking.StakingModule;
import dev.proverstaking.staking.StakingView;
import dev.proverstaking.token.TokenView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a ledger's state as the scenario format's state dump. Addresses are sorted so a dump
 * is a deterministic function of the state. Views never fail: effective values are computed
 * at full width.
 */
public final class StateDump {
    private StateDump() {}

    /** The state at the ledger's current time. */
    public static void write(Ledger ledger, JsonGenerator g) throws IOException {
        write(ledger, ledger.now(), g);
    }

    /**
     * The state at time {@code t} (at least the ledger's time): time-based emission accrued up to
     * {@code t} shows in pending rewards and commission. The {@code emission} section and the
     * provers' emission fields appear only once emission was funded or given a rate, so that a
     * history without emission dumps exactly the shared format.
     */
    public static void write(Ledger ledger, long t, JsonGenerator g) throws IOException {
        StakingView staking = ledger.staking();
        RewardsView rewards = ledger.rewards();
        boolean emission = rewards.emission().used();
        g.writeStartObject();

        g.writeObjectFieldStart("params");
        g.writeStringField("unstakeDelay", staking.unstakeDelay().toString());
        g.writeStringField("globalMinSelfStake", staking.globalMinSelfStake().toString());
        g.writeStringField("maxSlashPercentage", staking.maxSlashPercentage().toString());
        g.writeEndObject();

        g.writeStringField("stakingTreasuryPool", staking.treasuryPool().toString());
        g.writeStringField("rewardsTreasuryPool", rewards.treasuryPool().toString());

        if (emission) {
            RewardsModule.EmissionStatus e = rewards.emissionAt(t);
            g.writeObjectFieldStart("emission");
            g.writeStringField("ratePerSecond", e.ratePerSecond().toString());
            g.writeStringField("budget", e.budget().toString());
            g.writeStringField("totalFunded", e.totalFunded().toString());
            g.writeStringField("totalEmitted", e.totalEmitted().toString());
            g.writeStringField("totalWeight", e.totalWeight().toString());
            g.writeStringField("accPerWeight", e.acc().toString());
            g.writeEndObject();
        }

        g.writeArrayFieldStart("activeProvers");
        for (Address a : sorted(staking.activeProvers())) g.writeString(a.toString());
        g.writeEndArray();

        List<Prover> provers = new ArrayList<>(staking.allProvers());
        provers.sort((a, b) -> a.address().compareTo(b.address()));

        g.writeObjectFieldStart("provers");
        for (Prover p : provers) {
            ProverRewards r = p.rewards();
            RewardsModule.ProverProjection now = rewards.projection(p, t);
            g.writeObjectFieldStart(p.address().toString());
            g.writeStringField("state", p.state().name());
            g.writeStringField("minSelfStake", p.minSelfStake().toString());
            g.writeStringField("totalRawShares", p.totalRawShares().toString());
            g.writeStringField("scale", p.scale().toString());
            g.writeStringField("totalStaked", Shares.effectiveView(p.totalRawShares(), p.scale()).toString());
            g.writeStringField("selfEffectiveStake", Shares.effectiveView(p.selfRawShares(), p.scale()).toString());
            g.writeNumberField("stakerCount", p.stakerCount());
            g.writeNumberField("commissionRate", r.commissionRate());
            g.writeStringField("pendingCommission", now.pendingCommission().toString());
            g.writeStringField("accRewardPerRawShare", now.accRewardPerRawShare().toString());
            if (emission) {
                g.writeStringField("emissionWeight", r.emissionWeight().toString());
                g.writeStringField("pendingEmission", now.pendingEmission().toString());
                g.writeStringField("emissionReceived", r.emissionReceived().toString());
            }
            g.writeEndObject();
        }
        g.writeEndObject();

        g.writeObjectFieldStart("stakes");
        for (Prover p : provers) {
            for (Stake s : sortedPositions(p)) {
                g.writeObjectFieldStart(p.address() + "/" + s.staker());
                g.writeStringField("rawShares", s.rawShares().toString());
                g.writeStringField("amount", Shares.effectiveView(s.rawShares(), p.scale()).toString());
                g.writeArrayFieldStart("pendingUnstakes");
                for (PendingUnstake u : s.pendingUnstakes()) {
                    g.writeStartObject();
                    g.writeStringField("rawShares", u.rawShares().toString());
                    g.writeNumberField("unstakeTime", u.requestedAt());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeStringField("pendingRewards", rewards.pendingRewards(p, s, t).toString());
                g.writeStringField("rewardDebt", s.rewardBook().debt().toString());
                g.writeEndObject();
            }
        }
        g.writeEndObject();

        g.writeObjectFieldStart("balances");
        writeBalances(g, "stake", ledger.token(TokenKind.STAKE));
        if (!ledger.sameToken()) writeBalances(g, "reward", ledger.token(TokenKind.REWARD));
        g.writeEndObject();

        g.writeObjectFieldStart("custody");
        g.writeStringField("staking", ledger.token(TokenKind.STAKE).custodyOf(Module.STAKING).toString());
        g.writeStringField("rewards", ledger.token(TokenKind.REWARD).custodyOf(Module.REWARDS).toString());
        g.writeEndObject();

        g.writeEndObject();
    }

    private static void writeBalances(JsonGenerator g, String name, TokenView token) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<Address, UInt256> e : new TreeMap<>(token.accounts()).entrySet()) {
            g.writeStringField(e.getKey().toString(), e.getValue().toString());
        }
        g.writeEndObject();
    }

    private static List<Address> sorted(Iterable<Address> addresses) {
        List<Address> out = new ArrayList<>();
        addresses.forEach(out::add);
        out.sort(null);
        return out;
    }

    private static List<Stake> sortedPositions(Prover p) {
        List<Stake> out = new ArrayList<>(p.positions().values());
        out.sort((a, b) -> a.staker().compareTo(b.staker()));
        return out;
    }
}
