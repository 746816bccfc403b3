package dev.proverstaking.cli.report;

import dev.proverstaking.ledger.Solvency;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.simulation.ProfileComparison;
import dev.proverstaking.simulation.ProfileComparison.Sample;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code simulate --report FILE.html}: one self-contained page (uPlot's script and style inlined:
 * nothing is fetched to view it) with plots over one history, run in both profiles: what is
 * staked, rewards given and taken, the treasuries, the emission, and side by side per profile what
 * each module holds against what it owes, so that the reference's shortfall and stranded slashes
 * show as a gap between two lines. Amounts are exact until here; the plots' points are tokens as
 * doubles (only for drawing), and the table under them gives the final figures exactly, in units.
 */
public final class SimulationReport {
    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final BigDecimal WAD = new BigDecimal(BigInteger.TEN.pow(18));
    /** The solvency figures of the rewards module are in units x 1e36 ({@link Solvency}). */
    private static final BigInteger UNIT = BigInteger.TEN.pow(36);

    /** The names of the series each profile has in the page's data, in the order of its charts. */
    public static final List<String> SERIES = List.of("total stake", "rewards added", "rewards claimed",
            "staking treasury", "rewards treasury", "emitted", "emission budget",
            "staking held", "staking owed", "rewards held", "rewards owed");

    private SimulationReport() {}

    /** What the page says the run was (seed, population, ...), in order. */
    public static String html(String title, Map<String, String> about, ProfileComparison.Comparison c) throws IOException {
        StringBuilder h = new StringBuilder(200_000);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>").append(escape(title))
                .append("</title>\n<style>\n").append(resource(UPLOT + "uPlot.min.css")).append('\n').append(STYLE)
                .append("</style>\n<script>\n").append(resource(UPLOT + "uPlot.iife.min.js").replace("</script", "<\\/script"))
                .append("\n</script>\n</head><body>\n<h1>").append(escape(title)).append("</h1>\n<table class=\"about\">");
        for (Map.Entry<String, String> e : about.entrySet()) {
            h.append("<tr><th>").append(escape(e.getKey())).append("</th><td>").append(escape(e.getValue())).append("</td></tr>");
        }
        h.append("<tr><th>transactions</th><td>").append(c.transactions()).append("</td></tr></table>\n");
        h.append("<p>The same transactions replayed from the same genesis in each profile, sampled at the same points "
                + "(x: transactions applied). Amounts in tokens (1e18 units).</p>\n");
        h.append("<h2>The history</h2>\n<div class=\"row\">");
        for (String chart : List.of("stake", "rewards", "treasury", "emission")) h.append("<div id=\"").append(chart).append("\"></div>");
        h.append("</div>\n<h2>What each module holds against what it owes</h2>\n<div class=\"row\">");
        for (Profile p : Profile.values()) {
            h.append("<div><h3>").append(p.wireName()).append("</h3><div id=\"staking-").append(p.wireName())
                    .append("\"></div><div id=\"rewards-").append(p.wireName()).append("\"></div></div>");
        }
        h.append("</div>\n<h2>At the end, exactly (units)</h2>\n").append(finalTable(c));
        h.append("<script type=\"application/json\" id=\"data\">").append(json(c)).append("</script>\n<script>\n")
                .append(SCRIPT).append("</script>\n</body></html>\n");
        return h.toString();
    }

    private static String finalTable(ProfileComparison.Comparison c) {
        StringBuilder t = new StringBuilder("<table class=\"final\"><tr><th></th>");
        for (Profile p : Profile.values()) t.append("<th>").append(p.wireName()).append("</th>");
        t.append("</tr>");
        Map<String, Function<Sample, BigInteger>> rows = new LinkedHashMap<>();
        rows.put("staking custody (held)", s -> s.solvency().stakingCustody());
        rows.put("staking owed", s -> s.solvency().stakingOwed());
        rows.put("staking surplus (stranded slashes and flooring)", s -> s.solvency().stakingSurplus());
        rows.put("rewards custody (held)", s -> floorDiv(s.solvency().rewardsUnits(), UNIT));
        rows.put("rewards owed (floor)", s -> floorDiv(s.solvency().rewardsOwedUnits(), UNIT));
        rows.put("rewards surplus (floor; negative: the shortfall)", s -> floorDiv(s.solvency().rewardsSurplusUnits(), UNIT));
        rows.put("rewards added", Sample::rewardsAdded);
        rows.put("rewards claimed", Sample::rewardsClaimed);
        for (Map.Entry<String, Function<Sample, BigInteger>> row : rows.entrySet()) {
            t.append("<tr><th>").append(escape(row.getKey())).append("</th>");
            for (Profile p : Profile.values()) {
                List<Sample> s = c.samples().get(p);
                t.append("<td>").append(row.getValue().apply(s.get(s.size() - 1))).append("</td>");
            }
            t.append("</tr>");
        }
        return t.append("</table>\n").toString();
    }

    private static BigInteger floorDiv(BigInteger a, BigInteger b) {
        BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }

    /** The page's data: {"x": [...], "profiles": {"reference": {"total stake": [...], ...}, ...}}. */
    static String json(ProfileComparison.Comparison c) {
        StringBuilder j = new StringBuilder("{\"x\":[");
        List<Sample> first = c.samples().get(Profile.SOLVENT);
        for (int i = 0; i < first.size(); i++) j.append(i == 0 ? "" : ",").append(first.get(i).index());
        j.append("],\"profiles\":{");
        boolean firstProfile = true;
        for (Profile p : Profile.values()) {
            j.append(firstProfile ? "" : ",").append('"').append(p.wireName()).append("\":{");
            firstProfile = false;
            List<Sample> samples = c.samples().get(p);
            for (int k = 0; k < SERIES.size(); k++) {
                j.append(k == 0 ? "" : ",").append('"').append(SERIES.get(k)).append("\":[");
                for (int i = 0; i < samples.size(); i++) j.append(i == 0 ? "" : ",").append(tokens(value(SERIES.get(k), samples.get(i))));
                j.append(']');
            }
            j.append('}');
        }
        return j.append("}}").toString();
    }

    private static BigInteger value(String series, Sample s) {
        return switch (series) {
            case "total stake" -> s.totalStake();
            case "rewards added" -> s.rewardsAdded();
            case "rewards claimed" -> s.rewardsClaimed();
            case "staking treasury" -> s.stakingTreasury();
            case "rewards treasury" -> s.rewardsTreasury();
            case "emitted" -> s.emitted();
            case "emission budget" -> s.emissionBudget();
            case "staking held" -> s.solvency().stakingCustody();
            case "staking owed" -> s.solvency().stakingOwed();
            case "rewards held" -> floorDiv(s.solvency().rewardsUnits(), UNIT);
            case "rewards owed" -> floorDiv(s.solvency().rewardsOwedUnits(), UNIT);
            default -> throw new IllegalArgumentException("no series " + series);
        };
    }

    /** Units to tokens, as a double for drawing only (a plot's resolution, not money). */
    private static String tokens(BigInteger units) {
        double d = new BigDecimal(units).divide(WAD).doubleValue();
        return Double.isFinite(d) ? Double.toString(d) : "null";
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = SimulationReport.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IOException("missing from the jar: " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
            .row { display: flex; flex-wrap: wrap; gap: 1em; }
            table { border-collapse: collapse; margin: 0.5em 0; }
            th, td { padding: 0.2em 0.8em; text-align: left; border-bottom: 1px solid #ddd; }
            table.final td { text-align: right; font-family: monospace; }
            """;

    /** Draws every chart from the data; a chart is its title and, per series, its profile and name. */
    private static final String SCRIPT = """
            const data = JSON.parse(document.getElementById('data').textContent);
            const colors = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
            function chart(id, title, lines, width) {
              const series = [{label: 'transactions'}];
              const columns = [data.x];
              lines.forEach(([profile, name, dash], i) => {
                series.push({label: name + ' (' + profile + ')', stroke: colors[i % colors.length], width: 1.5,
                             dash: dash ? [6, 4] : undefined, spanGaps: true});
                columns.push(data.profiles[profile][name]);
              });
              new uPlot({title: title, width: width, height: 300, series: series,
                         axes: [{}, {size: 80}]}, columns, document.getElementById(id));
            }
            const both = (name) => [['reference', name, true], ['solvent', name, false]];
            chart('stake', 'Total stake (effective, active)', both('total stake'), 560);
            chart('rewards', 'Rewards added and claimed', [...both('rewards added'), ...both('rewards claimed')], 560);
            chart('treasury', 'Treasury pools', [...both('staking treasury'), ...both('rewards treasury')], 560);
            chart('emission', 'Emission: emitted and budget left', [...both('emitted'), ...both('emission budget')], 560);
            for (const p of ['reference', 'solvent']) {
              chart('staking-' + p, 'Staking module: held vs owed', [[p, 'staking held', false], [p, 'staking owed', true]], 560);
              chart('rewards-' + p, 'Rewards module: held vs owed', [[p, 'rewards held', false], [p, 'rewards owed', true]], 560);
            }
            """;
}
