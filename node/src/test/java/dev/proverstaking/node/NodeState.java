package dev.proverstaking.node;

import dev.proverstaking.common.Address;
import dev.proverstaking.ledger.StateFingerprint;
import java.util.ArrayList;
import java.util.List;

/** Everything a restart must keep of a node, taken at one moment, for comparing before and after. */
record NodeState(String fingerprint, String stateHash, long historyIndex, List<Long> nonces, String dump,
                 byte[] history, List<EventRecord> events) {

    static NodeState of(LedgerNode node) {
        String fingerprint = ((RaftLedgerNode) node).stateMachine().state().readLedger(StateFingerprint::of);
        List<Long> nonces = new ArrayList<>();
        for (Address a : accounts()) nonces.add(node.read(v -> v.nonce(a)));
        List<EventRecord> events = new ArrayList<>();
        for (long after = 0; ; ) {
            List<EventRecord> page = node.events(after, 1000);
            if (page.isEmpty()) break;
            events.addAll(page);
            after = page.get(page.size() - 1).seq();
        }
        return new NodeState(fingerprint, node.stateHash().hash(), node.status().historyIndex(), nonces,
                NodeFixture.dump(node), NodeFixture.history(node), events);
    }

    static List<Address> accounts() {
        List<Address> out = new ArrayList<>(List.of(TestChain.OWNER));
        for (int i = 0; i < 10; i++) out.add(TestChain.account(i));
        return out;
    }

    /** Compares field by field (arrays by content), with a message naming the field. */
    void assertEquals(NodeState other) {
        org.assertj.core.api.Assertions.assertThat(other.fingerprint).as("fingerprint").isEqualTo(fingerprint);
        org.assertj.core.api.Assertions.assertThat(other.stateHash).as("state hash").isEqualTo(stateHash);
        org.assertj.core.api.Assertions.assertThat(other.historyIndex).as("history index").isEqualTo(historyIndex);
        org.assertj.core.api.Assertions.assertThat(other.nonces).as("nonces").isEqualTo(nonces);
        org.assertj.core.api.Assertions.assertThat(other.dump).as("dump").isEqualTo(dump);
        org.assertj.core.api.Assertions.assertThat(other.history).as("history").isEqualTo(history);
        org.assertj.core.api.Assertions.assertThat(other.events).as("events").isEqualTo(events);
    }
}
