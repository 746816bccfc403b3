package dev.proverstaking.cli;

import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.scenario.Replayer;
import dev.proverstaking.scenario.Scenario;
import dev.proverstaking.scenario.ScenarioFormatException;
import dev.proverstaking.scenario.ScenarioParser;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code replay FILE}: runs a scenario and prints one result line per operation (scenario format). */
@Command(name = "replay",
        description = {"Replay a scenario file (JSON Lines): results and state dumps.",
                "Exit status: 0 replayed, 1 an invariant failed (--verify), 2 malformed input."})
final class ReplayCommand implements Callable<Integer> {
    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;


    @Parameters(paramLabel = "FILE", description = "scenario file, or - for standard input")
    String file;

    @Option(names = "--verify", description = "check every invariant after every operation")
    boolean verify;

    @Option(names = "--events", description = "add each successful operation's events to its result line")
    boolean events;

    @Option(names = "--state-hash", description = "end with a line {\"stateHash\":\"0x…\",\"index\":N}: the state hash after the last"
            + " operation (as a node's GET /v1/state/hash), N the transactions applied")
    boolean stateHash;

    @Override
    public Integer call() {
        Scenario scenario;
        try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
            scenario = ScenarioParser.parse(in);
        } catch (ScenarioFormatException e) {
            System.err.println("prover-staking replay: " + display(file) + ": " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("prover-staking replay: " + ReadProblem.describe(display(file), e));
            return 2;
        } catch (OutOfMemoryError e) { // the parsed scenario is held whole; what filled the heap is garbage now
            System.err.println("prover-staking replay: " + display(file) + ": " + ReadProblem.TOO_LARGE);
            return 2;
        }
        OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
        try {
            Replayer.Summary summary = Replayer.replay(scenario, out, verify ? Verification.afterEach() : null, events);
            if (stateHash) {
                Ledger ledger = summary.ledger();
                out.write(("{\"stateHash\":\"" + ledger.stateHash().hex() + "\",\"index\":" + ledger.appliedCount() + "}\n")
                        .getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        } catch (Verification.Failed f) {
            try {
                out.flush();
            } catch (IOException ignored) {
                // the violation below is what matters
            }
            System.err.println("prover-staking replay: " + display(file) + ": " + f.getMessage());
            return 1;
        } catch (IOException e) { // unreachable through a PrintStream (it swallows errors); reported as any lost output
            return StandardOutput.checked(0, true, e, System.err);
        }
        return 0;
    }

    private static String display(String file) {
        return file.equals("-") ? "<stdin>" : file;
    }
}
