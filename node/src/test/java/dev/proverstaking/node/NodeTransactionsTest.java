package dev.proverstaking.node;

import static dev.proverstaking.node.NodeFixture.applied;
import static dev.proverstaking.node.NodeFixture.refused;
import static dev.proverstaking.node.NodeFixture.submit;
import static dev.proverstaking.node.TestChain.OWNER;
import static dev.proverstaking.node.TestChain.TOKEN;
import static dev.proverstaking.node.TestChain.account;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.GlobalParam;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.Role;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.LedgerView;
import dev.proverstaking.ledger.Receipt;
import dev.proverstaking.ledger.StateFingerprint;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.transition.Event;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operation a node takes, through a node: each is applied as the core applies it (same receipt,
 * same events, at the entry's time), gets the next history index, shows in reads, in the history
 * (which replays to the node's state dump) and in the events (paged and live).
 */
class NodeTransactionsTest {
    @TempDir
    Path dir;

    final TestChain.TestClock clock = new TestChain.TestClock();
    final NodeFixture.Nonces nonces = new NodeFixture.Nonces();

    static UInt256 tokens(long n) {
        return TOKEN.mul(UInt256.of(n));
    }

    private record Step(Address sender, Command command, long advance, boolean ok) {
        Step(Address sender, Command command, long advance) {
            this(sender, command, advance, true);
        }
    }

    /** A history that uses every op the node takes, each meant to succeed. */
    static List<Step> script() {
        Address p = account(0), s = account(1), other = account(2), holder = account(3), q = account(5);
        long day = 86_400;
        return List.of(
                new Step(p, new Command.InitProver(tokens(10), UInt256.of(1000)), 0),
                new Step(q, new Command.InitProver(tokens(10), UInt256.ZERO), 0),
                new Step(q, new Command.RequestUnstakeAll(q), 0),
                new Step(q, new Command.RetireProver(q), 0),
                // a retired prover without self-stake cannot come back: refused by the ledger, logged all the same
                new Step(q, new Command.UnretireProver(), 0, false),
                new Step(s, new Command.Stake(p, tokens(100)), 5),
                new Step(p, new Command.Stake(p, tokens(20)), 0),
                new Step(OWNER, new Command.AddRewards(p, tokens(50)), 5),
                new Step(s, new Command.WithdrawRewards(p), 0),
                new Step(p, new Command.UpdateCommissionRate(UInt256.of(2000)), 0),
                new Step(p, new Command.UpdateMinSelfStake(tokens(20)), 0),
                new Step(s, new Command.RequestUnstake(p, tokens(10)), 0),
                new Step(s, new Command.RequestUnstakeAll(p), 8 * day),
                new Step(s, new Command.CompleteUnstake(p), 0),
                new Step(OWNER, new Command.Slash(p, UInt256.of(100_000)), 0),
                new Step(OWNER, new Command.SetGlobalParam(GlobalParam.UnstakeDelay, UInt256.of(3600)), 0),
                new Step(OWNER, new Command.WithdrawTreasury(Module.STAKING, OWNER, UInt256.ONE), 0),
                new Step(OWNER, new Command.FundEmission(tokens(1000)), 0),
                new Step(OWNER, new Command.SetEmissionRate(TOKEN), 10),
                new Step(s, new Command.Poke(p), 0),
                new Step(OWNER, new Command.DeactivateProver(p), 0),
                new Step(OWNER, new Command.ReactivateProver(p), 0),
                new Step(OWNER, new Command.GrantRole(Role.SLASHER, other), 0),
                new Step(OWNER, new Command.RevokeRole(Role.SLASHER, other), 0),
                new Step(OWNER, new Command.Deposit(TokenKind.STAKE, holder, tokens(5)), 0),
                new Step(holder, new Command.Withdraw(TokenKind.STAKE, account(9), TOKEN), 0),
                new Step(OWNER, new Command.TransferOwnership(Module.REWARDS, account(4)), 0));
    }

    @Test
    void everyOperationGoesThroughTheNodeAsThroughTheCore() throws Exception {
        Set<Command.Op> ops = EnumSet.noneOf(Command.Op.class);
        for (Step st : script()) ops.add(st.command().op());
        assertThat(EnumSet.complementOf(EnumSet.copyOf(ops))).containsExactly(Command.Op.mint);

        List<EventRecord> live = new CopyOnWriteArrayList<>();
        Ledger core = new Ledger(TestChain.genesis().ledgerGenesis());
        List<Event> coreEvents = new ArrayList<>();
        for (Transaction tx : TestChain.genesis().setup()) coreEvents.addAll(core.apply(tx).events());
        try (LedgerNode node = RaftLedgerNode.start(TestChain.config(dir, clock).build())) {
            AutoCloseable subscription = node.subscribe(live::add);
            long index = TestChain.SETUP;
            for (Step st : script()) {
                long nonce = nonces.take(st.sender());
                TxResult.Applied a = applied(submit(node, NodeFixture.tx(st.sender(), nonce, st.command())));
                assertThat(a.index()).as("history index of %s", st.command()).isEqualTo(++index);
                assertThat(a.t()).isEqualTo(clock.seconds());
                Receipt expected = core.apply(new Transaction(st.sender(), a.t(), st.command(), nonce));
                assertThat(a.receipt()).as("%s", st.command()).isEqualTo(expected);
                assertThat(a.receipt().ok()).as("%s: %s", st.command(), a.receipt()).isEqualTo(st.ok());
                coreEvents.addAll(expected.events());
                clock.advance(st.advance());
            }
            // the node does not take mint: refused before the log, nothing used
            TxResult mint = submit(node, NodeFixture.tx(account(6), 0, new Command.Mint(TokenKind.STAKE, account(5), TOKEN)));
            refused(mint, Refusal.UnknownOp);

            // reads: the node's state is the core's
            long count = node.read(v -> v.appliedCount());
            assertThat(count).isEqualTo(index);
            assertThat(NodeFixture.dump(node)).isEqualTo(NodeFixture.dump(core.view()));
            for (Address a : List.of(OWNER, account(0), account(1), account(3), account(5), account(6))) {
                LedgerView.Account account = node.read(v -> v.account(a));
                assertThat(account).isEqualTo(core.view().account(a));
            }
            NodeStatus status = node.status();
            assertThat(status.historyIndex()).isEqualTo(index);
            assertThat(status.role()).isEqualTo("LEADER");
            assertThat(status.leader()).isEqualTo("n1");
            assertThat(status.accepting()).isTrue();
            assertThat(status.chainId()).isEqualTo(TestChain.CHAIN_ID);
            assertThat(status.appliedIndex()).isEqualTo(status.commitIndex());

            // the history replays, through the core, to the node's state; its lines carry the nonces
            byte[] history = NodeFixture.history(node);
            Ledger replayed = NodeFixture.replay(history);
            assertThat(NodeFixture.dump(replayed.view())).isEqualTo(NodeFixture.dump(node));
            assertThat(StateFingerprint.of(replayed)).isEqualTo(StateFingerprint.of(core));
            assertThat(replayed.view().nonce(account(1))).isEqualTo(core.view().nonce(account(1)));
            String[] lines = new String(history, StandardCharsets.UTF_8).split("\n");
            assertThat(lines).hasSize(2 + (int) index);
            assertThat(lines[lines.length - 1]).isEqualTo("{\"op\":\"checkpoint\",\"t\":" + core.now() + ",\"from\":\"" + OWNER + "\"}");
            assertThat(NodeFixture.replayedDump(history)).isEqualTo(NodeFixture.dump(node));
            assertThat(lines[0]).startsWith("{\"op\":\"genesis\"");
            assertThat(lines[1 + TestChain.SETUP]).contains("\"op\":\"initProver\"").contains("\"nonce\":0");

            // the events: every receipt's, numbered from 1 without gaps, paged as asked
            List<EventRecord> all = new ArrayList<>();
            for (long after = 0; ; ) {
                List<EventRecord> page = node.events(after, 7);
                if (page.isEmpty()) break;
                assertThat(page.size()).isLessThanOrEqualTo(7);
                all.addAll(page);
                after = page.get(page.size() - 1).seq();
            }
            assertThat(all).extracting(EventRecord::event).isEqualTo(coreEvents);
            for (int i = 0; i < all.size(); i++) assertThat(all.get(i).seq()).isEqualTo(i + 1);
            assertThat(all.get(0).index()).isEqualTo(1);
            assertThat(all.get(all.size() - 1).index()).isEqualTo(index);
            assertThat(node.events(all.size(), 10)).isEmpty();
            assertThat(node.events(-5, 2)).extracting(EventRecord::seq).containsExactly(1L, 2L);
            // live: the subscriber, subscribed after the setup, got every event of the script, in order
            long setupEvents = all.stream().filter(e -> e.index() <= TestChain.SETUP).count();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (live.size() < all.size() - setupEvents && System.nanoTime() < deadline) Thread.sleep(5);
            assertThat(live).isEqualTo(all.subList((int) setupEvents, all.size()));
            subscription.close();
        }
    }

    @Test
    void aRefusalOfTheLedgerUsesTheNonceAndAnIndex() throws Exception {
        try (LedgerNode node = RaftLedgerNode.start(TestChain.config(dir, clock).build())) {
            Address s = account(1);
            // staking with a prover that does not exist: refused by the ledger, in the log all the same
            TxResult.Applied a = applied(submit(node, NodeFixture.tx(s, 0, new Command.Stake(account(7), TOKEN))));
            assertThat(a.receipt().ok()).isFalse();
            assertThat(a.receipt().events()).isEmpty();
            assertThat(a.index()).isEqualTo(TestChain.SETUP + 1);
            long nonce = node.read(v -> v.nonce(s));
            assertThat(nonce).isEqualTo(1);
            refused(submit(node, NodeFixture.tx(s, 0, new Command.Poke(account(7)))), Refusal.BadNonce);
            assertThat(applied(submit(node, NodeFixture.tx(s, 1, new Command.Poke(account(7))))).index())
                    .isEqualTo(TestChain.SETUP + 2);
            String history = new String(NodeFixture.history(node), StandardCharsets.UTF_8);
            assertThat(history).contains("\"op\":\"stake\",\"t\":" + clock.seconds() + ",\"from\":\"" + s + "\",\"nonce\":0");
        }
    }
}
