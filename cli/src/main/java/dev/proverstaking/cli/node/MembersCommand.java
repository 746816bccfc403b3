package dev.proverstaking.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proverstaking.node.MembershipChange;
import dev.proverstaking.signing.DevAccounts;
import dev.proverstaking.signing.Hex;
import dev.proverstaking.signing.KeyFile;
import dev.proverstaking.signing.KeyFileException;
import dev.proverstaking.signing.SigningKey;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cluster add} and {@code cluster remove}: an owner's signed {@link MembershipChange} sent to
 * any member ({@code POST /v1/admin/members}), for the configuration that member reports now
 * ({@code GET /v1/cluster}). A new member is started first ({@code serve --join}); it catches up
 * from the leader before the change is committed.
 */
public final class MembersCommand {
    private MembersCommand() {}

    static final class Signer {
        @Option(names = "--key", paramLabel = "FILE", description = "sign with the key in this key file (the staking module's owner's)")
        Path keyFile;

        @Option(names = "--dev", paramLabel = "N", description = "sign with dev account N (0 owns the dev chain's modules)")
        Integer dev;
    }

    abstract static class Base implements Callable<Integer> {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
        boolean help;

        @Option(names = "--id", paramLabel = "ID", required = true, description = "the member's id")
        String id;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Signer signer;

        @Option(names = "--node", paramLabel = "URL", description = "any member (default: ${DEFAULT-VALUE}, or $PROVER_STAKING_NODE)",
                defaultValue = "${env:PROVER_STAKING_NODE:-" + NodeClient.DEFAULT_URL + "}")
        String url;

        @Option(names = "--ttl", paramLabel = "SECONDS", defaultValue = "300", description = "the order is good for this long (default: ${DEFAULT-VALUE})")
        long ttl;

        abstract String change();

        abstract String address();

        @Override
        public Integer call() {
            String name = "prover-staking cluster " + change() + ": ";
            SigningKey key;
            try {
                if (signer.keyFile != null) {
                    key = KeyFile.read(signer.keyFile);
                } else {
                    if (signer.dev < 0 || signer.dev >= DevAccounts.COUNT) throw new IllegalArgumentException("--dev takes 0.." + (DevAccounts.COUNT - 1));
                    key = DevAccounts.get(signer.dev).key();
                }
            } catch (KeyFileException | IllegalArgumentException e) {
                System.err.println(name + e.getMessage());
                return 2;
            }
            try {
                NodeClient node = new NodeClient(url);
                JsonNode cluster = node.get("/v1/cluster");
                long chainId = node.get("/v1/status").path("chainId").asLong();
                MembershipChange c;
                try {
                    c = new MembershipChange(change(), id, address(), cluster.path("configIndex").asLong(),
                            System.currentTimeMillis() / 1000 + ttl);
                } catch (IllegalArgumentException e) {
                    System.err.println(name + e.getMessage());
                    return 2;
                }
                ObjectNode body = NodeClient.JSON.createObjectNode();
                body.put("change", c.change()).put("member", c.member()).put("address", c.address())
                        .put("configIndex", c.configIndex()).put("deadline", c.deadline())
                        .put("signature", Hex.encode(c.sign(key, chainId)));
                NodeClient.Reply r = node.post("/v1/admin/members", body);
                if (r.status() / 100 != 2) {
                    System.err.println(name + NodeClient.refused(r).getMessage());
                    return 1;
                }
                StringBuilder members = new StringBuilder();
                for (JsonNode m : r.body().path("members")) members.append(members.length() == 0 ? "" : ", ").append(m.path("id").asText())
                        .append('=').append(m.path("address").asText());
                System.out.println(change().equals("add") ? "added " + id : "removed " + id);
                System.out.println("members: " + members + " (configuration at log index " + r.body().path("configIndex").asLong() + ")");
                return 0;
            } catch (NodeClient.NodeException e) {
                System.err.println(name + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "add", description = {"Add a member to the group (Raft reconfiguration), signed by the staking module's owner.",
            "Start the member first: serve --join --id ID --raft HOST:PORT --peers <the members> (its own --http, --data, genesis);"
                    + " it catches up from the leader (by snapshot if the log is gone) before the change is committed."})
    public static final class Add extends Base {
        @Option(names = "--address", paramLabel = "HOST:PORT", required = true, description = "the new member's Raft address")
        String address;

        @Override
        String change() {
            return "add";
        }

        @Override
        String address() {
            return address;
        }
    }

    @Command(name = "remove", description = {"Remove a member from the group (Raft reconfiguration), signed by the staking module's owner.",
            "Stop the member's process afterwards."})
    public static final class Remove extends Base {
        @Override
        String change() {
            return "remove";
        }

        @Override
        String address() {
            return "";
        }
    }
}
