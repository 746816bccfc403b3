package dev.proverstaking.ledger;

import dev.proverstaking.transition.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.rewards.ProverRewards;
import dev.proverstaking.staking.Prover;
import dev.proverstaking.staking.Stake;
import java.math.BigInteger;

/**
 * A ledger under test with a clock: builds it from a {@link Genesis}, applies commands at the
 * fixture's current timestamp, and asserts outcomes. {@link #fails} also proves atomicity: a failed
 * operation leaves the {@link StateFingerprint} unchanged and its receipt carries no events.
 *
 * <p>Expected values in tests using it are computed by hand from the reference contracts'
 * formulas; {@link #eff} and {@link #raw} are those formulas in BigInteger.
 */
public final class LedgerFixture {
    public static final long T0 = 1_700_000_000L;
    public static final long DELAY = 604_800L;
    public static final BigInteger WAD = BigInteger.TEN.pow(18);
    public static final BigInteger MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    public static final Address OWNER = Address.ofIndex(900);
    public static final Address P = Address.ofIndex(1);
    public static final Address Q = Address.ofIndex(2);
    public static final Address A = Address.ofIndex(11);
    public static final Address B = Address.ofIndex(12);
    public static final Address C = Address.ofIndex(13);
    public static final Address PAYER = Address.ofIndex(20);
    public static final Address SLASHER = Address.ofIndex(30);
    public static final Address STRANGER = Address.ofIndex(40);
    public static final Address NEW_OWNER = Address.ofIndex(50);
    public static final Address TREASURER = Address.ofIndex(60);

    public final Ledger ledger;
    private long t = T0;

    public LedgerFixture(Profile profile, long globalMinSelfStake, boolean sameToken) {
        this.ledger = new Ledger(new Genesis(T0, OWNER, UInt256.of(globalMinSelfStake), sameToken, profile));
    }

    public LedgerFixture(Profile profile, long globalMinSelfStake) {
        this(profile, globalMinSelfStake, false);
    }

    // ---------------------------------------------------------------- clock

    public long now() {
        return t;
    }

    /** Moves the clock to {@code timestamp} (never backwards). */
    public LedgerFixture at(long timestamp) {
        if (timestamp < t) throw new IllegalArgumentException("clock goes backwards: " + timestamp + " < " + t);
        t = timestamp;
        return this;
    }

    public LedgerFixture advance(long seconds) {
        return at(t + seconds);
    }

    // ---------------------------------------------------------------- applying

    public Receipt apply(Address from, Command command) {
        return ledger.apply(new Transaction(from, t, command));
    }

    /** Applies and asserts success; returns the receipt. */
    public Receipt ok(Address from, Command command) {
        Receipt r = apply(from, command);
        assertThat(r.ok())
                .as("%s by %s at %d should succeed but failed with %s (%s)", command, from, t, r.error(), r.detail())
                .isTrue();
        return r;
    }

    /** Applies and asserts failure with {@code code}, no events and an unchanged state fingerprint. */
    public Receipt fails(Address from, Command command, ErrorCode code) {
        return fails(new Transaction(from, t, command), code);
    }

    /** The same for any transaction (one with a nonce, say), at the fixture's time. */
    public Receipt fails(Transaction tx, ErrorCode code) {
        Address from = tx.sender();
        Command command = tx.command();
        String before = StateFingerprint.of(ledger);
        Receipt r = ledger.apply(new Transaction(from, t, command, tx.nonce()));
        assertThat(r.error()).as("%s by %s at %d", command, from, t).isEqualTo(code);
        assertThat(r.events()).as("events of failed %s", command).isEmpty();
        assertThat(StateFingerprint.of(ledger)).as("state after failed %s (%s)", command, code).isEqualTo(before);
        return r;
    }

    // ---------------------------------------------------------------- common set-ups

    public void mintStake(Address to, long amount) {
        ok(STRANGER, Cmd.mintStake(to, amount));
    }

    public void mintStake(Address to, BigInteger amount) {
        ok(STRANGER, Cmd.mintStake(to, amount));
    }

    public void mintReward(Address to, long amount) {
        ok(STRANGER, Cmd.mintReward(to, amount));
    }

    public void mintReward(Address to, BigInteger amount) {
        ok(STRANGER, Cmd.mintReward(to, amount));
    }

    /** Mints {@code minSelfStake} staking tokens to {@code prover} and registers it. */
    public void prover(Address prover, long minSelfStake, long commissionRate) {
        mintStake(prover, minSelfStake);
        ok(prover, Cmd.initProver(minSelfStake, commissionRate));
    }

    /** Mints {@code amount} staking tokens to {@code staker} and stakes them with {@code prover}. */
    public void delegate(Address staker, Address prover, long amount) {
        mintStake(staker, amount);
        ok(staker, Cmd.stake(prover, amount));
    }

    public void grantSlasher() {
        ok(OWNER, Cmd.grant(SLASHER));
    }

    public void slash(Address prover, long ppm) {
        ok(SLASHER, Cmd.slash(prover, ppm));
    }

    /** Mints {@code amount} reward tokens to PAYER and adds them as rewards to {@code prover}. */
    public Receipt reward(Address prover, long amount) {
        mintReward(PAYER, amount);
        return ok(PAYER, Cmd.addRewards(prover, amount));
    }

    // ---------------------------------------------------------------- views

    /** The prover's record itself, for white-box tests (this fixture is in the ledger's package). */
    public Prover prover(Address prover) {
        return ledger.stakingModule().prover(prover);
    }

    /** The rewards module's book for a prover, for white-box tests. */
    public ProverRewards book(Address prover) {
        return ledger.rewardsModule().book(prover(prover));
    }

    public Stake position(Address prover, Address staker) {
        Prover p = prover(prover);
        return p == null ? null : p.stakeOf(staker);
    }

    public BigInteger rawShares(Address prover, Address staker) {
        Stake s = position(prover, staker);
        return s == null ? BigInteger.ZERO : s.rawShares().toBigInteger();
    }

    public BigInteger totalRawShares(Address prover) {
        return prover(prover).totalRawShares().toBigInteger();
    }

    public BigInteger scale(Address prover) {
        return prover(prover).scale().toBigInteger();
    }

    /** The staker's pending rewards (settled and accrued, commission excluded), as the dump shows them. */
    public BigInteger pendingRewards(Address prover, Address staker) {
        Prover p = prover(prover);
        return ledger.rewardsModule().pendingRewards(p, p.stakeOf(staker), ledger.now()).toBigInteger();
    }

    public BigInteger pendingCommission(Address prover) {
        return book(prover).pendingCommission().toBigInteger();
    }

    public BigInteger acc(Address prover) {
        return book(prover).accRewardPerRawShare().toBigInteger();
    }

    public BigInteger stakeBalance(Address a) {
        return ledger.tokenLedger(TokenKind.STAKE).balanceOf(a).toBigInteger();
    }

    public BigInteger rewardBalance(Address a) {
        return ledger.tokenLedger(TokenKind.REWARD).balanceOf(a).toBigInteger();
    }

    public BigInteger stakingCustody() {
        return ledger.tokenLedger(TokenKind.STAKE).custodyOf(Module.STAKING).toBigInteger();
    }

    public BigInteger rewardsCustody() {
        return ledger.tokenLedger(TokenKind.REWARD).custodyOf(Module.REWARDS).toBigInteger();
    }

    public BigInteger stakingTreasury() {
        return ledger.stakingModule().treasuryPool().toBigInteger();
    }

    public BigInteger rewardsTreasury() {
        return ledger.rewardsModule().treasuryPool().toBigInteger();
    }

    public String fingerprint() {
        return StateFingerprint.of(ledger);
    }

    // ---------------------------------------------------------------- the reference's formulas

    public static BigInteger bi(long v) {
        return BigInteger.valueOf(v);
    }

    /** {@code floor(raw * scale / 1e18)}. */
    public static BigInteger eff(BigInteger raw, BigInteger scale) {
        return raw.multiply(scale).divide(WAD);
    }

    /** {@code floor(amount * 1e18 / scale)}. */
    public static BigInteger raw(BigInteger amount, BigInteger scale) {
        return amount.multiply(WAD).divide(scale);
    }

    /** {@code floor(scale * (1e6 - ppm) / 1e6)}. */
    public static BigInteger slashScale(BigInteger scale, long ppm) {
        BigInteger m = BigInteger.valueOf(1_000_000);
        return scale.multiply(m.subtract(BigInteger.valueOf(ppm))).divide(m);
    }
}
