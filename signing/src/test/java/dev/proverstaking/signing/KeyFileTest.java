package dev.proverstaking.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proverstaking.signing.KeyFileException.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files: round trip, permissions, no overwrite, and every way a file is not one. */
class KeyFileTest {
    /** Dev account 1's key: public (the dev mnemonic), the only kind of key a test may hold. */
    static final SigningKey KEY = DevAccounts.get(1).key();
    static final String KEY_HEX = KEY.secretHex();
    static final String ADDRESS = KEY.address().toString();

    @TempDir
    Path dir;

    @Test
    void aGeneratedKeyRoundTrips() throws Exception {
        Path file = dir.resolve("node.key");
        SigningKey key = KeyFile.generate(file);
        assertThat(KeyFile.read(file)).isEqualTo(key);
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.get("address").textValue()).isEqualTo(key.address().toString());
        assertThat(json.get("privateKey").textValue()).isEqualTo(key.secretHex()).matches("0x[0-9a-f]{64}");
        assertThat(Files.readString(file)).endsWith("}\n");
        assertThat(KeyFile.generate(dir.resolve("other.key"))).isNotEqualTo(key);
    }

    @Test
    void writtenOwnerOnly() throws Exception {
        assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Path file = dir.resolve("k.json");
        KeyFile.write(file, KEY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void neverOverwrites() throws Exception {
        Path file = dir.resolve("k.json");
        Files.writeString(file, "precious");
        assertProblem(() -> KeyFile.write(file, KEY), Problem.EXISTS);
        assertProblem(() -> KeyFile.generate(file), Problem.EXISTS);
        assertThat(Files.readString(file)).isEqualTo("precious");
        Path link = dir.resolve("link.json");
        Files.createSymbolicLink(link, dir.resolve("nowhere"));
        assertProblem(() -> KeyFile.write(link, KEY), Problem.EXISTS);
        assertThat(Files.exists(dir.resolve("nowhere"))).isFalse();
        assertProblem(() -> KeyFile.write(dir, KEY), Problem.EXISTS);
    }

    @Test
    void aFileThatCannotBeCreatedIsNotWritten() {
        assertProblem(() -> KeyFile.write(dir.resolve("no/such/dir/k.json"), KEY), Problem.NOT_WRITTEN);
    }

    @Test
    void missingAndUnreadable() throws Exception {
        assertProblem(() -> KeyFile.read(dir.resolve("absent.json")), Problem.MISSING);
        Path link = dir.resolve("dangling.json");
        Files.createSymbolicLink(link, dir.resolve("nowhere"));
        assertProblem(() -> KeyFile.read(link), Problem.MISSING);
        assertProblem(() -> KeyFile.read(dir), Problem.UNREADABLE);
    }

    @Test
    void unreadableByPermissions() throws Exception {
        assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
        assumeThat(System.getProperty("user.name")).as("root reads any file").isNotEqualTo("root");
        Path file = dir.resolve("k.json");
        KeyFile.write(file, KEY);
        Files.setPosixFilePermissions(file, Set.of());
        assertProblem(() -> KeyFile.read(file), Problem.UNREADABLE);
    }

    @Test
    void malformedFiles() throws Exception {
        String[] malformed = {
            "",
            "not json " + KEY_HEX,
            "[\"" + KEY_HEX + "\"]",
            "\"" + KEY_HEX + "\"",
            "{}",
            "{\"address\":\"" + ADDRESS + "\"}",
            "{\"privateKey\":\"" + KEY_HEX + "\"}",
            "{\"address\":\"" + ADDRESS + "\",\"privateKey\":12}",
            "{\"address\":\"" + ADDRESS + "\",\"privateKey\":null}",
            "{\"address\":7,\"privateKey\":\"" + KEY_HEX + "\"}",
            "{\"address\":\"" + ADDRESS + "\",\"privateKey\":\"" + KEY_HEX.substring(2) + "\"}",
            "{\"address\":\"" + ADDRESS + "\",\"privateKey\":\"" + KEY_HEX.substring(0, 64) + "\"}",
            "{\"address\":\"" + ADDRESS + "\",\"privateKey\":\"" + KEY_HEX + "00\"}",
            "{\"address\":\"" + ADDRESS + "\",\"privateKey\":\"0x" + "0".repeat(64) + "\"}",
            "{\"address\":\"" + ADDRESS + "\",\"privateKey\":\"" + Hex.encode(Curve.bytes32(Curve.N)) + "\"}",
            "{\"address\":\"" + ADDRESS + "\",\"privateKey\":\"" + KEY_HEX.replace('a', 'g') + "\"}",
            "{\"address\":\"" + ADDRESS.substring(0, 41) + "\",\"privateKey\":\"" + KEY_HEX + "\"}",
            "{\"address\":\"" + ADDRESS + "\",\"privateKey\":\"" + KEY_HEX + "\",\"privateKey\":\"" + KEY_HEX + "\"}",
            "{\"address\":\"" + ADDRESS + "\",\"privateKey\":\"" + KEY_HEX + "\"} {}",
            "{\"address\":\"" + ADDRESS + "\",\"privateKey\":\"" + KEY_HEX + "\"",
        };
        for (int i = 0; i < malformed.length; i++) {
            Path file = dir.resolve("m" + i + ".json");
            Files.writeString(file, malformed[i]);
            KeyFileException e = assertProblem(() -> KeyFile.read(file), Problem.MALFORMED);
            assertThat(e.getMessage()).as(malformed[i]).startsWith(file.toString()).contains("not a key file");
        }
        assertThat(readProblem(malformed[0])).endsWith("not a key file: empty");
        assertThat(readProblem(malformed[1])).endsWith("not JSON (line 1, column 5)");
        assertThat(readProblem(malformed[4])).endsWith("no \"privateKey\"");
        assertThat(readProblem(malformed[5])).endsWith("no \"privateKey\"");
        assertThat(readProblem(malformed[6])).endsWith("no \"address\"");
        assertThat(readProblem(malformed[7])).endsWith("\"privateKey\" is not a string");
        assertThat(readProblem(malformed[13])).contains("privateKey is not a secp256k1 private key");
        assertThat(readProblem(malformed[16])).contains("address is not an address");
        assertThat(readProblem(malformed[17])).contains("a member appears twice");
        assertThat(readProblem(malformed[18])).endsWith("more than one JSON value");
        Path binary = dir.resolve("binary.json");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertProblem(() -> KeyFile.read(binary), Problem.MALFORMED);
        Path large = dir.resolve("large.json");
        Files.writeString(large, "{\"address\":\"" + ADDRESS + "\",\"privateKey\":\"" + KEY_HEX + "\",\"pad\":\""
                + "x".repeat(KeyFile.MAX_BYTES) + "\"}");
        assertThat(assertProblem(() -> KeyFile.read(large), Problem.MALFORMED).getMessage()).contains("larger than");
    }

    @Test
    void aKeyThatIsNotTheStatedAddresssIsRefused() throws Exception {
        Path file = dir.resolve("k.json");
        Files.writeString(file, "{\"address\":\"" + DevAccounts.get(2).address() + "\",\"privateKey\":\"" + KEY_HEX + "\"}");
        KeyFileException e = assertProblem(() -> KeyFile.read(file), Problem.ADDRESS_MISMATCH);
        assertThat(e.getMessage()).contains(ADDRESS, DevAccounts.get(2).address().toString());
    }

    @Test
    void otherMembersAndAnyCaseAreAccepted() throws Exception {
        Path file = dir.resolve("k.json");
        Files.writeString(file, "{\"version\":1,\"privateKey\":\"" + KEY_HEX.toUpperCase().replace("0X", "0x")
                + "\",\"address\":\"" + "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" + "\",\"note\":{\"x\":[1]}}\n", StandardCharsets.UTF_8);
        assertThat(KeyFile.read(file)).isEqualTo(KEY);
    }

    private String readProblem(String content) throws Exception {
        Path file = Files.createTempFile(dir, "k", ".json");
        Files.writeString(file, content);
        return assertProblem(() -> KeyFile.read(file), Problem.MALFORMED).getMessage();
    }

    private KeyFileException assertProblem(KeyFileAction action, Problem problem) {
        try {
            action.run();
        } catch (KeyFileException e) {
            assertThat(e.problem()).as(e.getMessage()).isEqualTo(problem);
            assertThat(e.getMessage().toLowerCase()).as("never quotes the key").doesNotContain(KEY_HEX.substring(2, 20));
            assertThat(e.file()).isNotNull();
            return e;
        }
        throw new AssertionError("no " + problem);
    }

    @FunctionalInterface
    interface KeyFileAction {
        void run() throws KeyFileException;
    }
}
