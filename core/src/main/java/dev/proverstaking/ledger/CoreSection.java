package dev.proverstaking.ledger;

import dev.proverstaking.access.AccessSnapshot;
import dev.proverstaking.common.Address;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rewards.RewardsModule;
import dev.proverstaking.rewards.RewardsSnapshot;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.snapshot.SnapshotFormatException;
import dev.proverstaking.snapshot.SnapshotInput;
import dev.proverstaking.snapshot.SnapshotOutput;
import dev.proverstaking.staking.StakingModule;
import dev.proverstaking.staking.StakingSnapshot;
import dev.proverstaking.statehash.LtHash;
import dev.proverstaking.token.NonceSnapshot;
import dev.proverstaking.token.TokenSnapshot;
import java.io.IOException;

/**
 * The sections a ledger's snapshot is made of, in the order they are written and must be read
 * (each reader needs what the ones before it restored): their names and contents
 * ({@link LedgerSnapshot} has the layout). All are required.
 */
enum CoreSection {
    /** The genesis record. */
    LEDGER("ledger"),
    /** The clock and the applied count: the only state a refused transaction advances. */
    CLOCK("clock"),
    ACCESS("access"),
    STAKING("staking"),
    REWARDS("rewards"),
    TOKENS("tokens"),
    /** The nonces of signed transactions, which a refused transaction advances too. */
    NONCES("nonces"),
    /**
     * The state hash's LtHash value when the writing ledger kept one: derived from the sections
     * before it, stored so that a large ledger restores it without recomputing it (seconds at 10^6
     * positions).
     */
    STATE_HASH("state-hash");

    private static final CoreSection[] ALL = values();

    final String sectionName;

    CoreSection(String sectionName) {
        this.sectionName = sectionName;
    }

    /** The core section called {@code name}, or null. */
    static CoreSection named(String name) {
        for (CoreSection s : ALL) if (s.sectionName.equals(name)) return s;
        return null;
    }

    /**
     * Whether {@link StateFingerprint} covers it: all but the clock and the nonces, which a refused
     * transaction advances while it changes nothing else, and the state hash, which is derived from
     * the others (and present or not as the writer kept one).
     */
    boolean fingerprinted() {
        return this != CLOCK && this != NONCES && this != STATE_HASH;
    }

    void write(Ledger ledger, SnapshotOutput out) throws IOException {
        StakingModule staking = ledger.stakingModule();
        RewardsModule rewards = ledger.rewardsModule();
        switch (this) {
            case LEDGER -> {
                Genesis g = ledger.genesis();
                out.i64(g.timestamp());
                out.address(g.owner());
                out.uint(g.globalMinSelfStake());
                out.flag(g.sameToken());
                out.ordinal(g.profile());
            }
            case CLOCK -> {
                out.i64(ledger.now());
                out.i64(ledger.appliedCount());
            }
            case ACCESS -> {
                AccessSnapshot.writeOwnership(staking.ownership(), out);
                AccessSnapshot.writeOwnership(rewards.ownership(), out);
                AccessSnapshot.writeRoles(staking.roles(), out);
            }
            case STAKING -> StakingSnapshot.write(staking, out);
            case REWARDS -> RewardsSnapshot.write(rewards, staking.proversByNumber(), out);
            case TOKENS -> {
                out.count(ledger.sameToken() ? 1 : 2);
                TokenSnapshot.write(ledger.tokenLedger(TokenKind.STAKE), out);
                if (!ledger.sameToken()) TokenSnapshot.write(ledger.tokenLedger(TokenKind.REWARD), out);
            }
            case NONCES -> NonceSnapshot.write(ledger.accountBook(), out);
            case STATE_HASH -> {
                boolean kept = ledger.keepsStateHash();
                out.flag(kept);
                if (kept) out.bytes(ledger.stateHashValue());
            }
        }
    }

    /** Reads this section's content into what {@code r} restored so far. */
    void read(Restoring r, SnapshotInput in) throws IOException, SnapshotFormatException {
        switch (this) {
            case LEDGER -> {
                long timestamp = in.time("genesis timestamp");
                Address owner = in.address("genesis owner");
                UInt256 globalMin = in.uint("genesis global min self-stake");
                boolean sameToken = in.flag("genesis sameToken");
                Profile profile = in.ordinal(Profile.values(), "genesis profile");
                r.genesis = new Genesis(timestamp, owner, globalMin, sameToken, profile);
            }
            case CLOCK -> {
                long now = in.i64("clock now");
                long genesisTime = r.genesis.timestamp();
                if (now < genesisTime) throw in.invalid("clock now", "now " + now + " is before the genesis time " + genesisTime);
                long applied = in.i64("applied count");
                if (applied < 0) throw in.invalid("applied count", "negative count " + applied);
                // a fresh ledger, filled in by the sections after this one; dropped if any fails
                r.ledger = new Ledger(r.genesis, now, applied);
            }
            case ACCESS -> {
                StakingModule staking = r.ledger.stakingModule();
                AccessSnapshot.readOwnership(staking.ownership(), in);
                AccessSnapshot.readOwnership(r.ledger.rewardsModule().ownership(), in);
                AccessSnapshot.readRoles(staking.roles(), in);
            }
            case STAKING -> StakingSnapshot.read(r.ledger.stakingModule(), in);
            case REWARDS -> {
                Ledger ledger = r.ledger;
                RewardsSnapshot.read(ledger.rewardsModule(), ledger.stakingModule().proversByNumber(), in);
                long lastAccrual = ledger.rewardsModule().emission().lastAccrual();
                long from = ledger.genesis().timestamp();
                if (lastAccrual < from || lastAccrual > ledger.now()) {
                    throw in.invalid("emission last accrual", "last accrual " + lastAccrual
                            + " outside the ledger's time [" + from + ", " + ledger.now() + "]");
                }
            }
            case TOKENS -> {
                boolean sameToken = r.ledger.sameToken();
                int expected = sameToken ? 1 : 2;
                int tokens = in.count("token count", 2);
                if (tokens != expected) throw in.invalid("token count", tokens + " tokens, but sameToken is " + sameToken);
                TokenSnapshot.read(r.ledger.tokenLedger(TokenKind.STAKE), in);
                if (!sameToken) TokenSnapshot.read(r.ledger.tokenLedger(TokenKind.REWARD), in);
            }
            case NONCES -> NonceSnapshot.read(r.ledger.accountBook(), in);
            case STATE_HASH -> {
                if (in.flag("state hash kept")) {
                    r.stateHash = new byte[LtHash.BYTES];
                    in.bytes(r.stateHash, "state hash value");
                }
            }
        }
    }

    /** What the sections read so far restored. */
    static final class Restoring {
        Genesis genesis;
        Ledger ledger;
        /** The state hash's LtHash value, if the snapshot holds one. */
        byte[] stateHash;
    }
}
