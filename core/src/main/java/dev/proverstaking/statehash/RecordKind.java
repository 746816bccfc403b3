package dev.proverstaking.statehash;

/**
 * The kinds of record the state is hashed as, each with the tag byte its canonical encoding starts
 * with. A record's encoding is its tag, its key, then every field, in the fields of
 * {@link RecordOutput} (big-endian i64 / i32, a flag byte, an ordinal byte, a count i32, an address
 * as its 20 bytes, a uint as a length byte 0..32 and the minimal big-endian magnitude):
 * <pre>
 * LEDGER          genesis timestamp i64, genesis owner, genesis globalMinSelfStake uint, sameToken flag,
 *                 profile ordinal, now i64, applied count i64                             (one)
 * STAKING         unstakeDelay, globalMinSelfStake, maxSlashPercentage, treasury (uint each)  (one)
 * REWARDS         treasury; emission pool: rate, budget, totalFunded, totalEmitted, acc, carry,
 *                 totalWeight (uint each), lastAccrual i64, used flag                    (one)
 * OWNER           module ordinal, owner address                                   (one per module)
 * ROLE            role ordinal, holder count, holders in grant order              (one per role)
 * TOKEN           token kind ordinal, supply, custody count, each module's custody in module
 *                 ordinal order (uint each)                      (one per token: 1 or 2)
 * PROVER          address, registration number i32, state ordinal, minSelfStake, totalRawShares,
 *                 pendingRawShares, scale (uint each)                             (one per prover)
 * PROVER_REWARDS  prover address, commissionRate i32, accRewardPerRawShare, pendingCommission (uint),
 *                 commissionCarry i32, accCarry, emissionWeight, emissionSnapshot, emissionCarry,
 *                 emissionReceived (uint each)                                    (one per prover)
 * POSITION        prover address, staker address, rawShares, reward debt, reward entitled (uint each),
 *                 pending count, requests oldest first: rawShares uint, requestedAt i64
 *                                                                     (one per position, forever)
 * ACCOUNT         address, then per token slot (the staking token's, the reward token's): open flag,
 *                 balance uint; then the nonce i64                      (one per account, forever)
 * </pre>
 * These hold exactly what the snapshot's state sections hold, in a different grouping: the state
 * hash is a function of the state a snapshot restores, and two states that any later transaction
 * or read could tell apart have different multisets of records. Orders that matter later (role
 * holders, unstake queues) are inside a record; orders that do not (tables) are not anywhere.
 */
public enum RecordKind {
    LEDGER(1),
    STAKING(2),
    REWARDS(3),
    OWNER(4),
    ROLE(5),
    TOKEN(6),
    PROVER(7),
    PROVER_REWARDS(8),
    POSITION(9),
    ACCOUNT(10);

    final byte tag;

    RecordKind(int tag) {
        this.tag = (byte) tag;
    }

    /** The byte a record of this kind starts with. */
    public int tag() {
        return tag;
    }
}
