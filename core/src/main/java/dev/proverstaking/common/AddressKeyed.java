package dev.proverstaking.common;

/**
 * A record keyed by an address held inline (three primitive fields, no {@link Address} object),
 * so that a lookup in an {@link AddressTable} compares keys without leaving the record's cache lines.
 */
public abstract class AddressKeyed {
    private final long keyHi;
    private final long keyMid;
    private final int keyLo;

    protected AddressKeyed(Address key) {
        this.keyHi = key.hi();
        this.keyMid = key.mid();
        this.keyLo = key.lo();
    }

    /** The key, as a new {@link Address} value. */
    public final Address key() {
        return new Address(keyHi, keyMid, keyLo);
    }

    /**
     * A value read from each cache line this record occupies, to be discarded: reading a record
     * shortly before a transition needs it is the only prefetch Java has ({@link TableReads}).
     */
    public long warmth() {
        return keyHi ^ keyLo;
    }

    final long keyHi() {
        return keyHi;
    }

    final long keyMid() {
        return keyMid;
    }

    final int keyLo() {
        return keyLo;
    }

    /** This record's key against {@code other}'s, in {@link Address}'s order. */
    public final int compareKeyTo(AddressKeyed other) {
        return compare(keyHi, keyMid, keyLo, other.keyHi, other.keyMid, other.keyLo);
    }

    /** This record's key against {@code (hi, mid, lo)}, in {@link Address}'s order. */
    final int compareKey(long hi, long mid, int lo) {
        return compare(keyHi, keyMid, keyLo, hi, mid, lo);
    }

    /** Two keys in {@link Address}'s order: unsigned, most significant field first. */
    static int compare(long hiA, long midA, int loA, long hiB, long midB, int loB) {
        if (hiA != hiB) return Long.compareUnsigned(hiA, hiB);
        if (midA != midB) return Long.compareUnsigned(midA, midB);
        return Integer.compareUnsigned(loA, loB);
    }

    final boolean keyEquals(Address a) {
        return keyHi == a.hi() && keyMid == a.mid() && keyLo == a.lo();
    }

    final int keyHash() {
        return AddressTable.hash(keyHi, keyMid, keyLo);
    }
}
