package dev.proverstaking.bench.core;

import dev.proverstaking.rounding.Profile;

/** JSON scenario replay: ScenarioWriter text, parsed by ScenarioParser, replayed by Replayer to a null stream. */
public record JsonReplayResult(Profile profile, long lines, long bytes, double parseLinesPerSecond,
                               double replayLinesPerSecond, double linesPerSecond, long failed) {}
