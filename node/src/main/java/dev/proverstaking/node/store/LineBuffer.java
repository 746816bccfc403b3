package dev.proverstaking.node.store;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One JSON generator over a reusable byte buffer: a line is written into it, its bytes handed to a
 * file, and the buffer reset, so that appending a line costs no allocation and its length is known
 * exactly (the events index records where each line starts).
 */
final class LineBuffer {
    private static final JsonFactory JSON = new JsonFactory();

    private final Bytes bytes = new Bytes();
    private final JsonGenerator generator;

    LineBuffer() {
        try {
            generator = JSON.createGenerator(bytes, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        generator.setRootValueSeparator(null);
    }

    JsonGenerator generator() {
        return generator;
    }

    /** Hands the line written since the last call to {@code file}, then forgets it. */
    void drainTo(AppendFile file) throws IOException {
        generator.flush();
        file.append(bytes.array(), 0, bytes.size());
        bytes.reset();
    }

    private static final class Bytes extends ByteArrayOutputStream {
        Bytes() {
            super(4096);
        }

        byte[] array() {
            return buf;
        }
    }
}
