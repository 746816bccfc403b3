package dev.proverstaking.node.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.proverstaking.scenario.EventJson;
import dev.proverstaking.transition.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The API's JSON: strict reading (a key twice, trailing data and floats for integers are errors), compact writing. */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private Json() {}

    /** A request body as a tree; bad JSON is {@code MalformedTransaction} with where it went wrong. */
    static JsonNode parse(byte[] body) {
        if (body.length == 0) throw ApiError.malformed("the body is empty: a JSON value was expected");
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) throw ApiError.malformed("the body holds no JSON value");
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            String what = e.getOriginalMessage();
            if (what != null && what.length() > 200) what = what.substring(0, 200) + "...";
            throw ApiError.malformed("not valid JSON: " + what + where);
        } catch (IOException e) {
            throw ApiError.malformed("the body cannot be read as JSON: " + e.getClass().getSimpleName());
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always writes", e);
        }
    }

    /** Writes with a generator into bytes. */
    static byte[] write(GeneratorWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An event as {@link EventJson} writes it, as a tree. */
    static ObjectNode event(Event e) {
        try (TokenBuffer buffer = new TokenBuffer(MAPPER, false)) {
            EventJson.writeEvent(e, buffer);
            try (JsonParser p = buffer.asParser(MAPPER)) {
                return (ObjectNode) MAPPER.readTree(p);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    interface GeneratorWriter {
        void write(JsonGenerator g) throws IOException;
    }

    /** A text shortened for a message, with control characters escaped. */
    static String quote(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        StringBuilder sb = new StringBuilder(t.length() + 2).append('"');
        for (char c : t.toCharArray()) {
            if (c < 0x20 || c == 0x7f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
