package dev.proverstaking.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.System.Logger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Which secp256k1 the process uses, and the fallback when the native library does not load. */
class Secp256k1SelectionTest {
    static final Supplier<Secp256k1> FAILS = () -> {
        throw new IllegalStateException("libsecp256k1 (JNI) is not available: java.lang.UnsatisfiedLinkError: no such library");
    };

    /** The native library ships for Linux on x86_64 and aarch64: here it must load, else the node is ~4x slower unnoticed. */
    @Test
    void theNativeLibraryLoadsOnLinux() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        if (os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))
                && System.getProperty(Secp256k1Selection.PROPERTY) == null) {
            assertThat(Secp256k1.get()).isInstanceOf(LibSecp256k1.class);
            assertThat(Signatures.get().curve().name()).isEqualTo("libsecp256k1");
        }
    }

    @Test
    void autoFallsBackToBouncyCastleWithAWarning() {
        RecordingLogger log = new RecordingLogger();
        assertThat(Secp256k1Selection.choose("auto", FAILS, log)).isSameAs(JavaSecp256k1.INSTANCE);
        assertThat(log.lines).hasSize(1);
        assertThat(log.lines.get(0)).startsWith("WARNING ").contains("did not load", "UnsatisfiedLinkError", "BouncyCastle",
                Secp256k1Selection.PROPERTY + "=java");
    }

    @Test
    void autoTakesTheNativeLibraryQuietly() {
        RecordingLogger log = new RecordingLogger();
        assertThat(Secp256k1Selection.choose("auto", LibSecp256k1::load, log)).isInstanceOf(LibSecp256k1.class);
        assertThat(log.lines).allMatch(l -> l.startsWith("DEBUG "));
    }

    @Test
    void nativeFailsRatherThanFallBackAndJavaNeverLoadsIt() {
        assertThatThrownBy(() -> Secp256k1Selection.choose("native", FAILS, new RecordingLogger()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not available");
        assertThat(Secp256k1Selection.choose(" Java ", () -> {
            throw new AssertionError("loaded");
        }, new RecordingLogger())).isSameAs(JavaSecp256k1.INSTANCE);
        assertThatThrownBy(() -> Secp256k1Selection.choose("fast", FAILS, new RecordingLogger()))
                .hasMessageContaining("auto, native or java");
    }

    static final class RecordingLogger implements Logger {
        final List<String> lines = new ArrayList<>();

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(level + " " + msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(level + " " + format);
        }
    }
}
