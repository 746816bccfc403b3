package dev.proverstaking.node.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proverstaking.common.Address;
import dev.proverstaking.math.WideSum;
import dev.proverstaking.node.EventRecord;
import dev.proverstaking.node.LedgerNode;
import dev.proverstaking.transition.Event;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard needs of the node's whole event history without reading all of it: running
 * totals, a bounded series of them over time (for its charts), and each prover's lifecycle events
 * (registration, state changes, commission changes, minimum self-stake changes, slashes).
 *
 * <p>It follows the node's events by paging {@link LedgerNode#events} from where it stopped, each
 * time it is asked ({@link #catchUp}): O(new events) per request, nothing read twice, no thread of
 * its own. The series keeps at most {@link #MAX_POINTS} points: one per distinct time, and when
 * there are too many, every other one is dropped (the values are running totals, so dropping a
 * point loses resolution, never an amount). A prover keeps its latest {@link #MAX_PROVER_EVENTS}
 * lifecycle events (they are rare: a slash or a commission change is a deliberate act).
 *
 * <p>The totals are sums of event amounts, so they are exact and replayable from the history:
 * {@code stake} is staked minus completed unstakes minus slashed (the stake the staking module
 * holds for stakers, active and pending; in the {@code reference} profile, which strands the
 * slashed part of pending unstakes, it can differ from the state's), {@code distributed} what
 * {@code addRewards} and the emission credited to provers and their stakers, {@code paid} what
 * {@code withdrawRewards} paid out.
 */
final class EventSummary {
    static final int MAX_POINTS = 1024;
    static final int MAX_PROVER_EVENTS = 1000;
    private static final int PAGE = 1000;

    private final LedgerNode node;
    private long upTo;
    private final Totals totals = new Totals();
    private final List<Point> points = new ArrayList<>();
    private final Map<Address, Deque<EventRecord>> lifecycle = new HashMap<>();

    /** Running sums (exact: wide limbs, so no sum of uint256 amounts overflows). */
    private static final class Totals {
        final WideSum staked = new WideSum();
        final WideSum unstaked = new WideSum();
        final WideSum slashed = new WideSum();
        final WideSum rewardsAdded = new WideSum();
        final WideSum commission = new WideSum();
        final WideSum emission = new WideSum();
        final WideSum paid = new WideSum();
        long provers;
    }

    /** The totals after the last event at time {@code t} (sequence number {@code seq}). */
    private record Point(long t, long seq, BigInteger stake, BigInteger distributed, BigInteger emission, BigInteger paid) {}

    EventSummary(LedgerNode node) {
        this.node = node;
    }

    /** Reads the events the summary has not seen yet. */
    synchronized void catchUp() {
        while (true) {
            List<EventRecord> page = node.events(upTo, PAGE);
            if (page.isEmpty()) return;
            for (EventRecord e : page) add(e);
            upTo = page.get(page.size() - 1).seq();
            if (page.size() < PAGE) return;
        }
    }

    private void add(EventRecord r) {
        Event e = r.event();
        if (e instanceof Event.Staked s) {
            totals.staked.add(s.amount());
        } else if (e instanceof Event.UnstakeCompleted u) {
            totals.unstaked.add(u.amount());
        } else if (e instanceof Event.ProverSlashed s) {
            totals.slashed.add(s.totalSlashed());
            remember(s.prover(), r);
        } else if (e instanceof Event.RewardsAdded a) {
            totals.rewardsAdded.add(a.amount());
            totals.commission.add(a.commission());
        } else if (e instanceof Event.EmissionSettled s) {
            totals.emission.add(s.amount());
            totals.commission.add(s.commission());
        } else if (e instanceof Event.RewardsWithdrawn w) {
            totals.paid.add(w.amount());
        } else if (e instanceof Event.ProverInitialized p) {
            totals.provers++;
            remember(p.prover(), r);
        } else if (e instanceof Event.ProverRetired p) {
            remember(p.prover(), r);
        } else if (e instanceof Event.ProverUnretired p) {
            remember(p.prover(), r);
        } else if (e instanceof Event.ProverDeactivated p) {
            remember(p.prover(), r);
        } else if (e instanceof Event.ProverReactivated p) {
            remember(p.prover(), r);
        } else if (e instanceof Event.CommissionRateUpdated c) {
            remember(c.prover(), r);
        } else if (e instanceof Event.MinSelfStakeUpdated m) {
            remember(m.prover(), r);
        } else {
            return; // transfers, deposits, roles, parameters: no total and no point
        }
        point(r);
    }

    private void remember(Address prover, EventRecord r) {
        Deque<EventRecord> d = lifecycle.computeIfAbsent(prover, k -> new ArrayDeque<>());
        if (d.size() == MAX_PROVER_EVENTS) d.removeFirst();
        d.addLast(r);
    }

    private void point(EventRecord r) {
        Point p = new Point(r.t(), r.seq(), stake(), totals.rewardsAdded.toBigInteger().add(totals.emission.toBigInteger()),
                totals.emission.toBigInteger(), totals.paid.toBigInteger());
        int last = points.size() - 1;
        if (last >= 0 && points.get(last).t() == r.t()) {
            points.set(last, p); // one point per time: the totals after its last event
            return;
        }
        points.add(p);
        if (points.size() > MAX_POINTS) { // halve the resolution, keeping the first and the latest point
            List<Point> kept = new ArrayList<>(MAX_POINTS / 2 + 1);
            for (int i = 0; i < points.size() - 1; i += 2) kept.add(points.get(i));
            kept.add(points.get(points.size() - 1));
            points.clear();
            points.addAll(kept);
        }
    }

    private BigInteger stake() {
        return totals.staked.toBigInteger().subtract(totals.unstaked.toBigInteger()).subtract(totals.slashed.toBigInteger());
    }

    /** {@code GET /v1/stats}: the totals and the series, after the latest event. */
    synchronized ObjectNode stats() {
        catchUp();
        ObjectNode o = Json.object();
        o.put("upTo", upTo);
        ObjectNode t = o.putObject("totals");
        t.put("stake", stake().toString());
        t.put("staked", totals.staked.toBigInteger().toString());
        t.put("unstaked", totals.unstaked.toBigInteger().toString());
        t.put("slashed", totals.slashed.toBigInteger().toString());
        t.put("rewardsAdded", totals.rewardsAdded.toBigInteger().toString());
        t.put("emission", totals.emission.toBigInteger().toString());
        t.put("distributed", totals.rewardsAdded.toBigInteger().add(totals.emission.toBigInteger()).toString());
        t.put("commission", totals.commission.toBigInteger().toString());
        t.put("paid", totals.paid.toBigInteger().toString());
        t.put("proversRegistered", totals.provers);
        ArrayNode series = o.putArray("series");
        for (Point p : points) {
            ObjectNode x = series.addObject();
            x.put("t", p.t());
            x.put("seq", p.seq());
            x.put("stake", p.stake().toString());
            x.put("distributed", p.distributed().toString());
            x.put("emission", p.emission().toString());
            x.put("paid", p.paid().toString());
        }
        return o;
    }

    /** {@code GET /v1/provers/{address}/history}: the prover's lifecycle events, oldest first. */
    synchronized ObjectNode history(Address prover) {
        catchUp();
        ObjectNode o = Json.object();
        ArrayNode a = o.putArray("events");
        Deque<EventRecord> d = lifecycle.get(prover);
        if (d != null) for (EventRecord r : d) a.add(ReadJson.event(r));
        o.put("upTo", upTo);
        return o;
    }
}
