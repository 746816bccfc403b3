package dev.proverstaking.bench.core;

import dev.proverstaking.rounding.Profile;

/**
 * What a {@code bench core} run tells while it runs (a full run takes minutes). The measurement
 * calls these and prints nothing itself; {@link ProgressPrinter} writes them out.
 */
public interface RunProgress {
    /** Tells nothing. */
    RunProgress SILENT = new RunProgress() {};

    default void timerOverheadMeasured(double nsPerPair) {}

    /** The JIT warm-up of {@code profile} starts. */
    default void warmingUp(Profile profile, int operations) {}

    /** Operations of the mix failed on its own generation ledger (the mix is then not what it says). */
    default void generatorFailed(long failures) {}

    default void sizeMeasured(SizeResult result) {}

    default void jsonReplayMeasured(JsonReplayResult result) {}
}
