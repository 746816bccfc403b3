package dev.proverstaking.ledger;

import java.util.List;

/**
 * The outcome of one transaction: success with the events it emitted, or failure with an error
 * code and no events (a failed transaction leaves no trace).
 */
public record Receipt(ErrorCode error, String detail, List<Event> events) {

    private static final Receipt OK_EMPTY = new Receipt(null, null, List.of());

    public static Receipt ok(List<Event> events) {
        return events.isEmpty() ? OK_EMPTY : new Receipt(null, null, List.copyOf(events));
    }

    public static Receipt failed(ErrorCode error, String detail) {
        return new Receipt(error, detail, List.of());
    }

    public boolean ok() {
        return error == null;
    }
}
