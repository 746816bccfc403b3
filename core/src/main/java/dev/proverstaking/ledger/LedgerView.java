package dev.proverstaking.ledger;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.Role;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rewards.RewardsModule;
import dev.proverstaking.rewards.ProverRewards;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.staking.Prover;
import dev.proverstaking.staking.ProverState;
import dev.proverstaking.staking.Shares;
import dev.proverstaking.staking.Stake;
import dev.proverstaking.staking.StakingModule;
import dev.proverstaking.token.TokenLedger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every read of a ledger's state, and the only one: what the state dump, the invariant checks,
 * the node's API and the tools read, as immutable values. Nothing reachable from here can change
 * the ledger; every change goes through {@link Ledger#apply}.
 *
 * <p>Views never fail on any state (effective amounts are computed at full width) and never
 * change anything; a view taken with {@link Ledger#viewAt} projects the time-based emission to its
 * time. A view is not a copy: it reads the live ledger, so read it on the ledger's thread, between
 * transactions.
 *
 * <p>Lists come in {@link Page}s read by cursor: a page holds the records whose address is above
 * the cursor, in ascending address order, and names the cursor of the next one. A page therefore
 * does not shift when records before or after it come and go. Every view costs O(1) in the number
 * of stakers but a page, which costs O(its length), and the lists of provers, O(provers).
 */
public final class LedgerView {
    /** The longest page any list returns. */
    public static final int MAX_PAGE = 1000;
    /**
     * How many positions a page of stakers ({@link #stakers}) looks at, at most, for positions that
     * still have shares: a page among many emptied positions may hold fewer records than asked for,
     * and says where to go on.
     */
    public static final int MAX_SCAN = 10 * MAX_PAGE;

    private final Ledger ledger;
    private final long at;
    private final boolean live;

    /** Views at the ledger's current time, following it as it advances. */
    LedgerView(Ledger ledger) {
        this.ledger = ledger;
        this.at = 0;
        this.live = true;
    }

    LedgerView(Ledger ledger, long at) {
        this.ledger = ledger;
        this.at = at;
        this.live = false;
    }

    /** The time the views are computed at: time-based emission is projected to it. */
    public long time() {
        return live ? ledger.now() : Math.max(at, ledger.now());
    }

    // =====================================================================================
    // Values
    // =====================================================================================

    /**
     * A page of a list in address order.
     *
     * @param next the cursor of the next page (the last address looked at), or null when the list ends here
     */
    public record Page<T>(List<T> items, Address next) {
        public Page {
            items = List.copyOf(items);
        }
    }

    /** The staking module's parameters, as the owner set them. */
    public record Parameters(UInt256 unstakeDelay, UInt256 globalMinSelfStake, UInt256 maxSlashPercentage) {}

    /**
     * @param staking slashed stake not yet withdrawn by the owner
     * @param rewards reward dust ({@code reference}); always 0 in {@code solvent}
     */
    public record TreasuryPools(UInt256 staking, UInt256 rewards) {}

    /**
     * An address's next nonce, its balances of both tokens (one value twice when the ledger has one
     * token) and its roles.
     */
    public record Account(Address address, long nonce, UInt256 stake, UInt256 reward, List<Role> roles) {}

    /** An account's balance of a token. */
    public record Balance(Address account, UInt256 amount) {}

    /**
     * A prover as the state dump shows it, plus what the design's views give.
     *
     * @param totalStaked          effective active stake
     * @param totalPendingUnstake  effective value of every pending request of its positions
     * @param stakerCount          positions with active shares (the design's staker set)
     * @param positionCount        every position ever opened with it
     * @param pendingCommission    including the commission on its emission up to the view's time
     * @param accRewardPerRawShare including its emission up to the view's time
     * @param emissionWeight       its weight in the emission pool (effective active stake while Active)
     * @param pendingEmission      its emission not yet settled into the two above, in tokens
     * @param emissionReceived     all emission settled into it so far
     */
    public record ProverRecord(Address address, ProverState state, UInt256 minSelfStake, UInt256 totalRawShares,
                               UInt256 pendingRawShares, UInt256 scale, UInt256 totalStaked,
                               UInt256 selfEffectiveStake, UInt256 totalPendingUnstake, int stakerCount,
                               int positionCount, int commissionRate, UInt256 pendingCommission,
                               UInt256 accRewardPerRawShare, UInt256 emissionWeight, UInt256 pendingEmission,
                               UInt256 emissionReceived) {}

    /**
     * One request of a position's unstake queue.
     *
     * @param amount  its effective value now (it stays slashable until completed)
     * @param readyAt when it can complete: its time plus the unstake delay (2^256 - 1 if beyond)
     * @param ready   whether it can complete at the view's time
     */
    public record PendingUnstakeInfo(UInt256 amount, UInt256 rawShares, long unstakeTime, UInt256 readyAt,
                                     boolean ready) {}

    /**
     * A (prover, staker) position as the state dump shows it.
     *
     * @param amount              effective active stake
     * @param totalPendingUnstake effective value of its pending requests
     * @param pendingRewards      its staking rewards withdrawable at the view's time, commission excluded
     * @param rewardDebt          in the profile's unit: tokens ({@code reference}) or 1e-18 token ({@code solvent})
     */
    public record PositionRecord(Address prover, Address staker, UInt256 rawShares, UInt256 amount,
                                 List<PendingUnstakeInfo> pendingUnstakes, UInt256 totalPendingUnstake,
                                 UInt256 pendingRewards, UInt256 rewardDebt) {
        public PositionRecord {
            pendingUnstakes = List.copyOf(pendingUnstakes);
        }
    }

    /**
     * The emission pool at the view's time.
     *
     * @param accPerWeight the pool's accumulator per unit of weight (1e36 fixed point)
     * @param carry        the accumulator division's remainder ({@code solvent}), in 1e-18 token x weight units
     * @param used         whether emission was ever funded or given a rate (only then does it show in dumps)
     */
    public record EmissionInfo(UInt256 ratePerSecond, UInt256 remainingBudget, UInt256 totalFunded,
                               UInt256 totalEmitted, UInt256 totalWeight, UInt256 accPerWeight, UInt256 carry,
                               boolean used) {}

    /**
     * A prover's reward book as stored: settled up to its last settlement, not projected to the
     * view's time, with the remainders the {@code solvent} profile carries (always 0 in
     * {@code reference}).
     *
     * @param commissionCarry  the commission's remainder, in basis-point units (0..9999)
     * @param accCarry         the accumulator's remainder, in 1e-18 token
     * @param emissionSnapshot the pool's accumulator at its last settlement
     * @param emissionCarry    emission owed to it but not yet a whole unit, in 1e-36 token
     */
    public record ProverRewardInternals(int commissionRate, UInt256 pendingCommission, UInt256 accRewardPerRawShare,
                                        int commissionCarry, UInt256 accCarry, UInt256 emissionWeight,
                                        UInt256 emissionSnapshot, UInt256 emissionCarry, UInt256 emissionReceived) {}

    // ---- the reference contracts' view functions ----

    public record ProverInfo(Address prover, ProverState state, UInt256 minSelfStake, UInt256 totalStaked,
                             UInt256 selfEffectiveStake, int stakerCount) {}

    /**
     * @param amount              effective active stake
     * @param totalPendingUnstake effective value of all pending requests
     * @param pendingRewards      withdrawable now: rewards, plus commission when the staker is the prover
     */
    public record StakeInfo(UInt256 amount, UInt256 totalPendingUnstake, List<PendingUnstakeInfo> pendingUnstakes,
                            UInt256 pendingRewards) {}

    /**
     * @param positionCount      positions the prover holds (with shares or not: they live forever)
     * @param pendingQueueBlocks blocks of its unstake-queue pool in use (one per position with a pending request)
     */
    public record ProverInternals(UInt256 totalRawShares, UInt256 pendingRawShares, UInt256 scale, int stakerCount,
                                  int positionCount, int pendingQueueBlocks) {}

    public record StakeInternals(UInt256 rawShares, UInt256 totalPendingRawShares) {}

    public record Eligibility(boolean eligible, UInt256 currentTotalStake) {}

    /**
     * @param pendingCommission    including the commission on its pending emission
     * @param accRewardPerRawShare including its pending emission
     * @param pendingEmission      its share of the emission not yet settled into the two above, in tokens
     * @param emissionWeight       its weight in the emission pool (effective active stake while Active)
     */
    public record ProverRewardInfo(int commissionRate, UInt256 pendingCommission, UInt256 accRewardPerRawShare,
                                   UInt256 pendingEmission, UInt256 emissionWeight) {}

    /** @param rewardDebt in the profile's unit: tokens ({@code reference}) or 1e-18 token ({@code solvent}) */
    public record StakerRewardInfo(UInt256 pendingRewards, UInt256 rewardDebt) {}

    // =====================================================================================
    // The ledger
    // =====================================================================================

    public Genesis genesis() {
        return ledger.genesis();
    }

    public Profile profile() {
        return ledger.profile();
    }

    /** True when the reward token is the staking token. */
    public boolean sameToken() {
        return ledger.sameToken();
    }

    /** The timestamp of the last transaction applied (the genesis time before any). */
    public long now() {
        return ledger.now();
    }

    /** Transactions applied so far, refused ones included. */
    public long appliedCount() {
        return ledger.appliedCount();
    }

    public Parameters parameters() {
        StakingModule s = staking();
        return new Parameters(s.unstakeDelay(), s.globalMinSelfStake(), s.maxSlashPercentage());
    }

    public TreasuryPools treasuryPools() {
        return new TreasuryPools(staking().treasuryPool(), rewards().treasuryPool());
    }

    public Address owner(Module module) {
        return (module == Module.STAKING ? staking().ownership() : rewards().ownership()).owner();
    }

    public boolean hasRole(Role role, Address account) {
        return staking().roles().has(role, account);
    }

    /** The holders of a role, in the order they were granted it. */
    public List<Address> roleHolders(Role role) {
        return List.copyOf(staking().roles().holders(role));
    }

    // =====================================================================================
    // Tokens
    // =====================================================================================

    public UInt256 balance(TokenKind token, Address account) {
        return ledger.tokenLedger(token).balanceOf(account);
    }

    /** An address's balances and roles (all zero and none for an address the ledger never saw). */
    public Account account(Address address) {
        List<Role> roles = new ArrayList<>();
        for (Role r : Role.values()) if (hasRole(r, address)) roles.add(r);
        return new Account(address, nonce(address), balance(TokenKind.STAKE, address),
                balance(TokenKind.REWARD, address), List.copyOf(roles));
    }

    /** The next nonce of {@code address}: how many of its signed transactions the ledger applied. */
    public long nonce(Address address) {
        return ledger.accountBook().nonce(address);
    }

    /** What {@code module} holds of {@code token} (a module holds only its own token, but may be sent the other). */
    public UInt256 custody(TokenKind token, Module module) {
        return ledger.tokenLedger(token).custodyOf(module);
    }

    public UInt256 totalSupply(TokenKind token) {
        return ledger.tokenLedger(token).totalSupply();
    }

    /**
     * Every account that ever held {@code token}, with its balance (possibly 0), in address order.
     * O(accounts x log accounts): for state dumps and snapshots, not for pages.
     */
    public List<Balance> balances(TokenKind token) {
        TokenLedger t = ledger.tokenLedger(token);
        List<Balance> out = new ArrayList<>(t.accountCount());
        t.forEachAccount((a, v) -> out.add(new Balance(a, v)));
        out.sort((x, y) -> x.account().compareTo(y.account()));
        return out;
    }

    // =====================================================================================
    // Provers and positions
    // =====================================================================================

    public int proverCount() {
        return staking().proverCount();
    }

    /** A prover's record, or empty when the address is not a registered prover. */
    public Optional<ProverRecord> proverRecord(Address address) {
        Prover p = staking().prover(address);
        return p == null ? Optional.empty() : Optional.of(record(p));
    }

    /** Provers above {@code after} (from the first when null), of {@code state} only when not null. */
    public Page<ProverRecord> provers(ProverState state, Address after, int limit) {
        int n = pageLength(limit);
        List<ProverRecord> out = new ArrayList<>(Math.min(n, 16));
        Iterator<Prover> it = staking().proversAfter(after);
        Address last = null;
        while (it.hasNext() && out.size() < n) {
            Prover p = it.next();
            last = p.address();
            if (state == null || p.state() == state) out.add(record(p));
        }
        return new Page<>(out, it.hasNext() ? last : null);
    }

    /** A position's record, or empty when the staker never staked with the prover. */
    public Optional<PositionRecord> position(Address prover, Address staker) {
        Prover p = staking().prover(prover);
        Stake s = p == null ? null : p.stakeOf(staker);
        return s == null ? Optional.empty() : Optional.of(record(p, s));
    }

    /**
     * A prover's stakers (its positions with active shares) above {@code after}. Looks at no more
     * than {@link #MAX_SCAN} positions: a page among many emptied ones may be short, its
     * {@link Page#next} saying where to go on.
     */
    public Page<PositionRecord> stakers(Address prover, Address after, int limit) {
        return positions(prover, after, limit, true);
    }

    /** Every position of a prover above {@code after}, emptied ones included. */
    public Page<PositionRecord> positions(Address prover, Address after, int limit) {
        return positions(prover, after, limit, false);
    }

    private Page<PositionRecord> positions(Address prover, Address after, int limit, boolean withSharesOnly) {
        int n = pageLength(limit);
        Prover p = staking().prover(prover);
        if (p == null) return new Page<>(List.of(), null);
        List<PositionRecord> out = new ArrayList<>(Math.min(n, 64));
        Iterator<Stake> it = p.positionsAfter(after);
        Address last = null;
        int scanned = 0;
        while (it.hasNext() && out.size() < n && scanned < MAX_SCAN) {
            Stake s = it.next();
            scanned++;
            last = s.staker();
            if (!withSharesOnly || !s.rawShares().isZero()) out.add(record(p, s));
        }
        return new Page<>(out, it.hasNext() ? last : null);
    }

    /** A staker's positions ("my stakes"), one per prover above {@code afterProver}, in prover order. O(provers). */
    public Page<PositionRecord> positionsOf(Address staker, Address afterProver, int limit) {
        int n = pageLength(limit);
        List<PositionRecord> out = new ArrayList<>();
        Iterator<Prover> it = staking().proversAfter(afterProver);
        Address last = null;
        while (it.hasNext() && out.size() < n) {
            Prover p = it.next();
            last = p.address();
            Stake s = p.stakeOf(staker);
            if (s != null) out.add(record(p, s));
        }
        return new Page<>(out, it.hasNext() ? last : null);
    }

    /** Registered provers in registration order. O(provers). */
    public List<Address> allProvers() {
        List<Address> out = new ArrayList<>(proverCount());
        for (Prover p : staking().proversByNumber()) out.add(p.address());
        return out;
    }

    /** Active provers, in address order. O(provers). */
    public List<Address> activeProvers() {
        List<Address> out = new ArrayList<>();
        for (Iterator<Prover> it = staking().proversAfter(null); it.hasNext(); ) {
            Prover p = it.next();
            if (p.state() == ProverState.Active) out.add(p.address());
        }
        return out;
    }

    public EmissionInfo emission() {
        RewardsModule.EmissionStatus e = rewards().emissionAt(time());
        return new EmissionInfo(e.ratePerSecond(), e.budget(), e.totalFunded(), e.totalEmitted(), e.totalWeight(),
                e.acc(), e.carry(), rewards().emission().used());
    }

    public Optional<ProverRewardInternals> rewardInternals(Address prover) {
        Prover p = staking().prover(prover);
        if (p == null) return Optional.empty();
        ProverRewards r = rewards().book(p);
        return Optional.of(new ProverRewardInternals(r.commissionRate(), r.pendingCommission(), r.accRewardPerRawShare(),
                r.commissionCarry(), r.accCarry(), r.emissionWeight(), r.emissionSnapshot(), r.emissionCarry(),
                r.emissionReceived()));
    }

    /** What each module holds against what it owes. O(positions): for checks and reports. */
    public Solvency solvency() {
        return Solvency.of(ledger);
    }

    // ---- the reference contracts' view functions ----

    public Optional<ProverInfo> prover(Address address) {
        Prover p = staking().prover(address);
        if (p == null) return Optional.empty();
        return Optional.of(new ProverInfo(address, p.state(), p.minSelfStake(),
                Shares.effectiveView(p.totalRawShares(), p.scale()),
                Shares.effectiveView(p.selfRawShares(), p.scale()), p.stakerCount()));
    }

    /** A position's stake; all zero when the staker never staked with the prover. */
    public StakeInfo stake(Address prover, Address staker) {
        Prover p = staking().prover(prover);
        Stake s = p == null ? null : p.stakeOf(staker);
        UInt256 commission = p != null && prover.equals(staker)
                ? rewards().projection(p, time()).pendingCommission() : UInt256.ZERO;
        if (s == null) return new StakeInfo(UInt256.ZERO, UInt256.ZERO, List.of(), commission);
        PositionRecord r = record(p, s);
        return new StakeInfo(r.amount(), r.totalPendingUnstake(), r.pendingUnstakes(),
                saturatingAdd(r.pendingRewards(), commission));
    }

    /** A prover's lifecycle state, or empty when it is not registered: O(1), no arithmetic (for callers that need no more). */
    public Optional<ProverState> proverState(Address prover) {
        Prover p = staking().prover(prover);
        return p == null ? Optional.empty() : Optional.of(p.state());
    }

    public Optional<ProverInternals> proverInternals(Address prover) {
        Prover p = staking().prover(prover);
        if (p == null) return Optional.empty();
        return Optional.of(new ProverInternals(p.totalRawShares(), p.pendingRawShares(), p.scale(), p.stakerCount(),
                p.positionCount(), p.pendingQueueBlocks()));
    }

    public StakeInternals stakeInternals(Address prover, Address staker) {
        Prover p = staking().prover(prover);
        Stake s = p == null ? null : p.stakeOf(staker);
        if (s == null) return new StakeInternals(UInt256.ZERO, UInt256.ZERO);
        UInt256 pending = UInt256.ZERO;
        for (int i = 0; i < s.pendingCount(); i++) pending = saturatingAdd(pending, s.pendingRawShares(i));
        return new StakeInternals(s.rawShares(), pending);
    }

    /** The reference's isProverEligible(prover, minimumTotalStake). */
    public Eligibility eligibility(Address prover, UInt256 minimumTotalStake) {
        Prover p = staking().prover(prover);
        UInt256 total = p == null ? UInt256.ZERO : Shares.effectiveView(p.totalRawShares(), p.scale());
        return new Eligibility(staking().isProverEligible(prover, minimumTotalStake), total);
    }

    public Optional<ProverRewardInfo> proverRewards(Address prover) {
        Prover p = staking().prover(prover);
        if (p == null) return Optional.empty();
        RewardsModule.ProverProjection now = rewards().projection(p, time());
        ProverRewards book = rewards().book(p);
        return Optional.of(new ProverRewardInfo(book.commissionRate(), now.pendingCommission(),
                now.accRewardPerRawShare(), now.pendingEmission(), book.emissionWeight()));
    }

    /** Settled and accrued rewards, commission excluded, and the reward debt. */
    public StakerRewardInfo stakerRewards(Address prover, Address staker) {
        Prover p = staking().prover(prover);
        Stake s = p == null ? null : p.stakeOf(staker);
        if (s == null) return new StakerRewardInfo(UInt256.ZERO, UInt256.ZERO);
        return new StakerRewardInfo(rewards().pendingRewards(p, s, time()), s.rewardBook().debt());
    }

    // =====================================================================================

    private ProverRecord record(Prover p) {
        ProverRewards book = rewards().book(p);
        RewardsModule.ProverProjection now = rewards().projection(p, time());
        UInt256 pendingValue = Shares.effectiveView(p.pendingRawShares(), p.scale());
        return new ProverRecord(p.address(), p.state(), p.minSelfStake(), p.totalRawShares(), p.pendingRawShares(),
                p.scale(), Shares.effectiveView(p.totalRawShares(), p.scale()),
                Shares.effectiveView(p.selfRawShares(), p.scale()), pendingValue, p.stakerCount(),
                p.positionCount(), book.commissionRate(), now.pendingCommission(), now.accRewardPerRawShare(),
                book.emissionWeight(), now.pendingEmission(), book.emissionReceived());
    }

    private PositionRecord record(Prover p, Stake s) {
        int n = s.pendingCount();
        List<PendingUnstakeInfo> pending = new ArrayList<>(n);
        UInt256 pendingTotal = UInt256.ZERO;
        long t = time();
        for (int i = 0; i < n; i++) {
            UInt256 raw = s.pendingRawShares(i);
            long requestedAt = s.pendingRequestedAt(i);
            UInt256 amount = Shares.effectiveView(raw, p.scale());
            pendingTotal = saturatingAdd(pendingTotal, amount);
            pending.add(new PendingUnstakeInfo(amount, raw, requestedAt, staking().readyAt(requestedAt),
                    staking().isReady(requestedAt, t)));
        }
        return new PositionRecord(p.address(), s.staker(), s.rawShares(), Shares.effectiveView(s.rawShares(), p.scale()),
                pending, pendingTotal, rewards().pendingRewards(p, s, t), s.rewardBook().debt());
    }

    private static int pageLength(int limit) {
        if (limit < 1) throw new IllegalArgumentException("a page holds at least 1 record, not " + limit);
        return Math.min(limit, MAX_PAGE);
    }

    private StakingModule staking() {
        return ledger.stakingModule();
    }

    private RewardsModule rewards() {
        return ledger.rewardsModule();
    }

    private static UInt256 saturatingAdd(UInt256 a, UInt256 b) {
        Objects.requireNonNull(b);
        return UInt256.MAX.sub(a).lt(b) ? UInt256.MAX : a.add(b);
    }
}
