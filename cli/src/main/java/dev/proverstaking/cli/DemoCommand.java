package dev.proverstaking.cli;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.invariant.InvariantChecker;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.LedgerView;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.Solvency;
import dev.proverstaking.ledger.Violation;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.scenario.Scenario;
import dev.proverstaking.scenario.ScenarioFormatException;
import dev.proverstaking.scenario.ScenarioParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Parameters;

/**
 * The main job: replays a scenario (the bundled demo by default) with every invariant checked after
 * every operation, and tells what happened in words and tables.
 */
@picocli.CommandLine.Command(name = "demo",
        description = {"Replay the bundled demo (or a scenario) with a readable summary.",
                "Replays a scenario (by default the bundled demo: two provers, their stakers, rewards, slashes, "
                        + "unstaking, a retirement) with every invariant checked, and prints a readable summary.",
                "Exit status: 0 ok, 1 an invariant failed, 2 malformed input."})
final class DemoCommand implements Callable<Integer> {
    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    private static final BigInteger WAD = UInt256.WAD.toBigInteger();

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "scenario file (default: the bundled demo)")
    Path file;

    private final Map<Address, String> names = new HashMap<>();

    @Override
    public Integer call() throws IOException {
        Scenario scenario;
        String source;
        try (InputStream in = file == null ? resource("/demo.scenario.jsonl") : Files.newInputStream(file)) {
            scenario = ScenarioParser.parse(in);
            source = file == null ? "the bundled demo scenario" : file.toString();
        } catch (ScenarioFormatException e) {
            System.err.println("prover-staking demo: " + file + ": " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("prover-staking demo: " + ReadProblem.describe(String.valueOf(file), e));
            return 2;
        } catch (OutOfMemoryError e) { // as in replay: the scenario is held whole
            System.err.println("prover-staking demo: " + file + ": " + ReadProblem.TOO_LARGE);
            return 2;
        }
        if (file == null) loadNames();
        PrintStream o = System.out;
        Ledger ledger = new Ledger(scenario.genesis());
        InvariantChecker checker = new InvariantChecker(ledger, true);
        long start = scenario.genesis().timestamp();
        o.printf("Replaying %s: profile %s, %d lines, owner %s.%n%n", source, scenario.genesis().profile().wireName(),
                scenario.steps().size() + 1, name(scenario.genesis().owner()));
        o.printf("%5s  %-9s  %-8s  %-58s  %s%n", "line", "time", "sender", "operation", "result");
        int ok = 0, failed = 0;
        for (Scenario.Step step : scenario.steps()) {
            if (step instanceof Scenario.Checkpoint c) {
                o.printf("%5d  %-9s  %-8s  %s%n", c.line(), elapsed(c.timestamp() - start), "", "-- checkpoint --");
                continue;
            }
            Scenario.Operation op = (Scenario.Operation) step;
            Receipt r = ledger.apply(op.tx());
            List<Violation> v = checker.afterApply(op.tx(), r);
            if (r.ok()) ok++; else failed++;
            o.printf("%5d  %-9s  %-8s  %-58s  %s%n", op.line(), elapsed(op.timestamp() - start), name(op.tx().sender()),
                    describe(op.tx().command()), r.ok() ? "ok" : "refused: " + r.error());
            if (!v.isEmpty()) {
                o.println("INVARIANT VIOLATED after line " + op.line() + ": " + v);
                return 1;
            }
        }
        o.printf("%n%d operations: %d succeeded, %d refused (a refused operation changes nothing).%n", ok + failed, ok, failed);
        summary(ledger, o);
        o.println("Every invariant (share conservation, accumulator monotonicity, proportional slashing,");
        o.println("token isolation, solvency, atomicity) held after every operation.");
        return 0;
    }

    private void summary(Ledger ledger, PrintStream o) {
        LedgerView v = ledger.view();
        o.printf("%nProvers%n%-8s  %-11s  %12s  %12s  %8s  %7s  %10s  %12s%n", "prover", "state", "total stake",
                "self stake", "scale", "stakers", "commission", "unclaimed");
        for (Address p : v.allProvers()) {
            LedgerView.ProverInfo info = v.prover(p).orElseThrow();
            LedgerView.ProverRewardInfo r = v.proverRewards(p).orElseThrow();
            o.printf("%-8s  %-11s  %12s  %12s  %7s%%  %7d  %9s%%  %12s%n", name(p), info.state(), tokens(info.totalStaked()),
                    tokens(info.selfEffectiveStake()), percent(v.proverRecord(p).orElseThrow().scale()), info.stakerCount(),
                    bps(r.commissionRate()), tokens(r.pendingCommission()));
        }
        o.printf("%nPositions%n%-8s  %-8s  %12s  %14s  %14s%n", "prover", "staker", "stake", "unstaking", "rewards");
        for (Address p : v.allProvers()) {
            for (LedgerView.PositionRecord position : v.positions(p, null, LedgerView.MAX_PAGE).items()) {
                Address s = position.staker();
                LedgerView.StakeInfo si = v.stake(p, s);
                o.printf("%-8s  %-8s  %12s  %14s  %14s%n", name(p), name(s), tokens(si.amount()),
                        tokens(si.totalPendingUnstake()) + (si.pendingUnstakes().isEmpty() ? "" : " (" + si.pendingUnstakes().size() + ")"),
                        tokens(v.stakerRewards(p, s).pendingRewards()));
            }
        }
        Solvency s = v.solvency();
        o.printf("%nTreasuries: staking %s, rewards %s.  Custody: staking %s, rewards %s.%n",
                tokens(v.treasuryPools().staking()), tokens(v.treasuryPools().rewards()),
                tokens(v.custody(TokenKind.STAKE, Module.STAKING)),
                tokens(v.custody(TokenKind.REWARD, Module.REWARDS)));
        o.printf("Staking custody covers everything owed with %s unit(s) to spare; rewards custody is %s.%n%n",
                s.stakingSurplus(), s.rewardsSurplusUnits().signum() == 0 ? "exactly what is owed and carried"
                        : "off by " + s.rewardsSurplusUnits() + " units of 1e-36 token (the reference's rounding)");
    }

    private String describe(Command c) {
        if (c instanceof Command.Mint m) return "mint " + tokens(m.amount()) + " " + m.token().wireName() + " to " + name(m.to());
        if (c instanceof Command.InitProver x) return "become a prover, self-stake " + tokens(x.minSelfStake()) + ", commission " + bps(x.commissionRate()) + "%";
        if (c instanceof Command.Stake x) return "stake " + tokens(x.amount()) + " with " + name(x.prover());
        if (c instanceof Command.RequestUnstake x) return "request unstake of " + tokens(x.amount()) + " from " + name(x.prover());
        if (c instanceof Command.RequestUnstakeAll x) return "request unstake of everything from " + name(x.prover());
        if (c instanceof Command.CompleteUnstake x) return "complete matured unstakes from " + name(x.prover());
        if (c instanceof Command.Slash x) return "slash " + name(x.prover()) + " by " + ppm(x.percentage()) + "%";
        if (c instanceof Command.AddRewards x) return "pay " + tokens(x.amount()) + " rewards to " + name(x.prover());
        if (c instanceof Command.WithdrawRewards x) return "withdraw rewards from " + name(x.prover());
        if (c instanceof Command.UpdateCommissionRate x) return "set commission to " + bps(x.rate()) + "%";
        if (c instanceof Command.RetireProver x) return "retire " + name(x.prover());
        if (c instanceof Command.WithdrawTreasury x) return "take " + tokens(x.amount()) + " from the " + x.module().wireName() + " treasury";
        if (c instanceof Command.GrantRole x) return "grant " + x.role() + " to " + name(x.account());
        return c.op().name();
    }

    private void loadNames() throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(resource("/demo.names"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 2) names.put(Address.parse(parts[0]), parts[1]);
            }
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = DemoCommand.class.getResourceAsStream(name);
        if (in == null) throw new IOException("resource " + name + " missing from the jar");
        return in;
    }

    private String name(Address a) {
        String n = names.get(a);
        if (n != null) return n;
        String s = a.toString();
        return s.substring(0, 6) + ".." + s.substring(38);
    }

    /** Tokens with up to 4 decimals, truncated (display only; amounts stay exact elsewhere). */
    static String tokens(UInt256 amount) {
        BigInteger[] qr = amount.toBigInteger().divideAndRemainder(WAD);
        BigInteger frac = qr[1].divide(BigInteger.TEN.pow(14));
        String f = String.format("%04d", frac.intValue()).replaceAll("0+$", "");
        String whole = qr[0].toString();
        if (f.isEmpty() && qr[1].signum() > 0) return whole + ".0000+";
        return f.isEmpty() ? whole : whole + "." + f;
    }

    private static String percent(UInt256 scale) {
        BigInteger tenths = scale.toBigInteger().multiply(BigInteger.valueOf(1000)).divide(WAD);
        return tenths.divide(BigInteger.TEN) + "." + tenths.mod(BigInteger.TEN);
    }

    /** A requested rate may be any uint256 (the ledger refuses those over 10,000 bps): shown as given. */
    private static String bps(UInt256 rate) {
        BigInteger r = rate.toBigInteger();
        return r.bitLength() < 63 ? bps(r.longValueExact()) : r + " bps";
    }

    private static String bps(long rate) {
        return rate / 100 + (rate % 100 == 0 ? "" : "." + String.format("%02d", rate % 100).replaceAll("0$", ""));
    }

    private static String ppm(UInt256 p) {
        BigInteger v = p.toBigInteger();
        BigInteger[] qr = v.divideAndRemainder(BigInteger.valueOf(10_000));
        return qr[0] + (qr[1].signum() == 0 ? "" : "." + String.format("%04d", qr[1].intValue()).replaceAll("0+$", ""));
    }

    private static String elapsed(long seconds) {
        if (seconds < 3600) return "+" + seconds / 60 + "m";
        if (seconds < 86_400) return "+" + seconds / 3600 + "h";
        return "+" + seconds / 86_400 + "d" + (seconds % 86_400 / 3600 == 0 ? "" : seconds % 86_400 / 3600 + "h");
    }
}
