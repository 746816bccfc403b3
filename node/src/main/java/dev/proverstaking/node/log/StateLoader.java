package dev.proverstaking.node.log;

import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.LedgerSnapshot;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.node.NodeGenesis;
import dev.proverstaking.node.NodeStartException;
import dev.proverstaking.node.NodeStartException.Reason;
import dev.proverstaking.node.store.DataDirectory;
import dev.proverstaking.node.store.Journal;
import dev.proverstaking.node.store.StoreException;
import dev.proverstaking.node.store.StoreMarks;
import dev.proverstaking.snapshot.SnapshotFormatException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import org.apache.ratis.server.protocol.TermIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a node's state machine starts: its latest snapshot (the ledger, and the marks of its
 * {@link RaftSection} to which the history and events files are cut back), or, without one, the
 * genesis with its setup transactions as the history's first (the files start empty). Ratis then
 * replays the log after the snapshot (without one, all of it). Every way this can fail is a
 * {@link NodeStartException} that says what to do.
 */
final class StateLoader {
    private static final Logger LOG = LoggerFactory.getLogger(StateLoader.class);

    /**
     * @param applied the Raft term and index the state is after; null from the genesis
     * @param section the node's section of the snapshot it was loaded from; null from the genesis
     */
    record Loaded(Ledger ledger, Journal journal, TermIndex applied, RaftSection section) {}

    private StateLoader() {}

    static Loaded load(NodeGenesis genesis, DataDirectory dir, SnapshotStore snapshots) throws NodeStartException, IOException {
        SnapshotStore.SnapshotFile latest = snapshots.latest();
        return latest == null ? startFromGenesis(genesis, dir) : restore(genesis, dir, snapshots, latest);
    }

    /** No snapshot: the genesis, its setup transactions as the history's first, and the whole log to replay. */
    private static Loaded startFromGenesis(NodeGenesis genesis, DataDirectory dir) throws IOException {
        Ledger ledger = new Ledger(genesis.ledgerGenesis(), Ledger.StateHashing.ON);
        Journal journal = Journal.open(dir, StoreMarks.EMPTY);
        for (Transaction tx : genesis.setup()) {
            Receipt r = ledger.apply(tx);
            journal.record(tx, ledger.appliedCount(), tx.timestamp(), r);
        }
        journal.flush();
        LOG.info("{}: started from the genesis (chain {}), {} setup transaction(s)", dir.root(), genesis.chainId(),
                ledger.appliedCount());
        return new Loaded(ledger, journal, null, null);
    }

    private static Loaded restore(NodeGenesis genesis, DataDirectory dir, SnapshotStore snapshots, SnapshotStore.SnapshotFile file)
            throws NodeStartException, IOException {
        LedgerSnapshot.Restored restored;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file.path()), 1 << 20)) {
            restored = LedgerSnapshot.readWithExtras(in, Ledger.StateHashing.ON);
        } catch (SnapshotFormatException e) {
            throw corruptSnapshot(dir, snapshots, file, e.getMessage());
        } catch (IOException e) {
            throw corruptSnapshot(dir, snapshots, file, "it cannot be read: " + e);
        }
        byte[] raw = restored.extraSections().get(RaftSection.NAME);
        if (raw == null) throw corruptSnapshot(dir, snapshots, file, "it has no " + RaftSection.NAME + " section: not a node's snapshot");
        RaftSection s;
        try {
            s = RaftSection.parse(raw);
        } catch (IOException e) {
            throw corruptSnapshot(dir, snapshots, file, e.getMessage());
        }
        Ledger ledger = restored.ledger();
        if (s.term() != file.term() || s.index() != file.index()) {
            throw corruptSnapshot(dir, snapshots, file, "it says it was taken at term " + s.term() + ", index " + s.index()
                    + ", and its name says term " + file.term() + ", index " + file.index());
        }
        if (s.chainId() != genesis.chainId() || !ledger.genesis().equals(genesis.ledgerGenesis())) {
            throw corruptSnapshot(dir, snapshots, file, "it is a snapshot of another chain (chain id " + s.chainId() + ")");
        }
        if (ledger.appliedCount() != s.marks().historyLines()) {
            throw corruptSnapshot(dir, snapshots, file, "its ledger applied " + ledger.appliedCount() + " transactions, its "
                    + RaftSection.NAME + " section says the history held " + s.marks().historyLines());
        }
        Journal journal;
        try {
            journal = Journal.open(dir, s.marks());
        } catch (StoreException e) {
            throw new NodeStartException(Reason.CORRUPT_HISTORY, "the node's history and events in " + dir.root()
                    + " do not match its latest snapshot " + file.path().getFileName() + ": " + e.getMessage()
                    + ". The files cannot be rebuilt from a Raft log the snapshot replaced: restore the data "
                    + "directory from a backup", e);
        }
        LOG.info("{}: restored snapshot {} (history index {}, {} events)", dir.root(), file.path().getFileName(),
                ledger.appliedCount(), s.marks().events());
        return new Loaded(ledger, journal, TermIndex.valueOf(s.term(), s.index()), s);
    }

    private static NodeStartException corruptSnapshot(DataDirectory dir, SnapshotStore snapshots, SnapshotStore.SnapshotFile file,
                                                      String problem) throws IOException {
        List<SnapshotStore.SnapshotFile> all = snapshots.list();
        String advice = all.size() > 1
                ? "Move it out of " + dir.snapshotsDir() + " and start again: the node then starts from the snapshot "
                        + "before it, " + all.get(1).path().getFileName() + ", and replays the Raft log after that one, "
                        + "if the log still holds it (it says so if not); otherwise restore the data directory from a backup"
                : "It is the only snapshot: restore the data directory from a backup";
        return new NodeStartException(Reason.CORRUPT_SNAPSHOT, "the latest snapshot " + file.path()
                + " is damaged: " + problem + ". " + advice);
    }

}
