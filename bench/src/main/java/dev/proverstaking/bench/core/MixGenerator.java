package dev.proverstaking.bench.core;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.LedgerView;
import dev.proverstaking.ledger.LedgerView.PositionRecord;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.staking.ProverState;
import dev.proverstaking.staking.Stake;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates a realistic mix of transactions for a {@link Population}, in chunks, by applying
 * each one to its own <em>generation ledger</em> and keeping only operations that succeed there.
 * Decisions read the generation ledger's real state (stakes, queues, scales), so a ledger that
 * was built from the same population and applies the same chunks in the same order goes through
 * exactly the same states and every operation succeeds there too.
 *
 * <p>The mix, per 1000 operations: 300 stake (top-ups of existing positions), 150 requestUnstake,
 * 100 completeUnstake (of matured requests, oldest first), 200 addRewards, 200 withdrawRewards
 * (5% of them by a prover, with its commission), 10 slash (1 to 20 ppm, only of provers above
 * half scale), 10 updateCommissionRate, 10 requestUnstakeAll, and 20 for a new staker (a mint
 * and its first stake: two operations; once the population has grown by a tenth, a top-up
 * instead). Blocks of 10 transactions, 12 seconds apart. Rewards
 * and stakes go to a prover chosen through a random staker, so busy provers get most of them.
 * An operation whose precondition does not hold at that moment is replaced by an addRewards.
 */
public final class MixGenerator {
    private static final int BLOCK_OPS = 10;
    private static final long BLOCK_SECONDS = 12;
    private static final UInt256 HALF_SCALE = UInt256.WAD.div(UInt256.of(2));

    private final Population population;
    private final Ledger ledger;
    private final SplittableRandom rng;
    private final Address[] provers;
    private final ArrayDeque<long[]> unstakeQueue = new ArrayDeque<>();
    private int[] newStakerProver = new int[64];
    private int newStakers;
    private long now;
    private int inBlock;
    private long failures;
    private long generated;

    /** Builds its own generation ledger from {@code population} (an O(stakers) setup). */
    public MixGenerator(Population population, long seed) {
        this(population, population.build(), seed);
    }

    /** Generates against {@code ledger}, which must hold exactly {@code population}'s setup and be used by nothing else. */
    public MixGenerator(Population population, Ledger ledger, long seed) {
        if (population.stakers() < 1) throw new IllegalArgumentException("a mix needs at least one staker");
        this.population = population;
        this.ledger = ledger;
        this.rng = new SplittableRandom(seed);
        this.provers = new Address[population.provers()];
        for (int p = 0; p < provers.length; p++) provers[p] = Population.prover(p);
        this.now = ledger.now();
    }

    /** Operations that failed on the generation ledger (0 unless the generator has a bug). */
    public long failures() {
        return failures;
    }

    public long generated() {
        return generated;
    }

    /** The generation ledger (the state after every chunk generated so far). */
    public Ledger ledger() {
        return ledger;
    }

    /** The next {@code count} transactions, already applied to the generation ledger. */
    public List<Transaction> next(int count) {
        List<Transaction> out = new ArrayList<>(count);
        while (out.size() < count) step(out, count - out.size());
        return out;
    }

    private void step(List<Transaction> out, int room) {
        int k = rng.nextInt(1000);
        boolean done;
        if (k < 300) done = stake(out);
        else if (k < 450) done = requestUnstake(out);
        else if (k < 550) done = completeUnstake(out);
        else if (k < 750) done = false; // addRewards below
        else if (k < 950) done = withdrawRewards(out);
        else if (k < 960) done = slash(out);
        else if (k < 970) done = updateCommissionRate(out);
        else if (k < 980) done = requestUnstakeAll(out);
        else done = room >= 2 && newStaker(out) || stake(out);
        if (!done) addRewards(out);
    }

    // ------------------------------------------------------------------ operations

    private boolean stake(List<Transaction> out) {
        long i = pickStaker();
        int p = proverOf(i);
        if (!active(p)) return false;
        emit(out, Population.staker(i), new Command.Stake(provers[p], Population.tokens(1 + rng.nextInt(100))));
        return true;
    }

    private boolean requestUnstake(List<Transaction> out) {
        long i = pickStaker();
        int p = proverOf(i);
        Address staker = Population.staker(i);
        PositionRecord stake = ledger.view().position(provers[p], staker).orElse(null);
        if (stake == null || stake.pendingUnstakes().size() >= Stake.MAX_PENDING_UNSTAKES) return false;
        UInt256 amount = Population.tokens(1 + rng.nextInt(10));
        if (stake.amount().lt(amount)) return false;
        emit(out, staker, new Command.RequestUnstake(provers[p], amount));
        unstakeQueue.addLast(new long[] {i, now + population.unstakeDelay()});
        return true;
    }

    private boolean requestUnstakeAll(List<Transaction> out) {
        long i = pickStaker();
        int p = proverOf(i);
        Address staker = Population.staker(i);
        PositionRecord stake = ledger.view().position(provers[p], staker).orElse(null);
        if (stake == null || stake.pendingUnstakes().size() >= Stake.MAX_PENDING_UNSTAKES) return false;
        if (stake.amount().isZero()) return false;
        emit(out, staker, new Command.RequestUnstakeAll(provers[p]));
        unstakeQueue.addLast(new long[] {i, now + population.unstakeDelay()});
        return true;
    }

    private boolean completeUnstake(List<Transaction> out) {
        while (!unstakeQueue.isEmpty()) {
            long[] head = unstakeQueue.peekFirst();
            if (head[1] > now) return false; // the oldest request has not matured yet
            unstakeQueue.pollFirst();
            long i = head[0];
            int p = proverOf(i);
            Address staker = Population.staker(i);
            PositionRecord stake = ledger.view().position(provers[p], staker).orElse(null);
            // skip requests already paid by an earlier completion of the same position
            if (stake != null && !stake.pendingUnstakes().isEmpty()
                    && stake.pendingUnstakes().get(0).readyAt().le(UInt256.of(now))) {
                emit(out, staker, new Command.CompleteUnstake(provers[p]));
                return true;
            }
        }
        return false;
    }

    private void addRewards(List<Transaction> out) {
        int p = proverOf(pickStaker());
        emit(out, Population.PAYER, new Command.AddRewards(provers[p], Population.tokens(1 + rng.nextInt(1000))));
    }

    private boolean withdrawRewards(List<Transaction> out) {
        if (rng.nextInt(20) == 0) {
            int p = rng.nextInt(provers.length);
            LedgerView v = ledger.view();
            if (v.rewardInternals(provers[p]).orElseThrow().pendingCommission().isZero()
                    && v.stakerRewards(provers[p], provers[p]).pendingRewards().isZero()) return false;
            emit(out, provers[p], new Command.WithdrawRewards(provers[p]));
            return true;
        }
        long i = pickStaker();
        int p = proverOf(i);
        Address staker = Population.staker(i);
        if (ledger.view().stakerRewards(provers[p], staker).pendingRewards().isZero()) return false;
        emit(out, staker, new Command.WithdrawRewards(provers[p]));
        return true;
    }

    private boolean slash(List<Transaction> out) {
        int p = rng.nextInt(provers.length);
        if (ledger.view().proverRecord(provers[p]).orElseThrow().scale().le(HALF_SCALE)) return false;
        emit(out, Population.SLASHER, new Command.Slash(provers[p], UInt256.of(1 + rng.nextInt(20))));
        return true;
    }

    private boolean updateCommissionRate(List<Transaction> out) {
        int p = rng.nextInt(provers.length);
        emit(out, provers[p], new Command.UpdateCommissionRate(UInt256.of(rng.nextInt(2001))));
        return true;
    }

    private boolean newStaker(List<Transaction> out) {
        if (newStakers >= maxNewStakers()) return false;
        int p = proverOf(pickStaker());
        if (!active(p)) return false;
        long i = population.stakers() + newStakers;
        Address staker = Population.staker(i);
        if (newStakers == newStakerProver.length) newStakerProver = Arrays.copyOf(newStakerProver, 2 * newStakers);
        newStakerProver[newStakers++] = p;
        emit(out, Population.OWNER, new Command.Mint(TokenKind.STAKE, staker, population.stakerFunds()));
        emit(out, staker, new Command.Stake(provers[p], population.firstStake()));
        return true;
    }

    // ------------------------------------------------------------------ helpers

    /**
     * New stakers join until the population has grown by a tenth (at least 10): positions exist
     * forever, so at 20 per 1000 operations a ledger measured "at 10^3 stakers" would otherwise
     * hold tens of thousands of positions after a few runs, and no longer be a 10^3 ledger.
     */
    private long maxNewStakers() {
        return Math.max(10, population.stakers() / 10);
    }

    private void emit(List<Transaction> out, Address sender, Command command) {
        Transaction tx = new Transaction(sender, now, command);
        Receipt r = ledger.apply(tx);
        if (!r.ok()) failures++;
        out.add(tx);
        generated++;
        if (++inBlock == BLOCK_OPS) {
            inBlock = 0;
            now += BLOCK_SECONDS;
        }
    }

    private long pickStaker() {
        return rng.nextLong(population.stakers() + newStakers);
    }

    private int proverOf(long staker) {
        long base = population.stakers();
        return staker < base ? population.proverOf(staker) : newStakerProver[(int) (staker - base)];
    }

    private boolean active(int p) {
        return ledger.view().proverRecord(provers[p]).orElseThrow().state() == ProverState.Active;
    }
}
