package dev.proverstaking.token;

import static dev.proverstaking.ledger.LedgerFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proverstaking.ledger.Cmd;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.LedgerFixture;
import dev.proverstaking.rounding.Profile;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/** The two tokens of a ledger share one account record per address (AccountBook: why). */
class AccountBookTest {

    private static AccountBook book(Ledger ledger, String token) throws ReflectiveOperationException {
        Field f = Ledger.class.getDeclaredField(token);
        f.setAccessible(true);
        return ((TokenLedger) f.get(ledger)).book;
    }

    @Test
    void aStakersFirstWithdrawalCreditsTheRecordTheStakingTokenOpened() throws Exception {
        LedgerFixture f = new LedgerFixture(Profile.SOLVENT, 100, false);
        AccountBook book = book(f.ledger, "stakeToken");
        assertThat(book(f.ledger, "rewardToken")).isSameAs(book);
        f.prover(P, 100, 1000);
        f.delegate(A, P, 300);
        f.reward(P, 1000);
        int records = book.table.size();

        f.ok(A, Cmd.withdraw(P));
        assertThat(f.rewardBalance(A)).isEqualTo(bi(675));
        assertThat(book.table.size()).as("no new record for A's reward tokens").isEqualTo(records);
        f.mintReward(B, 1); // an address new to both tokens still gets one
        assertThat(book.table.size()).isEqualTo(records + 1);
    }

    @Test
    void holdsTwoTokensAtMost() {
        AccountBook book = new AccountBook();
        assertThat(book.nextSlot()).isZero();
        assertThat(book.nextSlot()).isEqualTo(1);
        assertThatThrownBy(book::nextSlot).isInstanceOf(IllegalStateException.class);
    }
}
