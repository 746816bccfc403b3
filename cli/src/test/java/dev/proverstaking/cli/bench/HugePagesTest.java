package dev.proverstaking.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The child JVM of {@code bench core} asks for huge pages exactly when the kernel offers them and the user has not refused. */
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

    private static List<String> child(boolean offered, String... args) {
        BenchCommand.Core core = new BenchCommand.Core();
        new CommandLine(core).parseArgs(args);
        return core.childCommand(offered);
    }

    @Test
    void theChildJvmAsksForHugePagesOnlyWhenOfferedAndNotRefused() {
        assertThat(child(true)).contains("-XX:+UseTransparentHugePages", "-XX:+AlwaysPreTouch", "--in-process");
        assertThat(child(false)).doesNotContain("-XX:+UseTransparentHugePages");
        assertThat(child(true, "--no-huge-pages")).doesNotContain("-XX:+UseTransparentHugePages");
        // the user's options come after ours, so that the JVM's last-one-wins rule lets them override
        List<String> cmd = child(true, "--jvm-opt=-XX:-UseTransparentHugePages");
        assertThat(cmd.indexOf("-XX:-UseTransparentHugePages")).isGreaterThan(cmd.indexOf("-XX:+UseTransparentHugePages"));
    }

    @Test
    void theReportSaysWhetherThisJvmUsesThem() {
        assertThat(HugePages.describe()).matches("transparent huge pages (on|off) \\(kernel: .+\\)");
        assertThat(CoreBench.machine()).contains("transparent huge pages");
    }
}
