package dev.proverstaking.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.Address;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link ReadAheadBench} driven by hand: it reads present records only, and visits them all. */
class ReadAheadBenchTest {
    @Test
    void everyGroupNamesExistingPositionsAndAccounts() {
        ReadAheadBench.Group g = new ReadAheadBench.Group();
        g.stakers = 100;
        g.setup();
        Set<Address> seen = new HashSet<>();
        ReadAheadBench bench = new ReadAheadBench();
        for (int round = 0; round < 20; round++) {
            int at = g.cursor;
            for (int j = 0; j < ReadAheadBench.POSITIONS; j++) {
                var tx = g.txs.get(at + j);
                Address s = tx.sender();
                var prover = tx.command() instanceof dev.proverstaking.ledger.Command.Stake st ? st.prover()
                        : ((dev.proverstaking.ledger.Command.RequestUnstake) tx.command()).prover();
                assertThat(g.ledger.view().position(prover, s)).as("position of %s", s).isPresent();
                assertThat(g.ledger.view().balance(dev.proverstaking.common.TokenKind.STAKE, s).isZero())
                        .as("account of %s", s).isFalse();
                assertThat(tx.command().op()).isEqualTo(j % 2 == 0 ? dev.proverstaking.ledger.Command.Op.stake
                        : dev.proverstaking.ledger.Command.Op.requestUnstake);
                seen.add(s);
            }
            bench.readGroup(g);
        }
        assertThat(seen.size()).isGreaterThan(80); // the rotation covers the stakers
    }
}
