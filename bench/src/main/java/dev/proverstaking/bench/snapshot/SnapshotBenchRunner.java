package dev.proverstaking.bench.snapshot;

import dev.proverstaking.bench.core.Machine;
import dev.proverstaking.bench.core.MixGenerator;
import dev.proverstaking.bench.core.Population;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.LedgerSnapshot;
import dev.proverstaking.ledger.LedgerView;
import dev.proverstaking.ledger.StateFingerprint;
import dev.proverstaking.snapshot.SnapshotFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The measuring half of {@code prover-staking bench snapshot}: builds a ledger through ordinary
 * transactions ({@link Population}, then a {@link MixGenerator} mix applied to it), then, each run,
 * writes its snapshot to a file ({@link LedgerSnapshot#write}) and reads it back
 * ({@link LedgerSnapshot#read}, which audits what it restored), and times the audit and the
 * fingerprint of the restored ledger on their own. One untimed write and read first warm the JIT
 * up; a full collection before each timed step gives each the same empty young generation. Finally checks that the restored ledger is the original
 * (fingerprint, and the same bytes when written again). Reports progress as lines to
 * {@code progress}; {@link SnapshotBenchReport} turns the results into text.
 */
public final class SnapshotBenchRunner {
    private SnapshotBenchRunner() {}

    public static SnapshotBenchResults run(SnapshotBenchConfig config, Consumer<String> progress)
            throws IOException, SnapshotFormatException {
        double loadBefore = Machine.loadAverage();
        Population population = config.population();
        progress.accept(String.format("building %,d stakers over %d provers (%s), then %,d mixed operations...",
                config.stakers(), config.provers(), config.profile().wireName(), config.mixOps()));
        long t0 = System.nanoTime();
        Ledger ledger = population.build();
        if (config.mixOps() > 0) {
            MixGenerator mix = new MixGenerator(population, ledger, config.seed());
            for (int done = 0; done < config.mixOps(); done += 50_000) mix.next(Math.min(50_000, config.mixOps() - done));
            if (mix.failures() > 0) progress.accept("  warning: " + mix.failures() + " mixed operations failed");
        }
        double build = seconds(System.nanoTime() - t0);
        LedgerView view = ledger.view();
        long positions = 0;
        LedgerView.Page<LedgerView.ProverRecord> page = null;
        do {
            page = view.provers(null, page == null ? null : page.next(), 100);
            for (LedgerView.ProverRecord p : page.items()) positions += p.positionCount();
        } while (page.next() != null);

        Path dir = Files.createTempDirectory(config.directory(), "bench-snapshot");
        Path file = dir.resolve("ledger.psnap");
        Path again = dir.resolve("restored.psnap");
        int runs = config.runs();
        double[] write = new double[runs], read = new double[runs], audit = new double[runs], fingerprint = new double[runs];
        Ledger restored = null;
        try {
            // once untimed, so that the JIT has compiled the writer, the reader and the audit
            progress.accept("warming up (one write and read, not counted)...");
            try (OutputStream out = Files.newOutputStream(file)) {
                LedgerSnapshot.write(ledger, out);
            }
            try (InputStream in = Files.newInputStream(file)) {
                StateFingerprint.of(LedgerSnapshot.read(in));
            }
            for (int r = 0; r < runs; r++) {
                Machine.settledUsedHeap();
                long s = System.nanoTime();
                try (OutputStream out = Files.newOutputStream(file)) {
                    LedgerSnapshot.write(ledger, out);
                }
                write[r] = seconds(System.nanoTime() - s);
                restored = null;
                Machine.settledUsedHeap();
                s = System.nanoTime();
                try (InputStream in = Files.newInputStream(file)) {
                    restored = LedgerSnapshot.read(in);
                }
                read[r] = seconds(System.nanoTime() - s);
                Machine.settledUsedHeap();
                s = System.nanoTime();
                int violations = restored.audit().size();
                audit[r] = seconds(System.nanoTime() - s);
                if (violations != 0) throw new IllegalStateException("the restored ledger breaks " + violations + " invariants");
                s = System.nanoTime();
                StateFingerprint.of(restored);
                fingerprint[r] = seconds(System.nanoTime() - s);
                progress.accept(String.format("  run %d of %d: write %.3f s, read %.3f s (audit %.3f s), fingerprint %.3f s",
                        r + 1, runs, write[r], read[r], audit[r], fingerprint[r]));
            }
            try (OutputStream out = Files.newOutputStream(again)) {
                LedgerSnapshot.write(restored, out);
            }
            boolean identical = Files.mismatch(file, again) == -1L
                    && StateFingerprint.of(restored).equals(StateFingerprint.of(ledger));
            return new SnapshotBenchResults(config, Machine.describe(), positions, Files.size(file), build,
                    write, read, audit, fingerprint, identical, loadBefore, Machine.loadAverage());
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(again);
            Files.deleteIfExists(dir);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
