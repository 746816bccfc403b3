package dev.proverstaking.signing;

import dev.proverstaking.common.Address;

/** Ethereum addresses: from a public key, and the core's {@link Address} to and from its 20 bytes. */
public final class EthAddress {
    private EthAddress() {}

    /**
     * The address of a secp256k1 public key: the last 20 bytes of the keccak-256 of its
     * uncompressed encoding without the {@code 0x04} prefix.
     *
     * @param publicKey 65 bytes ({@code 0x04 ‖ x ‖ y}) or 64 ({@code x ‖ y})
     */
    public static Address of(byte[] publicKey) {
        byte[] hash;
        if (publicKey.length == 65 && publicKey[0] == 0x04) hash = Keccak256.hash(publicKey, 1, 64);
        else if (publicKey.length == 64) hash = Keccak256.hash(publicKey);
        else throw new IllegalArgumentException("not an uncompressed public key (65 bytes from 0x04, or 64): " + publicKey.length + " bytes");
        return fromBytes(hash, 12);
    }

    /** The address whose 20 bytes are {@code bytes}. */
    public static Address fromBytes(byte[] bytes) {
        if (bytes.length != 20) throw new IllegalArgumentException("an address is 20 bytes, not " + bytes.length);
        return fromBytes(bytes, 0);
    }

    private static Address fromBytes(byte[] b, int off) {
        long hi = 0, mid = 0;
        int lo = 0;
        for (int i = 0; i < 8; i++) hi = (hi << 8) | (b[off + i] & 0xFF);
        for (int i = 8; i < 16; i++) mid = (mid << 8) | (b[off + i] & 0xFF);
        for (int i = 16; i < 20; i++) lo = (lo << 8) | (b[off + i] & 0xFF);
        return new Address(hi, mid, lo);
    }

    /** The 20 bytes of an address. */
    public static byte[] toBytes(Address address) {
        byte[] out = new byte[20];
        write(address, out, 0);
        return out;
    }

    /** Writes the 20 bytes of {@code address} at {@code out[off..off+20)}. */
    static void write(Address address, byte[] out, int off) {
        for (int i = 0; i < 8; i++) out[off + i] = (byte) (address.hi() >>> (56 - 8 * i));
        for (int i = 0; i < 8; i++) out[off + 8 + i] = (byte) (address.mid() >>> (56 - 8 * i));
        for (int i = 0; i < 4; i++) out[off + 16 + i] = (byte) (address.lo() >>> (24 - 8 * i));
    }
}
