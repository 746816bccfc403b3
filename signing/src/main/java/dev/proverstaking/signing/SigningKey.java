package dev.proverstaking.signing;

import dev.proverstaking.common.Address;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * A secp256k1 private key (32 bytes in [1, n)) and its address. Its {@link #toString()} shows the
 * address only; the secret comes out through {@link #secretBytes()} and {@link #secretHex()} alone.
 */
public final class SigningKey {
    private final byte[] secret;
    private final byte[] publicKey;
    private final Address address;

    private SigningKey(byte[] secret) {
        if (!Curve.validSecret(secret)) {
            throw new IllegalArgumentException("not a secp256k1 private key: 32 bytes in [1, n) ("
                    + secret.length + " bytes" + (secret.length == 32 ? ", out of range" : "") + ")");
        }
        this.secret = secret.clone();
        this.publicKey = Secp256k1.get().publicKey(this.secret);
        this.address = EthAddress.of(publicKey);
    }

    /** @throws IllegalArgumentException unless 32 bytes in [1, n) */
    public static SigningKey of(byte[] secret) {
        return new SigningKey(secret);
    }

    /** @throws IllegalArgumentException unless {@code 0x} and 64 hex digits of a value in [1, n) */
    public static SigningKey parse(String hex) {
        byte[] bytes = Hex.decode(hex);
        if (bytes.length != 32) throw new IllegalArgumentException("a private key is 0x and 64 hex digits");
        return new SigningKey(bytes);
    }

    /** A new key from {@code random} (draws again in the 2^-128 case of a value not in [1, n)). */
    public static SigningKey random(SecureRandom random) {
        byte[] b = new byte[32];
        do {
            random.nextBytes(b);
        } while (!Curve.validSecret(b));
        return new SigningKey(b);
    }

    public Address address() {
        return address;
    }

    /** The uncompressed public key, 65 bytes {@code 0x04 ‖ x ‖ y}. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** A copy of the 32 secret bytes. */
    public byte[] secretBytes() {
        return secret.clone();
    }

    /** {@code 0x} and 64 hex digits. */
    public String secretHex() {
        return Hex.encode(secret);
    }

    /** The 65-byte signature of a 32-byte digest ({@link Signatures#sign}). */
    public byte[] sign(byte[] digest) {
        return Signatures.get().sign(this, digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey k && MessageDigest.isEqual(secret, k.secret);
    }

    @Override
    public int hashCode() {
        return address.hashCode();
    }

    @Override
    public String toString() {
        return "SigningKey[" + address + "]";
    }
}
