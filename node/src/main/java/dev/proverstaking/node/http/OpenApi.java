package dev.proverstaking.node.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The API's OpenAPI 3 document, {@code GET /openapi.json}: written by hand, a resource beside this class. */
public final class OpenApi {
    static final String RESOURCE = "openapi.json";

    private OpenApi() {}

    /** The document's bytes (UTF-8 JSON). */
    public static byte[] document() {
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is not on the class path");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
