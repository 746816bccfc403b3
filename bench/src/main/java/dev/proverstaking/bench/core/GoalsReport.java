package dev.proverstaking.bench.core;

import static dev.proverstaking.bench.core.CoreBenchReport.shortCount;

import dev.proverstaking.rounding.Profile;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The goals section of the report: a line per goal and profile, with the {@link Goals}' verdict and the figures behind it. */
final class GoalsReport {
    /** The reference contracts on an EVM (ethereumjs), measured when the conformance vectors were made: a yardstick, not a goal. */
    static final double EVM_REFERENCE_OPS_PER_SECOND = 300;

    private GoalsReport() {}

    static void print(CoreBenchResults results, PrintStream out) {
        CoreBenchConfig c = results.config();
        int largest = c.largestSize();
        int smallest = c.smallestSize();
        out.println();
        out.println("Goals of issue 4 (this run alone; runs vary, so compare the medians of several: BENCHMARKS.md):");
        for (Profile profile : c.profiles()) {
            List<SizeResult> rs = CoreBenchReport.of(results, profile);
            if (rs.isEmpty()) continue;
            SizeResult worst = rs.stream().min(Comparator.comparingDouble(SizeResult::opsPerSecond)).get();
            SizeResult small = rs.get(0);
            SizeResult large = rs.get(rs.size() - 1);
            out.printf(Locale.ROOT, "  %-9s >= %,.0f ops/s at every M: %-8s (lowest %,.0f ops/s at M=%s; %,.0f at M=%s)%n",
                    profile.wireName(), Goals.MIN_OPS_PER_SECOND, Goals.throughput(worst.opsPerSecond()).text(),
                    worst.opsPerSecond(), shortCount(worst.stakers()), small.opsPerSecond(), shortCount(small.stakers()));
            if (largest == smallest) {
                out.printf(Locale.ROOT, "  %-9s ns/op flat from 10^3 to 10^6: not measured (one size in this run)%n",
                        profile.wireName());
            } else {
                out.println(flatnessLine(profile, smallest, largest, large.paired()));
            }
            out.println(memoryLine(profile, largest, large.heapBytesPerPosition()));
        }
        double slowest = results.sizes().stream().mapToDouble(SizeResult::opsPerSecond).min().orElse(Double.NaN);
        out.printf(Locale.ROOT, "  for scale: the reference contracts on an EVM (ethereumjs) ran about %.0f ops/s when the%n",
                EVM_REFERENCE_OPS_PER_SECOND);
        out.printf(Locale.ROOT, "  conformance vectors were made; the slowest core figure above is %,.0fx that%n",
                slowest / EVM_REFERENCE_OPS_PER_SECOND);
    }

    /**
     * The flatness goal's line: a verdict only when the run measured the goal's sizes; otherwise
     * the ratio it did measure, for information.
     */
    static String flatnessLine(Profile profile, int smallest, int largest, SideBySideRatio paired) {
        // three decimals: a verdict of NOT MET next to a ratio printed as "1.30" would read as a contradiction
        String measured = String.format(Locale.ROOT, "ratio %.3f side by side, median of %d rounds, middle half %.3f-%.3f; %.2f one by one",
                paired.ratio(), paired.rounds(), paired.lowerQuartile(), paired.upperQuartile(), paired.oneByOneRatio());
        String goal = String.format(Locale.ROOT, "ns/op at M=%s within %sx of M=%s", shortCount(Goals.LARGE_SIZE),
                plain(Goals.MAX_FLATNESS_RATIO), shortCount(Goals.SMALL_SIZE));
        Verdict verdict = Goals.flatness(smallest, largest, paired.ratio());
        if (verdict == Verdict.NOT_MEASURED) {
            return String.format(Locale.ROOT, "  %-9s %s: not measured in this run (M=%s against M=%s: %s)",
                    profile.wireName(), goal, shortCount(largest), shortCount(smallest), measured);
        }
        return String.format(Locale.ROOT, "  %-9s %s: %-8s (%s)", profile.wireName(), goal, verdict.text(), measured);
    }

    /** The memory goal's line: a verdict only when the run measured the goal's size. */
    static String memoryLine(Profile profile, int largest, double bytesPerPosition) {
        String goal = String.format(Locale.ROOT, "<= %.0f B heap per position at M=%s", Goals.MAX_HEAP_BYTES_PER_POSITION,
                shortCount(Goals.LARGE_SIZE));
        Verdict verdict = Goals.memory(largest, bytesPerPosition);
        if (verdict == Verdict.NOT_MEASURED) {
            return String.format(Locale.ROOT, "  %-9s %s: not measured in this run (M=%s: %.0f B/position)",
                    profile.wireName(), goal, shortCount(largest), bytesPerPosition);
        }
        return String.format(Locale.ROOT, "  %-9s %s: %-8s (%.0f B/position)", profile.wireName(), goal, verdict.text(),
                bytesPerPosition);
    }

    /** A threshold as written in the goal: 1.5, not 1.500000. */
    private static String plain(double threshold) {
        return BigDecimal.valueOf(threshold).stripTrailingZeros().toPlainString();
    }
}
