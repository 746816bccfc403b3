package dev.proverstaking.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The conformance comparison of shared/tools/compare_vectors.py, in Java, for in-process tests.
 *
 * <p>Line by line (JSON Lines, blank lines ignored):
 * <ul>
 *   <li>result lines: same {@code i}, same {@code ok}, and for a failed operation the same error;</li>
 *   <li>state lines: same {@code i} and equal states, where object keys are order-free, address
 *       keys and {@code 0xPROVER/0xSTAKER} keys and address strings are compared lowercase,
 *       numbers are compared as integers whether JSON numbers or decimal strings,
 *       {@code activeProvers} is compared sorted (other lists keep their order), and under
 *       {@code balances} a zero entry counts as absent and a missing ledger map as an empty one;</li>
 *   <li>a result line for the genesis ({@code i == 1}, {@code ok} true) first in ACTUAL is ignored
 *       when EXPECTED has no line 1.</li>
 * </ul>
 * Differences carry the same (line, path, expected, actual) as the Python tool prints.
 */
final class VectorComparison {

    /** One difference: {@code i} is the line number of the scenario line (as printed by the tool). */
    record Difference(String i, String path, String expected, String actual) {
        @Override
        public String toString() {
            return "line " + i + ": " + path + ": expected " + expected + ", actual " + actual;
        }
    }

    /** A line of an output file that is not a JSON object (the tool's "not JSON" / "not a JSON object"). */
    static final class BadLine extends Exception {
        BadLine(String message) {
            super(message);
        }
    }

    private static final Pattern ADDR = Pattern.compile("0x[0-9a-fA-F]{40}\n?");
    private static final Pattern PAIR = Pattern.compile("0x[0-9a-fA-F]{40}/0x[0-9a-fA-F]{40}\n?");
    private static final Pattern INT = Pattern.compile("-?[0-9]+\n?");

    /** Python's None after normalisation (JSON null or a missing field). */
    private static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);

    private VectorComparison() {}

    // ------------------------------------------------------------------ loading

    /** Parses JSON Lines text: blank lines skipped, every other line must be a JSON object. */
    static List<JsonNode> parseLines(String text, String what) throws BadLine {
        List<JsonNode> out = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int n = 1; n <= lines.length; n++) {
            String line = lines[n - 1];
            if (line.isBlank()) continue;
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new BadLine(what + " line " + n + ": not JSON (" + e.getOriginalMessage() + ")");
            }
            if (node == null || !node.isObject()) {
                throw new BadLine(what + " line " + n + ": not a JSON object");
            }
            out.add(node);
        }
        return out;
    }

    // ------------------------------------------------------------------ comparing

    /** The first difference, or null when the two outputs mean the same. */
    static Difference firstDifference(List<JsonNode> expected, List<JsonNode> actual) {
        List<Difference> d = compare(expected, actual, 1);
        return d.isEmpty() ? null : d.get(0);
    }

    /** Up to {@code cap} differences, in the order the Python tool finds them. */
    static List<Difference> compare(List<JsonNode> expected, List<JsonNode> actual, int cap) {
        List<Difference> diffs = new ArrayList<>();
        if (!actual.isEmpty() && expected.stream().noneMatch(e -> pyEqualsOne(e.get("i")))) {
            JsonNode a0 = actual.get(0);
            if (pyEqualsOne(a0.get("i")) && isTrue(a0.get("ok")) && !a0.has("state")) {
                actual = actual.subList(1, actual.size());
            }
        }
        int lines = Math.max(expected.size(), actual.size());
        for (int n = 0; n < lines; n++) {
            if (diffs.size() >= cap) break;
            JsonNode e = n < expected.size() ? expected.get(n) : null;
            JsonNode a = n < actual.size() ? actual.get(n) : null;
            if (e == null) {
                diffs.add(new Difference(pyStr(raw(a.get("i"))), "line", "<no more lines>", fmt(raw(a))));
                break;
            }
            if (a == null) {
                diffs.add(new Difference(pyStr(raw(e.get("i"))), "line", fmt(raw(e)), "<no more lines>"));
                break;
            }
            String i = pyStr(raw(e.get("i")));
            if (!pyEq(norm(a.get("i"), List.of()), norm(e.get("i"), List.of()))) {
                diffs.add(new Difference(i, "i", fmt(raw(e.get("i"))), fmt(raw(a.get("i")))));
                break;
            }
            if (e.has("state")) {
                if (!a.has("state")) {
                    diffs.add(new Difference(i, "line", "state line", fmt(raw(a))));
                    continue;
                }
                List<String[]> out = new ArrayList<>();
                diff(norm(e.get("state"), List.of()), norm(a.get("state"), List.of()), "", out, cap - diffs.size());
                for (String[] d : out) diffs.add(new Difference(i, d[0], d[1], d[2]));
                continue;
            }
            if (a.has("state")) {
                diffs.add(new Difference(i, "line", fmt(raw(e)), "state line"));
                continue;
            }
            if (!sameIdentity(a.get("ok"), e.get("ok"))) {
                diffs.add(new Difference(i, "result", show(e), show(a)));
                continue;
            }
            if (isFalse(e.get("ok")) && !pyEq(raw(a.get("error")), raw(e.get("error")))) {
                diffs.add(new Difference(i, "error", fmt(raw(e.get("error"))), fmt(raw(a.get("error")))));
            }
        }
        return diffs;
    }

    private static String show(JsonNode x) {
        if (isTrue(x.get("ok"))) return "ok";
        if (isFalse(x.get("ok"))) return "error " + pyStr(raw(x.get("error")));
        return fmt(raw(x));
    }

    /** Python's {@code str()} of a raw value, as used in the f-string of {@code show}. */
    private static String pyStr(Object v) {
        if (v == NONE) return "None";
        if (v instanceof String s) return s;
        if (v instanceof Boolean b) return b ? "True" : "False";
        return fmt(v);
    }

    private static void diff(Object exp, Object act, String path, List<String[]> out, int cap) {
        if (out.size() >= cap) return;
        if (exp instanceof Map<?, ?> e && act instanceof Map<?, ?> a) {
            TreeSet<String> keys = new TreeSet<>();
            for (Object k : e.keySet()) keys.add((String) k);
            for (Object k : a.keySet()) keys.add((String) k);
            for (String k : keys) {
                if (out.size() >= cap) return;
                String p = path.isEmpty() ? "state." + k : path + "." + k;
                if (!a.containsKey(k)) {
                    out.add(new String[] {p, fmt(e.get(k)), "<missing>"});
                } else if (!e.containsKey(k)) {
                    out.add(new String[] {p, "<absent>", fmt(a.get(k))});
                } else {
                    diff(e.get(k), a.get(k), p, out, cap);
                }
            }
            return;
        }
        if (exp instanceof List<?> e && act instanceof List<?> a) {
            if (e.size() != a.size()) {
                out.add(new String[] {path + ".length", String.valueOf(e.size()), String.valueOf(a.size())});
            }
            for (int n = 0; n < Math.min(e.size(), a.size()); n++) {
                if (out.size() >= cap) return;
                diff(e.get(n), a.get(n), path + "[" + n + "]", out, cap);
            }
            return;
        }
        if (!sameTypeAndValue(exp, act)) {
            out.add(new String[] {path, fmt(exp), fmt(act)});
        }
    }

    // ------------------------------------------------------------------ normalisation

    /**
     * A JSON value as Python's {@code json.loads} gives it, without normalisation: Map, List,
     * String, BigInteger (ints), Double (floats), Boolean, or NONE.
     */
    private static Object raw(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) return NONE;
        if (v.isBoolean()) return v.booleanValue();
        if (v.isIntegralNumber()) return v.bigIntegerValue();
        if (v.isNumber()) return v.doubleValue();
        if (v.isTextual()) return v.textValue();
        if (v.isArray()) {
            List<Object> l = new ArrayList<>();
            for (JsonNode x : v) l.add(raw(x));
            return l;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            m.put(f.getKey(), raw(f.getValue()));
        }
        return m;
    }

    private static String normKey(String k) {
        return ADDR.matcher(k).matches() || PAIR.matcher(k).matches() ? k.toLowerCase(java.util.Locale.ROOT) : k;
    }

    /** {@code norm} of compare_vectors.py; {@code path} is the tuple of normalised keys ("[]" for list items). */
    private static Object norm(JsonNode v, List<String> path) {
        if (v == null || v.isNull() || v.isMissingNode()) return NONE;
        if (v.isBoolean()) return v.booleanValue();
        if (v.isIntegralNumber()) return v.bigIntegerValue();
        if (v.isNumber()) {
            double d = v.doubleValue();
            if (!Double.isNaN(d) && !Double.isInfinite(d) && d == Math.rint(d)) {
                return new BigDecimal(d).toBigInteger();
            }
            return d;
        }
        if (v.isTextual()) {
            String s = v.textValue();
            if (INT.matcher(s).matches()) return new BigInteger(s.strip());
            if (ADDR.matcher(s).matches() || PAIR.matcher(s).matches()) return s.toLowerCase(java.util.Locale.ROOT);
            return s;
        }
        if (v.isArray()) {
            List<String> itemPath = append(path, "[]");
            List<Object> items = new ArrayList<>();
            for (JsonNode x : v) items.add(norm(x, itemPath));
            if (!path.isEmpty() && path.get(path.size() - 1).equals("activeProvers")) {
                sortIfComparable(items);
            }
            return items;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String nk = normKey(f.getKey());
            d.put(nk, norm(f.getValue(), append(path, nk)));
        }
        if (path.equals(List.of("balances"))) {
            for (String ledger : List.of("stake", "reward")) {
                if (d.get(ledger) instanceof Map<?, ?> m) {
                    Map<String, Object> kept = new LinkedHashMap<>();
                    for (Map.Entry<?, ?> en : m.entrySet()) {
                        if (!isPyZero(en.getValue())) kept.put((String) en.getKey(), en.getValue());
                    }
                    if (kept.isEmpty()) d.remove(ledger);
                    else d.put(ledger, kept);
                }
            }
        }
        return d;
    }

    private static List<String> append(List<String> path, String k) {
        List<String> p = new ArrayList<>(path);
        p.add(k);
        return List.copyOf(p);
    }

    /** Sorts as Python would when every item is a number (bool included) or every item is a string. */
    private static void sortIfComparable(List<Object> items) {
        boolean allStrings = items.stream().allMatch(x -> x instanceof String);
        boolean allNumbers = items.stream().allMatch(x -> x instanceof BigInteger || x instanceof Double || x instanceof Boolean);
        if (allStrings) {
            items.sort((x, y) -> ((String) x).compareTo((String) y));
        } else if (allNumbers) {
            items.sort((x, y) -> toBigDecimal(x).compareTo(toBigDecimal(y)));
        }
    }

    // ------------------------------------------------------------------ Python equality

    /** {@code x == 0} in Python for a normalised value (False == 0 too). */
    private static boolean isPyZero(Object x) {
        if (x instanceof BigInteger b) return b.signum() == 0;
        if (x instanceof Double d) return d == 0.0;
        if (x instanceof Boolean b) return !b;
        return false;
    }

    /** {@code x == 1} in Python for a JSON value (1, 1.0 and true are all equal to 1). */
    private static boolean pyEqualsOne(JsonNode x) {
        if (x == null) return false;
        if (x.isBoolean()) return x.booleanValue();
        if (x.isNumber()) return toBigDecimal(raw(x)).compareTo(BigDecimal.ONE) == 0;
        return false;
    }

    private static boolean isTrue(JsonNode x) {
        return x != null && x.isBoolean() && x.booleanValue();
    }

    private static boolean isFalse(JsonNode x) {
        return x != null && x.isBoolean() && !x.booleanValue();
    }

    /** {@code a is b} for the values a JSON {@code ok} field can hold (True, False, None; others by value). */
    private static boolean sameIdentity(JsonNode a, JsonNode b) {
        Object x = raw(a), y = raw(b);
        return pyEq(x, y) && (x instanceof Boolean) == (y instanceof Boolean);
    }

    private static boolean isNumeric(Object x) {
        return x instanceof BigInteger || x instanceof Double || x instanceof Boolean;
    }

    private static BigDecimal toBigDecimal(Object x) {
        if (x instanceof BigInteger b) return new BigDecimal(b);
        if (x instanceof Boolean b) return b ? BigDecimal.ONE : BigDecimal.ZERO;
        return new BigDecimal((Double) x);
    }

    /** Python's {@code ==}. */
    private static boolean pyEq(Object x, Object y) {
        if (isNumeric(x) && isNumeric(y)) {
            if ((x instanceof Double d && !Double.isFinite(d)) || (y instanceof Double e && !Double.isFinite(e))) {
                return x instanceof Double d1 && y instanceof Double d2 && d1.doubleValue() == d2.doubleValue();
            }
            return toBigDecimal(x).compareTo(toBigDecimal(y)) == 0;
        }
        if (x instanceof List<?> a && y instanceof List<?> b) {
            if (a.size() != b.size()) return false;
            for (int n = 0; n < a.size(); n++) if (!pyEq(a.get(n), b.get(n))) return false;
            return true;
        }
        if (x instanceof Map<?, ?> a && y instanceof Map<?, ?> b) {
            if (!a.keySet().equals(b.keySet())) return false;
            for (Object k : a.keySet()) if (!pyEq(a.get(k), b.get(k))) return false;
            return true;
        }
        return Objects.equals(x, y);
    }

    /** {@code type(exp) is type(act) and exp == act} for normalised leaves. */
    private static boolean sameTypeAndValue(Object exp, Object act) {
        if (exp == NONE || act == NONE) return exp == act;
        if (exp.getClass() != act.getClass()) return false;
        if (exp instanceof Double d) return d.doubleValue() == ((Double) act).doubleValue();
        return pyEq(exp, act);
    }

    // ------------------------------------------------------------------ formatting

    /** {@code fmt} of compare_vectors.py: JSON with sorted keys, cut at 160 characters. */
    static String fmt(Object v) {
        StringBuilder sb = new StringBuilder();
        dump(v, sb);
        String s = sb.toString();
        return s.length() <= 160 ? s : s.substring(0, 160) + "...";
    }

    private static void dump(Object v, StringBuilder sb) {
        if (v == NONE || v == null) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof BigInteger b) {
            sb.append(b);
        } else if (v instanceof Double d) {
            if (d.isNaN()) sb.append("NaN");
            else if (d.isInfinite()) sb.append(d > 0 ? "Infinity" : "-Infinity");
            else sb.append(d);
        } else if (v instanceof String s) {
            quote(s, sb);
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int n = 0; n < l.size(); n++) {
                if (n > 0) sb.append(", ");
                dump(l.get(n), sb);
            }
            sb.append(']');
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
                if (!first) sb.append(", ");
                first = false;
                quote((String) e.getKey(), sb);
                sb.append(": ");
                dump(e.getValue(), sb);
            }
            sb.append('}');
        } else {
            sb.append(v);
        }
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int n = 0; n < s.length(); n++) {
            char c = s.charAt(n);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
