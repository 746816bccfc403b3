package dev.proverstaking.ledger;

import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.rewards.EmissionPool;
import dev.proverstaking.rewards.RewardsModule;
import dev.proverstaking.staking.Prover;
import dev.proverstaking.staking.StakingModule;
import dev.proverstaking.statehash.RecordKind;
import dev.proverstaking.statehash.StateRecord;
import dev.proverstaking.token.TokenLedger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * A ledger's state as the records its state hash is the multiset hash of ({@link RecordKind} has
 * their encodings): the records of which there is one (or one per module or token), encoded here
 * from the modules' reads, and the records of which there are many, which encode themselves
 * (provers, reward books, positions, accounts, role holder lists).
 */
final class StateRecords {
    private StateRecords() {}

    /**
     * The records of which the ledger has one, or one per module or token: watched by the state
     * hash's journal (compared at each flush), not journaled.
     */
    static List<StateRecord> singletons(Ledger ledger) {
        StakingModule staking = ledger.stakingModule();
        RewardsModule rewards = ledger.rewardsModule();
        List<StateRecord> out = new ArrayList<>();
        out.add(o -> {
            Genesis g = ledger.genesis();
            o.kind(RecordKind.LEDGER);
            o.i64(g.timestamp());
            o.address(g.owner());
            o.uint(g.globalMinSelfStake());
            o.flag(g.sameToken());
            o.ordinal(g.profile());
            o.i64(ledger.now());
            o.i64(ledger.appliedCount());
        });
        out.add(o -> {
            o.kind(RecordKind.STAKING);
            o.uint(staking.unstakeDelay());
            o.uint(staking.globalMinSelfStake());
            o.uint(staking.maxSlashPercentage());
            o.uint(staking.treasuryPool());
        });
        out.add(o -> {
            EmissionPool e = rewards.emission();
            o.kind(RecordKind.REWARDS);
            o.uint(rewards.treasuryPool());
            o.uint(e.rate());
            o.uint(e.budget());
            o.uint(e.totalFunded());
            o.uint(e.totalEmitted());
            o.uint(e.acc());
            o.uint(e.carry());
            o.uint(e.totalWeight());
            o.i64(e.lastAccrual());
            o.flag(e.used());
        });
        for (Module m : Module.values()) {
            out.add(o -> {
                o.kind(RecordKind.OWNER);
                o.ordinal(m);
                o.address((m == Module.STAKING ? staking.ownership() : rewards.ownership()).owner());
            });
        }
        List<TokenLedger> tokens = ledger.sameToken() ? List.of(ledger.tokenLedger(TokenKind.STAKE))
                : List.of(ledger.tokenLedger(TokenKind.STAKE), ledger.tokenLedger(TokenKind.REWARD));
        for (TokenLedger t : tokens) {
            out.add(o -> {
                o.kind(RecordKind.TOKEN);
                o.ordinal(t.kind());
                o.uint(t.totalSupply());
                Module[] modules = Module.values();
                o.count(modules.length);
                for (Module m : modules) o.uint(t.custodyOf(m));
            });
        }
        return out;
    }

    /** Every record of the ledger's state, in no particular order: O(state). */
    static void forEach(Ledger ledger, List<StateRecord> singletons, Consumer<? super StateRecord> visit) {
        StakingModule staking = ledger.stakingModule();
        RewardsModule rewards = ledger.rewardsModule();
        singletons.forEach(visit);
        staking.roles().records().forEach(visit);
        rewards.books().forEach(visit);
        for (Prover p : staking.proversByNumber()) {
            visit.accept(p);
            for (Iterator<? extends StateRecord> it = p.positionsAfter(null); it.hasNext(); ) visit.accept(it.next());
        }
        ledger.accountBook().forEachRecord(visit);
    }
}
