package dev.proverstaking.bench.core;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Transparent huge pages for the benchmark's heap. Why: at 10^6 positions every record a
 * transaction touches lies on its own 4 KB page, so reading it ahead costs a page walk as well as
 * a cache miss; with the heap in 2 MB pages the walks are short (BENCHMARKS.md: the 10^6 / 10^3
 * ratio went from 1.41-1.43 to 1.34-1.35 in `bench core`). The JVM asks for them with
 * {@code -XX:+UseTransparentHugePages}, which needs the kernel's setting to be {@code always}
 * or {@code madvise}.
 */
public final class HugePages {
    /** Where Linux says whether it offers transparent huge pages, e.g. {@code always [madvise] never}. */
    public static final Path KERNEL_SETTING = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    private HugePages() {}

    /** Whether the kernel setting read from {@code setting} lets the JVM use transparent huge pages. */
    public static boolean offered(Path setting) {
        String mode = kernelMode(setting);
        return mode.equals("always") || mode.equals("madvise");
    }

    /** The bracketed (selected) word of the kernel setting, or {@code unavailable} if it cannot be read. */
    static String kernelMode(Path setting) {
        String text;
        try {
            text = Files.readString(setting, StandardCharsets.US_ASCII);
        } catch (IOException | SecurityException e) {
            return "unavailable";
        }
        int open = text.indexOf('[');
        int close = text.indexOf(']', open + 1);
        return open < 0 || close < 0 ? "unavailable" : text.substring(open + 1, close);
    }

    /** This JVM's setting, and the kernel's, for the report. */
    static String describe() {
        String jvm;
        try {
            jvm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("UseTransparentHugePages").getValue();
        } catch (RuntimeException e) {
            jvm = "unknown";
        }
        return "transparent huge pages " + (jvm.equals("true") ? "on" : jvm.equals("false") ? "off" : jvm)
                + " (kernel: " + kernelMode(KERNEL_SETTING) + ")";
    }
}
