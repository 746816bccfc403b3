package dev.proverstaking.ledger;

import dev.proverstaking.common.Role;
import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rewards.EmissionPool;
import dev.proverstaking.rewards.ProverRewards;
import dev.proverstaking.rounding.RewardBook;
import dev.proverstaking.rewards.RewardsModule;
import dev.proverstaking.staking.Prover;
import dev.proverstaking.staking.Stake;
import dev.proverstaking.staking.StakingModule;
import dev.proverstaking.token.TokenLedger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A SHA-256 digest of every piece of a ledger's state, in a canonical order (collections that
 * have an order, such as an unstake queue or the role holders, in that order). Two ledgers with
 * equal fingerprints are indistinguishable by any operation. Used to prove that a failed
 * operation leaves no trace. O(state); for checks, not for hot paths.
 *
 * <p>Not included, on purpose: the ledger's clock and applied count (a failed operation advances
 * both, yet leaves no trace in the state) and the {@link Genesis} record beyond its profile and
 * token mode (its timestamp, owner and minimum only seed the modules, whose current values are
 * covered). {@link LedgerSnapshot} carries those too.
 */
public final class StateFingerprint {
    private final MessageDigest digest;

    private StateFingerprint() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    public static String of(Ledger ledger) {
        StateFingerprint f = new StateFingerprint();
        f.ledger(ledger);
        return HexFormat.of().formatHex(f.digest.digest());
    }

    private void ledger(Ledger ledger) {
        StakingModule s = ledger.stakingModule();
        RewardsModule rewards = ledger.rewardsModule();
        text(ledger.profile().name());
        flag(ledger.sameToken());
        num(s.unstakeDelay());
        num(s.globalMinSelfStake());
        num(s.maxSlashPercentage());
        num(s.treasuryPool());
        num(rewards.treasuryPool());
        addr(s.ownership().owner());
        addr(rewards.ownership().owner());
        for (Role r : Role.values()) {
            text(r.name());
            List<Address> holders = new ArrayList<>(s.roles().holders(r));
            count(holders.size());
            holders.forEach(this::addr);
        }
        EmissionPool e = rewards.emission();
        num(e.rate());
        num(e.budget());
        num(e.totalFunded());
        num(e.totalEmitted());
        num(e.acc());
        num(e.carry());
        num(e.totalWeight());
        count(e.lastAccrual());
        flag(e.used());
        List<Prover> provers = s.proversByNumber();
        count(provers.size());
        for (Prover p : provers) prover(p, rewards.book(p));
        token(ledger.tokenLedger(TokenKind.STAKE));
        if (!ledger.sameToken()) token(ledger.tokenLedger(TokenKind.REWARD));
    }

    private void prover(Prover p, ProverRewards r) {
        addr(p.address());
        text(p.state().name());
        num(p.minSelfStake());
        num(p.totalRawShares());
        num(p.pendingRawShares());
        num(p.scale());
        count(r.commissionRate());
        num(r.accRewardPerRawShare());
        num(r.pendingCommission());
        count(r.commissionCarry());
        num(r.accCarry());
        num(r.emissionWeight());
        num(r.emissionSnapshot());
        num(r.emissionCarry());
        num(r.emissionReceived());
        count(p.stakerCount());
        count(p.positionCount());
        for (Iterator<Stake> it = p.positionsAfter(null); it.hasNext(); ) {
            Stake st = it.next();
            addr(st.staker());
            num(st.rawShares());
            RewardBook b = st.rewardBook();
            num(b.debt());
            num(b.entitled());
            count(st.pendingCount());
            for (int i = 0; i < st.pendingCount(); i++) {
                num(st.pendingRawShares(i));
                count(st.pendingRequestedAt(i));
            }
        }
    }

    private void token(TokenLedger t) {
        text(t.kind().name());
        num(t.totalSupply());
        for (Module m : Module.values()) num(t.custodyOf(m));
        Map<Address, UInt256> accounts = new TreeMap<>();
        t.forEachAccount(accounts::put);
        count(accounts.size());
        accounts.forEach((a, v) -> {
            addr(a);
            num(v);
        });
    }

    private void text(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        count(b.length);
        digest.update(b);
    }

    private void num(UInt256 v) {
        text(v.toString());
    }

    private void addr(Address a) {
        text(a.toString());
    }

    private void flag(boolean b) {
        digest.update((byte) (b ? 1 : 0));
    }

    private void count(long n) {
        for (int i = 0; i < 8; i++) digest.update((byte) (n >>> (8 * i)));
    }
}
