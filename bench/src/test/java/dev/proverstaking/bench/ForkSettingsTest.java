package dev.proverstaking.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Fork;

/**
 * Every benchmark's fork keeps its fixed, pre-touched heap when someone adds JVM options on the
 * command line.
 *
 * <p>Why: JMH's command-line {@code -jvmArgsAppend} replaces a {@code @Fork(jvmArgsAppend)}
 * rather than adding to it. With the heap settings there, {@code -jvmArgsAppend
 * -XX:+UseTransparentHugePages} (as BENCHMARKS.md suggests) silently dropped {@code -Xms3g -Xmx3g
 * -XX:+AlwaysPreTouch}: the young generation then grew into untouched memory during the
 * measurement, and {@code CoreOpsBench.addRewards} at 10^6 stakers measured ~2 us per operation
 * for its first iterations instead of ~220 ns. In {@code @Fork(jvmArgs)} they stay, and the
 * command line's options come after them.
 */
class ForkSettingsTest {
    @Test
    void everyForkHasItsHeapInJvmArgsNotInJvmArgsAppend() throws Exception {
        List<Class<?>> benchmarks = benchmarkClasses();
        assertThat(benchmarks).hasSizeGreaterThanOrEqualTo(8).contains(CoreOpsBench.class, PageReachBench.class);
        for (Class<?> c : benchmarks) {
            Fork fork = c.getAnnotation(Fork.class);
            assertThat(fork.jvmArgs()).as(c.getSimpleName())
                    .containsExactly("-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch");
            assertThat(fork.jvmArgsAppend()).as(c.getSimpleName()).containsExactly(Fork.BLANK_ARGS);
            assertThat(fork.jvmArgsPrepend()).as(c.getSimpleName()).containsExactly(Fork.BLANK_ARGS);
        }
    }

    /** The top-level classes of this package that carry {@code @Fork}. */
    private static List<Class<?>> benchmarkClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(CoreOpsBench.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(CoreOpsBench.class.getPackageName().replace('.', '/'));
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".class") || name.contains("$")) continue;
                Class<?> c = Class.forName(CoreOpsBench.class.getPackageName() + "." + name.replace(".class", ""));
                if (c.isAnnotationPresent(Fork.class)) out.add(c);
            }
        }
        return out;
    }
}
