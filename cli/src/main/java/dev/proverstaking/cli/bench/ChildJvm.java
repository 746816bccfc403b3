package dev.proverstaking.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A bench command run again in a child JVM, so that what it measures runs with a fixed,
 * pre-touched heap and the full JIT whatever the launcher's JVM was given: its command line, a
 * check of its JVM options before anything runs, and running it.
 */
final class ChildJvm {
    private ChildJvm() {}

    /**
     * The child JVM's command line: a fixed, pre-touched heap, the default JIT, huge pages if
     * {@code hugePages}, then the user's options (which come last, so that they override ours),
     * then this program with {@code args}.
     */
    static List<String> command(String heap, boolean hugePages, List<String> jvmOpts, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xss8m");
        cmd.add("-Xms" + heap);
        cmd.add("-Xmx" + heap);
        // every heap page mapped before anything is timed: otherwise the first pass of allocation
        // through a fresh eden (or a collection copying into fresh regions) takes page faults
        cmd.add("-XX:+AlwaysPreTouch");
        if (hugePages) cmd.add("-XX:+UseTransparentHugePages");
        cmd.addAll(jvmOpts);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(dev.proverstaking.cli.Main.class.getName());
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Runs {@code cmd} ({@link #command}) and waits for it. Its status passes through when it is
     * one of the command's own (0, 1, 2); a JVM that refuses its options is a usage error, found
     * before the run by {@link #refusedJvmOptions}.
     *
     * @param name the bench command, for messages ({@code core}, {@code snapshot})
     */
    static int run(String name, List<String> cmd) throws IOException, InterruptedException {
        String refused = refusedJvmOptions(cmd);
        if (refused != null) {
            System.err.println("prover-staking bench " + name + ": the child JVM refuses its options (--heap, --jvm-opt): " + refused);
            return 2;
        }
        List<String> shown = new ArrayList<>(cmd);
        shown.set(shown.indexOf("-cp") + 1, "<this classpath>");
        System.out.println("running in a child JVM (--in-process to run in this one): " + String.join(" ", shown));
        System.out.flush();
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        int status = p.waitFor();
        if (status > 2) {
            System.err.println("prover-staking bench " + name + ": the child JVM ended with status " + status
                    + (status > 128 ? " (signal " + (status - 128) + "; 9 is often the kernel's out-of-memory killer: try a smaller --heap)" : ""));
            return 1;
        }
        return status;
    }

    /**
     * Starts the JVM of {@code childCommand} with {@code -version} instead of the run (and without
     * pre-touching the heap, so that it takes a fraction of a second): the JVM's own message if it
     * refuses the options, null if it accepts them.
     */
    static String refusedJvmOptions(List<String> childCommand) throws IOException, InterruptedException {
        List<String> probe = new ArrayList<>(childCommand.subList(0, childCommand.indexOf("-cp")));
        probe.remove("-XX:+AlwaysPreTouch");
        probe.add("-version");
        Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() == 0) return null;
        String why = said.lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("Error: Could not create") && !l.startsWith("Error: A fatal exception"))
                .collect(Collectors.joining("; "));
        return why.isEmpty() ? "exit status " + p.exitValue() : why;
    }
}
