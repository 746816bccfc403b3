package dev.proverstaking.signing;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A set of EIP-712 struct types and the encoding the specification gives them: {@code encodeType},
 * {@code typeHash} and {@code hashStruct}. Immutable and thread-safe (type hashes are computed once).
 *
 * <p>Member types supported: {@code address}, {@code string}, {@code bool}, {@code uint8} ..
 * {@code uint256} (multiples of 8), and the names of other structs of the set. No arrays, no
 * {@code bytes}, no signed integers: the node's transactions need none, and a type this class
 * does not know is refused when the set is built rather than encoded wrongly.
 *
 * <p>Values are Java values: {@link Address} for {@code address}; {@link String} for
 * {@code string} (well-formed UTF-16, hashed as UTF-8); {@link Boolean} for {@code bool};
 * a non-negative {@link Long}, {@link Integer}, {@link Short}, {@link Byte}, {@link BigInteger}
 * or a {@link UInt256} below 2^N for {@code uintN}; a {@code Map<String, ?>} of exactly the
 * struct's members for a struct. Anything else is refused with an {@link IllegalArgumentException}
 * that names the member.
 */
public final class Eip712Types {
    private final Map<String, List<Eip712Field>> types;
    private final Map<String, String> encodedTypes;
    private final Map<String, byte[]> typeHashes;

    /** @param types struct name -> its members in order (copied) */
    public Eip712Types(Map<String, List<Eip712Field>> types) {
        Map<String, List<Eip712Field>> copy = new LinkedHashMap<>();
        types.forEach((name, fields) -> copy.put(name, List.copyOf(fields)));
        this.types = Collections.unmodifiableMap(copy);
        for (var e : this.types.entrySet()) validate(e.getKey(), e.getValue());
        Map<String, String> encoded = new LinkedHashMap<>();
        Map<String, byte[]> hashes = new LinkedHashMap<>();
        for (String name : this.types.keySet()) {
            String enc = computeEncodeType(name);
            encoded.put(name, enc);
            hashes.put(name, Keccak256.hash(enc.getBytes(StandardCharsets.UTF_8)));
        }
        this.encodedTypes = Collections.unmodifiableMap(encoded);
        this.typeHashes = Collections.unmodifiableMap(hashes);
    }

    /** Struct name -> members, in the order given. */
    public Map<String, List<Eip712Field>> types() {
        return types;
    }

    public List<Eip712Field> fields(String struct) {
        List<Eip712Field> fields = types.get(struct);
        if (fields == null) throw new IllegalArgumentException("no struct type " + struct);
        return fields;
    }

    /** {@code Name(type1 name1,...)} followed by the structs it references, sorted by name. */
    public String encodeType(String struct) {
        fields(struct);
        return encodedTypes.get(struct);
    }

    /** keccak256 of {@link #encodeType}. */
    public byte[] typeHash(String struct) {
        fields(struct);
        return typeHashes.get(struct).clone();
    }

    /** {@code keccak256(typeHash ‖ encodeData(values))}. */
    public byte[] hashStruct(String struct, Map<String, ?> values) {
        List<Eip712Field> fields = fields(struct);
        checkMembers(struct, fields, values);
        byte[] buffer = new byte[32 * (1 + fields.size())];
        System.arraycopy(typeHashes.get(struct), 0, buffer, 0, 32);
        for (int i = 0; i < fields.size(); i++) {
            Eip712Field f = fields.get(i);
            encodeValue(struct + "." + f.name(), f.type(), values.get(f.name()), buffer, 32 * (i + 1));
        }
        return Keccak256.hash(buffer);
    }

    private static void checkMembers(String struct, List<Eip712Field> fields, Map<String, ?> values) {
        if (values == null) throw new IllegalArgumentException(struct + ": no values");
        for (Eip712Field f : fields) {
            if (!values.containsKey(f.name())) throw new IllegalArgumentException(struct + ": missing " + f.name());
        }
        if (values.size() != fields.size()) {
            for (Object key : values.keySet()) {
                if (fields.stream().noneMatch(f -> f.name().equals(key))) {
                    throw new IllegalArgumentException(struct + ": no member " + key);
                }
            }
        }
    }

    private void encodeValue(String where, String type, Object value, byte[] out, int off) {
        if (value == null) throw new IllegalArgumentException(where + ": null");
        if (types.containsKey(type)) {
            if (!(value instanceof Map<?, ?> map)) throw wrongType(where, type, value);
            @SuppressWarnings("unchecked")
            Map<String, ?> members = (Map<String, ?>) map;
            System.arraycopy(hashStruct(type, members), 0, out, off, 32);
            return;
        }
        switch (type) {
            case "address" -> {
                if (!(value instanceof Address a)) throw wrongType(where, type, value);
                EthAddress.write(a, out, off + 12);
            }
            case "string" -> {
                if (!(value instanceof String s)) throw wrongType(where, type, value);
                System.arraycopy(Keccak256.hash(utf8(where, s)), 0, out, off, 32);
            }
            case "bool" -> {
                if (!(value instanceof Boolean b)) throw wrongType(where, type, value);
                out[off + 31] = (byte) (b ? 1 : 0);
            }
            default -> {
                int bits = uintBits(type);
                BigInteger v = unsigned(where, type, value);
                if (v.bitLength() > bits) {
                    throw new IllegalArgumentException(where + ": " + v + " does not fit in " + type
                            + " (at most 2^" + bits + " - 1)");
                }
                byte[] b = v.toByteArray();
                int n = Math.min(b.length, 32);
                System.arraycopy(b, b.length - n, out, off + 32 - n, n);
            }
        }
    }

    private static BigInteger unsigned(String where, String type, Object value) {
        BigInteger v;
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            v = BigInteger.valueOf(((Number) value).longValue());
        } else if (value instanceof BigInteger b) {
            v = b;
        } else if (value instanceof UInt256 u) {
            v = u.toBigInteger();
        } else {
            throw wrongType(where, type, value);
        }
        if (v.signum() < 0) throw new IllegalArgumentException(where + ": " + v + " is negative, not a " + type);
        return v;
    }

    /** Strict UTF-8: a lone surrogate is refused rather than signed as '?'. */
    private static byte[] utf8(String where, String s) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(where + ": not well-formed Unicode (a lone surrogate)");
        }
    }

    private static IllegalArgumentException wrongType(String where, String type, Object value) {
        return new IllegalArgumentException(where + ": a " + type + " cannot be a " + value.getClass().getSimpleName());
    }

    /** N of {@code uintN}, or -1 when {@code type} is not one. */
    private static int uintBitsOrMinus(String type) {
        if (!type.startsWith("uint") || type.length() < 5 || type.length() > 7) return -1;
        String digits = type.substring(4);
        if (digits.charAt(0) == '0' || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) return -1;
        int bits = Integer.parseInt(digits);
        return bits >= 8 && bits <= 256 && bits % 8 == 0 ? bits : -1;
    }

    private static int uintBits(String type) {
        int bits = uintBitsOrMinus(type);
        if (bits < 0) throw new IllegalStateException("not a uint type: " + type); // validated at construction
        return bits;
    }

    private void validate(String struct, List<Eip712Field> fields) {
        if (!identifier(struct) || atomic(struct)) throw new IllegalArgumentException("not a struct name: \"" + struct + "\"");
        List<String> names = new ArrayList<>();
        for (Eip712Field f : fields) {
            if (!identifier(f.name())) throw new IllegalArgumentException(struct + ": not a member name: \"" + f.name() + "\"");
            if (names.contains(f.name())) throw new IllegalArgumentException(struct + ": member " + f.name() + " twice");
            names.add(f.name());
            String t = f.type();
            if (!types.containsKey(t) && !atomic(t)) throw new IllegalArgumentException(struct + "." + f.name() + ": unsupported type " + t);
        }
    }

    private static boolean atomic(String type) {
        return type.equals("address") || type.equals("string") || type.equals("bool") || uintBitsOrMinus(type) > 0;
    }

    private static boolean identifier(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_' || s.charAt(0) == '$')) return false;
        return s.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '$'));
    }

    private String computeEncodeType(String primary) {
        TreeSet<String> deps = new TreeSet<>();
        collect(primary, deps);
        deps.remove(primary);
        StringBuilder sb = new StringBuilder();
        append(sb, primary);
        for (String d : deps) append(sb, d);
        return sb.toString();
    }

    private void collect(String struct, TreeSet<String> seen) {
        if (!seen.add(struct)) return;
        for (Eip712Field f : types.get(struct)) {
            if (types.containsKey(f.type())) collect(f.type(), seen);
        }
    }

    private void append(StringBuilder sb, String struct) {
        sb.append(struct).append('(');
        List<Eip712Field> fields = types.get(struct);
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(fields.get(i).type()).append(' ').append(fields.get(i).name());
        }
        sb.append(')');
    }
}
