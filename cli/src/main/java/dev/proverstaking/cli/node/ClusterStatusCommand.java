package dev.proverstaking.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cluster status [URL ...]}: each member's view of its group ({@code GET /v1/cluster}), one line each. */
@Command(name = "status", description = {"Print each named member's view of its group (GET /v1/cluster): role, term, leader, indexes, state hash.",
        "Exit status: 0 every member answered, 1 one could not be reached."})
public final class ClusterStatusCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Parameters(paramLabel = "URL", arity = "0..*", description = "members' URLs (default: --node)")
    List<String> urls;

    @Option(names = "--node", paramLabel = "URL", description = "the member (default: ${DEFAULT-VALUE}, or $PROVER_STAKING_NODE)",
            defaultValue = "${env:PROVER_STAKING_NODE:-" + NodeClient.DEFAULT_URL + "}")
    String url;

    @Option(names = "--json", description = "print each member's answer as it is (JSON)")
    boolean json;

    @Override
    public Integer call() {
        int status = 0;
        for (String u : urls == null || urls.isEmpty() ? List.of(url) : urls) {
            try {
                JsonNode c = new NodeClient(u).get("/v1/cluster");
                if (json) {
                    System.out.println(NodeClient.JSON.writeValueAsString(c));
                    continue;
                }
                StringBuilder members = new StringBuilder();
                for (JsonNode m : c.path("members")) members.append(members.length() == 0 ? "" : ",").append(m.path("id").asText())
                        .append('=').append(m.path("address").asText());
                System.out.printf("%s %-9s term %d leader %s commit %d applied %d history %d hash %s%s  members %s (config %d)%n",
                        c.path("id").asText(), c.path("role").asText(), c.path("term").asLong(),
                        c.path("leader").isNull() ? "-" : c.path("leader").asText(), c.path("commitIndex").asLong(),
                        c.path("appliedIndex").asLong(), c.path("historyIndex").asLong(), c.path("stateHash").asText(),
                        c.path("accepting").asBoolean() ? "" : "  NOT ACCEPTING", members, c.path("configIndex").asLong());
            } catch (NodeClient.NodeException e) {
                System.err.println("prover-staking cluster status: " + u + ": " + e.getMessage());
                status = 1;
            } catch (java.io.IOException e) {
                System.err.println("prover-staking cluster status: " + e.getMessage());
                status = 1;
            }
        }
        return status;
    }
}
