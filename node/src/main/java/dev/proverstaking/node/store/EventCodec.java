package dev.proverstaking.node.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.node.EventRecord;
import dev.proverstaking.transition.Event;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;

/**
 * An event of the history as one JSON line of the events file, and back:
 * {@code {"seq":7,"index":12,"t":1767225000,"type":"Staked","staker":"0x…","prover":"0x…","amount":"…",…}}.
 * The event's components follow its type, named as the record names them, in the scenario format's
 * conventions ({@code replay --events}): addresses lowercase, amounts as decimal strings, modules and
 * tokens by their wire names, other enums by name, small integers as numbers; an absent (null)
 * component is left out. Readable by people and tools ({@code jq}) as well as by the node.
 */
final class EventCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Shape(RecordComponent[] components, Constructor<?> constructor) {}

    private static final Map<String, Shape> BY_TYPE = new HashMap<>();

    static {
        for (Class<?> c : Event.class.getPermittedSubclasses()) {
            RecordComponent[] components = c.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) types[i] = components[i].getType();
            try {
                BY_TYPE.put(c.getSimpleName(), new Shape(components, c.getDeclaredConstructor(types)));
            } catch (NoSuchMethodException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    private EventCodec() {}

    static void write(EventRecord r, JsonGenerator g) throws IOException {
        Event e = r.event();
        g.writeStartObject();
        g.writeNumberField("seq", r.seq());
        g.writeNumberField("index", r.index());
        g.writeNumberField("t", r.t());
        g.writeStringField("type", e.getClass().getSimpleName());
        for (RecordComponent c : e.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(e);
            } catch (IllegalAccessException | InvocationTargetException x) {
                throw new IllegalStateException("event component " + c.getName() + " unreadable", x);
            }
            if (v == null) continue;
            if (v instanceof Integer i) g.writeNumberField(c.getName(), i);
            else if (v instanceof Long l) g.writeNumberField(c.getName(), l);
            else g.writeStringField(c.getName(), text(v));
        }
        g.writeEndObject();
        g.writeRaw('\n');
    }

    private static String text(Object v) {
        if (v instanceof Module m) return m.wireName();
        if (v instanceof TokenKind k) return k.wireName();
        if (v instanceof Enum<?> en) return en.name();
        return v.toString(); // UInt256, Address
    }

    /** @throws StoreException when the line is not an event of this format */
    static EventRecord read(byte[] bytes, int offset, int length) throws StoreException {
        JsonNode n;
        try {
            n = JSON.readTree(bytes, offset, length);
        } catch (IOException e) {
            throw new StoreException("an events line is not JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) throw new StoreException("an events line is not a JSON object");
        String type = n.path("type").asText();
        Shape s = BY_TYPE.get(type);
        if (s == null) throw new StoreException("an events line of unknown type \"" + type + "\"");
        Object[] args = new Object[s.components().length];
        try {
            for (int i = 0; i < args.length; i++) {
                RecordComponent c = s.components()[i];
                JsonNode v = n.get(c.getName());
                args[i] = v == null || v.isNull() ? null : value(c.getType(), v);
            }
            Event e = (Event) s.constructor().newInstance(args);
            return new EventRecord(n.get("seq").longValue(), n.get("index").longValue(), n.get("t").longValue(), e);
        } catch (InvocationTargetException | IllegalArgumentException | NullPointerException e) {
            throw new StoreException("an events line of type " + type + " cannot be read back: " + e);
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object value(Class<?> type, JsonNode v) {
        if (type == Address.class) return Address.parse(v.textValue());
        if (type == UInt256.class) return UInt256.parse(v.textValue());
        if (type == int.class || type == Integer.class) return v.intValue();
        if (type == long.class || type == Long.class) return v.longValue();
        if (type == Module.class) return Module.fromWireName(v.textValue());
        if (type == TokenKind.class) return TokenKind.fromWireName(v.textValue());
        if (type.isEnum()) {
            for (Object c : type.getEnumConstants()) if (((Enum<?>) c).name().equals(v.textValue())) return c;
            throw new IllegalArgumentException("no " + type.getSimpleName() + " named " + v);
        }
        throw new IllegalArgumentException("no events-file encoding for a " + type.getName());
    }
}
