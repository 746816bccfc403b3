package dev.proverstaking.cli;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The process's standard streams during one test of a command run in-process ({@link Main#run}):
 * output and errors captured, and all three (input too) put back afterwards.
 * Register with {@code @RegisterExtension final CapturedStdio io = new CapturedStdio();}.
 */
final class CapturedStdio implements BeforeEachCallback, AfterEachCallback {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;
    private InputStream savedIn;

    @Override
    public void beforeEach(ExtensionContext context) {
        savedOut = System.out;
        savedErr = System.err;
        savedIn = System.in;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(savedOut);
        System.setErr(savedErr);
        System.setIn(savedIn);
    }

    /** What the command printed on standard output so far (since the last {@link #resetOut}). */
    String stdout() {
        System.out.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What the command printed on standard error so far (since the last {@link #resetErr}). */
    String stderr() {
        System.err.flush();
        return err.toString(StandardCharsets.UTF_8);
    }

    void resetOut() {
        out.reset();
    }

    void resetErr() {
        err.reset();
    }
}
