package dev.proverstaking.node.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.Role;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.LedgerView;
import dev.proverstaking.math.WideSum;
import dev.proverstaking.node.EventRecord;
import dev.proverstaking.node.NodeGenesis;
import dev.proverstaking.staking.ProverState;
import java.util.List;
import java.util.function.Function;

/**
 * The read endpoints' JSON, from the ledger's view records: addresses lowercase, amounts decimal
 * strings, small integers (counts, rates, times, indexes) JSON numbers. Field names are the state
 * dump's where the dump has the field.
 */
final class ReadJson {
    private ReadJson() {}

    static ObjectNode account(LedgerView.Account a) {
        ObjectNode o = Json.object();
        o.put("address", a.address().toString());
        o.put("nonce", a.nonce());
        ObjectNode b = o.putObject("balances");
        b.put("stake", a.stake().toString());
        b.put("reward", a.reward().toString());
        ArrayNode roles = o.putArray("roles");
        for (Role r : a.roles()) roles.add(r.name());
        return o;
    }

    static ObjectNode prover(LedgerView.ProverRecord p) {
        ObjectNode o = Json.object();
        o.put("address", p.address().toString());
        o.put("state", p.state().name());
        o.put("minSelfStake", p.minSelfStake().toString());
        o.put("totalRawShares", p.totalRawShares().toString());
        o.put("pendingRawShares", p.pendingRawShares().toString());
        o.put("scale", p.scale().toString());
        o.put("totalStaked", p.totalStaked().toString());
        o.put("selfEffectiveStake", p.selfEffectiveStake().toString());
        o.put("totalPendingUnstake", p.totalPendingUnstake().toString());
        o.put("stakerCount", p.stakerCount());
        o.put("positionCount", p.positionCount());
        o.put("commissionRate", p.commissionRate());
        o.put("pendingCommission", p.pendingCommission().toString());
        o.put("accRewardPerRawShare", p.accRewardPerRawShare().toString());
        o.put("emissionWeight", p.emissionWeight().toString());
        o.put("pendingEmission", p.pendingEmission().toString());
        o.put("emissionReceived", p.emissionReceived().toString());
        return o;
    }

    /** A position; {@code withdrawable} is what {@code withdrawRewards} would pay now (commission too, for the prover's own). */
    static ObjectNode position(LedgerView.PositionRecord s, LedgerView.StakeInfo info) {
        ObjectNode o = Json.object();
        o.put("prover", s.prover().toString());
        o.put("staker", s.staker().toString());
        o.put("rawShares", s.rawShares().toString());
        o.put("amount", s.amount().toString());
        ArrayNode pending = o.putArray("pendingUnstakes");
        for (LedgerView.PendingUnstakeInfo u : s.pendingUnstakes()) {
            ObjectNode x = pending.addObject();
            x.put("rawShares", u.rawShares().toString());
            x.put("amount", u.amount().toString());
            x.put("unstakeTime", u.unstakeTime());
            x.put("readyAt", u.readyAt().toString());
            x.put("ready", u.ready());
        }
        o.put("totalPendingUnstake", s.totalPendingUnstake().toString());
        o.put("pendingRewards", s.pendingRewards().toString());
        o.put("rewardDebt", s.rewardDebt().toString());
        if (info != null) o.put("withdrawable", info.pendingRewards().toString());
        return o;
    }

    static <T> ObjectNode page(String field, LedgerView.Page<T> page, Function<T, ObjectNode> item) {
        ObjectNode o = Json.object();
        ArrayNode items = o.putArray(field);
        for (T t : page.items()) items.add(item.apply(t));
        Address next = page.next();
        if (next == null) o.putNull("next");
        else o.put("next", next.toString());
        return o;
    }

    static ObjectNode event(EventRecord e) {
        ObjectNode o = Json.object();
        o.put("seq", e.seq());
        o.put("index", e.index());
        o.put("t", e.t());
        o.set("event", Json.event(e.event()));
        return o;
    }

    static ObjectNode events(List<EventRecord> events, long after) {
        ObjectNode o = Json.object();
        ArrayNode a = o.putArray("events");
        for (EventRecord e : events) a.add(event(e));
        o.put("next", events.isEmpty() ? after : events.get(events.size() - 1).seq());
        return o;
    }

    static ObjectNode token(NodeGenesis.TokenInfo t, LedgerView v, TokenKind kind) {
        ObjectNode o = Json.object();
        o.put("name", t.name());
        o.put("symbol", t.symbol());
        o.put("decimals", t.decimals());
        if (v != null) o.put("totalSupply", v.totalSupply(kind).toString());
        return o;
    }

    static ObjectNode tokens(NodeGenesis g, LedgerView v) {
        ObjectNode o = Json.object();
        o.set("stake", token(g.stakeToken(), v, TokenKind.STAKE));
        o.set("reward", token(g.rewardToken(), v, TokenKind.REWARD));
        o.put("sameToken", g.sameToken());
        return o;
    }

    static ObjectNode emission(LedgerView.EmissionInfo e, long t) {
        ObjectNode o = Json.object();
        o.put("ratePerSecond", e.ratePerSecond().toString());
        o.put("budget", e.remainingBudget().toString());
        o.put("totalFunded", e.totalFunded().toString());
        o.put("totalEmitted", e.totalEmitted().toString());
        o.put("totalWeight", e.totalWeight().toString());
        o.put("accPerWeight", e.accPerWeight().toString());
        o.put("used", e.used());
        o.put("t", t);
        return o;
    }

    static ObjectNode overview(LedgerView v) {
        ObjectNode o = Json.object();
        o.put("index", v.appliedCount());
        o.put("t", v.now());
        o.put("profile", v.profile().wireName());
        o.put("sameToken", v.sameToken());
        LedgerView.Parameters p = v.parameters();
        ObjectNode params = o.putObject("params");
        params.put("unstakeDelay", p.unstakeDelay().toString());
        params.put("globalMinSelfStake", p.globalMinSelfStake().toString());
        params.put("maxSlashPercentage", p.maxSlashPercentage().toString());
        ObjectNode owners = o.putObject("owners");
        owners.put("staking", v.owner(Module.STAKING).toString());
        owners.put("rewards", v.owner(Module.REWARDS).toString());
        ObjectNode roles = o.putObject("roles");
        for (Role r : Role.values()) {
            ArrayNode holders = roles.putArray(r.name());
            for (Address a : v.roleHolders(r)) holders.add(a.toString());
        }
        o.put("stakingTreasuryPool", v.treasuryPools().staking().toString());
        o.put("rewardsTreasuryPool", v.treasuryPools().rewards().toString());
        ObjectNode custody = o.putObject("custody");
        custody.put("staking", v.custody(TokenKind.STAKE, Module.STAKING).toString());
        custody.put("rewards", v.custody(TokenKind.REWARD, Module.REWARDS).toString());
        ObjectNode supply = o.putObject("totalSupply");
        supply.put("stake", v.totalSupply(TokenKind.STAKE).toString());
        supply.put("reward", v.totalSupply(TokenKind.REWARD).toString());
        o.put("proverCount", v.proverCount());
        o.put("activeProverCount", v.activeProvers().size());
        aggregates(o, v);
        o.set("emission", emission(v.emission(), v.time()));
        return o;
    }

    /**
     * Sums over every prover, for the dashboard's overview: O(provers), one pass over pages of
     * them (a thousand provers take well under a millisecond), never over positions.
     * {@code stakerPositions} counts positions with active stake: one staker with two provers counts twice.
     */
    private static void aggregates(ObjectNode o, LedgerView v) {
        WideSum staked = new WideSum();
        WideSum active = new WideSum();
        WideSum pending = new WideSum();
        WideSum commission = new WideSum();
        long stakerPositions = 0;
        long positions = 0;
        int[] byState = new int[ProverState.values().length];
        Address after = null;
        do {
            LedgerView.Page<LedgerView.ProverRecord> page = v.provers(null, after, LedgerView.MAX_PAGE);
            for (LedgerView.ProverRecord p : page.items()) {
                staked.add(p.totalStaked());
                if (p.state() == ProverState.Active) active.add(p.totalStaked());
                pending.add(p.totalPendingUnstake());
                commission.add(p.pendingCommission());
                stakerPositions += p.stakerCount();
                positions += p.positionCount();
                byState[p.state().ordinal()]++;
            }
            after = page.next();
        } while (after != null);
        ObjectNode states = o.putObject("proversByState");
        for (ProverState s : ProverState.values()) states.put(s.name(), byState[s.ordinal()]);
        o.put("totalStaked", staked.toBigInteger().toString());
        o.put("activeStake", active.toBigInteger().toString());
        o.put("totalPendingUnstake", pending.toBigInteger().toString());
        o.put("pendingCommission", commission.toBigInteger().toString());
        o.put("stakerPositions", stakerPositions);
        o.put("positionCount", positions);
    }
}
