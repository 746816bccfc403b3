package dev.proverstaking.signing;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proverstaking.common.Address;
import dev.proverstaking.signing.KeyFileException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;

/**
 * A private key kept in a file: one JSON object, {@code {"address":"0x…","privateKey":"0x…"}}
 * (lowercase hex, a newline at the end), unencrypted, so the file's permissions are what protects
 * it: it is created owner-only (POSIX {@code rw-------}) and never over an existing file. Reading
 * checks that the key's address is the stated one; other members are ignored (room for later
 * versions), a member twice is malformed.
 */
public final class KeyFile {
    /** A key file is under 200 bytes; anything much larger is not one (and is not read whole). */
    static final int MAX_BYTES = 64 * 1024;
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private KeyFile() {}

    /** Draws a new key ({@link SecureRandom}) and writes it to {@code file}, which must not exist. */
    public static SigningKey generate(Path file) throws KeyFileException {
        SigningKey key = SigningKey.random(new SecureRandom());
        write(file, key);
        return key;
    }

    /** Writes {@code key} to a new file, owner-only; refuses a path where anything already is. */
    public static void write(Path file, SigningKey key) throws KeyFileException {
        ObjectNode o = JSON.createObjectNode();
        o.put("address", key.address().toString());
        o.put("privateKey", key.secretHex());
        byte[] bytes = (o.toString() + "\n").getBytes(StandardCharsets.US_ASCII);
        boolean posix = posix(file);
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        SeekableByteChannel channel;
        try {
            channel = Files.newByteChannel(file, options, attributes);
        } catch (FileAlreadyExistsException e) {
            throw new KeyFileException(Problem.EXISTS, file, "already exists; a key file is never overwritten", null);
        } catch (IOException e) {
            throw new KeyFileException(Problem.NOT_WRITTEN, file, "cannot be created: " + describe(e), e);
        }
        try (channel) {
            if (posix) Files.setPosixFilePermissions(file, OWNER_ONLY); // the umask may only have removed bits; make sure
            else ownerOnlyBestEffort(file);
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) channel.write(buffer);
            if (channel instanceof java.nio.channels.FileChannel fc) fc.force(true);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the write's failure is the one to report
            }
            throw new KeyFileException(Problem.NOT_WRITTEN, file, "cannot be written: " + describe(e), e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Reads a key file: the key, checked against the address the file states. */
    public static SigningKey read(Path file) throws KeyFileException {
        byte[] bytes = readBytes(file);
        try {
            if (bytes.length == 0) throw malformed(file, "empty");
            JsonNode root;
            try {
                root = JSON.readTree(bytes);
            } catch (JsonParseException e) {
                // Jackson's own message may quote the text (the key): say where, not what
                JsonLocation at = e.getLocation();
                String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
                String original = e.getOriginalMessage();
                throw malformed(file, (original != null && original.startsWith("Duplicate field") ? "a member appears twice" : "not JSON") + where);
            } catch (MismatchedInputException e) {
                throw malformed(file, "more than one JSON value");
            } catch (IOException e) {
                throw malformed(file, "not JSON (" + e.getClass().getSimpleName() + ")");
            }
            if (root == null || !root.isObject()) throw malformed(file, "not a JSON object");
            String keyText = text(file, root, "privateKey");
            String addressText = text(file, root, "address");
            SigningKey key;
            try {
                key = SigningKey.parse(keyText);
            } catch (IllegalArgumentException e) {
                throw malformed(file, "privateKey is not a secp256k1 private key (0x and 64 hex digits of a value in [1, n))");
            }
            Address stated;
            try {
                stated = Address.parse(addressText);
            } catch (IllegalArgumentException e) {
                throw malformed(file, "address is not an address (0x and 40 hex digits)");
            }
            if (!stated.equals(key.address())) {
                throw new KeyFileException(Problem.ADDRESS_MISMATCH, file, "the private key is the key of " + key.address()
                        + ", not of the address the file states, " + stated, null);
            }
            return key;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static byte[] readBytes(Path file) throws KeyFileException {
        if (Files.isDirectory(file)) throw new KeyFileException(Problem.UNREADABLE, file, "is a directory, not a key file", null);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) throw malformed(file, "larger than " + MAX_BYTES + " bytes: not a key file");
            return bytes;
        } catch (NoSuchFileException e) {
            throw new KeyFileException(Problem.MISSING, file, "no such key file", e);
        } catch (AccessDeniedException e) {
            throw new KeyFileException(Problem.UNREADABLE, file, "cannot be read: permission denied", e);
        } catch (IOException e) {
            throw new KeyFileException(Problem.UNREADABLE, file, "cannot be read: " + describe(e), e);
        }
    }

    private static String text(Path file, JsonNode root, String member) throws KeyFileException {
        JsonNode n = root.get(member);
        if (n == null) throw malformed(file, "no \"" + member + "\"");
        if (!n.isTextual()) throw malformed(file, "\"" + member + "\" is not a string");
        return n.textValue();
    }

    private static KeyFileException malformed(Path file, String why) {
        return new KeyFileException(Problem.MALFORMED, file, "not a key file: " + why, null);
    }

    private static boolean posix(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        return (dir != null ? dir : file).getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Where POSIX permissions do not exist: readable and writable by the owner only, as far as java.io can say it. */
    private static void ownerOnlyBestEffort(Path file) {
        java.io.File f = file.toFile();
        f.setReadable(false, false);
        f.setWritable(false, false);
        f.setReadable(true, true);
        f.setWritable(true, true);
    }

    /** An I/O error as its kind and message (which name paths, never contents). */
    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
}
