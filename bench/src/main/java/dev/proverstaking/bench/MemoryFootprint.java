package dev.proverstaking.bench;

import dev.proverstaking.bench.core.MixGenerator;
import dev.proverstaking.bench.core.Population;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.rounding.Profile;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * What a (prover, staker) position costs in heap, object by object: builds the {@code bench core}
 * population (10 provers, 90% of the stakers on prover 0), optionally runs a mix on it, walks the
 * whole ledger with JOL and prints a class histogram divided by the number of positions.
 *
 * <pre>java -Djdk.attach.allowAttachSelf -Djol.magicFieldOffset=true \
 *      -cp bench/target/benchmarks.jar dev.proverstaking.bench.MemoryFootprint [stakers] [profile] [mixOps]</pre>
 *
 * Exit status: 0 done, 2 bad arguments or a JVM without the options JOL needs (said how to fix).
 */
public final class MemoryFootprint {
    private MemoryFootprint() {}

    static final String USAGE = "usage: MemoryFootprint [stakers >= 1, default 100000] [solvent|reference] [mixOps >= 0]";

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The tool without {@code System.exit}: the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        int stakers;
        Profile profile;
        int mixOps;
        try {
            if (args.length > 3) throw new IllegalArgumentException("too many arguments");
            stakers = args.length > 0 ? count(args[0], "stakers", 1) : 100_000;
            profile = Profile.fromWireName(args.length > 1 ? args[1] : "solvent");
            mixOps = args.length > 2 ? count(args[2], "mixOps", 0) : 0;
        } catch (IllegalArgumentException e) {
            err.println("MemoryFootprint: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        GraphLayout layout;
        Ledger ledger = build(stakers, profile, mixOps);
        try {
            layout = GraphLayout.parseInstance(ledger);
        } catch (RuntimeException e) {
            // JOL cannot read field offsets of the JVM's hidden classes (lambdas) without its option
            err.println("MemoryFootprint: JOL could not walk the ledger (" + e.getMessage() + ");");
            err.println("run the JVM with -Djdk.attach.allowAttachSelf -Djol.magicFieldOffset=true (BENCHMARKS.md, \"Memory footprint\")");
            return 2;
        }
        report(ledger, layout, stakers, profile, mixOps, out);
        return 0;
    }

    private static int count(String arg, String name, int min) {
        int v;
        try {
            v = Integer.parseInt(arg.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not \"" + arg + "\"");
        }
        if (v < min) throw new IllegalArgumentException(name + " must be >= " + min + ", not " + v);
        return v;
    }

    private static Ledger build(int stakers, Profile profile, int mixOps) {
        Population pop = Population.skewed(profile, 10, stakers, 0.9, 3600);
        Ledger ledger;
        if (mixOps > 0) {
            MixGenerator gen = new MixGenerator(pop, 42);
            gen.next(mixOps);
            ledger = gen.ledger();
        } else {
            ledger = pop.build();
        }
        return ledger;
    }

    private static void report(Ledger ledger, GraphLayout layout, int stakers, Profile profile, int mixOps, PrintStream out) {
        long positions = ledger.view().allProvers().stream()
                .mapToLong(p -> ledger.view().proverRecord(p).orElseThrow().positionCount()).sum();
        long total = layout.totalSize();
        out.printf(Locale.ROOT, "profile %s, %,d stakers, %,d positions, %,d mixed operations applied%n",
                profile.wireName(), stakers, positions, mixOps);
        out.printf(Locale.ROOT, "ledger reachable heap: %,d bytes in %,d objects = %.1f bytes per position%n%n",
                total, layout.totalCount(), (double) total / positions);
        record Row(String name, long count, long bytes) {}
        List<Row> rows = new ArrayList<>();
        for (Class<?> c : layout.getClasses()) {
            rows.add(new Row(c.getName(), layout.getClassCounts().count(c), layout.getClassSizes().count(c)));
        }
        rows.sort(Comparator.comparingLong(Row::bytes).reversed());
        out.printf("%14s %14s %12s %10s  %s%n", "objects", "bytes", "per position", "share", "class");
        for (Row r : rows) {
            if ((double) r.bytes() / positions < 0.05) continue;
            out.printf(Locale.ROOT, "%,14d %,14d %12.1f %9.1f%%  %s%n", r.count(), r.bytes(),
                    (double) r.bytes() / positions, 100.0 * r.bytes() / total, r.name());
        }
    }
}
