package dev.proverstaking.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every conformance vector of the shared directory in-process and compares the output
 * with the expected file, with the semantics of shared/tools/compare_vectors.py
 * ({@link VectorComparison}).
 *
 * <p>The shared directory is the system property {@value #PROPERTY}, else the environment
 * variable {@value #ENV}, else the first {@code shared} directory holding {@code vectors} found
 * beside the working directory or one of its ancestors (the repository and {@code shared} are
 * siblings). Not finding it is a failure, never a skip.
 */
class ConformanceVectorsTest {
    static final String PROPERTY = "prover.staking.shared";
    static final String ENV = "PROVER_STAKING_SHARED";
    static final List<String> SUITES = List.of("public", "public-solvent");
    private static final String SCENARIO_SUFFIX = ".scenario.jsonl";

    @TestFactory
    Stream<DynamicTest> conformanceVectors() throws IOException {
        Path vectors = locateShared().resolve("vectors");
        List<DynamicTest> tests = new ArrayList<>();
        for (String suite : SUITES) {
            Path dir = vectors.resolve(suite);
            if (!Files.isDirectory(dir)) {
                fail("no vector directory " + dir.toAbsolutePath());
            }
            List<Path> scenarios;
            try (Stream<Path> files = Files.list(dir)) {
                scenarios = files.filter(p -> p.getFileName().toString().endsWith(SCENARIO_SUFFIX))
                        .sorted()
                        .collect(Collectors.toList());
            }
            if (scenarios.isEmpty()) {
                fail("no *" + SCENARIO_SUFFIX + " vector in " + dir.toAbsolutePath());
            }
            for (Path scenario : scenarios) {
                String name = scenario.getFileName().toString();
                String label = suite + "/" + name.substring(0, name.length() - SCENARIO_SUFFIX.length());
                Path expected = scenario.resolveSibling(name.replace(SCENARIO_SUFFIX, ".expected.jsonl"));
                tests.add(DynamicTest.dynamicTest(label, scenario.toUri(), () -> check(label, scenario, expected)));
            }
        }
        return tests.stream();
    }

    private static void check(String label, Path scenarioFile, Path expectedFile) throws Exception {
        if (!Files.isRegularFile(expectedFile)) {
            fail("vector " + label + ": no expected file " + expectedFile);
        }
        Scenario scenario;
        try (Reader in = Files.newBufferedReader(scenarioFile, StandardCharsets.UTF_8)) {
            scenario = ScenarioParser.parse(in);
        } catch (ScenarioFormatException e) {
            throw new AssertionError("vector " + label + ": the parser rejects a vector: " + e.getMessage(), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Replayer.replay(scenario, out, null);

        List<JsonNode> expected = VectorComparison.parseLines(Files.readString(expectedFile, StandardCharsets.UTF_8),
                "expected");
        List<JsonNode> actual;
        try {
            actual = VectorComparison.parseLines(out.toString(StandardCharsets.UTF_8), "actual");
        } catch (VectorComparison.BadLine e) {
            throw new AssertionError("vector " + label + ": replay output is not JSON Lines: " + e.getMessage(), e);
        }
        // guard against a vacuous pass: an empty expected file would match an empty replay
        assertThat(expected).as("vector %s: expected output lines", label).isNotEmpty();

        List<VectorComparison.Difference> diffs = VectorComparison.compare(expected, actual, 6);
        if (!diffs.isEmpty()) {
            VectorComparison.Difference first = diffs.get(0);
            StringBuilder msg = new StringBuilder()
                    .append("vector ").append(label).append(" differs at line i=").append(first.i())
                    .append(", path ").append(first.path())
                    .append(": expected ").append(first.expected())
                    .append(", actual ").append(first.actual());
            if (diffs.size() > 1) {
                msg.append("\n  further differences:");
                for (VectorComparison.Difference d : diffs.subList(1, diffs.size())) msg.append("\n    ").append(d);
            }
            fail(msg.toString());
        }
    }

    /** The shared directory (the one holding {@code vectors/}); fails with where it looked. */
    static Path locateShared() {
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) return checked(Path.of(prop), "system property " + PROPERTY);
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) return checked(Path.of(env), "environment variable " + ENV);

        Path cwd = Path.of("").toAbsolutePath().normalize();
        List<String> looked = new ArrayList<>();
        for (Path d = cwd; d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared");
            looked.add(candidate.resolve("vectors").toString());
            if (Files.isDirectory(candidate.resolve("vectors"))) return candidate;
        }
        throw new AssertionError("cannot find the shared conformance vectors: neither -D" + PROPERTY
                + " nor $" + ENV + " is set, and no shared/vectors directory exists beside " + cwd
                + " or any of its ancestors (looked at: " + String.join(", ", looked) + "). "
                + "Point to the directory that holds vectors/public, e.g. mvn test -D" + PROPERTY
                + "=/path/to/shared (or export " + ENV + "=/path/to/shared).");
    }

    private static Path checked(Path shared, String source) {
        if (!Files.isDirectory(shared.resolve("vectors"))) {
            throw new AssertionError(source + " is " + shared + ", but " + shared.resolve("vectors").toAbsolutePath()
                    + " is not a directory; it must name the shared directory that holds vectors/public and "
                    + "vectors/public-solvent");
        }
        return shared;
    }
}
