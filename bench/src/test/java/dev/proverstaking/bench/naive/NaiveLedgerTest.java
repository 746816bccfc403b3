package dev.proverstaking.bench.naive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Role;
import dev.proverstaking.common.Address;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.Genesis;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The naive O(n) baseline and the real O(1) ledger agree, up to rounding, on what every staker
 * holds and is owed after the same history: stakes, rewards, a slash, more stakes and rewards,
 * a withdrawal. So the benchmark compares two implementations of the same thing.
 */
class NaiveLedgerTest {
    static final Address OWNER = Address.ofIndex(900);
    static final Address PROVER = Address.ofIndex(1);
    static final Address PAYER = Address.ofIndex(901);
    static final List<Address> STAKERS = List.of(Address.ofIndex(11), Address.ofIndex(12), Address.ofIndex(13));
    static final UInt256 TOKEN = UInt256.WAD;
    /**
     * Rounding differences allowed per figure: a few units (10^-18 token) per operation, plus the
     * accumulator's: its floor loses less than one unit per 10^18 raw shares, so a position of
     * 10^22 raw shares may receive up to 10^4 units less per reward than its exact share. Relative
     * to the amounts here (10^20 and more) both are below 10^-14.
     */
    static final BigInteger ABSOLUTE_TOLERANCE = BigInteger.valueOf(20);
    static final BigInteger RELATIVE_TOLERANCE_INVERSE = BigInteger.TEN.pow(14);

    private long t = 1_000;
    private Ledger ledger;

    private void apply(Address from, Command c) {
        Receipt r = ledger.apply(new Transaction(from, t++, c));
        assertThat(r.ok()).as("%s: %s %s", c, r.error(), r.detail()).isTrue();
    }

    private static UInt256 tokens(long n) {
        return UInt256.of(n).mul(TOKEN);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void rewardsAndSlashesLandTheSameWayUpToRounding(Profile profile) {
        ledger = new Ledger(new Genesis(t, OWNER, TOKEN, false, profile));
        NaiveLedger naive = new NaiveLedger();

        apply(OWNER, new Command.GrantRole(Role.SLASHER, OWNER));
        apply(OWNER, new Command.Mint(TokenKind.REWARD, PAYER, tokens(1_000_000)));
        apply(OWNER, new Command.Mint(TokenKind.STAKE, PROVER, tokens(1_000_000)));
        for (Address s : STAKERS) apply(OWNER, new Command.Mint(TokenKind.STAKE, s, tokens(1_000_000)));
        apply(PROVER, new Command.InitProver(tokens(100), UInt256.of(1_500)));
        naive.initProver(PROVER, tokens(100), 1_500);
        // room above the minimum self-stake, so that delegations stay open after the slashes
        apply(PROVER, new Command.Stake(PROVER, tokens(1_000)));
        naive.stake(PROVER, PROVER, tokens(1_000));

        long[] firstStakes = {1_000, 2_500, 7_777};
        for (int i = 0; i < STAKERS.size(); i++) {
            UInt256 amount = tokens(firstStakes[i]).add(UInt256.of(i * 12_345L));
            apply(STAKERS.get(i), new Command.Stake(PROVER, amount));
            naive.stake(PROVER, STAKERS.get(i), amount);
        }
        reward(naive, tokens(333).add(UInt256.of(7)));
        slash(naive, 125_000);
        reward(naive, tokens(1_000));
        apply(STAKERS.get(1), new Command.Stake(PROVER, tokens(500)));
        naive.stake(PROVER, STAKERS.get(1), tokens(500));
        reward(naive, UInt256.of(999_999_999_999L));
        slash(naive, 33_333);
        reward(naive, tokens(50));

        // a withdrawal pays what the naive ledger holds for the staker, and leaves both at ~0
        Address first = STAKERS.get(0);
        UInt256 before = ledger.view().balance(TokenKind.REWARD, first);
        apply(first, new Command.WithdrawRewards(PROVER));
        UInt256 paid = ledger.view().balance(TokenKind.REWARD, first).sub(before);
        assertClose("paid to " + first, paid, naive.withdrawRewards(PROVER, first));

        var v = ledger.view();
        for (Address s : List.of(PROVER, STAKERS.get(0), STAKERS.get(1), STAKERS.get(2))) {
            var position = v.position(PROVER, s).orElseThrow();
            assertClose("stake of " + s, position.amount(), naive.amountOf(PROVER, s));
            assertClose("rewards of " + s, position.pendingRewards(), naive.rewardsOf(PROVER, s));
        }
        var prover = v.proverRecord(PROVER).orElseThrow();
        assertClose("commission", prover.pendingCommission(), naive.prover(PROVER).pendingCommission());
        assertClose("total stake", prover.totalStaked(), naive.prover(PROVER).totalStake());
        // the amounts are far from 0: the comparison means something
        assertThat(naive.rewardsOf(PROVER, STAKERS.get(2)).gt(tokens(100))).isTrue();
    }

    private void reward(NaiveLedger naive, UInt256 amount) {
        apply(PAYER, new Command.AddRewards(PROVER, amount));
        naive.addRewards(PROVER, amount);
    }

    private void slash(NaiveLedger naive, long ppm) {
        apply(OWNER, new Command.Slash(PROVER, UInt256.of(ppm)));
        naive.slash(PROVER, UInt256.of(ppm));
    }

    private static void assertClose(String what, UInt256 real, UInt256 naive) {
        BigInteger diff = real.toBigInteger().subtract(naive.toBigInteger()).abs();
        BigInteger tolerance = ABSOLUTE_TOLERANCE.add(naive.toBigInteger().divide(RELATIVE_TOLERANCE_INVERSE));
        assertThat(diff).as("%s: real %s, naive %s", what, real, naive).isLessThanOrEqualTo(tolerance);
    }
}
