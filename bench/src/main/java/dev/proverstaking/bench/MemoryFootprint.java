package dev.proverstaking.bench;

import dev.proverstaking.cli.bench.MixGenerator;
import dev.proverstaking.cli.bench.Population;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.rounding.Profile;
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
 * <pre>java -cp bench/target/benchmarks.jar dev.proverstaking.bench.MemoryFootprint [stakers] [profile] [mixOps]</pre>
 */
public final class MemoryFootprint {
    private MemoryFootprint() {}

    public static void main(String[] args) {
        int stakers = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Profile profile = Profile.fromWireName(args.length > 1 ? args[1] : "solvent");
        int mixOps = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Population pop = Population.skewed(profile, 10, stakers, 0.9, 3600);
        Ledger ledger;
        if (mixOps > 0) {
            MixGenerator gen = new MixGenerator(pop, 42);
            gen.next(mixOps);
            ledger = gen.ledger();
        } else {
            ledger = pop.build();
        }
        long positions = ledger.staking().allProvers().stream().mapToLong(p -> p.positions().size()).sum();
        GraphLayout layout = GraphLayout.parseInstance(ledger);
        long total = layout.totalSize();
        System.out.printf(Locale.ROOT, "profile %s, %,d stakers, %,d positions, %,d mixed operations applied%n",
                profile.wireName(), stakers, positions, mixOps);
        System.out.printf(Locale.ROOT, "ledger reachable heap: %,d bytes in %,d objects = %.1f bytes per position%n%n",
                total, layout.totalCount(), (double) total / positions);
        record Row(String name, long count, long bytes) {}
        List<Row> rows = new ArrayList<>();
        for (Class<?> c : layout.getClasses()) {
            rows.add(new Row(c.getName(), layout.getClassCounts().count(c), layout.getClassSizes().count(c)));
        }
        rows.sort(Comparator.comparingLong(Row::bytes).reversed());
        System.out.printf("%14s %14s %12s %10s  %s%n", "objects", "bytes", "per position", "share", "class");
        for (Row r : rows) {
            if ((double) r.bytes() / positions < 0.05) continue;
            System.out.printf(Locale.ROOT, "%,14d %,14d %12.1f %9.1f%%  %s%n", r.count(), r.bytes(),
                    (double) r.bytes() / positions, 100.0 * r.bytes() / total, r.name());
        }
    }
}
