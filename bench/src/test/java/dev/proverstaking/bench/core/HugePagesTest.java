package dev.proverstaking.bench.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether the kernel offers transparent huge pages (the child JVM of {@code bench core} asks for them only then), and what the report says of them. */
class HugePagesTest {
    @TempDir
    Path dir;

    private Path setting(String text) throws IOException {
        Path p = dir.resolve("enabled");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsTheKernelsSelectedMode() throws IOException {
        assertThat(HugePages.kernelMode(setting("always [madvise] never\n"))).isEqualTo("madvise");
        assertThat(HugePages.offered(setting("always [madvise] never\n"))).isTrue();
        assertThat(HugePages.offered(setting("[always] madvise never\n"))).isTrue();
        assertThat(HugePages.offered(setting("always madvise [never]\n"))).isFalse();
        assertThat(HugePages.kernelMode(setting("garbage"))).isEqualTo("unavailable");
        assertThat(HugePages.offered(setting("garbage"))).isFalse();
        assertThat(HugePages.kernelMode(dir.resolve("absent"))).isEqualTo("unavailable");
        assertThat(HugePages.offered(dir.resolve("absent"))).isFalse();
    }

    @Test
    void theReportSaysWhetherThisJvmUsesThem() {
        assertThat(HugePages.describe()).matches("transparent huge pages (on|off) \\(kernel: .+\\)");
        assertThat(Machine.describe()).contains("transparent huge pages");
    }
}
