package dev.proverstaking.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/prover-staking}, the launcher script, where its jar is not built yet. */
class LauncherTest {

    /** The first directory of the PATH that holds {@code tool}. */
    private static Path which(String tool) {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) return p;
        }
        throw new IllegalStateException(tool + " is not on the PATH");
    }

    @Test
    void withoutAJarAndWithoutMavenItSaysWhatToInstall(@TempDir Path dir) throws Exception {
        Path script = Path.of("..", "bin", "prover-staking").toAbsolutePath().normalize();
        Path copy = Files.createDirectories(dir.resolve("checkout/bin")).resolve("prover-staking");
        Files.copy(script, copy);
        copy.toFile().setExecutable(true);
        // a PATH with what the script needs but Maven
        Path tools = Files.createDirectories(dir.resolve("tools"));
        for (String tool : new String[] {"bash", "env", "dirname"}) Files.createSymbolicLink(tools.resolve(tool), which(tool));

        ProcessBuilder pb = new ProcessBuilder(copy.toString(), "demo").redirectErrorStream(true);
        pb.environment().put("PATH", tools.toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains("is not built and Maven (mvn) is not on the PATH", "mvn -q -B -DskipTests package")
                .doesNotContain("command not found");
    }
}
