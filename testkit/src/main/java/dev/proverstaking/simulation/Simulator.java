package dev.proverstaking.simulation;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.GlobalParam;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.Role;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.invariant.IncrementalChecker;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.Genesis;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.LedgerView;
import dev.proverstaking.ledger.LedgerView.PositionRecord;
import dev.proverstaking.ledger.LedgerView.ProverRecord;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.Solvency;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.ledger.Violation;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.staking.ProverState;
import dev.proverstaking.staking.Stake;
import dev.proverstaking.staking.StakingModule;
import dev.proverstaking.transition.ErrorCode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A deterministic simulator: random but reproducible histories over many provers and stakers,
 * every invariant checked after every operation, then a "can withdraw" finale in which everyone
 * takes out everything. The same {@link Config} always gives the same history.
 *
 * <p>Operations are generated from the ledger's current state and biased to succeed (most of
 * them do), with a share of deliberately wild ones (wrong senders, zero and huge amounts,
 * unknown provers) that exercise every failure path and its atomicity. Scripted episodes push
 * the state deep: slashes down to the floor, full unstake queues, provers that exit, retire and
 * come back, rewards to provers without stakers.
 *
 * <p>It reads the ledger only through {@link LedgerView}.
 */
public final class Simulator {

    /**
     * What to simulate. {@code ops} counts the random phase, not the setup or the finale.
     *
     * @param provers          provers registered at the start (more join over time)
     * @param stakers          accounts that are not prover candidates
     * @param stakesPerStaker  positions each staker opens in the setup (0: the story opens them)
     * @param sweepEvery       a full invariant sweep every this many operations (and one at the end)
     */
    public record Config(long seed, int ops, Profile profile, int provers, int stakers, boolean sameToken,
                         Population population, Strategy strategy, int stakesPerStaker, long sweepEvery) {
        public Config {
            if (ops < 0 || provers < 1 || stakers < 1 || stakesPerStaker < 0 || sweepEvery < 0) {
                throw new IllegalArgumentException("a negative count, or no prover or staker");
            }
        }

        /** A tiny random population (2-6 provers, 3-14 stakers), random operations, a sweep every 10,000. */
        public static Config of(long seed, int ops, Profile profile) {
            return of(seed, ops, profile, Population.TINY, Strategy.RANDOM);
        }

        public static Config of(long seed, int ops, Profile profile, Population population, Strategy strategy) {
            SplittableRandom r = new SplittableRandom(seed ^ 0x5EEDL);
            int provers = 2 + r.nextInt(5), stakers = 3 + r.nextInt(12);
            boolean sameToken = r.nextInt(4) == 0;
            return switch (population) {
                case TINY -> new Config(seed, ops, profile, provers, stakers, sameToken, population, strategy, 0, 10_000);
                case MEDIUM -> new Config(seed, ops, profile, 100, 10_000, sameToken, population, strategy, 3, 100_000);
                case LARGE -> new Config(seed, ops, profile, 10_000, 100_000, sameToken, population, strategy, 10, 1_000_000);
            };
        }

        public Config withSweepEvery(long n) {
            return new Config(seed, ops, profile, provers, stakers, sameToken, population, strategy, stakesPerStaker, n);
        }

        /** Operations of the setup before the random phase, roughly (for progress). */
        public long setupOps() {
            return 3L * (provers + stakers) + (long) stakers * stakesPerStaker;
        }
    }

    /** How many provers and stakers, and how many positions the setup opens. */
    public enum Population {
        /** A few provers and stakers: collisions on the same positions, retirements, dust. */
        TINY,
        /** 100 provers, 10,000 stakers with 3 positions each. */
        MEDIUM,
        /** 10,000 provers, 100,000 stakers with 10 positions each: 10^6 positions. */
        LARGE
    }

    /**
     * What the random phase leans to. Every adversarial strategy spends half of its steps on its
     * attack and the other half on the random story, so that the attack meets every state.
     */
    public enum Strategy {
        /** The random story alone. */
        RANDOM,
        /** Stakes, unstakes and rewards of 1 to 1,000 units (1e-18 token). */
        DUST,
        /** Fills a position's 10-request unstake queue with tiny requests, then completes and refills it. */
        QUEUE_GRIEF,
        /** Rewards of 1 unit, again and again, to the same prover. */
        UNIT_REWARDS,
        /** Slashes at the maximum percentage until the prover's scale reaches the floor. */
        SLASH_FLOOR,
        /** A prover changes its commission rate just before each reward it gets. */
        COMMISSION_FLIP,
        /** All of the above in turn. */
        MIXED
    }

    /** Told how far a run is, every {@link #PROGRESS_EVERY} operations and at the end of each phase. */
    @FunctionalInterface
    public interface Progress {
        void at(long operations);
    }

    public static final int PROGRESS_EVERY = 1024;

    /** A broken invariant or a failed finale operation, at the 1-based index of the operation in the history. */
    public record Failure(long index, String message) {}

    /**
     * The figures of the finale.
     *
     * @param stakingLeft    staking tokens left in custody after everyone took everything out
     * @param rewardsLeft    reward tokens left in custody
     * @param finaleFailures operations of the finale that failed (none may in {@code solvent};
     *                       in {@code reference} they are the reference's leaks)
     */
    public record Finale(BigInteger stakingLeft, BigInteger rewardsLeft, List<String> finaleFailures,
                         BigInteger rewardsShortfall, BigInteger strandedStake) {}

    /**
     * @param history    every transaction, setup and finale included (null for a run that kept none)
     * @param operations how many transactions were applied and checked, setup and finale included
     * @param sweeps     full invariant sweeps run (the final one included)
     */
    public record Result(Config config, Genesis genesis, List<Transaction> history, Failure failure,
                         Map<Command.Op, int[]> outcomes, Finale finale, long operations, long sweeps) {
        public boolean passed() {
            return failure == null;
        }

        /** Share of the random phase's operations that succeeded. */
        public double successRate() {
            int ok = 0, all = 0;
            for (int[] v : outcomes.values()) {
                ok += v[0];
                all += v[0] + v[1];
            }
            return all == 0 ? 1 : (double) ok / all;
        }
    }

    private static final UInt256 TOKEN = UInt256.WAD;
    private static final long START = 1_700_000_000L;
    private static final int JOINERS = 6;

    private final Config config;
    private final SplittableRandom rng;
    private final Ledger ledger;
    private final IncrementalChecker checker;
    private final Genesis genesis;
    /** Every transaction sent, when the run keeps its history (null when it does not: long runs). */
    private final List<Transaction> history;
    private long sent;
    private long payouts;
    private final Map<Command.Op, int[]> outcomes = new EnumMap<>(Command.Op.class);
    private final List<Address> actors = new ArrayList<>();
    private final List<Address> candidates = new ArrayList<>();
    /** Registered provers, in registration order (never removed: provers live forever). */
    private final List<Address> provers = new ArrayList<>();
    private final LinkedHashSet<Address> slashers = new LinkedHashSet<>();
    private final LinkedHashSet<Address> minters = new LinkedHashSet<>();
    private final List<Address[]> pairs = new ArrayList<>();
    /** The pairs by (prover index, staker index): every actor is an {@link Address#ofIndex} address. */
    private final HashSet<Long> pairKeys = new HashSet<>();
    private long now = START;
    private Failure failure;
    private boolean inFinale;
    private final List<String> finaleFailures = new ArrayList<>();
    private Address victim;
    private Address[] griefed;

    private Simulator(Config config, boolean keepHistory) {
        this.config = config;
        this.rng = new SplittableRandom(config.seed());
        this.history = keepHistory ? new ArrayList<>() : null;
        Address owner = Address.ofIndex(0);
        UInt256 globalMin = TOKEN.mul(UInt256.of(1 + rng.nextInt(50)));
        this.genesis = new Genesis(START, owner, globalMin, config.sameToken(), config.profile());
        this.ledger = new Ledger(genesis);
        this.checker = new IncrementalChecker(ledger, config.sweepEvery());
        actors.add(owner);
        // prover candidates beyond the initial ones join over time, as provers die of deep slashes
        for (int i = 1; i <= config.provers() + JOINERS + config.stakers(); i++) {
            Address a = Address.ofIndex(i);
            actors.add(a);
            if (i <= config.provers() + JOINERS) candidates.add(a);
        }
    }

    /** Runs {@code config}, keeping the whole history (for tests, and to write a failure's scenario). */
    public static Result run(Config config) {
        return run(config, true, n -> { });
    }

    /**
     * Runs {@code config}. Without its history a run holds O(population) memory whatever its length;
     * a failure found so is reproduced by running the same config again with it (the run is a
     * function of its config).
     */
    public static Result run(Config config, boolean keepHistory, Progress progress) {
        Simulator s = new Simulator(config, keepHistory);
        s.setup();
        for (int i = 0; i < config.ops() && s.failure == null; i++) {
            s.step();
            if ((i + 1) % PROGRESS_EVERY == 0) progress.at(i + 1);
        }
        progress.at(config.ops());
        Finale finale = s.failure == null ? s.finale() : null;
        if (s.failure == null) {
            List<Violation> v = s.checker.sweep();
            if (!v.isEmpty()) s.failure = new Failure(s.sent, "the final sweep: " + v);
        }
        return new Result(config, s.genesis, s.history == null ? null : List.copyOf(s.history), s.failure, s.outcomes,
                finale, s.sent, s.checker.sweeps());
    }

    // ---------------------------------------------------------------- driving

    private Receipt send(Address from, Command c) {
        if (failure != null) return Receipt.failed(ErrorCode.InvalidArg, "stopped");
        Transaction tx = new Transaction(from, now, c);
        if (history != null) history.add(tx);
        sent++;
        if (c instanceof Command.CompleteUnstake || c instanceof Command.Slash) payouts++; // each may leave a unit of flooring behind
        Receipt r = ledger.apply(tx);
        if (!inFinale) outcomes.computeIfAbsent(c.op(), k -> new int[2])[r.ok() ? 0 : 1]++;
        List<Violation> v = checker.afterApply(tx, r);
        if (!v.isEmpty()) {
            failure = new Failure(sent, "after " + c.op() + " by " + from
                    + (r.ok() ? " (ok)" : " (failed: " + r.error() + ")") + ": " + v);
        } else if (r.ok()) {
            if (c instanceof Command.Stake || c instanceof Command.InitProver) {
                Address prover = c instanceof Command.Stake s ? s.prover() : from;
                if (pairKeys.add(prover.mid() << 32 | from.mid())) pairs.add(new Address[] {prover, from});
                if (c instanceof Command.InitProver) provers.add(from);
            }
        }
        return r;
    }

    private boolean hasShares(Address prover, Address staker) {
        return view().position(prover, staker).map(p -> !p.rawShares().isZero()).orElse(false);
    }

    private LedgerView view() {
        return ledger.view();
    }

    private ProverRecord prover(Address p) {
        return view().proverRecord(p).orElseThrow();
    }

    private PositionRecord position(Address[] pair) {
        return view().position(pair[0], pair[1]).orElseThrow();
    }

    /** A prover's commission as settled, not projected (what a withdrawal would pay before its own settlement). */
    private UInt256 settledCommission(Address p) {
        return view().rewardInternals(p).orElseThrow().pendingCommission();
    }

    private UInt256 balance(TokenKind token, Address a) {
        return view().balance(token, a);
    }

    private void tick() {
        int k = rng.nextInt(100);
        if (k < 60) now += rng.nextInt(3600);
        else if (k < 95) now += rng.nextInt(2 * 86_400);
        else now += rng.nextInt(10 * 86_400);
    }

    private void setup() {
        Address owner = owner();
        for (int i = 0; i < 2; i++) {
            Address s = pick(actors);
            if (slashers.add(s)) send(owner, new Command.GrantRole(Role.SLASHER, s));
        }
        for (Address a : actors) {
            send(pick(actors), new Command.Mint(TokenKind.STAKE, a, tokens(100 + rng.nextInt(5000))));
            if (rng.nextInt(3) > 0) send(pick(actors), new Command.Mint(TokenKind.REWARD, a, tokens(10 + rng.nextInt(2000))));
        }
        for (Address p : candidates.subList(0, config.provers())) initProver(p);
        Address minter = pick(actors);
        if (send(owner, new Command.GrantRole(Role.MINTER, minter)).ok()) minters.add(minter);
        // a large population opens its positions here: each staker with a few provers, a share of its balance each
        List<Address> stakers = actors.subList(1 + config.provers() + JOINERS, actors.size());
        for (Address staker : stakers) {
            for (int i = 0; i < config.stakesPerStaker() && failure == null; i++) {
                UInt256 part = balance(TokenKind.STAKE, staker).div(UInt256.of(config.stakesPerStaker() + 1));
                if (!part.isZero()) send(staker, new Command.Stake(pick(provers), amountUpTo(part)));
            }
        }
    }

    // ---------------------------------------------------------------- adversarial strategies

    private static final Strategy[] ATTACKS = {Strategy.DUST, Strategy.QUEUE_GRIEF, Strategy.UNIT_REWARDS,
            Strategy.SLASH_FLOOR, Strategy.COMMISSION_FLIP};

    private void attack(Strategy strategy) {
        switch (strategy) {
            case DUST -> dust();
            case QUEUE_GRIEF -> griefQueue();
            case UNIT_REWARDS -> {
                if (victim == null || rng.nextInt(1000) == 0) victim = pickProver();
                if (victim == null) return;
                if (rng.nextInt(20) == 0) {
                    withdrawRewards();
                } else {
                    addRewardsTo(victim, UInt256.ONE);
                }
            }
            case SLASH_FLOOR -> {
                if (victim == null || !isActive(victim) || rng.nextInt(200) == 0) victim = pickProver();
                if (victim != null) slash(victim, true);
            }
            case COMMISSION_FLIP -> {
                Address p = pickProver();
                if (p == null) return;
                UInt256 rate = UInt256.of(new int[] {0, 10_000, rng.nextInt(10_001)}[rng.nextInt(3)]);
                send(p, new Command.UpdateCommissionRate(rate));
                addRewardsTo(p, rng.nextBoolean() ? UInt256.of(1 + rng.nextInt(10_000)) : tokens(rng.nextInt(100)));
            }
            default -> attack(pick(List.of(ATTACKS)));
        }
    }

    /** Amounts of 1 to 1,000 units: stakes, unstakes, rewards. */
    private void dust() {
        UInt256 amount = UInt256.of(1 + rng.nextInt(1000));
        switch (rng.nextInt(4)) {
            case 0 -> {
                Address prover = pickProver();
                if (prover == null) return;
                Address staker = pick(actors);
                if (balance(TokenKind.STAKE, staker).lt(amount)) {
                    send(pick(actors), new Command.Mint(TokenKind.STAKE, staker, tokens(1)));
                }
                send(staker, new Command.Stake(prover, amount));
            }
            case 1 -> {
                Address[] pair = pickPair();
                if (pair != null) send(pair[1], new Command.RequestUnstake(pair[0], amount));
            }
            case 2 -> {
                Address p = pickProver();
                if (p != null) addRewardsTo(p, amount);
            }
            default -> completeUnstake();
        }
    }

    /** Keeps one position's unstake queue full of tiny requests: the 11th is refused, a completion makes room. */
    private void griefQueue() {
        if (griefed == null || rawShares(griefed).isZero() || rng.nextInt(500) == 0) griefed = pickPair();
        if (griefed == null) return;
        PositionRecord s = position(griefed);
        if (s.pendingUnstakes().size() < Stake.MAX_PENDING_UNSTAKES || rng.nextInt(4) == 0) {
            send(griefed[1], new Command.RequestUnstake(griefed[0], UInt256.of(1 + rng.nextInt(1000))));
        } else {
            long maturity = s.pendingUnstakes().get(0).unstakeTime() + delaySeconds();
            if (maturity > now && maturity - now < 30L * 86_400) now = maturity;
            send(griefed[1], new Command.CompleteUnstake(griefed[0]));
        }
    }

    private void step() {
        tick();
        if (fewActive()) revive();
        if (config.strategy() != Strategy.RANDOM && rng.nextBoolean()) {
            attack(config.strategy());
            return;
        }
        int k = rng.nextInt(1000);
        if (k < 120) {
            wild();
        } else if (k < 140) {
            episode();
        } else if (k < 190) {
            mint();
        } else if (k < 210) {
            Address c = pick(candidates);
            if (state(c) == null) initProver(c); else stake();
        } else if (k < 380) {
            stake();
        } else if (k < 490) {
            requestUnstake();
        } else if (k < 530) {
            Address[] p = pickPair();
            if (p != null) send(p[1], new Command.RequestUnstakeAll(p[0]));
        } else if (k < 620) {
            completeUnstake();
        } else if (k < 680) {
            slash(false);
        } else if (k < 810) {
            addRewards();
        } else if (k < 880) {
            withdrawRewards();
        } else if (k < 900) {
            Address p = pickProver();
            if (p != null) send(p, new Command.UpdateCommissionRate(UInt256.of(rng.nextInt(10_001))));
        } else if (k < 915) {
            Address p = pickProver();
            if (p != null) send(p, new Command.UpdateMinSelfStake(plus(globalMin(), tokens(rng.nextInt(100)))));
        } else if (k < 935) {
            lifecycle();
        } else if (k < 945) {
            admin();
        } else if (k < 960) {
            emission();
        } else {
            // a prover left without stake retires (a few looked at: O(1) at any population)
            for (Address a : provers.size() <= 64 ? provers : List.of(pick(provers), pick(provers), pick(provers))) {
                ProverRecord p = prover(a);
                if (p.state() != ProverState.Retired && p.totalRawShares().isZero()) {
                    if (!settledCommission(a).isZero()) send(a, new Command.WithdrawRewards(a));
                    send(pick(actors), new Command.RetireProver(a));
                    return;
                }
            }
            withdrawRewards();
        }
    }

    /** Keeps the network alive: brings back a prover that can come back, or registers a new one. */
    private void revive() {
        for (Address a : provers) {
            // the state and scale alone: cheap reads, as this runs at every step while few provers are active
            if (state(a) != ProverState.Active
                    && view().proverInternals(a).orElseThrow().scale().gt(StakingModule.DEACTIVATION_SCALE) && rng.nextBoolean()) {
                topUpSelfStake(a);
                if (state(a) == ProverState.Retired) send(a, new Command.UnretireProver());
                else send(owner(), new Command.ReactivateProver(a));
                return;
            }
        }
        for (Address c : candidates) {
            if (state(c) == null) {
                initProver(c);
                return;
            }
        }
    }

    // ---------------------------------------------------------------- smart operations

    private void initProver(Address p) {
        if (!sane(globalMin())) {
            send(owner(), new Command.SetGlobalParam(GlobalParam.GlobalMinSelfStake, tokens(rng.nextInt(50))));
        }
        UInt256 min = plus(globalMin(), tokens(rng.nextInt(100)));
        UInt256 balance = balance(TokenKind.STAKE, p);
        if (balance.lt(min)) send(pick(actors), new Command.Mint(TokenKind.STAKE, p, plus(min.sub(balance), tokens(rng.nextInt(1000)))));
        send(p, new Command.InitProver(min, UInt256.of(rng.nextInt(10_001))));
    }

    /** Money in and out: the scenario faucet, a minter's deposit, a withdrawal out of the ledger. */
    private void mint() {
        TokenKind kind = rng.nextBoolean() ? TokenKind.STAKE : TokenKind.REWARD;
        switch (rng.nextInt(4)) {
            case 0 -> {
                if (minters.isEmpty()) {
                    Address m = pick(actors);
                    if (send(owner(), new Command.GrantRole(Role.MINTER, m)).ok()) minters.add(m);
                    return;
                }
                send(pick(new ArrayList<>(minters)), new Command.Deposit(kind, pick(actors), tokens(1 + rng.nextInt(3000))));
            }
            case 1 -> {
                Address from = pick(actors);
                UInt256 balance = balance(kind, from);
                if (!balance.isZero()) send(from, new Command.Withdraw(kind, pick(actors), amountUpTo(balance.min(tokens(500)))));
            }
            default -> send(pick(actors), new Command.Mint(kind, pick(actors), tokens(1 + rng.nextInt(3000))));
        }
    }

    private void stake() {
        Address prover = pickProver();
        if (prover == null) return;
        Address staker = rng.nextInt(5) == 0 ? prover : pick(actors);
        UInt256 balance = balance(TokenKind.STAKE, staker);
        if (balance.isZero()) {
            send(pick(actors), new Command.Mint(TokenKind.STAKE, staker, tokens(1 + rng.nextInt(3000))));
            balance = balance(TokenKind.STAKE, staker);
        }
        send(staker, new Command.Stake(prover, amountUpTo(balance.min(tokens(20_000)))));
    }

    private void requestUnstake() {
        Address[] pair = pickPair();
        if (pair == null) return;
        ProverRecord p = prover(pair[0]);
        UInt256 eff = position(pair).amount();
        if (eff.isZero()) {
            send(pair[1], new Command.RequestUnstakeAll(pair[0]));
            return;
        }
        UInt256 amount;
        if (pair[0].equals(pair[1]) && rng.nextInt(3) > 0 && eff.gt(p.minSelfStake())) {
            amount = amountUpTo(eff.sub(p.minSelfStake()));
        } else {
            amount = amountUpTo(eff);
        }
        send(pair[1], new Command.RequestUnstake(pair[0], amount));
    }

    private void completeUnstake() {
        Address[] pair = null;
        if (pairs.size() <= 64) {
            List<Address[]> ready = new ArrayList<>();
            for (Address[] p : pairs) {
                if (!position(p).pendingUnstakes().isEmpty()) ready.add(p);
            }
            if (!ready.isEmpty()) pair = pick(ready);
        } else {
            for (int i = 0; i < 16 && pair == null; i++) {
                Address[] p = pick(pairs);
                if (!view().stakeInternals(p[0], p[1]).totalPendingRawShares().isZero()) pair = p;
            }
        }
        if (pair == null) return;
        PositionRecord s = position(pair);
        if (rng.nextInt(3) > 0) {
            // usually wait for maturity, so that most completions succeed
            long maturity = s.pendingUnstakes().get(0).unstakeTime() + delaySeconds();
            if (maturity > now && maturity - now < 30L * 86_400) now = maturity;
        }
        send(pair[1], new Command.CompleteUnstake(pair[0]));
    }

    private void slash(boolean hard) {
        Address prover = pickProver();
        if (prover != null) slash(prover, hard);
    }

    private void slash(Address prover, boolean hard) {
        if (slashers.isEmpty()) {
            Address s = pick(actors);
            if (send(owner(), new Command.GrantRole(Role.SLASHER, s)).ok()) slashers.add(s);
            return;
        }
        UInt256 max = view().parameters().maxSlashPercentage().min(UInt256.of(1_000_000));
        long m = max.longValueExact();
        int k = rng.nextInt(10);
        long ppm = hard || k == 0 ? m : k < 3 ? rng.nextLong(m + 1) : rng.nextLong(Math.min(m, 30_000) + 1);
        send(pick(new ArrayList<>(slashers)), new Command.Slash(prover, UInt256.of(ppm)));
    }

    private void addRewards() {
        Address prover = pickProver();
        if (prover == null) return;
        Address payer = pick(actors);
        UInt256 balance = balance(TokenKind.REWARD, payer);
        if (balance.isZero()) {
            send(pick(actors), new Command.Mint(TokenKind.REWARD, payer, tokens(1 + rng.nextInt(1000))));
            balance = balance(TokenKind.REWARD, payer);
        }
        UInt256 amount = rng.nextInt(4) == 0 ? UInt256.of(1 + rng.nextInt(1000)).min(balance) : amountUpTo(balance.min(tokens(500)));
        send(payer, new Command.AddRewards(prover, amount));
    }

    private void withdrawRewards() {
        Address[] pair = pickPair();
        if (pair == null) return;
        send(rng.nextInt(4) == 0 ? pair[0] : pair[1], new Command.WithdrawRewards(pair[0]));
    }

    private void lifecycle() {
        Address p = pickProver();
        if (p == null) return;
        ProverState state = state(p);
        switch (state) {
            case Active -> {
                if (rng.nextBoolean()) send(owner(), new Command.DeactivateProver(p));
                else exitAndRetire(p);
            }
            case Deactivated -> {
                topUpSelfStake(p);
                send(owner(), new Command.ReactivateProver(p));
            }
            case Retired -> {
                topUpSelfStake(p);
                send(p, new Command.UnretireProver());
            }
        }
    }

    private void topUpSelfStake(Address p) {
        UInt256 self = prover(p).selfEffectiveStake();
        UInt256 need = prover(p).minSelfStake().max(globalMin());
        if (!sane(need)) {
            // a wild minimum: the prover lowers its own, the owner the global one, rather than mint absurd sums
            if (!sane(globalMin())) {
                send(owner(), new Command.SetGlobalParam(GlobalParam.GlobalMinSelfStake, tokens(rng.nextInt(50))));
            }
            send(p, new Command.UpdateMinSelfStake(globalMin()));
            need = prover(p).minSelfStake().max(globalMin());
            if (!sane(need)) return;
        }
        if (self.lt(need)) {
            UInt256 missing = plus(need.sub(self), tokens(1));
            send(pick(actors), new Command.Mint(TokenKind.STAKE, p, missing));
            send(p, new Command.Stake(p, missing));
        }
    }

    /** Every staker of a prover leaves, the prover takes its commission and is retired. */
    private void exitAndRetire(Address p) {
        for (LedgerView.PositionRecord position : allStakers(p)) {
            Address staker = position.staker();
            if (position.pendingUnstakes().size() >= Stake.MAX_PENDING_UNSTAKES) {
                now += delaySeconds();
                send(staker, new Command.CompleteUnstake(p));
            }
            send(staker, new Command.RequestUnstakeAll(p));
        }
        if (!settledCommission(p).isZero()) send(p, new Command.WithdrawRewards(p));
        send(pick(actors), new Command.RetireProver(p));
    }

    private void admin() {
        Address owner = owner();
        int k = rng.nextInt(10);
        switch (k) {
            case 0 -> send(owner, new Command.SetGlobalParam(GlobalParam.UnstakeDelay,
                    UInt256.of(new long[] {0, 60, 3600, 86_400, 604_800}[rng.nextInt(5)])));
            case 1 -> send(owner, new Command.SetGlobalParam(GlobalParam.MaxSlashPercentage,
                    UInt256.of(100_000 + rng.nextInt(900_001))));
            case 2 -> send(owner, new Command.SetGlobalParam(GlobalParam.GlobalMinSelfStake, tokens(rng.nextInt(60))));
            case 3, 4 -> {
                Module m = rng.nextBoolean() ? Module.STAKING : Module.REWARDS;
                UInt256 pool = m == Module.STAKING ? view().treasuryPools().staking() : view().treasuryPools().rewards();
                UInt256 amount = pool.isZero() ? UInt256.ONE : amountUpTo(pool);
                Address to = pick(actors);
                Address sender = view().owner(m);
                send(sender, new Command.WithdrawTreasury(m, to, amount));
            }
            case 5 -> {
                Address s = pick(actors);
                if (slashers.contains(s)) {
                    if (send(owner, new Command.RevokeRole(Role.SLASHER, s)).ok()) slashers.remove(s);
                } else if (send(owner, new Command.GrantRole(Role.SLASHER, s)).ok()) {
                    slashers.add(s);
                }
            }
            case 6 -> {
                Module m = rng.nextBoolean() ? Module.STAKING : Module.REWARDS;
                Address current = view().owner(m);
                send(current, new Command.TransferOwnership(m, pick(actors)));
            }
            default -> {
                Address p = pickProver();
                if (p != null) send(owner, state(p) == ProverState.Deactivated
                        ? new Command.ReactivateProver(p) : new Command.DeactivateProver(p));
            }
        }
    }

    /** Time-based emission: funding, rate changes (owner of the rewards module), pokes. */
    private void emission() {
        switch (rng.nextInt(4)) {
            case 0 -> {
                Address payer = pick(actors);
                UInt256 bal = balance(TokenKind.REWARD, payer);
                if (!bal.isZero()) send(payer, new Command.FundEmission(amountUpTo(bal.min(tokens(2000)))));
            }
            case 1 -> {
                // tokens per second from a few units to a fraction of a token
                UInt256 rate = rng.nextInt(5) == 0 ? UInt256.ZERO
                        : rng.nextBoolean() ? UInt256.of(1 + rng.nextInt(1000)) : tokens(0).div(UInt256.of(1 + rng.nextInt(10_000)));
                send(view().owner(Module.REWARDS), new Command.SetEmissionRate(rate));
            }
            default -> {
                Address p = pickProver();
                if (p != null) send(pick(actors), new Command.Poke(p));
            }
        }
    }

    /** Scripted episodes that take the state where random steps rarely go. */
    private void episode() {
        switch (rng.nextInt(5)) {
            case 0 -> { // slash down to the floor, now and then
                if (rng.nextInt(4) == 0) for (int i = 0; i < 8; i++) slash(true);
                else slash(false);
            }
            case 1 -> { // fill an unstake queue and overflow it
                Address[] pair = pickPair();
                if (pair == null) return;
                for (int i = 0; i < Stake.MAX_PENDING_UNSTAKES + 1; i++) {
                    UInt256 eff = position(pair).amount();
                    UInt256 small = eff.isZero() ? UInt256.ONE : amountUpTo(eff.div(UInt256.of(20)).max(UInt256.ONE));
                    send(pair[1], new Command.RequestUnstake(pair[0], small));
                }
            }
            case 2 -> { // rewards to a prover with no stakers: all to commission
                Address p = pickProver();
                if (p == null) return;
                exitAndRetire(p);
                Address payer = pick(actors);
                UInt256 bal = balance(TokenKind.REWARD, payer);
                if (!bal.isZero()) send(payer, new Command.AddRewards(p, amountUpTo(bal.min(tokens(100)))));
            }
            case 3 -> { // a reward split in parts, claims in between
                Address p = pickProver();
                if (p == null) return;
                for (int i = 0; i < 5; i++) {
                    addRewardsTo(p, UInt256.of(1 + rng.nextInt(999)));
                    withdrawRewards();
                }
            }
            default -> { // a prover leaves entirely by unstaking its own stake
                Address p = pickProver();
                if (p == null) return;
                if (hasShares(p, p)) send(p, new Command.RequestUnstakeAll(p));
            }
        }
    }

    private void addRewardsTo(Address p, UInt256 amount) {
        Address payer = pick(actors);
        if (balance(TokenKind.REWARD, payer).lt(amount)) {
            send(pick(actors), new Command.Mint(TokenKind.REWARD, payer, plus(amount, tokens(10))));
        }
        send(payer, new Command.AddRewards(p, amount));
    }

    /** A random operation with random arguments: mostly failures, each of which must change nothing. */
    private void wild() {
        Address from = rng.nextInt(10) == 0 ? Address.ZERO : pick(actors);
        Address target = rng.nextInt(4) == 0 ? pick(actors) : (pickProver() == null ? pick(actors) : pickProver());
        UInt256 amount = wildAmount();
        Command c = switch (rng.nextInt(22)) {
            // a mint either overflows the supply or is ordinary: a supply driven near 2^256 would starve the story
            case 0 -> new Command.Mint(rng.nextBoolean() ? TokenKind.STAKE : TokenKind.REWARD, pick(actors),
                    rng.nextBoolean() ? UInt256.MAX.sub(UInt256.of(rng.nextInt(1000))) : tokens(rng.nextInt(1000)));
            case 1 -> new Command.InitProver(amount, wildAmount());
            case 2 -> new Command.Stake(target, amount);
            case 3 -> new Command.RequestUnstake(target, amount);
            case 4 -> new Command.RequestUnstakeAll(target);
            case 5 -> new Command.CompleteUnstake(target);
            case 6 -> new Command.Slash(target, rng.nextBoolean() ? wildAmount() : UInt256.of(rng.nextInt(1_200_000)));
            case 7 -> new Command.AddRewards(target, amount);
            case 8 -> new Command.WithdrawRewards(target);
            case 9 -> new Command.UpdateCommissionRate(rng.nextBoolean() ? amount : UInt256.of(rng.nextInt(20_000)));
            case 10 -> new Command.UpdateMinSelfStake(amount);
            case 11 -> new Command.RetireProver(target);
            case 12 -> new Command.UnretireProver();
            case 13 -> new Command.DeactivateProver(target);
            case 14 -> new Command.ReactivateProver(target);
            case 15 -> new Command.SetGlobalParam(GlobalParam.values()[rng.nextInt(3)], wildParam());
            case 16 -> new Command.WithdrawTreasury(rng.nextBoolean() ? Module.STAKING : Module.REWARDS,
                    rng.nextInt(5) == 0 ? Address.ZERO : pick(actors), amount);
            case 17 -> new Command.GrantRole(rng.nextInt(4) == 0 ? Role.MINTER : Role.SLASHER, pick(actors));
            case 18 -> new Command.RevokeRole(rng.nextInt(4) == 0 ? Role.MINTER : Role.SLASHER, pick(actors));
            // like a mint, a deposit either overflows the supply or is ordinary
            case 19 -> new Command.Deposit(rng.nextBoolean() ? TokenKind.STAKE : TokenKind.REWARD,
                    rng.nextInt(5) == 0 ? Address.ZERO : pick(actors),
                    rng.nextBoolean() ? UInt256.MAX.sub(UInt256.of(rng.nextInt(1000))) : tokens(rng.nextInt(1000)));
            case 20 -> new Command.Withdraw(rng.nextBoolean() ? TokenKind.STAKE : TokenKind.REWARD,
                    rng.nextInt(5) == 0 ? Address.ZERO : pick(actors), amount);
            default -> new Command.TransferOwnership(rng.nextBoolean() ? Module.STAKING : Module.REWARDS,
                    rng.nextInt(3) == 0 ? Address.ZERO : pick(actors));
        };
        if (c instanceof Command.SetGlobalParam || c instanceof Command.TransferOwnership) {
            // keep admin chaos rare: a random owner change or a delay near 2^256 would end the story early
            if (rng.nextInt(4) > 0) from = pick(actors);
        }
        Receipt r = send(from, c);
        if (r.ok() && c instanceof Command.GrantRole g) (g.role() == Role.MINTER ? minters : slashers).add(g.account());
        if (r.ok() && c instanceof Command.RevokeRole g) (g.role() == Role.MINTER ? minters : slashers).remove(g.account());
    }

    private UInt256 wildParam() {
        return switch (rng.nextInt(4)) {
            case 0 -> UInt256.MAX.sub(UInt256.of(rng.nextInt(1000)));
            case 1 -> UInt256.of(rng.nextInt(2_000_000));
            case 2 -> tokens(rng.nextInt(100));
            default -> UInt256.of(rng.nextInt(10 * 86_400));
        };
    }

    private UInt256 wildAmount() {
        return switch (rng.nextInt(6)) {
            case 0 -> UInt256.ZERO;
            case 1 -> UInt256.MAX.sub(UInt256.of(rng.nextInt(1000)));
            case 2 -> UInt256.of(BigInteger.ONE.shiftLeft(200 + rng.nextInt(56)).add(BigInteger.valueOf(rng.nextInt(1000))));
            case 3 -> UInt256.of(1 + rng.nextInt(1000));
            default -> tokens(rng.nextInt(10_000));
        };
    }

    // ---------------------------------------------------------------- finale

    /**
     * Everyone takes everything out: the owner restores a sane unstake delay, every pending unstake
     * completes, every staker unstakes all and completes, every reward and commission is withdrawn,
     * and the owners empty both treasuries.
     */
    private Finale finale() {
        inFinale = true;
        UInt256 sevenDays = StakingModule.DEFAULT_UNSTAKE_DELAY;
        if (!view().parameters().unstakeDelay().equals(sevenDays)) {
            finaleOp(owner(), new Command.SetGlobalParam(GlobalParam.UnstakeDelay, sevenDays));
        }
        now += sevenDays.longValueExact() + 1;
        completeAll();
        // emission stops paying once no one is staked; settle what each prover earned so far
        for (Address p : view().allProvers()) finaleOp(owner(), new Command.Poke(p));
        for (Address[] pair : pairs) {
            if (!position(pair).rawShares().isZero()) finaleOp(pair[1], new Command.RequestUnstakeAll(pair[0]));
        }
        now += sevenDays.longValueExact() + 1;
        completeAll();
        for (Address p : view().allProvers()) finaleOp(owner(), new Command.Poke(p));
        // every prover was settled just now, at the view's time: what the views show is settled
        BigInteger shortfall = BigInteger.ZERO;
        for (Address[] pair : pairs) {
            UInt256 owed = position(pair).pendingRewards();
            if (pair[0].equals(pair[1])) owed = plus(owed, settledCommission(pair[0]));
            if (!owed.isZero()) {
                Receipt r = finaleOp(pair[1], new Command.WithdrawRewards(pair[0]));
                if (!r.ok()) shortfall = shortfall.add(owed.toBigInteger());
            }
        }
        for (Address p : view().allProvers()) {
            UInt256 c = settledCommission(p);
            if (!c.isZero()) {
                Receipt r = finaleOp(p, new Command.WithdrawRewards(p));
                if (!r.ok()) shortfall = shortfall.add(c.toBigInteger());
            }
        }
        UInt256 st = view().treasuryPools().staking();
        if (!st.isZero()) finaleOp(owner(), new Command.WithdrawTreasury(Module.STAKING, owner(), st));
        UInt256 rt = view().treasuryPools().rewards();
        if (!rt.isZero()) {
            Receipt r = finaleOp(view().owner(Module.REWARDS), new Command.WithdrawTreasury(Module.REWARDS, owner(), rt));
            if (!r.ok()) shortfall = shortfall.add(rt.toBigInteger());
        }
        BigInteger stakingLeft = view().custody(TokenKind.STAKE, Module.STAKING).toBigInteger();
        BigInteger rewardsLeft = view().custody(TokenKind.REWARD, Module.REWARDS).toBigInteger();
        Solvency s = view().solvency();
        BigInteger stranded = s.stakingSurplus();
        if (failure == null && config.profile() == Profile.SOLVENT) {
            String residue = residue();
            if (!finaleFailures.isEmpty()) {
                failure = new Failure(sent, "finale operations failed: " + finaleFailures);
            } else if (residue != null) {
                failure = new Failure(sent, "after the finale " + residue);
            }
        }
        return new Finale(stakingLeft, rewardsLeft, List.copyOf(finaleFailures), shortfall, stranded);
    }

    /**
     * What is still owed after the finale, beyond rounding remainders, or null. In {@code solvent}
     * nothing may be: no stake, no pending unstake, no whole reward unit, no commission, empty
     * treasuries; custody keeps only flooring remainders (staking: at most one unit per payout;
     * rewards: the provers' accumulator carries and the positions' sub-unit entitlements).
     */
    private String residue() {
        LedgerView v = view();
        BigInteger carries = BigInteger.ZERO;
        BigInteger emissionCarries = BigInteger.ZERO;
        int positions = 0;
        LedgerView.EmissionInfo emission = v.emission();
        for (Address a : v.allProvers()) {
            ProverRecord p = prover(a);
            if (!p.totalRawShares().isZero() || !p.pendingRawShares().isZero()) {
                return "prover " + a + " still has raw shares " + p.totalRawShares() + " active, " + p.pendingRawShares() + " pending";
            }
            LedgerView.ProverRewardInternals book = v.rewardInternals(a).orElseThrow();
            if (!book.pendingCommission().isZero()) return "prover " + a + " still has commission";
            carries = carries.add(book.accCarry().toBigInteger());
            for (LedgerView.Page<PositionRecord> page = v.positions(a, null, LedgerView.MAX_PAGE); ;
                 page = v.positions(a, page.next(), LedgerView.MAX_PAGE)) {
                for (PositionRecord s : page.items()) {
                    positions++;
                    if (!s.pendingRewards().isZero()) {
                        return "position " + a + "/" + s.staker() + " can still withdraw " + s.pendingRewards();
                    }
                }
                if (page.next() == null) break;
            }
        }
        if (!v.treasuryPools().staking().isZero() || !v.treasuryPools().rewards().isZero()) return "a treasury is not empty";
        BigInteger stakingLeft = v.custody(TokenKind.STAKE, Module.STAKING).toBigInteger();
        if (stakingLeft.compareTo(BigInteger.valueOf(payouts + positions)) > 0) {
            return "the staking module still holds " + stakingLeft + " units after " + payouts + " payouts and slashes";
        }
        BigInteger rewardsLeft = v.custody(TokenKind.REWARD, Module.REWARDS).toBigInteger();
        if (!emission.totalWeight().isZero()) return "the emission pool still weighs " + emission.totalWeight();
        // emission remainders are in 1e-36 token, the accumulator carries in 1e-18 token
        emissionCarries = emissionCarries.add(emission.carry().toBigInteger());
        for (Address a : v.allProvers()) {
            LedgerView.ProverRewardInternals book = v.rewardInternals(a).orElseThrow();
            emissionCarries = emissionCarries.add(book.emissionCarry().toBigInteger());
            if (!book.emissionSnapshot().equals(emission.accPerWeight())) return "prover " + a + " has unsettled emission";
        }
        // what stays: the unspent emission budget and sub-unit remainders
        BigInteger wad = UInt256.WAD.toBigInteger();
        BigInteger bound = emission.remainingBudget().toBigInteger().add(carries.divide(wad))
                .add(emissionCarries.divide(wad.multiply(wad)))
                .add(BigInteger.valueOf(2L * v.proverCount() + positions));
        if (rewardsLeft.compareTo(bound) > 0) {
            return "the rewards module still holds " + rewardsLeft + " units, more than its remainders allow (" + bound + ")";
        }
        return null;
    }

    private void completeAll() {
        for (Address[] pair : pairs) {
            if (!position(pair).pendingUnstakes().isEmpty()) finaleOp(pair[1], new Command.CompleteUnstake(pair[0]));
        }
    }

    private Receipt finaleOp(Address from, Command c) {
        Receipt r = send(from, c);
        if (!r.ok()) finaleFailures.add("#" + sent + " " + c.op() + " by " + from + ": " + r.error());
        return r;
    }

    // ---------------------------------------------------------------- picking

    private Address owner() {
        return view().owner(Module.STAKING);
    }

    private UInt256 globalMin() {
        return view().parameters().globalMinSelfStake();
    }

    private long delaySeconds() {
        UInt256 d = view().parameters().unstakeDelay();
        return d.fitsInLong() && d.longValueExact() < 365L * 86_400 ? d.longValueExact() : 365L * 86_400;
    }

    private boolean isActive(Address p) {
        return state(p) == ProverState.Active;
    }

    /** A prover's state, or null when it is not registered. */
    private ProverState state(Address p) {
        return view().proverState(p).orElse(null);
    }

    /** Fewer than two active provers: exactly among a few, by a sample among many. */
    private boolean fewActive() {
        if (provers.size() <= 64) return view().activeProvers().size() < 2;
        int active = 0;
        for (int i = 0; i < 16 && active < 2; i++) if (isActive(pick(provers))) active++;
        return active < 2;
    }

    /** Mostly an active prover; O(1) at any population. */
    private Address pickProver() {
        if (provers.isEmpty()) return null;
        if (rng.nextInt(20) > 0) {
            if (provers.size() <= 64) {
                List<Address> active = view().activeProvers();
                if (!active.isEmpty()) return pick(active);
            } else {
                for (int i = 0; i < 8; i++) {
                    Address p = pick(provers);
                    if (isActive(p)) return p;
                }
            }
        }
        return pick(provers);
    }

    /** Every staker of a prover, in address order, as the ledger is now. */
    private List<LedgerView.PositionRecord> allStakers(Address prover) {
        List<LedgerView.PositionRecord> out = new ArrayList<>();
        LedgerView.Page<LedgerView.PositionRecord> page = null;
        do {
            page = view().stakers(prover, page == null ? null : page.next(), LedgerView.MAX_PAGE);
            out.addAll(page.items());
        } while (page.next() != null);
        return out;
    }

    private UInt256 rawShares(Address[] pair) {
        return view().stakeInternals(pair[0], pair[1]).rawShares();
    }

    /** A (prover, staker) pair that has staked, preferring ones with active shares; O(1) among many. */
    private Address[] pickPair() {
        if (pairs.isEmpty()) return null;
        if (rng.nextInt(10) > 0) {
            if (pairs.size() <= 64) {
                List<Address[]> withShares = new ArrayList<>();
                for (Address[] pair : pairs) {
                    if (!rawShares(pair).isZero()) withShares.add(pair);
                }
                if (!withShares.isEmpty()) return pick(withShares);
            } else {
                for (int i = 0; i < 8; i++) {
                    Address[] pair = pick(pairs);
                    if (!rawShares(pair).isZero()) return pair;
                }
            }
        }
        return pick(pairs);
    }

    /** An amount the story can afford: at most a trillion tokens. */
    private static boolean sane(UInt256 amount) {
        return amount.le(TOKEN.mul(UInt256.of(1_000_000_000_000L)));
    }

    private static UInt256 plus(UInt256 a, UInt256 b) {
        return UInt256.MAX.sub(a).lt(b) ? UInt256.MAX : a.add(b);
    }

    private <T> T pick(List<T> list) {
        return list.get(rng.nextInt(list.size()));
    }

    private UInt256 tokens(long n) {
        return TOKEN.mul(UInt256.of(n)).add(UInt256.of(rng.nextLong(1_000_000_000_000_000_000L)));
    }

    /** 1..max, biased to everything, round fractions, and small amounts. */
    private UInt256 amountUpTo(UInt256 max) {
        if (max.isZero()) return UInt256.ONE;
        int k = rng.nextInt(10);
        if (k < 2) return max;
        if (k < 4) return max.div(UInt256.of(2 + rng.nextInt(9))).max(UInt256.ONE);
        if (k < 5) return UInt256.of(1 + rng.nextInt(1000)).min(max);
        BigInteger m = max.toBigInteger();
        BigInteger r = new BigInteger(m.bitLength() + 8, new java.util.Random(rng.nextLong())).mod(m);
        return UInt256.of(r.add(BigInteger.ONE));
    }
}
