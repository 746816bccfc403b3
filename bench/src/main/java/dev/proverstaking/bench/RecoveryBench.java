package dev.proverstaking.bench;

import dev.proverstaking.signing.JavaSecp256k1;
import dev.proverstaking.signing.Keccak256;
import dev.proverstaking.signing.LibSecp256k1;
import dev.proverstaking.signing.Recovery;
import dev.proverstaking.signing.Secp256k1;
import dev.proverstaking.signing.Signatures;
import dev.proverstaking.signing.SigningKey;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the node pays per transaction to learn its sender: {@link Signatures#recoverSigner} of an
 * EIP-2-valid 65-byte signature over a 32-byte digest (the checks on {@code v}, {@code r}, {@code s},
 * the recovery of the public key, the keccak of its address), one thread, on each secp256k1
 * implementation of the signing module: libsecp256k1 through ACINQ's JNI binding and BouncyCastle's
 * pure-Java curve (BENCHMARKS.md, "Signature recovery"). 1,024 distinct keys and digests in turn, so
 * that nothing is recovering the same point twice in a row.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
public class RecoveryBench {
    static final int SIGNED = 1024;

    @State(Scope.Thread)
    public static class Signed {
        @Param({"libsecp256k1", "bouncycastle"})
        public String curve;

        Signatures signatures;
        byte[][] digests;
        byte[][] sigs;
        Recovery[] expected;
        int next;

        @Setup(Level.Trial)
        public void setup() {
            Secp256k1 impl = switch (curve) {
                case "libsecp256k1" -> LibSecp256k1.load();
                case "bouncycastle" -> JavaSecp256k1.INSTANCE;
                default -> throw new IllegalArgumentException("curve is libsecp256k1 or bouncycastle, not " + curve);
            };
            signatures = new Signatures(impl);
            SplittableRandom random = new SplittableRandom(17);
            digests = new byte[SIGNED][];
            sigs = new byte[SIGNED][];
            expected = new Recovery[SIGNED];
            for (int i = 0; i < SIGNED; i++) {
                byte[] seed = new byte[32];
                random.nextBytes(seed);
                SigningKey key = SigningKey.of(Keccak256.hash(seed));
                digests[i] = Keccak256.hash(key.publicKey());
                sigs[i] = signatures.sign(key, digests[i]);
                expected[i] = new Recovery.Recovered(key.address());
            }
        }

        /** Every signature recovers its signer (run by the test, not timed). */
        void check() {
            for (int i = 0; i < SIGNED; i++) {
                Recovery r = signatures.recoverSigner(digests[i], sigs[i]);
                if (!r.equals(expected[i])) throw new IllegalStateException(curve + " #" + i + ": " + r);
            }
        }
    }

    @Benchmark
    public Recovery recoverSigner(Signed s) {
        int i = s.next++ & (SIGNED - 1);
        return s.signatures.recoverSigner(s.digests[i], s.sigs[i]);
    }
}
