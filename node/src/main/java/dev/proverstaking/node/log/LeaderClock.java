package dev.proverstaking.node.log;

import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * The time a leader stamps log entries with: its clock in unix seconds, never below the last stamp
 * it gave nor below the time of the last entry applied here. A clock stepped back (NTP, a person)
 * therefore holds the stamps still until it catches up instead of moving them back.
 *
 * <p>This alone does not make entry times non-decreasing in the log: two requests stamped on two
 * threads may be appended in the other order, and a new leader's clock may be behind the old one's.
 * That is why the state machine runs an entry at {@code max(entry time, ledger time)}: a rule every
 * replica applies to the same bytes, so they agree whatever the clocks did.
 */
public final class LeaderClock {
    private final Clock clock;
    private final LongSupplier appliedTime;
    private long last;

    /**
     * @param appliedTime the time of the last entry applied here (a value published by the apply
     *                    thread; any recent one will do: it is only a floor)
     */
    public LeaderClock(Clock clock, LongSupplier appliedTime) {
        this.clock = clock;
        this.appliedTime = appliedTime;
    }

    public synchronized long stamp() {
        long now = Math.floorDiv(clock.millis(), 1000);
        last = Math.max(last, Math.max(now, appliedTime.getAsLong()));
        return last;
    }
}
