package dev.proverstaking.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proverstaking.common.Address;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code query account|prover|provers|stakers|stake|status|hash ...}: reads from a node, printed for people. */
@Command(name = "query",
        description = {"Read from a node and print it readably (token units, not wei; --json for the node's JSON).",
                "Addresses may be dev:N for dev account N.",
                "Exit status: 0 done, 1 the node could not be reached or has no such record, 2 usage error."},
        subcommands = {QueryCommand.Account.class, QueryCommand.Prover.class, QueryCommand.Provers.class,
                QueryCommand.Stakers.class, QueryCommand.Stake.class, QueryCommand.Status.class, QueryCommand.Hash.class})
public final class QueryCommand implements Runnable {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "prover-staking query: a command is required (account, prover, provers, stakers, stake, status or hash)");
    }

    /** What every query takes. */
    static final class Common {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
        boolean help;

        @Option(names = "--node", paramLabel = "URL", description = "the node (default: ${DEFAULT-VALUE}, or $PROVER_STAKING_NODE)",
                defaultValue = "${env:PROVER_STAKING_NODE:-" + NodeClient.DEFAULT_URL + "}")
        String url;

        @Option(names = "--json", description = "print the node's JSON as it is")
        boolean json;
    }

    /** A query: fetch, print, and turn failures into messages and statuses. */
    abstract static class Query implements Callable<Integer> {
        @Mixin
        Common common;

        abstract void run(NodeClient node) throws NodeClient.NodeException;

        @Override
        public Integer call() {
            try {
                run(new NodeClient(common.url));
                return 0;
            } catch (NodeClient.NodeException e) {
                System.err.println("prover-staking query: " + e.getMessage());
                return 1;
            } catch (IllegalArgumentException e) {
                System.err.println("prover-staking query: " + e.getMessage());
                return 2;
            }
        }

        /** Prints the JSON and returns true with --json. */
        boolean raw(JsonNode j) {
            if (common.json) System.out.println(j.toPrettyString());
            return common.json;
        }
    }

    static String pct(int bps) {
        return Units.format(java.math.BigInteger.valueOf(bps), 2) + "%";
    }

    @Command(name = "account", description = "An account: nonce, balances, roles and stakes.")
    static final class Account extends Query {
        @Parameters(paramLabel = "ADDRESS")
        String address;

        @Override
        void run(NodeClient node) throws NodeClient.NodeException {
            Address a = Tokens.address(address);
            JsonNode j = node.get("/v1/accounts/" + a);
            JsonNode stakes = node.get("/v1/accounts/" + a + "/stakes?limit=1000");
            if (common.json) {
                System.out.println(NodeClient.JSON.createObjectNode().<com.fasterxml.jackson.databind.node.ObjectNode>set("account", j)
                        .set("stakes", stakes).toPrettyString());
                return;
            }
            Tokens t = Tokens.of(node);
            System.out.println("account " + j.path("address").asText());
            System.out.println("  nonce    " + j.path("nonce").asLong());
            System.out.println("  balances " + t.show(j.path("balances").path("stake").asText(), "stake") + ", "
                    + t.show(j.path("balances").path("reward").asText(), "reward"));
            StringBuilder roles = new StringBuilder();
            for (JsonNode r : j.path("roles")) roles.append(roles.length() == 0 ? "" : ", ").append(r.asText());
            System.out.println("  roles    " + (roles.length() == 0 ? "none" : roles));
            if (stakes.path("stakes").isEmpty()) System.out.println("  stakes   none");
            for (JsonNode s : stakes.path("stakes")) System.out.println("  " + Stake.line(s, t));
            if (!stakes.path("next").isNull()) System.out.println("  (more: GET /v1/accounts/" + a + "/stakes?cursor=" + stakes.path("next").asText() + ")");
        }
    }

    @Command(name = "prover", description = "A prover's state, stake and rewards.")
    static final class Prover extends Query {
        @Parameters(paramLabel = "ADDRESS")
        String address;

        @Override
        void run(NodeClient node) throws NodeClient.NodeException {
            JsonNode p = node.get("/v1/provers/" + Tokens.address(address));
            if (raw(p)) return;
            Tokens t = Tokens.of(node);
            System.out.println("prover " + p.path("address").asText() + " (" + p.path("state").asText() + ")");
            System.out.println("  total staked       " + t.show(p.path("totalStaked").asText(), "stake")
                    + " (self " + t.show(p.path("selfEffectiveStake").asText(), "stake") + ", minimum "
                    + t.show(p.path("minSelfStake").asText(), "stake") + ")");
            System.out.println("  pending unstakes   " + t.show(p.path("totalPendingUnstake").asText(), "stake"));
            System.out.println("  stakers            " + p.path("stakerCount").asInt() + " (positions ever: " + p.path("positionCount").asInt() + ")");
            System.out.println("  commission         " + pct(p.path("commissionRate").asInt()) + ", pending "
                    + t.show(p.path("pendingCommission").asText(), "reward"));
            System.out.println("  emission received  " + t.show(p.path("emissionReceived").asText(), "reward")
                    + " (pending " + t.show(p.path("pendingEmission").asText(), "reward") + ")");
            System.out.println("  scale              " + p.path("scale").asText());
        }
    }

    @Command(name = "provers", description = "The provers, a page at a time, in address order.")
    static final class Provers extends Query {
        @Option(names = "--state", paramLabel = "STATE", description = "Active, Retired or Deactivated")
        String state;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "at most N (1..1000; default ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--cursor", paramLabel = "ADDRESS", description = "the next page: the \"next\" the previous one printed")
        String cursor;

        @Override
        void run(NodeClient node) throws NodeClient.NodeException {
            StringBuilder q = new StringBuilder("/v1/provers?limit=" + limit);
            if (state != null) q.append("&state=").append(state);
            if (cursor != null) q.append("&cursor=").append(cursor);
            JsonNode page = node.get(q.toString());
            if (raw(page)) return;
            Tokens t = Tokens.of(node);
            if (page.path("provers").isEmpty()) System.out.println("no provers");
            for (JsonNode p : page.path("provers")) {
                System.out.println(p.path("address").asText() + "  " + p.path("state").asText() + "  staked "
                        + t.show(p.path("totalStaked").asText(), "stake") + "  stakers " + p.path("stakerCount").asInt()
                        + "  commission " + pct(p.path("commissionRate").asInt()));
            }
            if (!page.path("next").isNull()) System.out.println("next page: --cursor " + page.path("next").asText());
        }
    }

    @Command(name = "stakers", description = "A prover's stakers, a page at a time, in address order.")
    static final class Stakers extends Query {
        @Parameters(paramLabel = "PROVER")
        String prover;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "at most N (1..1000; default ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--cursor", paramLabel = "ADDRESS", description = "the next page: the \"next\" the previous one printed")
        String cursor;

        @Override
        void run(NodeClient node) throws NodeClient.NodeException {
            String q = "/v1/provers/" + Tokens.address(prover) + "/stakers?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page = node.get(q);
            if (raw(page)) return;
            Tokens t = Tokens.of(node);
            if (page.path("stakers").isEmpty()) System.out.println("no stakers");
            for (JsonNode s : page.path("stakers")) System.out.println(Stake.line(s, t));
            if (!page.path("next").isNull()) System.out.println("next page: --cursor " + page.path("next").asText());
        }
    }

    @Command(name = "stake", description = "One position: its stake, pending unstakes and rewards.")
    static final class Stake extends Query {
        @Parameters(index = "0", paramLabel = "PROVER")
        String prover;

        @Parameters(index = "1", paramLabel = "STAKER")
        String staker;

        static String line(JsonNode s, Tokens t) {
            return "staker " + s.path("staker").asText() + " with prover " + s.path("prover").asText() + ": "
                    + t.show(s.path("amount").asText(), "stake") + " staked, "
                    + t.show(s.path("totalPendingUnstake").asText(), "stake") + " unstaking, rewards "
                    + t.show(s.path("withdrawable").asText(s.path("pendingRewards").asText()), "reward");
        }

        @Override
        void run(NodeClient node) throws NodeClient.NodeException {
            JsonNode s = node.get("/v1/stakes/" + Tokens.address(prover) + "/" + Tokens.address(staker));
            if (raw(s)) return;
            Tokens t = Tokens.of(node);
            System.out.println(line(s, t));
            for (JsonNode u : s.path("pendingUnstakes")) {
                System.out.println("  unstaking " + t.show(u.path("amount").asText(), "stake") + ": "
                        + (u.path("ready").asBoolean() ? "ready (completeUnstake)" : "ready at " + readyAt(u.path("readyAt").asText())));
            }
        }

        private static String readyAt(String t) {
            try {
                return Instant.ofEpochSecond(Long.parseLong(t)).toString();
            } catch (RuntimeException e) {
                return t;
            }
        }
    }

    @Command(name = "status", description = "The node: its role, indexes, chain id and tokens.")
    static final class Status extends Query {
        @Override
        void run(NodeClient node) throws NodeClient.NodeException {
            JsonNode s = node.get("/v1/status");
            if (raw(s)) return;
            System.out.println("node " + node.base() + ": " + s.path("role").asText() + (s.path("accepting").asBoolean() ? ", accepting transactions" : ", NOT accepting transactions"));
            System.out.println("  chain id       " + s.path("chainId").asLong());
            System.out.println("  history index  " + s.path("historyIndex").asLong() + " (log: commit " + s.path("commitIndex").asLong()
                    + ", applied " + s.path("appliedIndex").asLong() + ")");
            System.out.println("  ledger time    " + s.path("t").asLong() + " (" + Instant.ofEpochSecond(s.path("t").asLong()) + ")");
            System.out.println("  profile        " + s.path("profile").asText());
            JsonNode tk = s.path("tokens");
            System.out.println("  tokens         " + tk.path("stake").path("symbol").asText() + " (" + tk.path("stake").path("decimals").asInt()
                    + " decimals), " + tk.path("reward").path("symbol").asText() + " (" + tk.path("reward").path("decimals").asInt() + " decimals)");
        }
    }

    @Command(name = "hash", description = "The canonical hash of the node's state, and the history index it is of.")
    static final class Hash extends Query {
        @Override
        void run(NodeClient node) throws NodeClient.NodeException {
            JsonNode h = node.get("/v1/state/hash");
            if (raw(h)) return;
            System.out.println(h.path("hash").asText() + " (after history index " + h.path("index").asLong() + ")");
        }
    }
}
