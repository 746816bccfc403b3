package dev.proverstaking.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proverstaking.testing.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What a snapshot's restore and write use to handle a million records at once: {@link AddressOrder}
 * sorts exactly as {@link Address#compareTo}; {@link AddressTable#addAll} holds what adding one by
 * one holds, under the same load limit; {@link AddressIndex#addAllAscending} lists what ascending
 * insertion lists, and goes on taking insertions anywhere.
 */
class BulkBuildTest {
    static final class Rec extends AddressKeyed {
        Rec(Address key) {
            super(key);
        }
    }

    /** Distinct random keys: some fully random, some sharing tags and zero bytes as generated addresses do. */
    static Rec[] randomRecords(SplittableRandom rng, int n) {
        Set<Address> seen = new HashSet<>();
        Rec[] out = new Rec[n];
        long[] tags = {0x5354_414b_4552_0000L, 0x5052_4f56_4552_0000L, 0, -1L};
        for (int i = 0; i < n; ) {
            Address a = switch (rng.nextInt(3)) {
                case 0 -> new Address(rng.nextLong(), rng.nextLong(), rng.nextInt());
                case 1 -> new Address(tags[rng.nextInt(tags.length)], rng.nextLong(1 << 20), 0);
                default -> new Address(tags[rng.nextInt(tags.length)], rng.nextLong(), rng.nextInt(4) - 2);
            };
            if (seen.add(a)) out[i++] = new Rec(a);
        }
        return out;
    }

    @Test
    void addressOrderSortsAsAddressesCompare() {
        Seeds.forEach(new long[] {1, 2, 3, 4, 5}, seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            for (int n : new int[] {0, 1, 2, 3, 100, 5_000}) {
                Rec[] records = randomRecords(rng, n);
                Rec[] expected = records.clone();
                Arrays.sort(expected, Comparator.comparing(Rec::key));
                AddressOrder.sort(records, n);
                assertThat(Arrays.asList(records)).as("n %d", n).isEqualTo(Arrays.asList(expected));
            }
        });
    }

    @Test
    void addressOrderSortsKeysThatDifferInOneByteOnly() {
        for (int b = 0; b < 20; b++) {
            Rec[] records = new Rec[256];
            for (int v = 0; v < 256; v++) {
                int d = (v * 97) & 0xFF; // a permutation of 0..255
                long hi = b >= 12 ? (long) d << (8 * (b - 12)) : 0;
                long mid = b >= 4 && b < 12 ? (long) d << (8 * (b - 4)) : 0;
                int lo = b < 4 ? d << (8 * b) : 0;
                records[v] = new Rec(new Address(hi, mid, lo));
            }
            Rec[] expected = records.clone();
            Arrays.sort(expected, Comparator.comparing(Rec::key));
            AddressOrder.sort(records, records.length);
            assertThat(records).as("byte %d", b).containsExactly(expected);
        }
    }

    @Test
    void addAllHoldsWhatAddingOneByOneHolds() {
        Seeds.forEach(new long[] {7, 8, 9}, seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            for (int round = 0; round < 20; round++) {
                AddressTable<Rec> table = new AddressTable<>();
                Rec[] all = randomRecords(rng, rng.nextInt(20_000));
                int before = rng.nextInt(all.length + 1);
                for (int i = 0; i < before; i++) table.add(all[i]); // a table in use, then a bulk
                table.addAll(Arrays.copyOfRange(all, before, all.length), all.length - before);
                assertThat(table.size()).isEqualTo(all.length);
                // the smallest table under the load limit, whether it doubled its way there or not
                assertThat(table.capacity()).isEqualTo(AddressTable.capacityFor(all.length));
                int missing = 0;
                for (Rec r : all) if (table.get(r.key()) != r || !table.holds(r)) missing++;
                assertThat(missing).as("records not found, round %d", round).isZero();
                assertThat(table.holds(new Rec(new Address(1, 2, 3)))).isFalse();
            }
        });
    }

    @Test
    void addAllSizesTheTableOnceForItsKeys() {
        AddressTable<Rec> table = new AddressTable<>();
        Rec[] records = new Rec[1_000];
        for (int i = 0; i < records.length; i++) records[i] = new Rec(Address.ofIndex(i));
        table.addAll(records, records.length);
        assertThat(table.capacity()).isEqualTo(AddressTable.capacityFor(1_000));
        assertThatThrownBy(() -> table.addAll(new Rec[] {records[5]}, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBulkLoadedIndexListsWhatAscendingInsertionLists() {
        Seeds.forEach(new long[] {21, 22, 23}, seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            for (int n : new int[] {0, 1, 63, 64, 65, 64 * 64, 64 * 64 + 1, 300_000}) {
                Rec[] records = randomRecords(rng, n);
                Arrays.sort(records, Comparator.comparing(Rec::key));
                AddressIndex<Rec> bulk = new AddressIndex<>();
                bulk.addAllAscending(records, n);
                assertThat(bulk.size()).isEqualTo(n);
                assertThat(list(bulk.after(null))).as("n %d", n).isEqualTo(List.of(records));
                if (n > 0) {
                    // a cursor anywhere, and insertions anywhere afterwards
                    int k = rng.nextInt(n);
                    assertThat(list(bulk.after(records[k].key()))).isEqualTo(List.of(Arrays.copyOfRange(records, k + 1, n)));
                    List<Rec> more = new ArrayList<>(List.of(records));
                    Set<Address> keys = new HashSet<>();
                    for (Rec r : records) keys.add(r.key());
                    for (Rec r : randomRecords(rng, 500)) {
                        if (!keys.add(r.key())) continue;
                        bulk.add(r);
                        more.add(r);
                    }
                    more.sort(Comparator.comparing(Rec::key));
                    assertThat(list(bulk.after(null))).as("n %d, then 500 more", n).isEqualTo(more);
                }
            }
        });
    }

    @Test
    void aBulkLoadRefusesKeysOutOfOrderOrAnIndexInUse() {
        Rec a = new Rec(Address.ofIndex(1)), b = new Rec(Address.ofIndex(2));
        assertThatThrownBy(() -> new AddressIndex<Rec>().addAllAscending(new Rec[] {b, a}, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AddressIndex<Rec>().addAllAscending(new Rec[] {a, a}, 2))
                .isInstanceOf(IllegalArgumentException.class);
        AddressIndex<Rec> used = new AddressIndex<>();
        used.add(a);
        assertThatThrownBy(() -> used.addAllAscending(new Rec[] {b}, 1)).isInstanceOf(IllegalStateException.class);
    }

    static List<Rec> list(Iterator<Rec> it) {
        List<Rec> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
