package dev.proverstaking.staking;

import dev.proverstaking.common.Role;
import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import java.util.List;
import java.util.Set;

/**
 * The staking module as the world outside the ledger sees it: read only. Changes go through
 * {@link dev.proverstaking.ledger.Ledger#apply} and nowhere else.
 */
public interface StakingView extends ProverDirectory {
    /** Registered provers in registration order. */
    List<Prover> allProvers();

    /** Addresses of active provers, in the order they (last) became active. */
    Set<Address> activeProvers();

    int proverCount();

    UInt256 unstakeDelay();

    UInt256 globalMinSelfStake();

    UInt256 maxSlashPercentage();

    /** Slashed stake not yet withdrawn by the owner. */
    UInt256 treasuryPool();

    Address owner();

    boolean hasRole(Role role, Address account);

    /** Holders of a role, in grant order. */
    Set<Address> roleHolders(Role role);

    UInt256 custodyBalance();

    /** Whether a pending request can complete at {@code now} (false if its maturity overflows). */
    boolean isReady(PendingUnstake request, long now);

    /** The reference's isProverEligible. */
    boolean isProverEligible(Address prover, UInt256 minimumTotalStake);
}
