package dev.proverstaking.bench.node;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A realistic mix of what stakers send a node: mostly stakes, then reward claims and payments,
 * unstake requests and completions, pokes and withdrawals out of the ledger, with amounts small
 * enough that a funded staker can go on for a long time. Some of them fail in the ledger (an
 * unstake larger than the stake, a completion with nothing ready): they are logged with
 * {@code ok:false}, as they would be from real clients.
 */
public final class TxMix {
    /** One transaction to sign: its op and arguments in the op's field order. */
    public record Tx(String op, Map<String, Object> args) {}

    static final UInt256 TOKEN = UInt256.of(1_000_000_000_000_000_000L);
    private static final UInt256 CENTI = UInt256.of(10_000_000_000_000_000L);

    private final List<Address> provers;

    public TxMix(List<Address> provers) {
        if (provers.isEmpty()) throw new IllegalArgumentException("a mix needs at least one prover");
        this.provers = List.copyOf(provers);
    }

    public List<Address> provers() {
        return provers;
    }

    /** The next transaction of a staker, drawn from {@code random}. */
    public Tx next(SplittableRandom random) {
        Address prover = provers.get(random.nextInt(provers.size()));
        int roll = random.nextInt(100);
        if (roll < 40) return tx("stake", "prover", prover, "amount", centis(random, 100, 1000));
        if (roll < 52) return tx("requestUnstake", "prover", prover, "amount", centis(random, 10, 100));
        if (roll < 58) return tx("completeUnstake", "prover", prover);
        if (roll < 70) return tx("withdrawRewards", "prover", prover);
        if (roll < 82) return tx("addRewards", "prover", prover, "amount", centis(random, 10, 200));
        if (roll < 90) return tx("poke", "prover", prover);
        if (roll < 92) return tx("requestUnstakeAll", "prover", prover);
        return tx("withdraw", "token", random.nextBoolean() ? "stake" : "reward", "to", outside(random), "amount", centis(random, 1, 10));
    }

    /** A stake of {@code tokens} whole tokens with {@code prover}. */
    public static Tx stake(Address prover, long tokens) {
        return tx("stake", "prover", prover, "amount", TOKEN.mul(UInt256.of(tokens)));
    }

    /** {@code amount} whole tokens of {@code token} ("stake" or "reward") credited to {@code to}: the MINTER's deposit. */
    public static Tx deposit(String token, Address to, long tokens) {
        return tx("deposit", "token", token, "to", to, "amount", TOKEN.mul(UInt256.of(tokens)));
    }

    /** Registers the sender as a prover, self-staking {@code minSelfStakeTokens} whole tokens; {@code commissionRate} in basis points. */
    public static Tx initProver(long minSelfStakeTokens, long commissionRate) {
        return tx("initProver", "minSelfStake", TOKEN.mul(UInt256.of(minSelfStakeTokens)), "commissionRate", commissionRate);
    }

    public static Tx tx(String op, Object... namesAndValues) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) args.put((String) namesAndValues[i], namesAndValues[i + 1]);
        return new Tx(op, args);
    }

    private static UInt256 centis(SplittableRandom random, int from, int to) {
        return CENTI.mul(UInt256.of(random.nextInt(from, to + 1)));
    }

    /** An address outside the ledger's participants (a withdrawal's destination). */
    private static Address outside(SplittableRandom random) {
        return Address.parse(String.format("0x%040x", random.nextLong() & Long.MAX_VALUE));
    }
}
