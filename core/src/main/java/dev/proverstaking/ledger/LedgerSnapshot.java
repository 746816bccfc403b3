package dev.proverstaking.ledger;

import dev.proverstaking.access.AccessSnapshot;
import dev.proverstaking.common.Address;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.SnapshotFormatException.Reason;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rewards.RewardsModule;
import dev.proverstaking.rewards.RewardsSnapshot;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.staking.StakingModule;
import dev.proverstaking.staking.StakingSnapshot;
import dev.proverstaking.token.TokenSnapshot;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * The whole state of a {@link Ledger} as bytes, and back: a node restarts from a snapshot plus the
 * suffix of the transaction log after it ({@link Ledger#appliedCount()} transactions were applied)
 * instead of replaying the whole log. A restored ledger has the same {@link StateFingerprint}, the
 * same clock and count, and answers every later transaction with the same receipt as the original;
 * snapshotting it again gives the same bytes.
 *
 * <h2>Format, version 1</h2>
 *
 * Big-endian throughout ({@link DataOutputStream}). Field encodings ({@link SnapshotOutput}):
 * <ul>
 *   <li><b>i64</b> / <b>i32</b>: 8 / 4 bytes, two's complement; timestamps are i64 and never negative;</li>
 *   <li><b>flag</b>: 1 byte, 0 or 1; <b>ordinal</b>: 1 byte, an enum constant's ordinal;</li>
 *   <li><b>count</b>: i32, never negative, then that many elements;</li>
 *   <li><b>address</b>: a length byte (always 20), then the 20 bytes of the address;</li>
 *   <li><b>uint</b>: a length byte (0..32), then the minimal big-endian magnitude (no leading zero
 *       byte; 0 is the empty magnitude), so each value has exactly one encoding.</li>
 * </ul>
 * Sections, in this order:
 * <pre>
 * header    magic "PSNAP" (5 ASCII bytes), format version i32 (1)
 * genesis   timestamp i64, owner address, globalMinSelfStake uint, sameToken flag, profile ordinal
 * clock     now i64 (the last transaction's timestamp), applied i64 (transactions applied, failed included)
 * access    staking owner address, rewards owner address,
 *           roles: count, per role in ordinal order: ordinal, holder count, holders in grant order
 *           ({@link AccessSnapshot})
 * staking   parameters, provers in registration order with their positions (ascending staker
 *           order), unstake queues (oldest first) and staker sets (in the set's order), then the
 *           active set in its order ({@link StakingSnapshot})
 * rewards   treasury, emission pool, each prover's reward book in registration order ({@link RewardsSnapshot})
 * tokens    count (1 with one token, else 2), then the stake token and, with two, the reward token:
 *           kind, supply, custodies, accounts in ascending address order ({@link TokenSnapshot})
 * checksum  CRC32 (java.util.zip) of every byte before it, as an i32
 * </pre>
 * Orders that decide future behaviour (staker sets, which are swap-and-pop; unstake queues; the
 * active set; role holders; prover registration) are kept exactly; maps without an observable order
 * (positions, token accounts) are written sorted, so the bytes are canonical: equal states give
 * equal snapshots. Positions and accounts with nothing left are kept, as the ledger keeps them.
 *
 * <h2>Reading</h2>
 *
 * {@link #read} either returns a complete ledger or throws {@link SnapshotFormatException} (never an
 * unchecked exception, never a partial ledger) for: a bad magic, an unsupported version, input cut
 * short, a checksum mismatch, trailing bytes, or an invalid value (an address length other than 20,
 * a negative count, a uint longer than 32 bytes or with a leading zero byte, an unknown ordinal, a
 * flag other than 0/1, a negative timestamp, a map out of order, or state the transitions rely on
 * not having: see the module {@code *Snapshot} classes), and for a well-formed state that breaks an
 * invariant ({@link Ledger#audit}: custody short of what is owed, a queue out of
 * time order, a request after the clock, ...), which only a crafted or re-checksummed snapshot
 * holds. The checksum is checked before the body is interpreted; when it does not match, the body
 * is parsed anyway only to say whether the input was truncated, has trailing bytes, or is corrupt.
 *
 * <p>Transient state is not part of a snapshot: the events of the last transaction (already in its
 * receipt) and the rewards module's undo record (only meaningful within one {@link Ledger#apply}).
 */
public final class LedgerSnapshot {
    /** The first bytes of every snapshot. */
    public static final String MAGIC = "PSNAP";
    /** The format version this class writes and reads. */
    public static final int VERSION = 1;

    private static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_LENGTH = MAGIC_BYTES.length + 4;
    private static final int CHECKSUM_LENGTH = 4;

    private LedgerSnapshot() {}

    /**
     * Writes the ledger's whole state to {@code out} (which is flushed, not closed). Reads the ledger
     * only; call it between transactions, on the ledger's own thread.
     */
    public static void write(Ledger ledger, OutputStream out) throws IOException {
        CRC32 crc = new CRC32();
        // never closed: closing would close the caller's stream
        DataOutputStream data = new DataOutputStream(
                new BufferedOutputStream(new CheckedOutputStream(out, crc), 1 << 16));
        data.write(MAGIC_BYTES);
        data.writeInt(VERSION);
        body(ledger, new SnapshotOutput(data));
        data.flush();
        data.writeInt((int) crc.getValue());
        data.flush();
    }

    /** {@link #write} into a new array. */
    public static byte[] toBytes(Ledger ledger) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            write(ledger, bytes);
        } catch (IOException e) {
            throw new AssertionError("a byte array stream does not fail", e);
        }
        return bytes.toByteArray();
    }

    private static void body(Ledger ledger, SnapshotOutput out) throws IOException {
        Genesis g = ledger.genesis();
        out.i64(g.timestamp());
        out.address(g.owner());
        out.uint(g.globalMinSelfStake());
        out.flag(g.sameToken());
        out.ordinal(g.profile());

        out.i64(ledger.now());
        out.i64(ledger.appliedCount());

        StakingModule staking = ledger.stakingModule();
        RewardsModule rewards = ledger.rewardsModule();
        AccessSnapshot.writeOwnership(staking.ownership(), out);
        AccessSnapshot.writeOwnership(rewards.ownership(), out);
        AccessSnapshot.writeRoles(staking.roles(), out);

        StakingSnapshot.write(staking, out);
        RewardsSnapshot.write(rewards, staking.proversByNumber(), out);

        out.count(ledger.sameToken() ? 1 : 2);
        TokenSnapshot.write(ledger.tokenLedger(TokenKind.STAKE), out);
        if (!ledger.sameToken()) TokenSnapshot.write(ledger.tokenLedger(TokenKind.REWARD), out);
    }

    /**
     * Reads a snapshot: all of {@code in}, which must hold exactly one snapshot (it is read to its
     * end, not closed).
     *
     * @throws SnapshotFormatException when the bytes are not a valid snapshot of version 1
     * @throws IOException             when {@code in} fails
     */
    public static Ledger read(InputStream in) throws IOException, SnapshotFormatException {
        return fromBytes(in.readAllBytes());
    }

    /** {@link #read} from an array. */
    public static Ledger fromBytes(byte[] data) throws SnapshotFormatException {
        int n = data.length;
        for (int i = 0; i < MAGIC_BYTES.length; i++) {
            if (i == n) {
                throw new SnapshotFormatException(Reason.TRUNCATED,
                        "snapshot truncated: " + n + " bytes, inside the magic \"" + MAGIC + "\"");
            }
            if (data[i] != MAGIC_BYTES[i]) {
                throw new SnapshotFormatException(Reason.BAD_MAGIC,
                        "not a ledger snapshot: it does not start with the magic \"" + MAGIC + "\"");
            }
        }
        if (n < HEADER_LENGTH) {
            throw new SnapshotFormatException(Reason.TRUNCATED,
                    "snapshot truncated: " + n + " bytes, inside the format version");
        }
        int version = intAt(data, MAGIC_BYTES.length);
        if (version != VERSION) {
            throw new SnapshotFormatException(Reason.UNSUPPORTED_VERSION,
                    "unsupported snapshot format version " + version + " (this code reads version " + VERSION + ")");
        }
        if (n < HEADER_LENGTH + CHECKSUM_LENGTH) {
            throw new SnapshotFormatException(Reason.TRUNCATED,
                    "snapshot truncated: " + n + " bytes, no room for the body and checksum");
        }
        int stored = intAt(data, n - CHECKSUM_LENGTH);
        int computed = crc(data, n - CHECKSUM_LENGTH);
        if (stored == computed) {
            SnapshotInput in = new SnapshotInput(data, HEADER_LENGTH, n - CHECKSUM_LENGTH);
            Ledger ledger = body(in);
            int extra = n - CHECKSUM_LENGTH - in.position();
            if (extra != 0) {
                throw new SnapshotFormatException(Reason.TRAILING_BYTES, "invalid snapshot: " + extra
                        + " bytes between the end of the snapshot at byte " + in.position() + " and its checksum");
            }
            requireReachable(ledger);
            return ledger;
        }
        throw diagnose(data, stored, computed);
    }

    /**
     * The field checks above cannot see relations between sections (custody against what is owed,
     * emission weights against stakes, queue times against the clock); the transitions rely on them,
     * so a ledger that breaks one is refused here rather than returned to fail later.
     */
    private static void requireReachable(Ledger ledger) throws SnapshotFormatException {
        List<Violation> broken;
        try {
            broken = ledger.audit();
        } catch (RuntimeException e) { // e.g. raw shares that overflow when summed: not a state at all
            throw new SnapshotFormatException(Reason.INVARIANT_BROKEN, "invalid snapshot: its state cannot be checked: " + e);
        }
        if (!broken.isEmpty()) {
            throw new SnapshotFormatException(Reason.INVARIANT_BROKEN, "invalid snapshot: its state breaks "
                    + broken.size() + " invariant(s), first " + broken.get(0));
        }
    }

    /** The checksum does not match: say whether the input is truncated, has trailing bytes, or is corrupt. */
    private static SnapshotFormatException diagnose(byte[] data, int stored, int computed) {
        int n = data.length;
        String mismatch = String.format("the checksum does not match (stored %08x, computed %08x over bytes 0..%d)",
                stored, computed, n - CHECKSUM_LENGTH);
        SnapshotInput in = new SnapshotInput(data, HEADER_LENGTH, n);
        try {
            body(in);
        } catch (SnapshotFormatException e) {
            if (e.reason() == Reason.TRUNCATED) {
                return new SnapshotFormatException(Reason.TRUNCATED,
                        e.getMessage() + "; " + mismatch + ": truncated or corrupt");
            }
            return new SnapshotFormatException(Reason.CHECKSUM_MISMATCH,
                    "corrupt snapshot: " + mismatch + "; reading it anyway fails: " + e.getMessage());
        }
        int end = in.position();
        if (n - end < CHECKSUM_LENGTH) {
            return new SnapshotFormatException(Reason.TRUNCATED, "snapshot truncated: the input ends at byte " + n
                    + " inside the checksum (at byte " + end + "); " + mismatch);
        }
        if (n - end > CHECKSUM_LENGTH && intAt(data, end) == crc(data, end)) {
            return new SnapshotFormatException(Reason.TRAILING_BYTES, "invalid snapshot: "
                    + (n - end - CHECKSUM_LENGTH) + " trailing bytes after the snapshot's end at byte "
                    + (end + CHECKSUM_LENGTH));
        }
        return new SnapshotFormatException(Reason.CHECKSUM_MISMATCH, "corrupt snapshot: " + mismatch);
    }

    private static Ledger body(SnapshotInput in) throws SnapshotFormatException {
        long timestamp = in.time("genesis timestamp");
        Address owner = in.address("genesis owner");
        UInt256 globalMin = in.uint("genesis global min self-stake");
        boolean sameToken = in.flag("genesis sameToken");
        Profile profile = in.ordinal(Profile.values(), "genesis profile");
        Genesis genesis = new Genesis(timestamp, owner, globalMin, sameToken, profile);

        long now = in.i64("clock now");
        if (now < timestamp) throw in.invalid("clock now", "now " + now + " is before the genesis time " + timestamp);
        long applied = in.i64("applied count");
        if (applied < 0) throw in.invalid("applied count", "negative count " + applied);

        // a fresh ledger, filled in below; if anything fails it is dropped, never returned
        Ledger ledger = new Ledger(genesis, now, applied);
        StakingModule staking = ledger.stakingModule();
        RewardsModule rewards = ledger.rewardsModule();
        AccessSnapshot.readOwnership(staking.ownership(), in);
        AccessSnapshot.readOwnership(rewards.ownership(), in);
        AccessSnapshot.readRoles(staking.roles(), in);

        StakingSnapshot.read(staking, in);
        RewardsSnapshot.read(rewards, staking.proversByNumber(), in);
        long lastAccrual = rewards.emission().lastAccrual();
        if (lastAccrual < timestamp || lastAccrual > now) {
            throw in.invalid("emission last accrual", "last accrual " + lastAccrual
                    + " outside the ledger's time [" + timestamp + ", " + now + "]");
        }

        int expected = sameToken ? 1 : 2;
        int tokens = in.count("token count", 2);
        if (tokens != expected) {
            throw in.invalid("token count", tokens + " tokens, but sameToken is " + sameToken);
        }
        TokenSnapshot.read(ledger.tokenLedger(TokenKind.STAKE), in);
        if (!sameToken) TokenSnapshot.read(ledger.tokenLedger(TokenKind.REWARD), in);
        return ledger;
    }

    private static int crc(byte[] data, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, 0, length);
        return (int) crc.getValue();
    }

    private static int intAt(byte[] data, int at) {
        return ((data[at] & 0xFF) << 24) | ((data[at + 1] & 0xFF) << 16) | ((data[at + 2] & 0xFF) << 8)
                | (data[at + 3] & 0xFF);
    }
}
