package dev.proverstaking.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed with SIGKILL in the middle of its work (a child JVM, snapshots every 7 entries, four
 * senders submitting as fast as they can) loses nothing it acknowledged and duplicates nothing: after
 * a restart, every acknowledged transaction is at its index in the history, the history has one line
 * per index, the events have no gap, and the history replays to the node's state.
 */
class CrashTest {
    @TempDir
    Path dir;

    record Ack(int sender, long nonce, long index) {}

    @Test
    void killedWithSigkillItLosesNothingAcknowledgedAndDuplicatesNothing() throws Exception {
        Path data = dir.resolve("data");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
                data.toString(), String.valueOf(TestChain.freePort()));
        pb.redirectError(dir.resolve("child.err").toFile());
        Process child = pb.start();
        List<Ack> acks = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (String line; acks.size() < 600 && System.nanoTime() < deadline && (line = in.readLine()) != null; ) {
                if (!line.startsWith("ACK ")) continue;
                String[] f = line.split(" ");
                acks.add(new Ack(Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])));
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no last snapshot
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("the child is gone").isTrue();
        }
        assertThat(acks).as("acknowledgements before the kill (stderr: %s)", readIfThere(dir.resolve("child.err")))
                .hasSizeGreaterThanOrEqualTo(600);

        NodeConfig config = NodeConfig.builder(data, TestChain.genesis()).member("n1", "127.0.0.1:" + TestChain.freePort())
                .clock(Clock.systemUTC()).snapshotInterval(7).build();
        try (LedgerNode node = RaftLedgerNode.start(config)) {
            NodeState after = NodeState.of(node);
            String[] lines = new String(after.history(), StandardCharsets.UTF_8).split("\n");
            assertThat(lines.length).as("the genesis line, one line per index, the checkpoint").isEqualTo(2 + after.historyIndex());
            assertThat(lines[lines.length - 1]).startsWith("{\"op\":\"checkpoint\"");
            ObjectMapper json = new ObjectMapper();
            Map<Long, Ack> byIndex = new HashMap<>();
            for (Ack a : acks) assertThat(byIndex.put(a.index(), a)).as("two acknowledgements of index %d", a.index()).isNull();
            for (Ack a : acks) {
                assertThat(a.index()).isLessThanOrEqualTo(after.historyIndex());
                JsonNode line = json.readTree(lines[(int) a.index()]);
                assertThat(line.get("from").asText()).isEqualTo(TestChain.account(a.sender()).toString());
                assertThat(line.get("nonce").asLong()).as("line %d", a.index()).isEqualTo(a.nonce());
            }
            // one line per (sender, nonce): nothing applied twice
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 1 + TestChain.SETUP; i < lines.length - 1; i++) {
                JsonNode line = json.readTree(lines[i]);
                String key = line.get("from").asText() + "/" + line.get("nonce").asLong();
                assertThat(seen.put(key, i)).as("%s at lines %s and %d", key, seen.get(key), i).isNull();
            }
            for (int s = 0; s < 4; s++) {
                int sender = s;
                long maxAcked = acks.stream().filter(a -> a.sender() == sender).mapToLong(Ack::nonce).max().orElse(-1);
                assertThat(after.nonces().get(1 + s)).isGreaterThan(maxAcked);
            }
            for (int i = 0; i < after.events().size(); i++) assertThat(after.events().get(i).seq()).isEqualTo(i + 1);
            assertThat(NodeFixture.replayedDump(after.history())).isEqualTo(after.dump());
            System.out.printf("crash: %d acknowledged before SIGKILL, %d in the history after the restart%n",
                    acks.size(), after.historyIndex() - TestChain.SETUP);
        }
    }

    private static String readIfThere(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (Exception e) {
            return e.toString();
        }
    }

}
