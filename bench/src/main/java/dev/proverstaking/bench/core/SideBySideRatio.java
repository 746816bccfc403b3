package dev.proverstaking.bench.core;

import dev.proverstaking.ledger.Ledger;

/**
 * A size against the smallest, run side by side: each round applies a chunk to a ledger of the
 * smallest size and one to this size's, one right after the other, so both see the same machine
 * load; the ratio of their ns/op is taken per round and the median reported. A shared machine's
 * load drifts over seconds, which makes ratios of separately measured sizes swing by 30% and
 * more; paired rounds cancel most of that.
 *
 * @param ratio         median over rounds of ns/op here / ns/op at the smallest size, {@link Ledger#applyAll}
 * @param lowerQuartile the rounds' lower quartile of that ratio: with {@code upperQuartile}, the
 *                      spread a reader needs to judge a median that lands near a goal
 * @param upperQuartile the rounds' upper quartile
 * @param oneByOneRatio the median for transactions applied one by one with {@link Ledger#apply}
 * @param rounds        rounds taken
 */
public record SideBySideRatio(double ratio, double lowerQuartile, double upperQuartile, double oneByOneRatio, int rounds) {}
