package dev.proverstaking.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Role;
import dev.proverstaking.common.Address;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.Genesis;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.LedgerView;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.staking.ProverState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The view functions, with values worked out by hand. */
class LedgerViewTest {
    static final Address OWNER = Address.ofIndex(0);
    static final Address PROVER = Address.ofIndex(1);
    static final Address ALICE = Address.ofIndex(2);
    static final UInt256 TOKEN = UInt256.WAD;
    long t = 1_700_000_000L;
    final Ledger ledger = new Ledger(new Genesis(t, OWNER, TOKEN.mul(UInt256.of(10)), false, Profile.SOLVENT));

    void ok(Address from, Command c) {
        Receipt r = ledger.apply(new Transaction(from, t, c));
        assertThat(r.ok()).as("%s: %s", c, r.error()).isTrue();
    }

    static UInt256 tokens(long n) {
        return TOKEN.mul(UInt256.of(n));
    }

    @Test
    void proverStakeRewardsAndEligibility() {
        ok(OWNER, new Command.Mint(TokenKind.STAKE, PROVER, tokens(100)));
        ok(OWNER, new Command.Mint(TokenKind.STAKE, ALICE, tokens(100)));
        ok(OWNER, new Command.Mint(TokenKind.REWARD, OWNER, tokens(100)));
        ok(OWNER, new Command.GrantRole(Role.SLASHER, OWNER));
        ok(PROVER, new Command.InitProver(tokens(10), UInt256.of(1000)));          // 10% commission
        ok(ALICE, new Command.Stake(PROVER, tokens(30)));
        ok(OWNER, new Command.AddRewards(PROVER, tokens(4)));                      // 0.4 commission, 3.6 over 40 raw
        assertThat(ledger.view().eligibility(PROVER, tokens(40)).eligible()).isTrue();
        assertThat(ledger.view().eligibility(PROVER, tokens(40).add(UInt256.ONE)).eligible()).isFalse();
        ok(OWNER, new Command.Slash(PROVER, UInt256.of(100_000)));                // scale 0.9
        ok(ALICE, new Command.RequestUnstake(PROVER, tokens(9)));                  // 10 raw shares

        LedgerView v = ledger.view();
        LedgerView.ProverInfo info = v.prover(PROVER).orElseThrow();
        assertThat(info.state()).isEqualTo(ProverState.Active);
        assertThat(info.totalStaked()).isEqualTo(tokens(27));                      // 30 raw x 0.9
        assertThat(info.selfEffectiveStake()).isEqualTo(tokens(9));
        assertThat(info.stakerCount()).isEqualTo(2);

        LedgerView.StakeInfo alice = v.stake(PROVER, ALICE);
        assertThat(alice.amount()).isEqualTo(tokens(18));                          // 20 raw x 0.9
        assertThat(alice.totalPendingUnstake()).isEqualTo(tokens(9));
        assertThat(alice.pendingUnstakes()).singleElement().satisfies(p -> {
            assertThat(p.rawShares()).isEqualTo(tokens(10));
            assertThat(p.ready()).isFalse();
        });
        // 3.6 tokens over 40 raw shares = 0.09 per raw share; Alice had 30 raw shares then
        assertThat(alice.pendingRewards()).isEqualTo(UInt256.of(2_700_000_000_000_000_000L));
        assertThat(v.stakerRewards(PROVER, ALICE).pendingRewards()).isEqualTo(UInt256.of(2_700_000_000_000_000_000L));
        // the prover's own view includes its commission: 0.9 + 0.4
        assertThat(v.stake(PROVER, PROVER).pendingRewards()).isEqualTo(UInt256.of(1_300_000_000_000_000_000L));
        assertThat(v.proverRewards(PROVER).orElseThrow().pendingCommission()).isEqualTo(UInt256.of(400_000_000_000_000_000L));

        assertThat(v.proverInternals(PROVER).orElseThrow().pendingRawShares()).isEqualTo(tokens(10));
        assertThat(v.stakeInternals(PROVER, ALICE).totalPendingRawShares()).isEqualTo(tokens(10));

        // self-stake 9 < its minimum 10 after the slash: not eligible whatever the threshold
        assertThat(v.eligibility(PROVER, UInt256.ZERO).eligible()).isFalse();
        assertThat(v.eligibility(PROVER, tokens(28)).currentTotalStake()).isEqualTo(tokens(27));

        t += 7 * 86_400;
        assertThat(ledger.view().stake(PROVER, ALICE).pendingUnstakes()).isNotEmpty();
        ok(ALICE, new Command.Mint(TokenKind.STAKE, ALICE, UInt256.ONE)); // time passes for the ledger
        assertThat(ledger.view().stake(PROVER, ALICE).pendingUnstakes().get(0).ready()).isTrue();

        assertThat(v.stake(PROVER, OWNER).amount()).isEqualTo(UInt256.ZERO);
        assertThat(v.prover(ALICE)).isEmpty();
    }

    @Test
    void stakersArePagedByCursorAndPagesCoverEveryStakerOnceInAddressOrder() {
        ok(OWNER, new Command.Mint(TokenKind.STAKE, PROVER, tokens(100)));
        ok(PROVER, new Command.InitProver(tokens(10), UInt256.ZERO));
        for (int i = 10; i < 2510; i++) {
            Address s = Address.ofIndex(i);
            ok(OWNER, new Command.Mint(TokenKind.STAKE, s, tokens(1)));
            ok(s, new Command.Stake(PROVER, tokens(1)));
        }
        ok(Address.ofIndex(10), new Command.RequestUnstakeAll(PROVER));
        LedgerView v = ledger.view();
        List<Address> seen = new ArrayList<>();
        int pages = 0;
        Address cursor = null;
        do {
            LedgerView.Page<LedgerView.PositionRecord> page = v.stakers(PROVER, cursor, 5000);
            pages++;
            assertThat(page.items().size()).isLessThanOrEqualTo(LedgerView.MAX_PAGE);
            page.items().forEach(r -> seen.add(r.staker()));
            cursor = page.next();
            if (cursor != null) assertThat(cursor).isEqualTo(page.items().get(page.items().size() - 1).staker());
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(2500).doesNotHaveDuplicates().contains(PROVER).doesNotContain(Address.ofIndex(10));
        assertThat(seen).isSorted();
        assertThat(v.proverRecord(PROVER).orElseThrow().stakerCount()).isEqualTo(2500);
        // every position, the emptied one included
        assertThat(v.positions(PROVER, null, 3).items()).extracting(LedgerView.PositionRecord::staker)
                .containsExactly(PROVER, Address.ofIndex(10), Address.ofIndex(11));
    }

    /** The review's reproduction: offset pages over a swap-and-pop list shifted when a staker left. */
    @Test
    void aPageReadByCursorDoesNotShiftWhenStakersBeforeOrInItComeAndGo() {
        ok(OWNER, new Command.Mint(TokenKind.STAKE, PROVER, tokens(100)));
        ok(PROVER, new Command.InitProver(tokens(10), UInt256.ZERO));
        for (int i = 10; i < 20; i++) {
            Address s = Address.ofIndex(i);
            ok(OWNER, new Command.Mint(TokenKind.STAKE, s, tokens(5)));
            ok(s, new Command.Stake(PROVER, tokens(1)));
        }
        LedgerView v = ledger.view();
        LedgerView.Page<LedgerView.PositionRecord> first = v.stakers(PROVER, null, 3);
        LedgerView.Page<LedgerView.PositionRecord> second = v.stakers(PROVER, first.next(), 3);
        List<Address> secondBefore = second.items().stream().map(LedgerView.PositionRecord::staker).toList();
        assertThat(secondBefore).containsExactly(Address.ofIndex(12), Address.ofIndex(13), Address.ofIndex(14));

        ok(Address.ofIndex(10), new Command.RequestUnstakeAll(PROVER));      // one before the cursor leaves
        ok(Address.ofIndex(19), new Command.RequestUnstakeAll(PROVER));      // the last one leaves
        Address newcomer = Address.ofIndex(5);                                // joins before the cursor
        ok(OWNER, new Command.Mint(TokenKind.STAKE, newcomer, tokens(1)));
        ok(newcomer, new Command.Stake(PROVER, tokens(1)));
        assertThat(v.stakers(PROVER, first.next(), 3).items()).extracting(LedgerView.PositionRecord::staker)
                .containsExactlyElementsOf(secondBefore);

        ok(Address.ofIndex(13), new Command.RequestUnstakeAll(PROVER));      // one in the page leaves: only it goes
        assertThat(v.stakers(PROVER, first.next(), 3).items()).extracting(LedgerView.PositionRecord::staker)
                .containsExactly(Address.ofIndex(12), Address.ofIndex(14), Address.ofIndex(15));
    }

    @Test
    void aStakersPositionsAcrossProversAndProversByStateArePagedByCursor() {
        List<Address> provers = List.of(Address.ofIndex(3), Address.ofIndex(4), Address.ofIndex(5), Address.ofIndex(6));
        for (Address p : provers) {
            ok(OWNER, new Command.Mint(TokenKind.STAKE, p, tokens(100)));
            ok(p, new Command.InitProver(tokens(10), UInt256.of(100)));
        }
        ok(OWNER, new Command.Mint(TokenKind.STAKE, ALICE, tokens(100)));
        ok(ALICE, new Command.Stake(provers.get(0), tokens(1)));
        ok(ALICE, new Command.Stake(provers.get(2), tokens(2)));
        ok(ALICE, new Command.Stake(provers.get(3), tokens(3)));
        ok(OWNER, new Command.DeactivateProver(provers.get(1)));

        LedgerView v = ledger.view();
        LedgerView.Page<LedgerView.PositionRecord> mine = v.positionsOf(ALICE, null, 2);
        assertThat(mine.items()).extracting(LedgerView.PositionRecord::prover).containsExactly(provers.get(0), provers.get(2));
        assertThat(mine.items()).extracting(LedgerView.PositionRecord::amount).containsExactly(tokens(1), tokens(2));
        LedgerView.Page<LedgerView.PositionRecord> rest = v.positionsOf(ALICE, mine.next(), 2);
        assertThat(rest.items()).extracting(LedgerView.PositionRecord::prover).containsExactly(provers.get(3));
        assertThat(rest.next()).isNull();
        assertThat(v.positionsOf(Address.ofIndex(99), null, 10).items()).isEmpty();

        assertThat(v.provers(ProverState.Active, null, 10).items()).extracting(LedgerView.ProverRecord::address)
                .containsExactly(provers.get(0), provers.get(2), provers.get(3));
        assertThat(v.provers(ProverState.Deactivated, null, 10).items()).extracting(LedgerView.ProverRecord::address)
                .containsExactly(provers.get(1));
        LedgerView.Page<LedgerView.ProverRecord> two = v.provers(null, null, 2);
        assertThat(two.next()).isEqualTo(provers.get(1));
        assertThat(v.provers(null, two.next(), 2).items()).extracting(LedgerView.ProverRecord::address)
                .containsExactly(provers.get(2), provers.get(3));
        assertThat(v.proverRecord(provers.get(3)).orElseThrow().stakerCount()).isEqualTo(2);
        assertThat(v.account(ALICE).stake()).isEqualTo(tokens(94));
    }

    /** viewAt(t) answers as of t: a request that completeUnstake pays at t shows ready at t. */
    @Test
    void viewAtReportsAnUnstakeReadyAtItsOwnTime() {
        dev.proverstaking.ledger.LedgerFixture f = new dev.proverstaking.ledger.LedgerFixture(Profile.REFERENCE, 0);
        Address p = dev.proverstaking.ledger.LedgerFixture.P;
        Address a = dev.proverstaking.ledger.LedgerFixture.A;
        f.prover(p, 1000, 0);
        f.delegate(a, p, 500);
        f.ok(a, dev.proverstaking.ledger.Cmd.unstake(p, 100));
        long later = f.now() + dev.proverstaking.ledger.LedgerFixture.DELAY;
        assertThat(f.ledger.viewAt(later - 1).stake(p, a).pendingUnstakes().get(0).ready()).isFalse();
        LedgerView.PendingUnstakeInfo atLater = f.ledger.viewAt(later).stake(p, a).pendingUnstakes().get(0);
        assertThat(f.ledger.view().stake(p, a).pendingUnstakes().get(0).ready()).as("now").isFalse();
        f.at(later);
        f.ok(a, dev.proverstaking.ledger.Cmd.complete(p));
        assertThat(atLater.ready()).as("viewAt(t) readiness of a request that completes at t").isTrue();
    }
}
