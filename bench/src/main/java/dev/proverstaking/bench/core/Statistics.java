package dev.proverstaking.bench.core;

import java.util.Arrays;
import java.util.Collection;

/** The few statistics the runner and its report need: quantiles of runs, ratios, a pooled mean. */
public final class Statistics {
    private Statistics() {}

    public static double median(double[] values) {
        return quantile(values, 0.5);
    }

    /**
     * The {@code q}-quantile of the values that are not NaN, interpolated linearly between the two
     * nearest ranks (so the 0.5-quantile of an even count is the mean of the middle two); NaN if
     * there are none.
     */
    public static double quantile(double[] values, double q) {
        if (!(q >= 0 && q <= 1)) throw new IllegalArgumentException("quantile outside [0, 1]: " + q);
        double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        double h = (v.length - 1) * q;
        int i = (int) h;
        return i + 1 < v.length ? v[i] + (h - i) * (v[i + 1] - v[i]) : v[i];
    }

    /** {@code over / under}, or NaN when {@code under} is not a positive number (no ratio to speak of). */
    public static double ratio(double over, double under) {
        return under > 0 ? over / under : Double.NaN;
    }

    /**
     * The operation types of {@code stats} taken as one: their counts summed, their ns/op and
     * bytes/op averaged weighted by count. Types with no ns/op (NaN) are left out; null if no
     * operation is left to average.
     */
    public static OpStat countWeightedMean(Collection<OpStat> stats) {
        long n = 0;
        double ns = 0;
        double bytes = 0;
        for (OpStat s : stats) {
            if (Double.isNaN(s.nsPerOp())) continue;
            n += s.countPerRun();
            ns += s.countPerRun() * s.nsPerOp();
            bytes += s.countPerRun() * s.bytesPerOp();
        }
        return n == 0 ? null : new OpStat(n, ns / n, bytes / n);
    }
}
