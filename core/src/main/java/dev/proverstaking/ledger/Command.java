package dev.proverstaking.ledger;

import dev.proverstaking.common.Role;
import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.common.GlobalParam;
import java.util.Objects;

/**
 * What a transaction asks the ledger to do: one record per operation of the design. The sender
 * and timestamp travel beside it in the {@link Transaction}. Fields are validated for presence
 * only; every rule about values is the ledger's, so that it can answer with an error code.
 */
public sealed interface Command {

    /** The operation's name in the scenario format. */
    Op op();

    enum Op {
        mint, initProver, stake, requestUnstake, requestUnstakeAll, completeUnstake, slash,
        addRewards, withdrawRewards, updateCommissionRate, updateMinSelfStake, retireProver,
        unretireProver, deactivateProver, reactivateProver, setGlobalParam, withdrawTreasury,
        grantRole, revokeRole, transferOwnership, fundEmission, setEmissionRate, poke, deposit, withdraw
    }

    /** Test faucet: credit {@code amount} of a token to {@code to}. Fails only past total supply 2^256 - 1. */
    record Mint(TokenKind token, Address to, UInt256 amount) implements Command {
        public Mint { Objects.requireNonNull(token); Objects.requireNonNull(to); Objects.requireNonNull(amount); }
        public Op op() { return Op.mint; }
    }

    /**
     * A holder of the {@code MINTER} role credits {@code to} with {@code amount} of a token that
     * arrives from outside the ledger (a bridge, a treasury): the supply grows by it.
     */
    record Deposit(TokenKind token, Address to, UInt256 amount) implements Command {
        public Deposit { Objects.requireNonNull(token); Objects.requireNonNull(to); Objects.requireNonNull(amount); }
        public Op op() { return Op.deposit; }
    }

    /**
     * The sender's {@code amount} of a token leaves the ledger for {@code to}, an address outside it:
     * the supply shrinks by it, and the {@code Withdrawn} event tells a bridge to pay.
     */
    record Withdraw(TokenKind token, Address to, UInt256 amount) implements Command {
        public Withdraw { Objects.requireNonNull(token); Objects.requireNonNull(to); Objects.requireNonNull(amount); }
        public Op op() { return Op.withdraw; }
    }

    /** The sender registers as a prover and self-stakes {@code minSelfStake}. */
    record InitProver(UInt256 minSelfStake, UInt256 commissionRate) implements Command {
        public InitProver { Objects.requireNonNull(minSelfStake); Objects.requireNonNull(commissionRate); }
        public Op op() { return Op.initProver; }
    }

    record Stake(Address prover, UInt256 amount) implements Command {
        public Stake { Objects.requireNonNull(prover); Objects.requireNonNull(amount); }
        public Op op() { return Op.stake; }
    }

    /** Start unstaking an effective {@code amount}. */
    record RequestUnstake(Address prover, UInt256 amount) implements Command {
        public RequestUnstake { Objects.requireNonNull(prover); Objects.requireNonNull(amount); }
        public Op op() { return Op.requestUnstake; }
    }

    record RequestUnstakeAll(Address prover) implements Command {
        public RequestUnstakeAll { Objects.requireNonNull(prover); }
        public Op op() { return Op.requestUnstakeAll; }
    }

    /** Pay out every matured pending unstake of the sender with {@code prover}. */
    record CompleteUnstake(Address prover) implements Command {
        public CompleteUnstake { Objects.requireNonNull(prover); }
        public Op op() { return Op.completeUnstake; }
    }

    /** Slash every stake of {@code prover} by {@code percentage} parts per million. */
    record Slash(Address prover, UInt256 percentage) implements Command {
        public Slash { Objects.requireNonNull(prover); Objects.requireNonNull(percentage); }
        public Op op() { return Op.slash; }
    }

    /** The sender pays {@code amount} reward tokens to {@code prover} and its stakers. */
    record AddRewards(Address prover, UInt256 amount) implements Command {
        public AddRewards { Objects.requireNonNull(prover); Objects.requireNonNull(amount); }
        public Op op() { return Op.addRewards; }
    }

    record WithdrawRewards(Address prover) implements Command {
        public WithdrawRewards { Objects.requireNonNull(prover); }
        public Op op() { return Op.withdrawRewards; }
    }

    /** The sending prover changes its commission, in basis points. */
    record UpdateCommissionRate(UInt256 rate) implements Command {
        public UpdateCommissionRate { Objects.requireNonNull(rate); }
        public Op op() { return Op.updateCommissionRate; }
    }

    record UpdateMinSelfStake(UInt256 amount) implements Command {
        public UpdateMinSelfStake { Objects.requireNonNull(amount); }
        public Op op() { return Op.updateMinSelfStake; }
    }

    /** Anyone may retire a prover with no active stake and no commission left. */
    record RetireProver(Address prover) implements Command {
        public RetireProver { Objects.requireNonNull(prover); }
        public Op op() { return Op.retireProver; }
    }

    record UnretireProver() implements Command {
        public Op op() { return Op.unretireProver; }
    }

    record DeactivateProver(Address prover) implements Command {
        public DeactivateProver { Objects.requireNonNull(prover); }
        public Op op() { return Op.deactivateProver; }
    }

    record ReactivateProver(Address prover) implements Command {
        public ReactivateProver { Objects.requireNonNull(prover); }
        public Op op() { return Op.reactivateProver; }
    }

    record SetGlobalParam(GlobalParam param, UInt256 value) implements Command {
        public SetGlobalParam { Objects.requireNonNull(param); Objects.requireNonNull(value); }
        public Op op() { return Op.setGlobalParam; }
    }

    /** Owner only: pay {@code amount} out of a module's treasury pool. */
    record WithdrawTreasury(Module module, Address to, UInt256 amount) implements Command {
        public WithdrawTreasury { Objects.requireNonNull(module); Objects.requireNonNull(to); Objects.requireNonNull(amount); }
        public Op op() { return Op.withdrawTreasury; }
    }

    record GrantRole(Role role, Address account) implements Command {
        public GrantRole { Objects.requireNonNull(role); Objects.requireNonNull(account); }
        public Op op() { return Op.grantRole; }
    }

    record RevokeRole(Role role, Address account) implements Command {
        public RevokeRole { Objects.requireNonNull(role); Objects.requireNonNull(account); }
        public Op op() { return Op.revokeRole; }
    }

    record TransferOwnership(Module module, Address newOwner) implements Command {
        public TransferOwnership { Objects.requireNonNull(module); Objects.requireNonNull(newOwner); }
        public Op op() { return Op.transferOwnership; }
    }

    /** Any sender adds {@code amount} reward tokens to the emission budget. */
    record FundEmission(UInt256 amount) implements Command {
        public FundEmission { Objects.requireNonNull(amount); }
        public Op op() { return Op.fundEmission; }
    }

    /** Rewards owner only: emission rate in reward tokens per second. */
    record SetEmissionRate(UInt256 ratePerSecond) implements Command {
        public SetEmissionRate { Objects.requireNonNull(ratePerSecond); }
        public Op op() { return Op.setEmissionRate; }
    }

    /** Anyone: settle a prover's emission now, changing nothing else. */
    record Poke(Address prover) implements Command {
        public Poke { Objects.requireNonNull(prover); }
        public Op op() { return Op.poke; }
    }
}
