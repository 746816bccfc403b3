package dev.proverstaking.node.log;

import dev.proverstaking.node.store.DataDirectory;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;

/**
 * The ledger's snapshots in the data directory's {@code snapshots/}, one file each, named by the
 * Raft term and index they were taken at: {@code snapshot.<term>_<index>.psnap}. A snapshot is
 * written to a {@code .tmp} file, forced to the disk, and renamed into place (then the directory is
 * forced too), so a file with the final name is always whole; a crash leaves at most a {@code .tmp}
 * file, deleted at the next start. The file's own integrity (checksummed frames) is the core's
 * {@code LedgerSnapshot} format's. The {@value #KEPT} latest are kept, older ones deleted.
 *
 * <p>This is the Ratis {@link StateMachineStorage} of the node's state machine: Ratis asks it for the
 * latest snapshot (to know where the log it must replay starts, and how far it may purge the log)
 * and to clean up old ones after each snapshot.
 */
public final class SnapshotStore implements StateMachineStorage {
    /** Snapshots kept: the latest, and the one before in case the latest cannot be read. */
    public static final int KEPT = 2;
    private static final Pattern NAME = Pattern.compile("snapshot\\.(\\d+)_(\\d+)\\.psnap");

    /** A snapshot file and the Raft term and index it was taken at. */
    public record SnapshotFile(Path path, long term, long index) {}

    /** Writes a snapshot's bytes. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private final Path dir;
    private volatile SnapshotFile latest;

    public SnapshotStore(Path dir) {
        this.dir = dir;
    }

    /** Deletes what a crash left half written and finds the latest snapshot. */
    @Override
    public void init(RaftStorage raftStorage) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) Files.deleteIfExists(p);
        }
        List<SnapshotFile> all = list();
        latest = all.isEmpty() ? null : all.get(0);
    }

    /** The snapshots in the directory, latest first. */
    public List<SnapshotFile> list() throws IOException {
        List<SnapshotFile> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches()) out.add(new SnapshotFile(p, Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
            }
        }
        out.sort(Comparator.comparingLong(SnapshotFile::index).thenComparingLong(SnapshotFile::term).reversed());
        return out;
    }

    /** The name of the snapshot taken at {@code term} and {@code index}. */
    public static String fileName(long term, long index) {
        return "snapshot." + term + "_" + index + ".psnap";
    }

    /**
     * Makes {@code file}, a whole snapshot a member fetched from another, this store's latest, and
     * deletes the others (older than it: the log they would replay from is not this member's).
     */
    public SnapshotFile install(Path file, long term, long index) throws IOException {
        Path target = dir.resolve(fileName(term, index));
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
        DataDirectory.syncDirectory(dir);
        for (SnapshotFile f : list()) if (!f.path().equals(target)) Files.deleteIfExists(f.path());
        SnapshotFile installed = new SnapshotFile(target, term, index);
        latest = installed;
        return installed;
    }

    public SnapshotFile latest() {
        return latest;
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        SnapshotFile l = latest;
        return l == null ? null : new SingleFileSnapshotInfo(new FileInfo(l.path(), null), l.term(), l.index());
    }

    /** Writes a snapshot taken at {@code term} and {@code index} whole, durably, and makes it the latest. */
    public SnapshotFile write(long term, long index, Content content) throws IOException {
        String name = fileName(term, index);
        Path file = dir.resolve(name);
        Path tmp = dir.resolve(name + ".tmp");
        try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
             OutputStream out = new BufferedOutputStream(fos, 1 << 20)) {
            content.writeTo(out);
            out.flush();
            fos.getFD().sync();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        DataDirectory.syncDirectory(dir);
        SnapshotFile written = new SnapshotFile(file, term, index);
        latest = written;
        return written;
    }

    @Override
    public void format() {
        // a new group's storage: there is nothing to format; snapshots come when they are taken
    }

    /** Keeps the {@value #KEPT} latest snapshots, whatever the policy says (the node needs that many and no more). */
    @Override
    public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
        List<SnapshotFile> all = list();
        for (int i = KEPT; i < all.size(); i++) Files.deleteIfExists(all.get(i).path());
    }

    @Override
    public java.io.File getSnapshotDir() {
        return dir.toFile();
    }
}
