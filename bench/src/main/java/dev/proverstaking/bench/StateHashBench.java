package dev.proverstaking.bench;

import dev.proverstaking.statehash.JournaledRecord;
import dev.proverstaking.statehash.RecordKind;
import dev.proverstaking.statehash.RecordOutput;
import dev.proverstaking.statehash.StateJournal;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the state hash costs per record (BENCHMARKS.md, "State hash"): the element of a record of
 * 120 bytes (a position's size) by the function the core uses, AES-256-CTR keyed by the SHA-256 of
 * the record, against the other extendable-output functions the JDK offers for 2048 bytes (SHA-256
 * and SHA-512 in counter mode, ChaCha20 keyed by the SHA-256); and one record changed through the
 * {@link StateJournal}: its old bytes kept at the touch, then at the flush its new bytes encoded,
 * compared, the old element subtracted and the new added.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
public class StateHashBench {
    static final int ELEMENT = 2048;
    static final IvParameterSpec ZERO_COUNTER = new IvParameterSpec(new byte[16]);

    @State(Scope.Thread)
    public static class Functions {
        final byte[] record = new byte[120];
        final byte[] zeros = new byte[ELEMENT];
        final byte[] out = new byte[ELEMENT];
        final byte[] key = new byte[32];
        final byte[] block = new byte[36];
        MessageDigest sha256;
        MessageDigest sha512;
        Cipher aesCtr;
        Cipher chacha;
        int n;

        @Setup(Level.Trial)
        public void setup() throws GeneralSecurityException {
            sha256 = MessageDigest.getInstance("SHA-256");
            sha512 = MessageDigest.getInstance("SHA-512");
            aesCtr = Cipher.getInstance("AES/CTR/NoPadding");
            chacha = Cipher.getInstance("ChaCha20");
            for (int i = 0; i < record.length; i++) record[i] = (byte) (i * 7);
        }

        /** Another record each time: nothing is cached anywhere. */
        void next() throws GeneralSecurityException {
            n++;
            record[0] = (byte) n;
            record[1] = (byte) (n >>> 8);
            sha256.update(record);
            sha256.digest(key, 0, 32);
        }
    }

    /** The core's element: AES-256-CTR from counter 0, keyed by the record's SHA-256. */
    @Benchmark
    public byte aes256Ctr(Functions f) throws GeneralSecurityException {
        f.next();
        f.aesCtr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(f.key, "AES"), ZERO_COUNTER);
        f.aesCtr.doFinal(f.zeros, 0, ELEMENT, f.out, 0);
        return f.out[ELEMENT - 1];
    }

    /** SHA-256(key || counter) for counters 0..63. */
    @Benchmark
    public byte sha256Counter(Functions f) throws GeneralSecurityException {
        f.next();
        System.arraycopy(f.key, 0, f.block, 0, 32);
        for (int c = 0; c < ELEMENT / 32; c++) {
            f.block[35] = (byte) c;
            f.sha256.update(f.block);
            f.sha256.digest(f.out, c * 32, 32);
        }
        return f.out[ELEMENT - 1];
    }

    /** SHA-512(key || counter) for counters 0..31. */
    @Benchmark
    public byte sha512Counter(Functions f) throws GeneralSecurityException {
        f.next();
        System.arraycopy(f.key, 0, f.block, 0, 32);
        for (int c = 0; c < ELEMENT / 64; c++) {
            f.block[35] = (byte) c;
            f.sha512.update(f.block);
            f.sha512.digest(f.out, c * 64, 64);
        }
        return f.out[ELEMENT - 1];
    }

    /** The JDK's ChaCha20 keystream keyed by the record's SHA-256. */
    @Benchmark
    public byte chacha20(Functions f) throws GeneralSecurityException {
        f.next();
        f.chacha.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(f.key, "ChaCha20"), new ChaCha20ParameterSpec(new byte[12], f.n));
        f.chacha.doFinal(f.zeros, 0, ELEMENT, f.out, 0);
        return f.out[ELEMENT - 1];
    }

    /** A record of a position's shape and size (two addresses, three quantities, two pending requests). */
    static final class Position implements JournaledRecord {
        long value = 1;
        boolean in;

        @Override
        public void encode(RecordOutput out) {
            out.kind(RecordKind.POSITION);
            for (int i = 0; i < 5; i++) out.i64(0x1234_5678_9abc_def0L * (i + 1));
            out.uint(value, value, 0, 0);
            out.uint(value, value, value, 0);
            out.uint(value, 3, 0, 0);
            out.count(2);
            for (int i = 0; i < 2; i++) {
                out.uint(value, 0, 0, 0);
                out.i64(1_700_000_000L + i);
            }
        }

        @Override
        public boolean inJournal() {
            return in;
        }

        @Override
        public void setInJournal(boolean in) {
            this.in = in;
        }
    }

    @State(Scope.Thread)
    public static class Journal {
        final StateJournal journal = new StateJournal();
        final Position[] records = new Position[64];

        @Setup(Level.Trial)
        public void setup() {
            for (int i = 0; i < records.length; i++) records[i] = new Position();
            journal.start(visit -> {
                for (Position p : records) visit.accept(p);
            });
        }
    }

    /**
     * 64 records changed, each touched before it changes, then one flush: per changed record, what
     * the journal costs (the touch's copy of its old bytes, the flush's encoding and comparison, and
     * two elements). Reported per operation: divide by 64.
     */
    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(64)
    public int changedRecord(Journal j) {
        for (Position p : j.records) {
            j.journal.touch(p);
            p.value++;
        }
        j.journal.flush();
        return j.journal.pending();
    }

    /** The same records touched and not changed (a refused transaction's settlement, undone): what a flush skips. */
    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(64)
    public int unchangedRecord(Journal j) {
        for (Position p : j.records) j.journal.touch(p);
        j.journal.flush();
        return j.journal.pending();
    }
}
