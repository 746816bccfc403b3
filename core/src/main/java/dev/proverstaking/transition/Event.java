package dev.proverstaking.transition;

import dev.proverstaking.common.Role;
import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.common.GlobalParam;

/**
 * What a successful transaction did, as immutable values, named after the reference's events.
 * A failed transaction emits none.
 */
public sealed interface Event {

    // --- tokens ---
    /** Tokens moved; {@code from}/{@code to} null for a mint or a module's custody (see {@code fromModule}/{@code toModule}). */
    record Transfer(TokenKind token, Address from, Module fromModule, Address to, Module toModule, UInt256 amount) implements Event {}

    // --- staking: prover lifecycle ---
    record ProverInitialized(Address prover, UInt256 minSelfStake, int commissionRate) implements Event {}
    record ProverDeactivated(Address prover) implements Event {}
    record ProverRetired(Address prover) implements Event {}
    record ProverUnretired(Address prover) implements Event {}
    record ProverReactivated(Address prover) implements Event {}
    record MinSelfStakeUpdated(Address prover, UInt256 newMinSelfStake) implements Event {}

    // --- staking: stakes ---
    record Staked(Address staker, Address prover, UInt256 amount, UInt256 mintedShares) implements Event {}
    record UnstakeRequested(Address staker, Address prover, UInt256 amount, UInt256 rawShares) implements Event {}
    record UnstakeCompleted(Address staker, Address prover, UInt256 amount) implements Event {}
    record ProverSlashed(Address prover, UInt256 percentage, UInt256 totalSlashed) implements Event {}

    // --- rewards ---
    record CommissionRateUpdated(Address prover, int oldRate, int newRate) implements Event {}
    record RewardsAdded(Address prover, UInt256 amount, UInt256 commission, UInt256 distributed) implements Event {}
    record RewardsWithdrawn(Address staker, Address prover, UInt256 amount) implements Event {}

    // --- time-based emission ---
    record EmissionFunded(Address funder, UInt256 amount) implements Event {}
    record EmissionRateUpdated(UInt256 oldRatePerSecond, UInt256 newRatePerSecond) implements Event {}
    /** A prover's share of the emission, settled into its commission and reward accumulator like a reward. */
    record EmissionSettled(Address prover, UInt256 amount, UInt256 commission, UInt256 distributed) implements Event {}

    // --- administration ---
    record TreasuryPoolWithdrawn(Module module, Address to, UInt256 amount) implements Event {}
    record GlobalParamUpdated(GlobalParam param, UInt256 newValue) implements Event {}
    record RoleGranted(Role role, Address account) implements Event {}
    record RoleRevoked(Role role, Address account) implements Event {}
    record OwnershipTransferred(Module module, Address previousOwner, Address newOwner) implements Event {}
}
