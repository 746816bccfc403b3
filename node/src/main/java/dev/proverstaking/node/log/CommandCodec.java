package dev.proverstaking.node.log;

import dev.proverstaking.common.Address;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.math.UInt256;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Commands as bytes in the Raft log, and back.
 *
 * <p>A command is its op's name ({@link DataOutput#writeUTF}), then its record's components in
 * declaration order, each by its Java type: an {@link Address} as 20 bytes (hi, mid, lo, big-endian);
 * a {@link UInt256} as a length byte 0..32 and its minimal big-endian magnitude; an enum constant as
 * its name (writeUTF). Names, not ordinals, because the log outlives the code that wrote it: a later
 * version that adds or reorders ops or enum constants still reads an old log, and one that removes
 * something says which name it no longer knows.
 *
 * <p>The shapes are taken from the {@link Command} records themselves (every permitted record whose
 * simple name is its op's name with the first letter upper-cased), so that a new op needs no change
 * here; a component of a type this codec does not know fails when the class loads, not when the first
 * such command is logged.
 */
public final class CommandCodec {

    /** A command record's component types and canonical constructor. */
    private record Shape(Command.Op op, RecordComponent[] components, Constructor<?> constructor) {}

    private static final Map<Command.Op, Shape> BY_OP = new EnumMap<>(Command.Op.class);
    private static final Map<String, Shape> BY_NAME = new HashMap<>();

    static {
        Map<String, Class<?>> records = new HashMap<>();
        for (Class<?> c : Command.class.getPermittedSubclasses()) records.put(c.getSimpleName(), c);
        for (Command.Op op : Command.Op.values()) {
            String name = op.name();
            Class<?> type = records.get(Character.toUpperCase(name.charAt(0)) + name.substring(1));
            if (type == null || !type.isRecord()) {
                throw new ExceptionInInitializerError("no Command record for op " + name);
            }
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                if (types[i] != Address.class && types[i] != UInt256.class && !types[i].isEnum()) {
                    throw new ExceptionInInitializerError("op " + name + ": no log encoding for a " + types[i].getName());
                }
            }
            try {
                Shape s = new Shape(op, components, type.getDeclaredConstructor(types));
                BY_OP.put(op, s);
                BY_NAME.put(name, s);
            } catch (NoSuchMethodException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    private CommandCodec() {}

    public static void write(Command command, DataOutput out) throws IOException {
        Shape s = BY_OP.get(command.op());
        out.writeUTF(s.op().name());
        for (RecordComponent c : s.components()) {
            Object v;
            try {
                v = c.getAccessor().invoke(command);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("component " + c.getName() + " of " + s.op() + " unreadable", e);
            }
            if (v instanceof Address a) {
                writeAddress(a, out);
            } else if (v instanceof UInt256 u) {
                writeUint(u, out);
            } else {
                out.writeUTF(((Enum<?>) v).name());
            }
        }
    }

    /**
     * @throws MalformedEntryException when the bytes are not a command (an unknown op or enum
     *                                 name, a uint longer than 32 bytes, a value a command refuses)
     */
    public static Command read(DataInput in) throws IOException {
        String name = in.readUTF();
        Shape s = BY_NAME.get(name);
        if (s == null) throw new MalformedEntryException("unknown op \"" + name + "\"");
        RecordComponent[] components = s.components();
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> type = components[i].getType();
            if (type == Address.class) {
                args[i] = readAddress(in);
            } else if (type == UInt256.class) {
                args[i] = readUint(in);
            } else {
                args[i] = enumConstant(type, in.readUTF(), name);
            }
        }
        try {
            return (Command) s.constructor().newInstance(args);
        } catch (InvocationTargetException e) {
            throw new MalformedEntryException("op " + name + ": " + e.getCause());
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("the record " + s.constructor().getDeclaringClass() + " cannot be built", e);
        }
    }

    public static void writeAddress(Address a, DataOutput out) throws IOException {
        out.writeLong(a.hi());
        out.writeLong(a.mid());
        out.writeInt(a.lo());
    }

    public static Address readAddress(DataInput in) throws IOException {
        return new Address(in.readLong(), in.readLong(), in.readInt());
    }

    static void writeUint(UInt256 v, DataOutput out) throws IOException {
        byte[] b = new byte[32];
        for (int limb = 0; limb < 4; limb++) {
            long w = v.limb(limb);
            for (int k = 0; k < 8; k++) b[31 - limb * 8 - k] = (byte) (w >>> (8 * k));
        }
        int from = 0;
        while (from < 32 && b[from] == 0) from++;
        out.writeByte(32 - from);
        out.write(b, from, 32 - from);
    }

    static UInt256 readUint(DataInput in) throws IOException {
        int n = in.readUnsignedByte();
        if (n > 32) throw new MalformedEntryException("a uint of " + n + " bytes");
        byte[] b = new byte[32];
        in.readFully(b, 32 - n, n);
        long[] limbs = new long[4];
        for (int limb = 0; limb < 4; limb++) {
            long w = 0;
            for (int k = 7; k >= 0; k--) w = (w << 8) | (b[31 - limb * 8 - k] & 0xFF);
            limbs[limb] = w;
        }
        return UInt256.ofLimbs(limbs[0], limbs[1], limbs[2], limbs[3]);
    }

    private static Object enumConstant(Class<?> type, String constant, String op) throws MalformedEntryException {
        for (Object c : type.getEnumConstants()) {
            if (((Enum<?>) c).name().equals(constant)) return c;
        }
        throw new MalformedEntryException("op " + op + ": no " + type.getSimpleName() + " named \"" + constant + "\"");
    }
}
