package dev.proverstaking.signing;

import java.util.stream.Stream;

/** Both secp256k1 implementations, for tests that must hold on each. */
final class Backends {
    private Backends() {}

    static Stream<Secp256k1> both() {
        return Stream.of(LibSecp256k1.load(), JavaSecp256k1.INSTANCE);
    }
}
