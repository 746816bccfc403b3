package dev.proverstaking.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link TableReads} reads exactly the records its passes name (home records; the next slot's
 * record where the home holds another key; the own record of every key not at home) and
 * changes nothing, for
 * present and absent keys, displaced keys and probes that wrap around the end of the table.
 */
class TableReadsTest {
    /** A record whose warmth is distinctive per key. */
    static final class Rec extends AddressKeyed {
        final long tag;

        Rec(Address key, long tag) {
            super(key);
            this.tag = tag;
        }

        @Override
        public long warmth() {
            return tag;
        }
    }

    /** What the three passes should read, computed from the table's slots one lookup at a time. */
    private static long expected(AddressTable<Rec> table, List<Address> keys) {
        int mask = table.capacity() - 1;
        long w = 0;
        for (Address k : keys) {
            AddressKeyed home = table.slot(AddressTable.hash(k.hi(), k.mid(), k.lo()) & mask);
            if (home != null) w ^= home.warmth();
        }
        for (Address k : keys) {
            int h = AddressTable.hash(k.hi(), k.mid(), k.lo()) & mask;
            AddressKeyed home = table.slot(h);
            if (home != null && !home.key().equals(k)) {
                AddressKeyed next = table.slot((h + 1) & mask);
                if (next != null) w ^= next.warmth();
            }
        }
        for (Address k : keys) {
            AddressKeyed home = table.slot(AddressTable.hash(k.hi(), k.mid(), k.lo()) & mask);
            if (home != null && home.key().equals(k)) continue; // read in the first pass
            Rec r = table.get(k);
            if (r != null) w ^= r.warmth();
        }
        return w;
    }

    @Test
    void readsWhatEachPassNamesAndChangesNothing() {
        for (long seed = 1; seed <= 300; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            AddressTable<Rec> table = new AddressTable<>();
            int n = rng.nextInt(200);
            List<Address> present = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Address a = Address.ofIndex(rng.nextLong(1, 1L << 40));
                if (table.get(a) != null) continue;
                table.add(new Rec(a, rng.nextLong()));
                present.add(a);
            }
            List<Address> asked = new ArrayList<>();
            int batch = 1 + rng.nextInt(32);
            for (int i = 0; i < batch; i++) {
                asked.add(!present.isEmpty() && rng.nextInt(4) != 0
                        ? present.get(rng.nextInt(present.size()))
                        : Address.ofIndex((1L << 41) + rng.nextLong(1L << 30))); // absent
            }
            TableReads reads = new TableReads(batch);
            for (Address a : asked) table.enlist(a, reads);
            int sizeBefore = table.size();
            if (seed % 2 == 0) reads.readSlots(); // as applyAll does, a group ahead
            assertThat(reads.read()).as("seed %d", seed).isEqualTo(expected(table, asked));
            assertThat(table.size()).isEqualTo(sizeBefore);
            for (Address a : present) assertThat(table.get(a)).as("seed %d", seed).isNotNull();
        }
    }

    @Test
    void displacedKeysAreSeenInTheSecondPass() {
        // enough keys at the maximum load that many are displaced, some across the table's end
        AddressTable<Rec> table = new AddressTable<>();
        List<Address> keys = new ArrayList<>();
        for (int i = 1; i <= 3000; i++) {
            Address a = Address.ofIndex(i);
            table.add(new Rec(a, i * 7919L));
            keys.add(a);
        }
        int mask = table.capacity() - 1;
        long displaced = keys.stream()
                .filter(k -> !table.slot(AddressTable.hash(k.hi(), k.mid(), k.lo()) & mask).key().equals(k))
                .count();
        assertThat(displaced).isGreaterThan(100);
        TableReads reads = new TableReads(keys.size());
        for (Address a : keys) table.enlist(a, reads);
        assertThat(reads.read()).isEqualTo(expected(table, keys));
    }

    @Test
    @Timeout(10) // a probe of an outdated slot array that never reached an empty slot would spin
    void slotsReadEarlyStayHarmlessAfterTheTableChanges() {
        // Ledger.applyAll loads a group's slots before the group ahead of it runs, which may add
        // keys and even replace the slot array: the records' passes must still end and change
        // nothing
        boolean replaced = false;
        for (long seed = 1; seed <= 200; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            AddressTable<Rec> table = new AddressTable<>();
            List<Rec> records = new ArrayList<>();
            for (int i = 0, n = 1 + rng.nextInt(100); i < n; i++) {
                Rec r = new Rec(Address.ofIndex(1 + i), rng.nextLong());
                table.add(r);
                records.add(r);
            }
            List<Address> asked = new ArrayList<>();
            for (int i = 0, batch = 1 + rng.nextInt(32); i < batch; i++) {
                asked.add(rng.nextBoolean() ? records.get(rng.nextInt(records.size())).key() : Address.ofIndex(1_000 + i));
            }
            TableReads reads = new TableReads(asked.size());
            for (Address a : asked) table.enlist(a, reads);
            int capacityBefore = table.capacity();
            reads.readSlots();
            for (int i = 0, more = rng.nextInt(300); i < more; i++) {
                Rec r = new Rec(Address.ofIndex(1_000 + i), rng.nextLong()); // some of them asked for
                table.add(r);
                records.add(r);
            }
            replaced |= table.capacity() > capacityBefore;
            reads.read();
            assertThat(table.size()).as("seed %d", seed).isEqualTo(records.size());
            for (Rec r : records) assertThat(table.get(r.key())).as("seed %d", seed).isSameAs(r);
        }
        assertThat(replaced).as("some slot arrays were replaced in between").isTrue();
    }
}
