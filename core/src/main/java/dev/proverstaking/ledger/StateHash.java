package dev.proverstaking.ledger;

import dev.proverstaking.statehash.LtHash;
import dev.proverstaking.statehash.StateJournal;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A canonical hash of a ledger's whole state, its clock and nonces included: 32 bytes, the SHA-256
 * of the state's LtHash16 value (the lane-wise sum of one element per record: {@link LtHash},
 * {@link dev.proverstaking.statehash.RecordKind} for the records). Equal states have equal hashes
 * whatever the history that reached them and whatever the tables' order; states that any later
 * transaction or read could tell apart have different ones (short of a collision in SHA-256 or in
 * LtHash16, whose multiset collision resistance is estimated at ~200 bits).
 *
 * <p>A ledger keeps its own up to date as it changes ({@link Ledger#stateHash}): O(1) per change,
 * not O(state). {@link #fromScratch} computes it over the whole state, for checks.
 */
public final class StateHash {
    private final byte[] digest;

    private StateHash(byte[] digest) {
        this.digest = digest;
    }

    /** The hash of the LtHash value {@code value} ({@link LtHash#BYTES} bytes). */
    static StateHash ofValue(byte[] value) {
        return new StateHash(LtHash.digest(value));
    }

    /**
     * The state hash of {@code ledger}, computed from every record of its state: O(state) (seconds
     * at 10^6 positions), and independent of what the ledger keeps. For tests, checks and verifying.
     */
    public static StateHash fromScratch(Ledger ledger) {
        return ofValue(StateJournal.valueOf(ledger::forEachStateRecord));
    }

    /** The 32 bytes (a copy). */
    public byte[] bytes() {
        return digest.clone();
    }

    /** {@code 0x} and the 64 lowercase hex digits of the 32 bytes. */
    public String hex() {
        return "0x" + HexFormat.of().formatHex(digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateHash h && Arrays.equals(digest, h.digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return hex();
    }
}
