package dev.proverstaking.ledger;

import dev.proverstaking.common.Role;
import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.common.GlobalParam;
import java.math.BigInteger;

/** Short factories for {@link Command}s, with {@code long} and {@code BigInteger} amounts. Test code only. */
public final class Cmd {
    private Cmd() {}

    public static UInt256 u(long v) {
        return UInt256.of(v);
    }

    public static UInt256 u(BigInteger v) {
        return UInt256.of(v);
    }

    public static Command mintStake(Address to, long amount) {
        return new Command.Mint(TokenKind.STAKE, to, u(amount));
    }

    public static Command mintStake(Address to, BigInteger amount) {
        return new Command.Mint(TokenKind.STAKE, to, u(amount));
    }

    public static Command mintReward(Address to, long amount) {
        return new Command.Mint(TokenKind.REWARD, to, u(amount));
    }

    public static Command mintReward(Address to, BigInteger amount) {
        return new Command.Mint(TokenKind.REWARD, to, u(amount));
    }

    public static Command initProver(long minSelfStake, long commissionRate) {
        return new Command.InitProver(u(minSelfStake), u(commissionRate));
    }

    public static Command initProver(BigInteger minSelfStake, long commissionRate) {
        return new Command.InitProver(u(minSelfStake), u(commissionRate));
    }

    public static Command stake(Address prover, long amount) {
        return new Command.Stake(prover, u(amount));
    }

    public static Command stake(Address prover, BigInteger amount) {
        return new Command.Stake(prover, u(amount));
    }

    public static Command unstake(Address prover, long amount) {
        return new Command.RequestUnstake(prover, u(amount));
    }

    public static Command unstake(Address prover, BigInteger amount) {
        return new Command.RequestUnstake(prover, u(amount));
    }

    public static Command unstakeAll(Address prover) {
        return new Command.RequestUnstakeAll(prover);
    }

    public static Command complete(Address prover) {
        return new Command.CompleteUnstake(prover);
    }

    public static Command slash(Address prover, long ppm) {
        return new Command.Slash(prover, u(ppm));
    }

    public static Command addRewards(Address prover, long amount) {
        return new Command.AddRewards(prover, u(amount));
    }

    public static Command addRewards(Address prover, BigInteger amount) {
        return new Command.AddRewards(prover, u(amount));
    }

    public static Command withdraw(Address prover) {
        return new Command.WithdrawRewards(prover);
    }

    public static Command updateCommission(long rate) {
        return new Command.UpdateCommissionRate(u(rate));
    }

    public static Command updateMinSelfStake(long amount) {
        return new Command.UpdateMinSelfStake(u(amount));
    }

    public static Command retire(Address prover) {
        return new Command.RetireProver(prover);
    }

    public static Command unretire() {
        return new Command.UnretireProver();
    }

    public static Command deactivate(Address prover) {
        return new Command.DeactivateProver(prover);
    }

    public static Command reactivate(Address prover) {
        return new Command.ReactivateProver(prover);
    }

    public static Command setParam(GlobalParam param, long value) {
        return new Command.SetGlobalParam(param, u(value));
    }

    public static Command setParam(GlobalParam param, BigInteger value) {
        return new Command.SetGlobalParam(param, u(value));
    }

    public static Command withdrawTreasury(Module module, Address to, long amount) {
        return new Command.WithdrawTreasury(module, to, u(amount));
    }

    public static Command grant(Address account) {
        return new Command.GrantRole(Role.SLASHER, account);
    }

    public static Command revoke(Address account) {
        return new Command.RevokeRole(Role.SLASHER, account);
    }

    public static Command transferOwnership(Module module, Address newOwner) {
        return new Command.TransferOwnership(module, newOwner);
    }
}
