package dev.proverstaking.ledger;

import static dev.proverstaking.ledger.Cmd.u;
import static dev.proverstaking.ledger.LedgerFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proverstaking.common.TokenKind;
import dev.proverstaking.rounding.Profile;
import dev.proverstaking.transition.ErrorCode;
import org.junit.jupiter.api.Test;

/**
 * Nonces of signed transactions are the ledger's state: a transaction with a nonce is applied only
 * as its sender's next one, and uses it whether its command succeeds or is refused; one that is not
 * the next is refused and uses nothing; a transaction without a nonce (a scenario's) uses none.
 */
class NonceTest {
    final LedgerFixture f = new LedgerFixture(Profile.SOLVENT, 100);

    Receipt signed(long nonce, Command c) {
        return f.ledger.apply(new Transaction(A, f.now(), c, nonce));
    }

    @Test
    void aNonceIsUsedBySuccessAndByRefusalAlike() {
        f.mintStake(A, 50);
        assertThat(f.ledger.view().nonce(A)).isZero();
        assertThat(signed(0, Cmd.mintStake(A, 1)).ok()).isTrue();
        assertThat(f.ledger.view().nonce(A)).isEqualTo(1);
        Receipt refused = signed(1, Cmd.stake(P, 10)); // no such prover
        assertThat(refused.error()).isEqualTo(ErrorCode.ProverNotRegistered);
        assertThat(f.ledger.view().nonce(A)).isEqualTo(2);
        assertThat(f.ledger.view().account(A).nonce()).isEqualTo(2);
        assertThat(f.stakeBalance(A)).isEqualTo(bi(51));
    }

    @Test
    void aNonceThatIsNotTheNextIsRefusedAndUsesNothing() {
        f.mintStake(A, 50);
        String before = f.fingerprint();
        for (long wrong : new long[] {1, 7, Long.MAX_VALUE}) {
            Receipt r = signed(wrong, Cmd.mintStake(A, 1));
            assertThat(r.error()).isEqualTo(ErrorCode.BadNonce);
            assertThat(r.detail()).contains("expected 0");
            assertThat(r.events()).isEmpty();
        }
        assertThat(f.ledger.view().nonce(A)).isZero();
        assertThat(f.fingerprint()).isEqualTo(before);
        assertThat(signed(0, Cmd.mintStake(A, 1)).ok()).isTrue();
        assertThat(signed(0, Cmd.mintStake(A, 1)).error()).as("a used nonce").isEqualTo(ErrorCode.BadNonce);
        assertThat(f.stakeBalance(A)).isEqualTo(bi(51));
    }

    @Test
    void transactionsWithoutANonceUseNoneAndANonceOpensNoTokenAccount() {
        f.ok(A, Cmd.mintStake(B, 5));
        assertThat(f.ledger.view().nonce(A)).isZero();
        assertThat(signed(0, Cmd.mintStake(B, 5)).ok()).isTrue();
        assertThat(f.ledger.view().nonce(A)).isEqualTo(1);
        assertThat(f.ledger.view().balances(TokenKind.STAKE)).extracting(LedgerView.Balance::account).containsExactly(B);
        assertThat(f.ledger.view().balances(TokenKind.REWARD)).isEmpty();
        assertThat(f.ledger.audit()).isEmpty();
    }

    @Test
    void noncesSurviveASnapshotAndAreLeftOutOfTheFingerprint() throws Exception {
        f.mintStake(A, 50);
        for (long n = 0; n < 3; n++) assertThat(signed(n, Cmd.mintStake(A, 1)).ok()).isTrue();
        // B signs but holds nothing: its record exists for its nonce alone
        assertThat(f.ledger.apply(new Transaction(B, f.now(), Cmd.stake(P, 1), 0)).error())
                .isEqualTo(ErrorCode.ProverNotRegistered);
        Ledger restored = LedgerSnapshot.fromBytes(LedgerSnapshot.toBytes(f.ledger));
        assertThat(restored.view().nonce(A)).isEqualTo(3);
        assertThat(restored.view().nonce(B)).isEqualTo(1);
        assertThat(restored.view().nonce(C)).isZero();
        assertThat(LedgerSnapshot.toBytes(restored)).isEqualTo(LedgerSnapshot.toBytes(f.ledger));
        String before = StateFingerprint.of(restored);
        assertThat(restored.apply(new Transaction(A, f.now(), Cmd.stake(P, 1), 3)).ok()).isFalse();
        assertThat(restored.view().nonce(A)).as("a refusal uses the nonce").isEqualTo(4);
        assertThat(StateFingerprint.of(restored)).as("and changes nothing else").isEqualTo(before);
    }
}
