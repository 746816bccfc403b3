package dev.proverstaking.signing;

import dev.proverstaking.common.Address;
import java.util.Objects;

/** One of the dev accounts: its index i, derivation path {@code m/44'/60'/0'/0/i} and key. */
public record DevAccount(int index, String path, SigningKey key) {
    public DevAccount {
        Objects.requireNonNull(path);
        Objects.requireNonNull(key);
    }

    public Address address() {
        return key.address();
    }
}
