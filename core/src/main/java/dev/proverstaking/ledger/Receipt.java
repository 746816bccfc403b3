package dev.proverstaking.ledger;

import dev.proverstaking.transition.ErrorCode;
import dev.proverstaking.transition.Event;

import java.util.List;

/**
 * The outcome of one transaction: success with the events it emitted, or failure with an error
 * code and no events (a failed transaction leaves no trace).
 */
public record Receipt(ErrorCode error, String detail, List<Event> events) {

    private static final Receipt OK_EMPTY = new Receipt(null, null, List.of());

    public static Receipt ok(List<Event> events) {
        // List.of with the elements directly: List.copyOf would copy through an array first
        return switch (events.size()) {
            case 0 -> OK_EMPTY;
            case 1 -> new Receipt(null, null, List.of(events.get(0)));
            case 2 -> new Receipt(null, null, List.of(events.get(0), events.get(1)));
            default -> new Receipt(null, null, List.copyOf(events));
        };
    }

    public static Receipt failed(ErrorCode error, String detail) {
        return new Receipt(error, detail, List.of());
    }

    public boolean ok() {
        return error == null;
    }
}
