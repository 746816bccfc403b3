package dev.proverstaking.invariant;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.statehash.RecordInput;
import dev.proverstaking.statehash.RecordKind;

/**
 * The state's records ({@link RecordKind}) read back from their canonical bytes into values: what
 * the incremental checker compares before and after a transaction. Only the fields some invariant
 * needs are named; {@link #read} reads every byte of a record all the same, and refuses a record
 * with bytes left over (a layout this class no longer follows).
 */
final class StateRecordValues {
    private StateRecordValues() {}

    /** One record's values. */
    sealed interface Value permits Clock, Staking, Rewards, Owner, Role, Token, ProverValue, Book, Position, Account {}

    record Clock(long now, long applied) implements Value {}

    record Staking(UInt256 treasury) implements Value {}

    record Rewards(UInt256 treasury, UInt256 budget, UInt256 funded, UInt256 emitted, UInt256 acc, UInt256 carry,
                   UInt256 totalWeight) implements Value {}

    record Owner(int module) implements Value {}

    record Role(int role) implements Value {}

    /** @param custody by module ordinal */
    record Token(int kind, UInt256 supply, UInt256[] custody) implements Value {}

    /** @param state the {@link dev.proverstaking.staking.ProverState} ordinal */
    record ProverValue(Address address, int state, UInt256 totalRaw, UInt256 pendingRaw, UInt256 scale) implements Value {}

    record Book(Address prover, int commissionRate, UInt256 acc, UInt256 pendingCommission, int commissionCarry,
                UInt256 accCarry, UInt256 weight, UInt256 snapshot, UInt256 emissionCarry) implements Value {}

    /** @param pendingRaw the unstake queue's raw shares, oldest first; {@code requestedAt} their times */
    record Position(Address prover, Address staker, UInt256 raw, UInt256 debt, UInt256 entitled,
                    UInt256[] pendingRaw, long[] requestedAt) implements Value {
        boolean sameQueue(Position o) {
            return java.util.Arrays.equals(pendingRaw, o.pendingRaw) && java.util.Arrays.equals(requestedAt, o.requestedAt);
        }
    }

    /** @param balance by token slot (0 the staking token, 1 the reward token), zero where not open */
    record Account(Address address, UInt256[] balance, long nonce) implements Value {}

    static Value read(byte[] bytes, int at, int length) {
        RecordInput in = new RecordInput(bytes, at, length);
        Value v = switch (in.kind()) {
            case LEDGER -> {
                in.i64();
                in.address();
                in.uint();
                in.flag();
                in.ordinal();
                yield new Clock(in.i64(), in.i64());
            }
            case STAKING -> {
                in.uint();
                in.uint();
                in.uint();
                yield new Staking(in.uint());
            }
            case REWARDS -> {
                UInt256 treasury = in.uint();
                in.uint(); // rate
                UInt256 budget = in.uint(), funded = in.uint(), emitted = in.uint(), acc = in.uint(), carry = in.uint(),
                        weight = in.uint();
                in.i64();
                in.flag();
                yield new Rewards(treasury, budget, funded, emitted, acc, carry, weight);
            }
            case OWNER -> {
                int m = in.ordinal();
                in.address();
                yield new Owner(m);
            }
            case ROLE -> {
                int role = in.ordinal();
                for (int i = in.count(); i > 0; i--) in.address();
                yield new Role(role);
            }
            case TOKEN -> {
                int kind = in.ordinal();
                UInt256 supply = in.uint();
                UInt256[] custody = new UInt256[in.count()];
                for (int i = 0; i < custody.length; i++) custody[i] = in.uint();
                yield new Token(kind, supply, custody);
            }
            case PROVER -> {
                Address a = in.address();
                in.i32();
                int state = in.ordinal();
                in.uint(); // minSelfStake
                yield new ProverValue(a, state, in.uint(), in.uint(), in.uint());
            }
            case PROVER_REWARDS -> {
                Address p = in.address();
                int rate = in.i32();
                UInt256 acc = in.uint(), commission = in.uint();
                int carry = in.i32();
                UInt256 accCarry = in.uint(), weight = in.uint(), snapshot = in.uint(), emissionCarry = in.uint();
                in.uint(); // emission received
                yield new Book(p, rate, acc, commission, carry, accCarry, weight, snapshot, emissionCarry);
            }
            case POSITION -> {
                Address p = in.address(), s = in.address();
                UInt256 raw = in.uint(), debt = in.uint(), entitled = in.uint();
                int n = in.count();
                UInt256[] pending = new UInt256[n];
                long[] at2 = new long[n];
                for (int i = 0; i < n; i++) {
                    pending[i] = in.uint();
                    at2[i] = in.i64();
                }
                yield new Position(p, s, raw, debt, entitled, pending, at2);
            }
            case ACCOUNT -> {
                Address a = in.address();
                UInt256[] balance = new UInt256[2];
                for (int slot = 0; slot < 2; slot++) {
                    boolean open = in.flag();
                    UInt256 b = in.uint();
                    balance[slot] = open ? b : UInt256.ZERO;
                }
                yield new Account(a, balance, in.i64());
            }
        };
        if (!in.atEnd()) throw new IllegalArgumentException("a " + v.getClass().getSimpleName() + " record has bytes left over");
        return v;
    }
}
