package dev.proverstaking.bench.core;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the run can learn of the JVM and the machine under it: the report's header, the heap in use, the load. */
public final class Machine {
    private Machine() {}

    /** CPUs, JVM, collector, heap and huge pages, in one line. */
    public static String describe() {
        Runtime rt = Runtime.getRuntime();
        String gcs = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%d CPUs, %s %s (%s), GC: %s, max heap %,d MB, %s", rt.availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.vm.version"), System.getProperty("os.arch"),
                gcs, rt.maxMemory() >> 20, HugePages.describe());
    }

    /** The system load average of the last minute (negative where the platform has none). */
    public static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Used heap after a few full collections. */
    public static long settledUsedHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(40);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime rt = Runtime.getRuntime();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
