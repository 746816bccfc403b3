package dev.proverstaking.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as users run it: {@code serve --dev} as a separate process on a free loopback
 * port, the public conformance check (ethers v6) against it, {@code tx} and {@code query} against
 * it, then SIGTERM, which stops it with exit status 0. Stops only the processes it started.
 */
@Timeout(300)
class ServeIT {
    static final Path JAR = Path.of("target", "prover-staking.jar").toAbsolutePath();
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    record Run(int status, String out) {}

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Run run(Path dir, long seconds, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return exec(dir, seconds, cmd);
    }

    static Run exec(Path dir, long seconds, List<String> cmd) throws Exception {
        Path log = Files.createTempFile(dir, "run", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not end within " + seconds + " s: " + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** Starts {@code serve} and waits until it listens. */
    static Process serve(Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString(), "serve"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String out = Files.readString(log);
            if (out.contains("Stop with Ctrl-C")) return p;
            if (!p.isAlive()) throw new AssertionError("serve ended with " + p.exitValue() + ": " + out);
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new AssertionError("serve did not start listening within 60 s: " + Files.readString(log));
    }

    static Path shared() {
        String prop = System.getProperty("prover.staking.shared", System.getenv("PROVER_STAKING_SHARED"));
        if (prop != null) return Path.of(prop);
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("shared/tools"))) return p.resolve("shared");
        }
        throw new AssertionError("no shared directory beside the repository (set -Dprover.staking.shared=DIR)");
    }

    @Test
    void serveDevTxQueryConformanceAndSigterm(@TempDir Path dir) throws Exception {
        int port = freePort();
        String url = "http://127.0.0.1:" + port;
        Path log = dir.resolve("serve.log");
        Process serve = serve(log, "--dev", "--http", "127.0.0.1:" + port);
        try {
            String banner = Files.readString(log);
            assertThat(banner).contains("listening on " + url, "chain id 31337",
                    "(0) 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266  private key 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
            Path data = Path.of(banner.lines().filter(l -> l.strip().startsWith("data: ")).findFirst().orElseThrow()
                    .strip().substring(6).split(" ")[0]);
            assertThat(data).isDirectory();

            conformance(dir, url);

            Run init = run(dir, 60, "tx", "initProver", "--dev", "1", "--node", url, "minSelfStake=20", "commissionRate=250");
            assertThat(init.status()).as(init.out()).isZero();
            assertThat(init.out()).contains("initProver by 0x70997970c51812dc3a010c7d01b50e0d17dc79c8: ok", "amount=20 STAKE");
            Run stake = run(dir, 60, "tx", "stake", "--dev", "2", "--node", url, "prover=dev:1", "amount=12.5");
            assertThat(stake.status()).as(stake.out()).isZero();
            assertThat(stake.out()).contains("Staked", "amount=12.5 STAKE");
            Run raw = run(dir, 60, "tx", "stake", "--dev", "2", "--node", url, "prover=dev:1", "amount=500000000000000000wei");
            assertThat(raw.status()).as(raw.out()).isZero();
            Run over = run(dir, 60, "tx", "requestUnstake", "--dev", "2", "--node", url, "prover=dev:1", "amount=100");
            assertThat(over.status()).as(over.out()).isEqualTo(1);
            assertThat(over.out()).contains("refused by the ledger: InsufficientStake", "is used");
            Run badNonce = run(dir, 60, "tx", "stake", "--dev", "2", "--node", url, "--nonce", "0", "prover=dev:1", "amount=1");
            assertThat(badNonce.status()).isEqualTo(1);
            assertThat(badNonce.out()).contains("BadNonce", "expected 3");
            Run usage = run(dir, 60, "tx", "stake", "--dev", "2", "--node", url, "prover=dev:1");
            assertThat(usage.status()).isEqualTo(2);
            assertThat(usage.out()).contains("stake needs amount");

            Run q = run(dir, 60, "query", "stake", "dev:1", "dev:2", "--node", url);
            assertThat(q.status()).as(q.out()).isZero();
            assertThat(q.out()).contains("13 STAKE staked");
            Run account = run(dir, 60, "query", "account", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", "--node", url);
            assertThat(account.out()).contains("nonce    3", "999987 STAKE", "1000000 REWARD", "13 STAKE staked");
            Run provers = run(dir, 60, "query", "provers", "--node", url);
            assertThat(provers.out()).contains("0x70997970c51812dc3a010c7d01b50e0d17dc79c8  Active  staked 33 STAKE  stakers 2  commission 2.5%");
            Run prover = run(dir, 60, "query", "prover", "dev:1", "--node", url, "--json");
            assertThat(prover.out()).contains("\"totalStaked\" : \"33000000000000000000\"");
            Run stakers = run(dir, 60, "query", "stakers", "dev:1", "--node", url);
            assertThat(stakers.out().lines().filter(l -> l.startsWith("staker ")).count()).isEqualTo(2);
            Run status = run(dir, 60, "query", "status", "--node", url);
            assertThat(status.out()).contains("chain id       31337", "accepting transactions");
            Run hash = run(dir, 60, "query", "hash", "--node", url);
            assertThat(hash.out()).matches("(?s)0x[0-9a-f]{64} \\(after history index \\d+\\)\\s*");
            Run missing = run(dir, 60, "query", "prover", "dev:9", "--node", url);
            assertThat(missing.status()).isEqualTo(1);
            assertThat(missing.out()).contains("404 NotFound");

            // a second node on the same port: a clear error, no stack trace
            Run busy = run(dir, 60, "serve", "--dev", "--http", "127.0.0.1:" + port);
            assertThat(busy.status()).isEqualTo(2);
            assertThat(busy.out()).contains("port is in use").doesNotContain("\tat ");

            serve.destroy(); // SIGTERM
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(log);
            assertThat(serve.exitValue()).as(out).isZero();
            assertThat(out).contains("stopping", "stopped.").doesNotContain("Exception");
            assertThat(data).doesNotExist();
        } finally {
            if (serve.isAlive()) serve.destroyForcibly();
        }
        Run down = run(dir, 60, "query", "status", "--node", url);
        assertThat(down.status()).isEqualTo(1);
        assertThat(down.out()).contains("cannot reach a node");
    }

    private static void conformance(Path dir, String url) throws Exception {
        Path script = shared().resolve("tools/node_conformance.sh");
        assertThat(script).exists();
        Run node = exec(dir, 30, List.of("bash", "-c", "command -v node && command -v npm"));
        Assumptions.assumeTrue(node.status() == 0, "Node.js or npm is not on the PATH: the ethers conformance check is skipped");
        Run r = exec(dir, 240, List.of("bash", script.toString(), url));
        if (r.status() != 0 && !r.out().contains("passed,")) {
            // the script could not run at all: only npm failing to reach its registry is a reason to skip
            Assumptions.assumeFalse(r.out().matches("(?s).*(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|network|npm ERR! code E).*"),
                    "npm cannot reach its registry to install ethers: the conformance check is skipped: " + r.out());
        }
        System.out.println("node_conformance.sh " + url + ": " + r.out().strip());
        assertThat(r.status()).as(r.out()).isZero();
        assertThat(r.out()).contains("0 failed");
    }

    @Test
    void serveRefusesWhatItCannotRunWithAMessage(@TempDir Path dir) throws Exception {
        Run noGenesis = run(dir, 60, "serve", "--data", dir.resolve("d").toString());
        assertThat(noGenesis.status()).isEqualTo(2);
        assertThat(noGenesis.out()).contains("--genesis FILE and --data DIR are required");
        Path bad = Files.writeString(dir.resolve("genesis.json"), "{\"chainId\": 0}");
        Run badGenesis = run(dir, 60, "serve", "--genesis", bad.toString(), "--data", dir.resolve("d").toString());
        assertThat(badGenesis.status()).isEqualTo(2);
        assertThat(badGenesis.out()).contains("genesis file " + bad).doesNotContain("\tat ");
        Path file = Files.writeString(dir.resolve("afile"), "x");
        Path good = Files.writeString(dir.resolve("good.json"), dev.proverstaking.node.NodeGenesis.dev(1_700_000_000L).toJson());
        Run badData = run(dir, 60, "serve", "--genesis", good.toString(), "--data", file.toString());
        assertThat(badData.status()).isEqualTo(2);
        assertThat(badData.out()).contains("is not a directory").doesNotContain("\tat ");
        Run badHttp = run(dir, 60, "serve", "--dev", "--http", "nowhere");
        assertThat(badHttp.status()).isEqualTo(2);
        assertThat(badHttp.out()).contains("HOST:PORT");
        Run keygen = run(dir, 60, "keygen", "--out", dir.resolve("key.json").toString());
        assertThat(keygen.status()).as(keygen.out()).isZero();
        assertThat(dir.resolve("key.json")).exists();
        Run again = run(dir, 60, "keygen", "--out", dir.resolve("key.json").toString());
        assertThat(again.status()).isEqualTo(2);
        assertThat(again.out()).contains("already exists");
        assertThat(new File(dir.toFile(), "key.json").length()).isLessThan(200);
    }
}
