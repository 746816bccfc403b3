package dev.proverstaking.scenario;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.proverstaking.common.Address;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.Genesis;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.math.UInt256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a genesis and transactions as a scenario file that {@link ScenarioParser} reads back to
 * the same values: how the simulator hands over a history that broke an invariant.
 */
public final class ScenarioWriter {
    private static final JsonFactory JSON = new JsonFactory();

    private ScenarioWriter() {}

    public static String toText(Genesis genesis, List<Transaction> txs, boolean checkpointAtEnd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(genesis, txs, checkpointAtEnd, out);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    public static void write(Genesis genesis, List<Transaction> txs, boolean checkpointAtEnd, OutputStream out)
            throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.setRootValueSeparator(null);
            g.writeStartObject();
            g.writeStringField("op", "genesis");
            g.writeNumberField("t", genesis.timestamp());
            g.writeStringField("owner", genesis.owner().toString());
            g.writeStringField("minSelfStake", genesis.globalMinSelfStake().toString());
            g.writeBooleanField("sameToken", genesis.sameToken());
            g.writeStringField("profile", genesis.profile().wireName());
            g.writeEndObject();
            g.writeRaw('\n');
            long last = genesis.timestamp();
            for (Transaction tx : txs) {
                writeLine(tx, g);
                last = tx.timestamp();
            }
            if (checkpointAtEnd) writeCheckpointLine(last, genesis.owner(), g);
        }
    }

    /**
     * Writes a {@code checkpoint} line at time {@code t} (at least the last operation's) to {@code g}:
     * what {@link #write} ends with when asked, for a writer that appends line by line (a node's
     * history export ends with one, so that {@code replay} prints the node's state).
     */
    public static void writeCheckpointLine(long t, Address from, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("op", "checkpoint");
        g.writeNumberField("t", t);
        g.writeStringField("from", from.toString());
        g.writeEndObject();
        g.writeRaw('\n');
    }

    /**
     * Writes one transaction as a scenario line, its JSON object and a newline, to {@code g} (a
     * generator whose root value separator is none): what {@link #write} writes for each, for a
     * writer that appends a history line by line, such as a node's (its nonce included).
     */
    public static void writeLine(Transaction tx, JsonGenerator g) throws IOException {
        writeTransaction(g, tx);
        g.writeRaw('\n');
    }

    private static void writeTransaction(JsonGenerator g, Transaction tx) throws IOException {
        Command c = tx.command();
        g.writeStartObject();
        g.writeStringField("op", c.op().name());
        g.writeNumberField("t", tx.timestamp());
        g.writeStringField("from", tx.sender().toString());
        if (tx.hasNonce()) g.writeNumberField("nonce", tx.nonce());
        if (c instanceof Command.Mint m) {
            g.writeStringField("token", m.token().wireName());
            addr(g, "to", m.to());
            num(g, "amount", m.amount());
        } else if (c instanceof Command.Deposit x) {
            g.writeStringField("token", x.token().wireName());
            addr(g, "to", x.to());
            num(g, "amount", x.amount());
        } else if (c instanceof Command.Withdraw x) {
            g.writeStringField("token", x.token().wireName());
            addr(g, "to", x.to());
            num(g, "amount", x.amount());
        } else if (c instanceof Command.InitProver x) {
            num(g, "minSelfStake", x.minSelfStake());
            num(g, "commissionRate", x.commissionRate());
        } else if (c instanceof Command.Stake x) {
            addr(g, "prover", x.prover());
            num(g, "amount", x.amount());
        } else if (c instanceof Command.RequestUnstake x) {
            addr(g, "prover", x.prover());
            num(g, "amount", x.amount());
        } else if (c instanceof Command.RequestUnstakeAll x) {
            addr(g, "prover", x.prover());
        } else if (c instanceof Command.CompleteUnstake x) {
            addr(g, "prover", x.prover());
        } else if (c instanceof Command.Slash x) {
            addr(g, "prover", x.prover());
            num(g, "percentage", x.percentage());
        } else if (c instanceof Command.AddRewards x) {
            addr(g, "prover", x.prover());
            num(g, "amount", x.amount());
        } else if (c instanceof Command.WithdrawRewards x) {
            addr(g, "prover", x.prover());
        } else if (c instanceof Command.UpdateCommissionRate x) {
            num(g, "rate", x.rate());
        } else if (c instanceof Command.UpdateMinSelfStake x) {
            num(g, "amount", x.amount());
        } else if (c instanceof Command.RetireProver x) {
            addr(g, "prover", x.prover());
        } else if (c instanceof Command.DeactivateProver x) {
            addr(g, "prover", x.prover());
        } else if (c instanceof Command.ReactivateProver x) {
            addr(g, "prover", x.prover());
        } else if (c instanceof Command.SetGlobalParam x) {
            g.writeStringField("param", x.param().name());
            num(g, "value", x.value());
        } else if (c instanceof Command.WithdrawTreasury x) {
            g.writeStringField("module", x.module().wireName());
            addr(g, "to", x.to());
            num(g, "amount", x.amount());
        } else if (c instanceof Command.GrantRole x) {
            g.writeStringField("role", x.role().name());
            addr(g, "account", x.account());
        } else if (c instanceof Command.RevokeRole x) {
            g.writeStringField("role", x.role().name());
            addr(g, "account", x.account());
        } else if (c instanceof Command.TransferOwnership x) {
            g.writeStringField("module", x.module().wireName());
            addr(g, "newOwner", x.newOwner());
        } else if (c instanceof Command.FundEmission x) {
            num(g, "amount", x.amount());
        } else if (c instanceof Command.SetEmissionRate x) {
            num(g, "ratePerSecond", x.ratePerSecond());
        } else if (c instanceof Command.Poke x) {
            addr(g, "prover", x.prover());
        } else if (!(c instanceof Command.UnretireProver)) {
            throw new IllegalArgumentException("no scenario form for " + c.op());
        }
        g.writeEndObject();
    }

    private static void addr(JsonGenerator g, String name, Address a) throws IOException {
        g.writeStringField(name, a.toString());
    }

    private static void num(JsonGenerator g, String name, UInt256 v) throws IOException {
        g.writeStringField(name, v.toString());
    }
}
