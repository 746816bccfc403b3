package dev.proverstaking.emission;

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
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import dev.proverstaking.testing.Seeds;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/**
 * VP-019 for time-based emission, as seeded property tests: how a period is chunked by
 * settlements and claims must not change what anyone is paid (exactly in {@code solvent}, within
 * one unit per settlement in {@code reference}), and provers are paid in proportion to their
 * effective stake. Every failure names its seed.
 */
class EmissionChunkingPropertyTest {
    static final long[] FIXED_SEEDS = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89};
    static final Address OWNER = Address.ofIndex(0);
    static final Address FUNDER = Address.ofIndex(1);
    static final UInt256 TOKEN = UInt256.WAD;
    static final long T0 = 1_700_000_000L;

    static void forEachSeed(LongConsumer body) {
        Seeds.forEach(FIXED_SEEDS, body);
    }

    /** A random network: provers with commissions, stakers, a funded emission at a random rate. */
    record Setup(Profile profile, List<Address> provers, List<Address> stakers, List<Transaction> txs, long horizon) {
        Ledger build() {
            Ledger l = new Ledger(new Genesis(T0, OWNER, TOKEN, false, profile));
            for (Transaction tx : txs) {
                Receipt r = l.apply(tx);
                assertThat(r.ok()).as("setup %s: %s", tx.command(), r.error()).isTrue();
            }
            return l;
        }

        static Setup random(Profile profile, SplittableRandom rng) {
            List<Address> provers = new ArrayList<>();
            List<Address> stakers = new ArrayList<>();
            List<Transaction> txs = new ArrayList<>();
            int np = 1 + rng.nextInt(4), ns = rng.nextInt(6);
            for (int i = 0; i < np; i++) provers.add(Address.ofIndex(100 + i));
            for (int i = 0; i < ns; i++) stakers.add(Address.ofIndex(200 + i));
            txs.add(new Transaction(OWNER, T0, new Command.Mint(TokenKind.REWARD, FUNDER, TOKEN.mul(UInt256.of(1_000_000_000)))));
            for (Address p : provers) {
                UInt256 self = amount(rng);
                txs.add(new Transaction(OWNER, T0, new Command.Mint(TokenKind.STAKE, p, self)));
                txs.add(new Transaction(p, T0, new Command.InitProver(self, UInt256.of(rng.nextInt(10_001)))));
            }
            for (Address s : stakers) {
                UInt256 a = amount(rng);
                txs.add(new Transaction(OWNER, T0, new Command.Mint(TokenKind.STAKE, s, a)));
                txs.add(new Transaction(s, T0, new Command.Stake(provers.get(rng.nextInt(np)), a)));
            }
            UInt256 rate = switch (rng.nextInt(3)) {
                case 0 -> UInt256.of(1 + rng.nextInt(1000));                 // a few units per second
                case 1 -> TOKEN.div(UInt256.of(1 + rng.nextInt(1000)));      // fractions of a token
                default -> TOKEN.mul(UInt256.of(1 + rng.nextInt(5)));        // whole tokens
            };
            long horizon = 60 + rng.nextInt(7 * 86_400);
            // sometimes the budget runs out before the horizon
            UInt256 budget = rng.nextInt(4) == 0 ? rate.mul(UInt256.of(1 + rng.nextInt((int) horizon))) : rate.mul(UInt256.of(horizon + 1));
            txs.add(new Transaction(FUNDER, T0, new Command.FundEmission(budget)));
            txs.add(new Transaction(OWNER, T0, new Command.SetEmissionRate(rate)));
            return new Setup(profile, provers, stakers, txs, horizon);
        }

        static UInt256 amount(SplittableRandom rng) {
            return TOKEN.mul(UInt256.of(1 + rng.nextInt(10_000))).add(UInt256.of(rng.nextLong(1_000_000_000_000_000_000L)));
        }

        /** Everyone's reward balance after all settle and withdraw at the horizon. */
        BigInteger[] payoutsAtHorizon(Ledger l) {
            long end = T0 + horizon;
            for (Address p : provers) l.apply(new Transaction(OWNER, end, new Command.Poke(p)));
            List<Address> all = new ArrayList<>(provers);
            all.addAll(stakers);
            BigInteger[] out = new BigInteger[all.size()];
            for (int i = 0; i < all.size(); i++) {
                Address a = all.get(i);
                for (Address p : provers) l.apply(new Transaction(a, end, new Command.WithdrawRewards(p)));
                out[i] = l.view().balance(TokenKind.REWARD, a).toBigInteger();
            }
            return out;
        }
    }

    @Test
    void settlingOnceOrAtManyMomentsPaysTheSame() {
        for (Profile profile : Profile.values()) {
            forEachSeed(seed -> {
                SplittableRandom rng = new SplittableRandom(seed);
                for (int c = 0; c < 12; c++) {
                    Setup setup = Setup.random(profile, rng);
                    BigInteger[] once = setup.payoutsAtHorizon(setup.build());

                    Ledger chunked = setup.build();
                    int k = 1 + rng.nextInt(60);
                    TreeSet<Long> moments = new TreeSet<>();
                    for (int i = 0; i < k; i++) moments.add(T0 + rng.nextLong(setup.horizon()));
                    int settlements = 0;
                    for (long m : moments) {
                        Address p = setup.provers().get(rng.nextInt(setup.provers().size()));
                        // a poke, or a claim by the prover or a staker: each settles the prover
                        Address who = rng.nextBoolean() ? OWNER : (setup.stakers().isEmpty() || rng.nextBoolean()
                                ? p : setup.stakers().get(rng.nextInt(setup.stakers().size())));
                        Command cmd = who == OWNER ? new Command.Poke(p) : new Command.WithdrawRewards(p);
                        chunked.apply(new Transaction(who, m, cmd));
                        settlements++;
                    }
                    BigInteger[] split = setup.payoutsAtHorizon(chunked);
                    for (int i = 0; i < once.length; i++) {
                        BigInteger diff = once[i].subtract(split[i]).abs();
                        if (profile == Profile.SOLVENT) {
                            assertThat(split[i]).as("case %d, account %d of %s, %d settlements: solvent pays exactly the same", c, i, setup, settlements)
                                    .isEqualTo(once[i]);
                        } else {
                            // reference rounds each settlement away: under one unit at the pool and at the
                            // prover's share, and, like the reference's addRewards, under one unit per 1e18
                            // raw shares in the per-raw-share accumulator (that dust goes to the treasury)
                            BigInteger perSettlement = BigInteger.valueOf(3).add(maxRawShares(chunked).divide(UInt256.WAD.toBigInteger()));
                            assertThat(diff).as("case %d, account %d, %d settlements", c, i, settlements)
                                    .isLessThanOrEqualTo(perSettlement.multiply(BigInteger.valueOf(settlements + 1)));
                        }
                    }
                }
            });
        }
    }

    static BigInteger maxRawShares(Ledger l) {
        BigInteger max = BigInteger.ZERO;
        for (var p : l.view().allProvers()) max = max.max(l.view().proverRecord(p).orElseThrow().totalRawShares().toBigInteger());
        return max;
    }

    @Test
    void aStakerWhoClaimsEverySecondForAnHourGetsWhatOneClaimGets() {
        for (Profile profile : Profile.values()) {
            forEachSeed(seed -> {
                SplittableRandom rng = new SplittableRandom(seed);
                Address prover = Address.ofIndex(100), frequent = Address.ofIndex(200), once = Address.ofIndex(201);
                Ledger l = new Ledger(new Genesis(T0, OWNER, TOKEN, false, profile));
                UInt256 self = Setup.amount(rng), stake = Setup.amount(rng);
                l.apply(new Transaction(OWNER, T0, new Command.Mint(TokenKind.STAKE, prover, self)));
                l.apply(new Transaction(OWNER, T0, new Command.Mint(TokenKind.STAKE, frequent, stake)));
                l.apply(new Transaction(OWNER, T0, new Command.Mint(TokenKind.STAKE, once, stake)));
                l.apply(new Transaction(OWNER, T0, new Command.Mint(TokenKind.REWARD, FUNDER, TOKEN.mul(UInt256.of(1_000_000)))));
                assertThat(l.apply(new Transaction(prover, T0, new Command.InitProver(self, UInt256.of(rng.nextInt(10_001))))).ok()).isTrue();
                assertThat(l.apply(new Transaction(frequent, T0, new Command.Stake(prover, stake))).ok()).isTrue();
                assertThat(l.apply(new Transaction(once, T0, new Command.Stake(prover, stake))).ok()).isTrue();
                UInt256 rate = UInt256.of(1 + rng.nextLong(1_000_000_000_000_000L));
                l.apply(new Transaction(FUNDER, T0, new Command.FundEmission(rate.mul(UInt256.of(3601)))));
                l.apply(new Transaction(OWNER, T0, new Command.SetEmissionRate(rate)));
                for (int s = 1; s <= 3600; s++) l.apply(new Transaction(frequent, T0 + s, new Command.WithdrawRewards(prover)));
                l.apply(new Transaction(once, T0 + 3600, new Command.WithdrawRewards(prover)));
                UInt256 a = l.view().balance(TokenKind.REWARD, frequent);
                UInt256 b = l.view().balance(TokenKind.REWARD, once);
                assertThat(a).as("%s: claims every second vs once", profile).isEqualTo(b);
                assertThat(a.isZero()).as("%s: something was paid (rate %s)", profile, rate).isFalse();
            });
        }
    }

    @Test
    void proversArePaidInProportionToTheirEffectiveStake() {
        forEachSeed(seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            for (int c = 0; c < 20; c++) {
                Address p1 = Address.ofIndex(100), p2 = Address.ofIndex(101);
                Profile profile = rng.nextBoolean() ? Profile.SOLVENT : Profile.REFERENCE;
                Ledger l = new Ledger(new Genesis(T0, OWNER, TOKEN, false, profile));
                UInt256 a = Setup.amount(rng), b = Setup.amount(rng);
                l.apply(new Transaction(OWNER, T0, new Command.Mint(TokenKind.STAKE, p1, a)));
                l.apply(new Transaction(OWNER, T0, new Command.Mint(TokenKind.STAKE, p2, b)));
                l.apply(new Transaction(OWNER, T0, new Command.Mint(TokenKind.REWARD, FUNDER, TOKEN.mul(UInt256.of(1_000_000_000)))));
                l.apply(new Transaction(p1, T0, new Command.InitProver(a, UInt256.of(rng.nextInt(10_001)))));
                l.apply(new Transaction(p2, T0, new Command.InitProver(b, UInt256.of(rng.nextInt(10_001)))));
                if (rng.nextBoolean()) {
                    // a slash changes the effective stake, and so the ratio, from then on
                    l.apply(new Transaction(OWNER, T0, new Command.GrantRole(Role.SLASHER, OWNER)));
                    l.apply(new Transaction(OWNER, T0, new Command.Slash(p1, UInt256.of(rng.nextInt(500_001)))));
                    a = l.view().proverRecord(p1).orElseThrow().totalStaked();
                }
                UInt256 rate = TOKEN.div(UInt256.of(1 + rng.nextInt(1000)));
                long horizon = 1 + rng.nextInt(30 * 86_400);
                l.apply(new Transaction(FUNDER, T0, new Command.FundEmission(rate.mul(UInt256.of(horizon)))));
                l.apply(new Transaction(OWNER, T0, new Command.SetEmissionRate(rate)));
                TreeSet<Long> moments = new TreeSet<>();
                for (int i = 0, k = rng.nextInt(10); i < k; i++) moments.add(T0 + rng.nextLong(horizon));
                for (long m : moments) l.apply(new Transaction(OWNER, m, new Command.Poke(rng.nextBoolean() ? p1 : p2)));
                l.apply(new Transaction(OWNER, T0 + horizon, new Command.Poke(p1)));
                l.apply(new Transaction(OWNER, T0 + horizon, new Command.Poke(p2)));
                BigInteger r1 = l.view().proverRecord(p1).orElseThrow().emissionReceived().toBigInteger();
                BigInteger r2 = l.view().proverRecord(p2).orElseThrow().emissionReceived().toBigInteger();
                BigInteger total = rate.toBigInteger().multiply(BigInteger.valueOf(horizon));
                // r1 / r2 = a / b up to rounding: |r1 * b - r2 * a| <= (a + b) * (settlements + 1)
                BigInteger skew = r1.multiply(b.toBigInteger()).subtract(r2.multiply(a.toBigInteger())).abs();
                assertThat(skew).as("case %d (%s): %s : %s received %s : %s", c, profile, a, b, r1, r2)
                        .isLessThanOrEqualTo(a.toBigInteger().add(b.toBigInteger()).multiply(BigInteger.valueOf(12)));
                assertThat(r1.add(r2)).as("case %d: no more than funded", c).isLessThanOrEqualTo(total);
                assertThat(total.subtract(r1.add(r2))).as("case %d: all but rounding emitted", c).isLessThanOrEqualTo(BigInteger.valueOf(24));
            }
        });
    }
}
