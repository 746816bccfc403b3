package dev.proverstaking.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link AddressTable}: every key added is found, no other key is, and the table is never more
 * than {@link AddressTable#MAX_LOAD_EIGHTHS}/8 full, which is what keeps a lookup of a million
 * keys to ~1.16 records read (a limit of 3/4 read 1.46).
 */
class AddressTableTest {
    static final class Rec extends AddressKeyed {
        Rec(Address key) {
            super(key);
        }
    }

    @Test
    void findsEveryKeyAddedAndNoOtherAcrossGrowth() {
        for (long seed = 1; seed <= 50; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            AddressTable<Rec> table = new AddressTable<>();
            List<Rec> added = new ArrayList<>();
            for (int i = 0, n = rng.nextInt(5_000); i < n; i++) {
                Address a = Address.ofIndex(rng.nextLong(1, 1L << 40));
                if (table.get(a) != null) continue;
                Rec r = new Rec(a);
                table.add(r);
                added.add(r);
            }
            assertThat(table.size()).as("seed %d", seed).isEqualTo(added.size());
            for (Rec r : added) assertThat(table.get(r.key())).as("seed %d", seed).isSameAs(r);
            for (int i = 0; i < 200; i++) {
                Address absent = Address.ofIndex((1L << 41) + rng.nextLong(1L << 30));
                assertThat(table.get(absent)).as("seed %d", seed).isNull();
            }
        }
    }

    @Test
    void isNeverMoreThanThreeEighthsFull() {
        AddressTable<Rec> table = new AddressTable<>();
        int overFull = 0, grewEarly = 0, doublings = 0;
        for (int i = 1; i <= 1_000_000; i++) {
            int before = table.capacity();
            table.add(new Rec(Address.ofIndex(i)));
            if (table.size() * 8L > 3L * table.capacity()) overFull++;
            if (table.capacity() > before) {
                doublings++;
                // it doubles only when it must: the keys before this one still fitted
                if ((i - 1) * 8L > 3L * before) grewEarly++;
                if (table.capacity() != 2 * before) grewEarly++;
            }
        }
        assertThat(overFull).as("additions that left the table over 3/8 full").isZero();
        assertThat(grewEarly).as("doublings that were not needed, or not doublings").isZero();
        assertThat(doublings).isEqualTo(19); // 8 slots to 2^22
        // a million keys: load 0.24 in 2^22 slots, where a 3/4 limit left them at 0.48 in 2^21
        assertThat(table.capacity()).isEqualTo(1 << 22);
        assertThat(AddressTable.capacityFor(1_000_000)).isEqualTo(table.capacity());
    }

    @Test
    void capacityForIsWhatATableOfThatManyKeysHas() {
        AddressTable<Rec> table = new AddressTable<>();
        assertThat(AddressTable.capacityFor(0)).isEqualTo(table.capacity());
        for (int i = 1; i <= 20_000; i++) {
            table.add(new Rec(Address.ofIndex(i)));
            assertThat(AddressTable.capacityFor(i)).as("%d keys", i).isEqualTo(table.capacity());
        }
    }

    @Test
    void refusesToAddTheSameRecordTwice() {
        AddressTable<Rec> table = new AddressTable<>();
        Rec r = new Rec(Address.ofIndex(7));
        table.add(r);
        assertThatThrownBy(() -> table.add(r)).isInstanceOf(IllegalStateException.class);
    }
}
