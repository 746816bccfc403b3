package dev.proverstaking.scenario;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.transition.Event;
import dev.proverstaking.math.UInt256;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * Events as JSON, for {@code replay --events}: each event record becomes an object with its type
 * and its components, in the format's conventions (addresses lowercase, amounts as decimal
 * strings, modules and tokens by their wire names); absent (null) components are left out. The
 * node's API writes events the same way (transaction replies, {@code GET /v1/events}).
 */
public final class EventJson {
    private EventJson() {}

    /** The field {@code "events"}: an array of {@link #writeEvent event objects}. */
    public static void write(List<Event> events, JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("events");
        for (Event e : events) writeEvent(e, g);
        g.writeEndArray();
    }

    /** One event as an object: {@code "type"} (the record's name), then its non-null components. */
    public static void writeEvent(Event e, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", e.getClass().getSimpleName());
        for (RecordComponent c : e.getClass().getRecordComponents()) {
            Object v = value(e, c);
            if (v == null) continue;
            if (v instanceof Integer i) {
                g.writeNumberField(c.getName(), i);
            } else {
                g.writeStringField(c.getName(), text(v));
            }
        }
        g.writeEndObject();
    }

    private static Object value(Event e, RecordComponent c) {
        try {
            return c.getAccessor().invoke(e);
        } catch (IllegalAccessException | InvocationTargetException ex) {
            throw new IllegalStateException("event component " + c.getName() + " unreadable", ex);
        }
    }

    private static String text(Object v) {
        if (v instanceof Module m) return m.wireName();
        if (v instanceof TokenKind k) return k.wireName();
        if (v instanceof Enum<?> en) return en.name();
        if (v instanceof UInt256 || v instanceof Address) return v.toString();
        return String.valueOf(v);
    }
}
