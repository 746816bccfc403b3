package dev.proverstaking.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link AddressIndex} against {@link TreeSet}: after any sequence of insertions (random order,
 * ascending order, addresses that share their first or their first two fields), iterating from
 * any cursor gives exactly the addresses above it, in ascending order. Failures name their seed.
 */
class AddressIndexTest {
    static final class Rec extends AddressKeyed {
        Rec(Address key) {
            super(key);
        }
    }

    /** An address of one of three shapes: random, a shared first field, or only the last field varying. */
    static Address address(SplittableRandom rng, int shape) {
        return switch (shape) {
            case 0 -> new Address(rng.nextLong(), rng.nextLong(), rng.nextInt());
            case 1 -> new Address(0x5157_0000_0000_0000L, rng.nextLong(), rng.nextInt());
            default -> new Address(-1L, 7L, rng.nextInt());
        };
    }

    static List<Address> walk(Iterator<Rec> it) {
        List<Address> out = new ArrayList<>();
        it.forEachRemaining(r -> out.add(r.key()));
        return out;
    }

    @Test
    void iteratesFromAnyCursorExactlyAsASortedSet() {
        for (long seed = 1; seed <= 40; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            AddressIndex<Rec> index = new AddressIndex<>();
            NavigableSet<Address> expected = new TreeSet<>();
            int n = rng.nextInt(20_000);
            int shape = (int) (seed % 3);
            boolean ascending = seed % 4 == 0;
            List<Address> keys = new ArrayList<>();
            for (int i = 0; i < n; i++) keys.add(address(rng, shape));
            if (ascending) keys.sort(null);
            for (Address a : keys) {
                if (!expected.add(a)) continue;
                index.add(new Rec(a));
            }
            assertThat(index.size()).as("seed %d", seed).isEqualTo(expected.size());
            assertThat(walk(index.after(null))).as("seed %d: everything", seed).isEqualTo(new ArrayList<>(expected));
            List<Address> present = new ArrayList<>(expected);
            for (int probe = 0; probe < 50; probe++) {
                Address cursor = rng.nextBoolean() && !present.isEmpty()
                        ? present.get(rng.nextInt(present.size())) : address(rng, shape);
                List<Address> page = new ArrayList<>();
                Iterator<Rec> it = index.after(cursor);
                for (int k = 0; k < 100 && it.hasNext(); k++) page.add(it.next().key());
                List<Address> want = expected.tailSet(cursor, false).stream().limit(100).toList();
                assertThat(page).as("seed %d, after %s", seed, cursor).containsExactlyElementsOf(want);
            }
        }
    }

    @Test
    void ascendingInsertionsFillLeavesAndStayOrdered() {
        AddressIndex<Rec> index = new AddressIndex<>();
        List<Address> keys = new ArrayList<>();
        for (int i = 0; i < 300_000; i++) keys.add(Address.ofIndex(i));
        for (Address a : keys) index.add(new Rec(a));
        assertThat(walk(index.after(null))).isEqualTo(keys);
        assertThat(walk(index.after(keys.get(299_990)))).containsExactlyElementsOf(keys.subList(299_991, 300_000));
        assertThat(walk(index.after(keys.get(299_999)))).isEmpty();
    }

    @Test
    void refusesAKeyTwiceAndIteratesAnEmptyIndex() {
        AddressIndex<Rec> index = new AddressIndex<>();
        assertThat(index.after(null).hasNext()).isFalse();
        assertThat(index.after(Address.ofIndex(3)).hasNext()).isFalse();
        index.add(new Rec(Address.ofIndex(1)));
        assertThatThrownBy(() -> index.add(new Rec(Address.ofIndex(1)))).isInstanceOf(IllegalStateException.class);
        assertThat(index.size()).isEqualTo(1);
        assertThatThrownBy(() -> index.after(Address.ofIndex(1)).next()).isInstanceOf(java.util.NoSuchElementException.class);
    }
}
