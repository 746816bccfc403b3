package dev.proverstaking.signing;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.function.Supplier;

/** How {@link Secp256k1#get()} chooses, apart from the process-wide state so that tests can drive it. */
final class Secp256k1Selection {
    static final String PROPERTY = "prover.staking.secp256k1";
    static final Logger LOG = System.getLogger("dev.proverstaking.signing");

    private Secp256k1Selection() {}

    static final class Holder {
        static final Secp256k1 CHOSEN = choose(System.getProperty(PROPERTY, "auto"), LibSecp256k1::load, LOG);

        private Holder() {}
    }

    /**
     * @param mode {@code auto}: the native library, else BouncyCastle with a warning; {@code native}:
     *     the native library or an {@link IllegalStateException}; {@code java}: BouncyCastle
     */
    static Secp256k1 choose(String mode, Supplier<? extends Secp256k1> nativeLoader, Logger log) {
        switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "java":
                log.log(Level.DEBUG, "secp256k1: BouncyCastle (pure Java), as " + PROPERTY + "=java asks");
                return JavaSecp256k1.INSTANCE;
            case "native":
                return nativeLoader.get();
            case "auto":
                try {
                    Secp256k1 lib = nativeLoader.get();
                    log.log(Level.DEBUG, "secp256k1: " + lib.name() + " (native, JNI)");
                    return lib;
                } catch (IllegalStateException e) {
                    log.log(Level.WARNING, "secp256k1: the native libsecp256k1 did not load (" + e.getMessage()
                            + "); using BouncyCastle (pure Java) instead, which recovers signatures several times"
                            + " slower (set -D" + PROPERTY + "=java to choose it without this warning)");
                    return JavaSecp256k1.INSTANCE;
                }
            default:
                throw new IllegalStateException(PROPERTY + " is auto, native or java, not \"" + mode + "\"");
        }
    }
}
