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
    /**
     * Tokens moved; {@code from} and {@code fromModule} both null for tokens that entered the ledger
     * (a mint, a deposit), {@code to} and {@code toModule} both null for tokens that left it (a
     * withdrawal); otherwise one of each pair names an account or a module's custody.
     */
    record Transfer(TokenKind token, Address from, Module fromModule, Address to, Module toModule, UInt256 amount) implements Event {}
    /** A minter credited {@code to} with tokens from outside the ledger. */
    record Deposited(TokenKind token, Address minter, Address to, UInt256 amount) implements Event {}
    /** {@code amount} of {@code from}'s tokens left the ledger: a bridge pays them to {@code to}, outside. */
    record Withdrawn(TokenKind token, Address from, Address to, UInt256 amount) implements Event {}

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
