package dev.proverstaking.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The options every bench command that runs itself again in a child JVM takes ({@link ChildJvm}),
 * as a picocli mixin: its heap, extra JVM options, huge pages, or none of it ({@code --in-process}).
 */
final class ChildJvmOptions {
    /** What -Xms/-Xmx accept: a number of bytes, or of KiB, MiB, GiB, TiB. */
    static final Pattern HEAP_SIZE = Pattern.compile("[1-9][0-9]{0,15}[kKmMgGtT]?");

    @Option(names = "--heap", defaultValue = "4g", description = "the child JVM's heap, -Xms and -Xmx (default ${DEFAULT-VALUE})")
    String heap;

    @Option(names = "--jvm-opt", paramLabel = "OPT", description = "an extra option for the child JVM, e.g. --jvm-opt=-XX:+UseParallelGC")
    List<String> jvmOpts = new ArrayList<>();

    @Option(names = "--in-process", description = "measure in this JVM instead of a child JVM")
    boolean inProcess;

    @Option(names = "--no-huge-pages",
            description = "do not give the child JVM -XX:+UseTransparentHugePages (given by default when the kernel offers them)")
    boolean noHugePages;

    /** @throws IllegalArgumentException naming the option, for a heap or a JVM option the child could not take */
    void validate() {
        if (!HEAP_SIZE.matcher(heap).matches()) {
            throw new IllegalArgumentException("--heap must be a size such as 4g, 4096m or 4294967296, not '" + heap + "'");
        }
        for (String opt : jvmOpts) {
            // the JVM would take anything not starting with '-' as the class to run
            if (!opt.startsWith("-")) {
                throw new IllegalArgumentException("--jvm-opt takes a JVM option starting with '-', such as -XX:+UseParallelGC, not '" + opt + "'");
            }
        }
    }

    /** The child JVM's command line running this program with {@code args}: huge pages if offered and not refused. */
    List<String> command(boolean hugePagesOffered, List<String> args) {
        return ChildJvm.command(heap, hugePagesOffered && !noHugePages, jvmOpts, args);
    }
}
