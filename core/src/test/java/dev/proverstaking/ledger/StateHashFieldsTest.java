package dev.proverstaking.ledger;

import static dev.proverstaking.ledger.LedgerFixture.A;
import static dev.proverstaking.ledger.LedgerFixture.OWNER;
import static dev.proverstaking.ledger.LedgerFixture.P;
import static dev.proverstaking.ledger.LedgerFixture.PAYER;
import static dev.proverstaking.ledger.LedgerFixture.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.Role;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rewards.ProverRewards;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.staking.Prover;
import dev.proverstaking.staking.Stake;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every field of every record of the state is in the state hash: each field of each object that
 * holds state (the ledger's clock and genesis, the modules' parameters and treasuries, the emission
 * pool, the tokens' supply, the owners, each prover, position, reward book and account, each role's
 * holders, each pending request) is changed in place, one at a time, and the hash from scratch must
 * change, and come back when the field does. Fields are found by reflection: a field added later
 * fails this test until it is in its record's encoding, or listed here as not state (with why).
 */
class StateHashFieldsTest {
    /** Fields that are not state, by class: derived from other records, collaborators, or the journal's mark. */
    static final Map<String, Set<String>> NOT_STATE = Map.of(
            "Ledger", Set.of("events", "sink", "effects", "journal", "singletons", "accounts", "stakeToken", "rewardToken",
                    "staking", "rewards", "view", "readAhead", "failure"),
            "StakingModule", Set.of("rules", "custody", "ownership", "roles", "events", "effects", "journal",
                    "weightChanges", "positionBooks", "rewards", "provers", "byNumber", "byAddress"),
            "RewardsModule", Set.of("rules", "custody", "ownership", "events", "effects", "provers", "positionBooks",
                    "journal", "books", "emission", "undoLastAccrual", "undoPool", "undoBooks", "undoBookStates", "undoTreasury"),
            "EmissionPool", Set.of(),
            "Ownership", Set.of("module", "events", "effects"),
            // the custody balances are the token's record too: changed below through the token's custody accounts
            "TokenLedger", Set.of("kind", "events", "book", "slot", "opened", "custody"),
            // stakerCount: the positions with shares; stakes, stakesByAddress, pendingQueues: its positions' records
            "Prover", Set.of("weightChanges", "journal", "stakerCount", "weightChangeListed", "inJournal", "stakes",
                    "stakesByAddress", "pendingQueues"),
            // pendingAt: a handle into its queues; the queue's content is changed below, request by request
            "Stake", Set.of("queues", "inJournal", "pendingAt"),
            "ProverRewards", Set.of("inJournal"),
            "Account", Set.of());

    @ParameterizedTest
    @EnumSource(Profile.class)
    void changingAnyFieldOfAnyRecordChangesTheHash(Profile profile) throws Exception {
        LedgerFixture f = richLedger(profile);
        Ledger l = f.ledger;
        StateHash h0 = StateHash.fromScratch(l);
        List<String> covered = new ArrayList<>();

        check(l, h0, l, "Ledger", covered);
        check(l, h0, l.stakingModule(), "StakingModule", covered);
        check(l, h0, l.rewardsModule(), "RewardsModule", covered);
        check(l, h0, l.rewardsModule().emission(), "EmissionPool", covered);
        for (Module m : Module.values()) {
            check(l, h0, m == Module.STAKING ? l.stakingModule().ownership() : l.rewardsModule().ownership(), "Ownership", covered);
        }
        for (TokenKind k : TokenKind.values()) {
            Object token = l.tokenLedger(k);
            check(l, h0, token, "TokenLedger", covered);
            // each custody: its balance in this token's slot
            int slot = (int) field(token, "slot").get(token);
            for (Object custody : (Object[]) field(token, "custody").get(token)) {
                for (String limb : slot == 0 ? List.of("a0", "a1") : List.of("b0", "b1")) {
                    perturb(l, h0, custody, field(custody, limb), "custody." + limb, covered);
                }
            }
        }
        for (Prover p : l.stakingModule().proversByNumber()) {
            check(l, h0, p, "Prover", covered);
            ProverRewards book = l.rewardsModule().book(p);
            check(l, h0, book, "ProverRewards", covered);
            for (Iterator<Stake> it = p.positionsAfter(null); it.hasNext(); ) {
                Stake s = it.next();
                check(l, h0, s, "Stake", covered);
                pendingRequests(l, h0, s, covered);
            }
        }
        List<Object> accounts = new ArrayList<>();
        l.accountBook().forEachRecord(accounts::add);
        for (Object a : accounts) {
            check(l, h0, a, "Account", covered);
            // the journal's mark in its bits is not state
            Field bits = field(a, "bits");
            int was = bits.getInt(a);
            bits.setInt(a, was ^ 4);
            assertThat(StateHash.fromScratch(l)).as("the account's journal mark").isEqualTo(h0);
            bits.setInt(a, was);
        }
        roleHolders(l, h0, covered);
        assertThat(StateHash.fromScratch(l)).isEqualTo(h0);
        assertThat(covered).as("fields changed").hasSizeGreaterThan(120)
                .contains("Ledger.now", "Ledger.applied", "Ledger.genesis.owner", "EmissionPool.lastAccrual",
                        "EmissionPool.used", "Stake.keyHi", "Stake.high[3]", "Account.bits", "Account.high[4]",
                        "Stake.pending[0].requestedAt", "ProverRewards.emissionCarry", "Prover.number", "role SLASHER order");
    }

    /** A ledger with every kind of record and most fields away from their defaults. */
    static LedgerFixture richLedger(Profile profile) {
        LedgerFixture f = AtomicityTest.busy(profile);
        f.ok(OWNER, new Command.GrantRole(Role.MINTER, PAYER));
        f.ok(OWNER, new Command.GrantRole(Role.SLASHER, A));
        f.mintReward(OWNER, 1_000_000);
        f.ok(OWNER, new Command.FundEmission(UInt256.of(500_000)));
        f.ok(OWNER, new Command.SetEmissionRate(UInt256.of(3)));
        f.advance(1000).ok(STRANGER, new Command.Poke(P));
        f.ok(A, Cmd.withdraw(P));
        f.ledger.apply(new Transaction(STRANGER, f.now(), Cmd.setParam(dev.proverstaking.common.GlobalParam.UnstakeDelay, 1), 0));
        assertThat(f.ledger.view().nonce(STRANGER)).isEqualTo(1);
        return f;
    }

    /** Changes each field of {@code o} (its class's and its superclasses' in the core) that is state. */
    static void check(Ledger l, StateHash h0, Object o, String kind, List<String> covered) throws Exception {
        Set<String> notState = NOT_STATE.get(kind);
        for (Class<?> c = o.getClass(); c != null && c.getName().startsWith("dev.proverstaking."); c = c.getSuperclass()) {
            for (Field fd : c.getDeclaredFields()) {
                if (Modifier.isStatic(fd.getModifiers()) || fd.isSynthetic() || notState.contains(fd.getName())) continue;
                fd.setAccessible(true);
                perturb(l, h0, o, fd, kind + "." + fd.getName(), covered);
            }
        }
    }

    /** Each way of changing the field's value: the hash must change, and come back. */
    static void perturb(Ledger l, StateHash h0, Object o, Field fd, String name, List<String> covered) throws Exception {
        fd.setAccessible(true);
        Object was = fd.get(o);
        Class<?> t = fd.getType();
        List<Object> others = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (t == long.class) {
            long v = (long) was;
            others.add(v ^ 1);
            others.add(v ^ (1L << 45));
        } else if (t == int.class) {
            int v = (int) was;
            others.add(v ^ 1);
            others.add(v ^ (1 << 20));
        } else if (t == boolean.class) {
            others.add(!(boolean) was);
        } else if (t == UInt256.class) {
            UInt256 v = (UInt256) was;
            others.add(UInt256.ofLimbs(v.limb(0) ^ 1, v.limb(1), v.limb(2), v.limb(3)));
            others.add(UInt256.ofLimbs(v.limb(0), v.limb(1), v.limb(2), v.limb(3) ^ (1L << 40)));
        } else if (t == Address.class) {
            Address a = (Address) was;
            others.add(new Address(a.hi() ^ 1, a.mid(), a.lo()));
            others.add(new Address(a.hi(), a.mid(), a.lo() ^ 1));
        } else if (t.isEnum()) {
            Object[] constants = t.getEnumConstants();
            others.add(constants[(((Enum<?>) was).ordinal() + 1) % constants.length]);
        } else if (t == Genesis.class) {
            Genesis g = (Genesis) was;
            Address owner = new Address(g.owner().hi(), g.owner().mid(), g.owner().lo() ^ 1);
            Profile other = g.profile() == Profile.SOLVENT ? Profile.REFERENCE : Profile.SOLVENT;
            others.add(new Genesis(g.timestamp() + 1, g.owner(), g.globalMinSelfStake(), g.sameToken(), g.profile()));
            others.add(new Genesis(g.timestamp(), owner, g.globalMinSelfStake(), g.sameToken(), g.profile()));
            others.add(new Genesis(g.timestamp(), g.owner(), g.globalMinSelfStake().add(UInt256.ONE), g.sameToken(), g.profile()));
            others.add(new Genesis(g.timestamp(), g.owner(), g.globalMinSelfStake(), !g.sameToken(), g.profile()));
            others.add(new Genesis(g.timestamp(), g.owner(), g.globalMinSelfStake(), g.sameToken(), other));
            names.addAll(List.of(".timestamp", ".owner", ".globalMinSelfStake", ".sameToken", ".profile"));
        } else if (t == long[].class) {
            // the high limbs (and an account's nonce above its low bits): each element, allocated if need be
            long[] arr = (long[]) was;
            int n = arr != null ? arr.length : fd.getDeclaringClass().getSimpleName().equals("Account") ? 5 : 4;
            for (int i = 0; i < n; i++) {
                long[] changed = arr == null ? new long[n] : arr.clone();
                changed[i] ^= 1L << 3;
                others.add(changed);
                names.add("[" + i + "]");
            }
        } else {
            fail("%s: no way to change a field of type %s here; is it state? (then encode it and teach this test)", name, t);
        }
        for (int i = 0; i < others.size(); i++) {
            String what = name + (names.isEmpty() ? "" : names.get(i));
            fd.set(o, others.get(i));
            StateHash h = StateHash.fromScratch(l);
            fd.set(o, was);
            assertThat(h).as("the hash after changing %s", what).isNotEqualTo(h0);
            if (!covered.contains(what)) covered.add(what);
        }
        assertThat(StateHash.fromScratch(l)).as("%s changed back", name).isEqualTo(h0);
    }

    /** Every word of every pending request of {@code s}, and its queue's length. */
    static void pendingRequests(Ledger l, StateHash h0, Stake s, List<String> covered) throws Exception {
        int n = s.pendingCount();
        if (n == 0) return;
        Object queues = field(s, "queues").get(s);
        int handle = field(s, "pendingAt").getInt(s);
        Method page = queues.getClass().getDeclaredMethod("page", int.class);
        Method request = queues.getClass().getDeclaredMethod("request", int.class, int.class);
        page.setAccessible(true);
        request.setAccessible(true);
        long[] words = (long[]) page.invoke(queues, handle);
        String[] parts = {"raw0", "raw1", "raw2", "raw3", "requestedAt"};
        for (int i = 0; i < n; i++) {
            int at = (int) request.invoke(queues, handle, i);
            for (int k = 0; k < parts.length; k++) {
                words[at + k] ^= 1L << 5;
                StateHash h = StateHash.fromScratch(l);
                words[at + k] ^= 1L << 5;
                assertThat(h).as("request %d's %s", i, parts[k]).isNotEqualTo(h0);
                covered.add("Stake.pending[" + i + "]." + parts[k]);
            }
        }
        // the queue's length: one request fewer
        int lengthAt = (int) request.invoke(queues, handle, 0) - 1;
        words[lengthAt]--;
        StateHash h = StateHash.fromScratch(l);
        words[lengthAt]++;
        assertThat(h).as("the queue's length").isNotEqualTo(h0);
        assertThat(StateHash.fromScratch(l)).isEqualTo(h0);
    }

    /** Each role's holders: one more, and (with two or more) in another order. */
    @SuppressWarnings("unchecked")
    static void roleHolders(Ledger l, StateHash h0, List<String> covered) throws Exception {
        Object roles = l.stakingModule().roles();
        Map<Role, Object> members = (Map<Role, Object>) field(roles, "members").get(roles);
        for (Map.Entry<Role, Object> e : members.entrySet()) {
            LinkedHashSet<Address> set = (LinkedHashSet<Address>) field(e.getValue(), "set").get(e.getValue());
            List<Address> was = new ArrayList<>(set);
            set.add(Address.ofIndex(123_456));
            StateHash more = StateHash.fromScratch(l);
            set.clear();
            set.addAll(was);
            assertThat(more).as("role %s with one more holder", e.getKey()).isNotEqualTo(h0);
            covered.add("role " + e.getKey() + " holders");
            if (was.size() >= 2) {
                List<Address> reversed = new ArrayList<>(was);
                java.util.Collections.reverse(reversed);
                set.clear();
                set.addAll(reversed);
                StateHash order = StateHash.fromScratch(l);
                set.clear();
                set.addAll(was);
                assertThat(order).as("role %s's holders in another order", e.getKey()).isNotEqualTo(h0);
                covered.add("role " + e.getKey() + " order");
            }
        }
        assertThat(StateHash.fromScratch(l)).isEqualTo(h0);
    }

    static Field field(Object o, String name) throws NoSuchFieldException {
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                // the superclass's
            }
        }
        throw new NoSuchFieldException(name);
    }
}
