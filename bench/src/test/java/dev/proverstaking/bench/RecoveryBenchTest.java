package dev.proverstaking.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.signing.Recovery;
import org.junit.jupiter.api.Test;

/** The recovery benchmark's state driven by hand: each implementation recovers what it measures. No timing. */
class RecoveryBenchTest {
    @Test
    void bothImplementationsRecoverEverySigner() {
        RecoveryBench bench = new RecoveryBench();
        for (String curve : new String[] {"libsecp256k1", "bouncycastle"}) {
            RecoveryBench.Signed s = new RecoveryBench.Signed();
            s.curve = curve;
            s.setup();
            s.check();
            assertThat(s.signatures.curve().name()).isEqualTo(curve);
            for (int i = 0; i < 2 * RecoveryBench.SIGNED; i++) {
                int k = i & (RecoveryBench.SIGNED - 1);
                assertThat(bench.recoverSigner(s)).isEqualTo(s.expected[k]).isInstanceOf(Recovery.Recovered.class);
            }
        }
    }
}
