package dev.proverstaking.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * Standard output whose failures reach the exit status. {@link PrintStream} swallows write errors,
 * so without this a replay onto a full disk or a closed descriptor printed nothing and exited 0.
 * The process's entry point {@link #install installs} a {@code System.out} that remembers the
 * first error; every command's status then goes through {@link #checked}.
 */
final class StandardOutput {
    /** Output could not be written (sysexits' EX_IOERR): what was printed is incomplete. */
    static final int CANNOT_WRITE = 74;
    /** The reader went away (128 + SIGPIPE, the status of a tool the signal stops): not reported. */
    static final int READER_GONE = 141;

    private static volatile IOException firstFailure;

    private StandardOutput() {}

    /** Replaces {@code System.out} with the same stream, plus a memory of why a write failed. */
    static void install() {
        OutputStream fd = new Remembering(new FileOutputStream(FileDescriptor.out));
        System.setOut(new PrintStream(new BufferedOutputStream(fd, 8192), true, charsetOfStandardOutput()));
    }

    /** {@code status}, unless standard output failed: then 74 and a message, or 141 if the reader left. */
    static int checked(int status) {
        return checked(status, System.out.checkError(), firstFailure, System.err);
    }

    static int checked(int status, boolean outputFailed, IOException cause, PrintStream err) {
        if (!outputFailed) return status;
        if (cause != null && "Broken pipe".equals(cause.getMessage())) return READER_GONE;
        err.println("prover-staking: cannot write output" + (cause == null ? "" : " (" + cause.getMessage() + ")")
                + ": what was printed is incomplete");
        return CANNOT_WRITE;
    }

    /** What the JDK's own {@code System.out} encodes with. */
    private static Charset charsetOfStandardOutput() {
        String name = System.getProperty("sun.stdout.encoding");
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException unknown) {
            return Charset.defaultCharset();
        }
    }

    private static final class Remembering extends FilterOutputStream {
        Remembering(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw remember(e);
            }
        }

        private static IOException remember(IOException e) {
            if (firstFailure == null) firstFailure = e;
            return e;
        }
    }
}
