package dev.proverstaking.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import dev.proverstaking.common.Address;
import dev.proverstaking.common.GlobalParam;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.Role;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.node.EventRecord;
import dev.proverstaking.transition.Event;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events as lines of the events file: every event type round-trips, nulls included; damaged lines are refused. */
class EventCodecTest {
    static final Address A = Address.parse("0x00000000000000000000000000000000000000a1");
    static final Address B = Address.parse("0xABCDEF00000000000000000000000000000000b2");

    /** One event of every type, built from its record components (so a new type is covered without a change here). */
    static List<Event> everyEvent() throws Exception {
        List<Event> out = new ArrayList<>();
        for (Class<?> c : Event.class.getPermittedSubclasses()) {
            RecordComponent[] rc = c.getRecordComponents();
            Object[] args = new Object[rc.length];
            Class<?>[] types = new Class<?>[rc.length];
            for (int i = 0; i < rc.length; i++) {
                types[i] = rc[i].getType();
                args[i] = sample(types[i], i);
            }
            out.add((Event) c.getDeclaredConstructor(types).newInstance(args));
        }
        return out;
    }

    private static Object sample(Class<?> t, int i) {
        if (t == Address.class) return i % 2 == 0 ? A : B;
        if (t == UInt256.class) return i % 2 == 0 ? UInt256.MAX : UInt256.of(i);
        if (t == int.class) return 10_000 - i;
        if (t == TokenKind.class) return TokenKind.REWARD;
        if (t == Module.class) return Module.STAKING;
        if (t == Role.class) return Role.MINTER;
        if (t == GlobalParam.class) return GlobalParam.UnstakeDelay;
        throw new IllegalArgumentException("no sample of " + t);
    }

    private static EventRecord roundTrip(EventRecord r) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var g = new JsonFactory().createGenerator(bytes)) {
            g.setRootValueSeparator(null);
            EventCodec.write(r, g);
        }
        byte[] b = bytes.toByteArray();
        assertThat(b[b.length - 1]).isEqualTo((byte) '\n');
        return EventCodec.read(b, 0, b.length);
    }

    @Test
    void everyEventTypeRoundTrips() throws Exception {
        long seq = 1;
        for (Event e : everyEvent()) {
            EventRecord r = new EventRecord(seq, 1000 + seq, 1_767_225_600L + seq, e);
            assertThat(roundTrip(r)).isEqualTo(r);
            seq++;
        }
    }

    @Test
    void absentComponentsStayAbsent() throws Exception {
        EventRecord mint = new EventRecord(1, 2, 3, new Event.Transfer(TokenKind.STAKE, null, null, A, null, UInt256.ONE));
        assertThat(roundTrip(mint)).isEqualTo(mint);
        EventRecord out = new EventRecord(4, 5, 6, new Event.Transfer(TokenKind.STAKE, null, Module.STAKING, null, null, UInt256.ONE));
        assertThat(roundTrip(out)).isEqualTo(out);
    }

    @Test
    void aLineIsTheScenarioFormatsEventJson() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var g = new JsonFactory().createGenerator(bytes)) {
            g.setRootValueSeparator(null);
            EventCodec.write(new EventRecord(7, 12, 1767225000L, new Event.CommissionRateUpdated(B, 100, 200)), g);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("{\"seq\":7,\"index\":12,\"t\":1767225000,"
                + "\"type\":\"CommissionRateUpdated\",\"prover\":\"0xabcdef00000000000000000000000000000000b2\","
                + "\"oldRate\":100,\"newRate\":200}\n");
    }

    @Test
    void damagedLinesAreRefused() {
        for (String bad : List.of("{", "[]", "{\"seq\":1,\"index\":1,\"t\":1,\"type\":\"Nope\"}",
                "{\"seq\":1,\"index\":1,\"t\":1,\"type\":\"ProverRetired\",\"prover\":\"0x12\"}",
                "{\"index\":1,\"t\":1,\"type\":\"ProverRetired\",\"prover\":\"0x00000000000000000000000000000000000000a1\"}")) {
            byte[] b = bad.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> EventCodec.read(b, 0, b.length)).as(bad).isInstanceOf(StoreException.class);
        }
    }
}
