package dev.proverstaking.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The address table's hash is keyed per process: addresses chosen to share a home slot under an
 * unkeyed hash (as a client could grind them) spread out, and two processes draw different keys.
 */
class KeyedHashTest {

    /** The table's hash before it was keyed: what an attacker could compute. */
    static int unkeyed(Address a) {
        long h = (a.hi() * 0x9E3779B97F4A7C15L) ^ (a.mid() * 0xC2B2AE3D27D4EB4FL) ^ (a.lo() * 0x165667B19E3779F9L);
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }

    @Test
    void addressesGroundToOneSlotOfAnUnkeyedHashDoNotFormAProbeChain() {
        int keys = 2_000;
        int mask = AddressTable.capacityFor(keys) - 1;
        List<Address> ground = new ArrayList<>();
        for (long i = 0; ground.size() < keys; i++) {
            Address a = Address.ofIndex(i);
            if ((unkeyed(a) & mask) == 0) ground.add(a);
        }
        AddressTable<AddressTableTest.Rec> table = new AddressTable<>();
        for (Address a : ground) table.add(new AddressTableTest.Rec(a));
        assertThat(table.capacity() - 1).as("the table the addresses were ground for").isEqualTo(mask);
        int longest = 0;
        for (Address a : ground) longest = Math.max(longest, table.probeLength(a));
        // unkeyed, they would all sit in one chain of 2,000; keyed, they land as random keys do
        assertThat(longest).isLessThan(64);
    }

    @Test
    void twoProcessesDrawDifferentKeys() throws Exception {
        assertThat(keyOfAChildProcess()).isNotEqualTo(keyOfAChildProcess()).isNotEqualTo(AddressTable.keyFingerprint());
    }

    private static long keyOfAChildProcess() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), KeyProbe.class.getName())
                .redirectErrorStream(true).start();
        try {
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the probe process ended").isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(p.exitValue()).as(out).isZero();
            return Long.parseLong(out);
        } finally {
            p.destroyForcibly();
        }
    }

    /** Prints this process's hash key fingerprint. */
    public static final class KeyProbe {
        public static void main(String[] args) {
            System.out.println(AddressTable.keyFingerprint());
        }
    }
}
