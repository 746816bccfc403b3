package dev.proverstaking.bench.core;

import dev.proverstaking.rounding.Profile;
import java.io.PrintStream;
import java.util.Locale;

/** Writes a run's {@link RunProgress} as lines, one per event, while it runs. */
public final class ProgressPrinter implements RunProgress {
    private final PrintStream out;

    public ProgressPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void timerOverheadMeasured(double nsPerPair) {
        out.printf(Locale.ROOT, "timer overhead: %.1f ns per System.nanoTime() pair%n", nsPerPair);
    }

    @Override
    public void warmingUp(Profile profile, int operations) {
        out.printf("warming up (%s, %,d operations)...%n", profile.wireName(), operations);
    }

    @Override
    public void generatorFailed(long failures) {
        out.printf("  warning: %d generated operations failed on the generation ledger%n", failures);
    }

    @Override
    public void sizeMeasured(SizeResult r) {
        out.printf(Locale.ROOT, "  %-9s M=%-9d %,12.0f ops/s  %,7.0f ns/op  %,6.0f B/position  (build %.1f s)%n",
                r.profile().wireName(), r.stakers(), r.opsPerSecond(), r.nsPerOp(), r.heapBytesPerPosition(), r.buildSeconds());
    }

    @Override
    public void jsonReplayMeasured(JsonReplayResult j) {
        out.printf(Locale.ROOT, "  %-9s JSON replay %,d lines: %,.0f lines/s%n", j.profile().wireName(), j.lines(),
                j.linesPerSecond());
    }
}
