package dev.proverstaking.node.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proverstaking.node.NodeGenesis;
import dev.proverstaking.node.NodeStartException;
import dev.proverstaking.node.NodeStartException.Reason;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A node's data directory, held for the life of the node:
 * <pre>
 * node.json        what makes it a node's directory: the format, the member id and the Raft group id
 * genesis.json     the genesis it was created with (NodeGenesis's file format)
 * lock             locked while a node runs on the directory (one process at a time)
 * raft/            the Raft log and metadata (Ratis's storage)
 * snapshots/       the ledger's snapshots (the two latest)
 * history.jsonl    the history: one scenario line per transaction applied
 * events.jsonl     the events, one JSON line each; events.idx: where each starts
 * </pre>
 * A new directory (absent, or empty) gets {@code genesis.json}, then {@code node.json}, each written
 * whole and renamed into place, node.json last: a directory with node.json is complete.
 */
public final class DataDirectory implements Closeable {
    static final String FORMAT = "prover-staking node data directory";
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (creating it if needed) the data directory {@code dir} for member {@code memberId} of
     * group {@code groupId}, started with {@code genesis}, and locks it.
     */
    public static DataDirectory open(Path dir, NodeGenesis genesis, String memberId, String groupId)
            throws NodeStartException {
        Path root = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
        } catch (FileAlreadyExistsException e) {
            throw unusable(root + " is a file, not a directory: give the node a directory for its data (it creates it if absent)");
        } catch (IOException e) {
            throw unusable("the data directory " + root + " cannot be created (" + describe(e)
                    + "): create it yourself, or choose a directory this user may write in");
        }
        if (!Files.isDirectory(root)) {
            throw unusable(root + " is not a directory: give the node a directory for its data (it creates it if absent)");
        }
        if (!Files.isReadable(root) || !Files.isWritable(root)) {
            throw unusable("the data directory " + root + " cannot be read and written by this user: fix its "
                    + "permissions or run the node as its owner");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(root.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw unusable("the lock file " + root.resolve("lock") + " cannot be opened (" + describe(e)
                    + "): fix the directory's permissions");
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process: another node in this JVM
        } catch (IOException e) {
            closeQuietly(channel);
            throw unusable("the lock file " + root.resolve("lock") + " cannot be locked (" + describe(e) + ")");
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new NodeStartException(Reason.DATA_DIR_IN_USE, "the data directory " + root
                    + " is in use by another running node (it holds " + root.resolve("lock")
                    + "): stop that node first, or give this one another data directory");
        }
        DataDirectory d = new DataDirectory(root, channel, lock);
        try {
            d.identify(genesis, memberId, groupId);
            Files.createDirectories(d.raftDir());
            Files.createDirectories(d.snapshotsDir());
            return d;
        } catch (NodeStartException e) {
            d.close();
            throw e;
        } catch (IOException e) {
            d.close();
            throw unusable("the data directory " + root + " cannot be set up (" + describe(e) + ")");
        }
    }

    /** Checks that the directory is this member's, of this genesis, or makes it so if it is new. */
    private void identify(NodeGenesis genesis, String memberId, String groupId) throws NodeStartException, IOException {
        Path marker = root.resolve("node.json");
        if (!Files.exists(marker)) {
            List<String> others;
            try (Stream<Path> s = Files.list(root)) {
                // a start that stopped between genesis.json and node.json left a directory that is still new
                others = s.map(p -> p.getFileName().toString())
                        .filter(n -> !n.equals("lock") && !n.endsWith(".tmp") && !n.equals("genesis.json")).sorted().toList();
            }
            if (!others.isEmpty()) {
                throw new NodeStartException(Reason.NOT_A_DATA_DIR, root + " is not a node's data directory: it holds "
                        + others.size() + " file(s) (" + String.join(", ", others.subList(0, Math.min(5, others.size())))
                        + (others.size() > 5 ? ", …" : "") + ") but no node.json. Give the node an empty or new "
                        + "directory, or the one it created before");
            }
            writeAtomically(root.resolve("genesis.json"), genesis.toJson());
            ObjectNode n = JSON.createObjectNode();
            n.put("format", FORMAT).put("version", VERSION).put("memberId", memberId).put("groupId", groupId)
                    .put("chainId", genesis.chainId());
            writeAtomically(marker, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
            return;
        }
        JsonNode n;
        try {
            n = JSON.readTree(Files.readString(marker, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unusable(marker + " cannot be read (" + describe(e) + "): the data directory is damaged; restore it "
                    + "from a backup, or start the node on a new directory");
        }
        if (n == null || !FORMAT.equals(n.path("format").asText())) {
            throw new NodeStartException(Reason.NOT_A_DATA_DIR, root + " is not a node's data directory: its node.json "
                    + "is not one a node wrote. Give the node an empty or new directory, or the one it created before");
        }
        if (n.path("version").asInt() != VERSION) {
            throw unusable("the data directory " + root + " is of version " + n.path("version").asText()
                    + ", which this node does not read (it reads version " + VERSION + "): run the node version that created it");
        }
        Path genesisFile = root.resolve("genesis.json");
        NodeGenesis created;
        try {
            created = NodeGenesis.read(genesisFile);
        } catch (NodeGenesis.GenesisException e) {
            throw unusable("the data directory's " + e.getMessage() + ": the directory is damaged; restore it from a "
                    + "backup, or start the node on a new directory");
        }
        List<String> differences = differences(created, genesis);
        if (!differences.isEmpty()) {
            throw new NodeStartException(Reason.GENESIS_MISMATCH, "the data directory " + root + " was created with "
                    + "another genesis (" + String.join("; ", differences) + "). To go on with that chain, start the "
                    + "node with the genesis it was created with (a copy is " + genesisFile + "); to start a new "
                    + "chain from this genesis, give the node a new data directory");
        }
        // the genesis (its chain id) decides the group: a group of its own is a damaged node.json
        String dirMember = n.path("memberId").asText();
        String dirGroup = n.path("groupId").asText();
        if (!dirGroup.equals(groupId)) {
            throw unusable("the data directory " + root + " names Raft group " + dirGroup + " in its node.json, not "
                    + groupId + ", the group of chain " + genesis.chainId() + ": node.json is damaged; restore the "
                    + "directory from a backup");
        }
        if (!dirMember.equals(memberId)) {
            throw new NodeStartException(Reason.MEMBER_MISMATCH, "the data directory " + root + " belongs to member \""
                    + dirMember + "\", not \"" + memberId + "\": start this directory as member \"" + dirMember
                    + "\", or give member \"" + memberId + "\" its own directory");
        }
    }

    /** The fields in which {@code stored} and {@code given} differ, each as "field: stored, given here". */
    static List<String> differences(NodeGenesis stored, NodeGenesis given) {
        List<String> out = new ArrayList<>();
        diff(out, "chainId", stored.chainId(), given.chainId());
        diff(out, "timestamp", stored.timestamp(), given.timestamp());
        diff(out, "owner", stored.owner(), given.owner());
        diff(out, "profile", stored.profile().wireName(), given.profile().wireName());
        diff(out, "sameToken", stored.sameToken(), given.sameToken());
        diff(out, "globalMinSelfStake", stored.globalMinSelfStake(), given.globalMinSelfStake());
        diff(out, "tokens.stake", stored.stakeToken(), given.stakeToken());
        diff(out, "tokens.reward", stored.rewardToken(), given.rewardToken());
        if (!stored.roles().equals(given.roles())) out.add("roles differ");
        if (!stored.deposits().equals(given.deposits())) {
            out.add("deposits differ (" + stored.deposits().size() + " in the directory's, " + given.deposits().size() + " here)");
        }
        return out;
    }

    private static void diff(List<String> out, String field, Object stored, Object given) {
        if (!Objects.equals(stored, given)) out.add(field + " " + stored + " in the directory's, " + given + " here");
    }

    private void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            c.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            c.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(root);
    }

    /** Forces a directory's entries (a file created, renamed or deleted in it) to the disk. */
    public static void syncDirectory(Path dir) throws IOException {
        FileChannel c;
        try {
            c = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException e) {
            return; // a file system that does not open directories: its renames are as durable as it makes them
        }
        try (c) {
            c.force(true);
        }
    }

    public Path root() {
        return root;
    }

    public Path raftDir() {
        return root.resolve("raft");
    }

    public Path snapshotsDir() {
        return root.resolve("snapshots");
    }

    public Path historyFile() {
        return root.resolve("history.jsonl");
    }

    public Path eventsFile() {
        return root.resolve("events.jsonl");
    }

    public Path eventsIndexFile() {
        return root.resolve("events.idx");
    }

    private static NodeStartException unusable(String message) {
        return new NodeStartException(Reason.DATA_DIR_UNUSABLE, message);
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such file or directory: " + e.getMessage();
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static void closeQuietly(FileChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing was locked
        }
    }

    /** Releases the lock. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(lockChannel);
    }
}
