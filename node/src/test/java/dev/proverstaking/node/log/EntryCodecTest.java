package dev.proverstaking.node.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.GlobalParam;
import dev.proverstaking.common.Module;
import dev.proverstaking.common.Role;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.node.SignedTx;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

/** Batches and log entries as bytes: every op round-trips, the leader's stamp goes in front, damaged bytes are refused. */
class EntryCodecTest {
    static final Address A = Address.parse("0x00000000000000000000000000000000000000a1");
    static final Address B = Address.parse("0xffffffffffffffffffffffffffffffffffffffff");

    /** One command of every op, with values at the edges of their encodings (0, 2^256 - 1, the zero address). */
    static List<Command> everyCommand() {
        UInt256 max = UInt256.MAX;
        return List.of(
                new Command.Mint(TokenKind.STAKE, A, UInt256.ZERO),
                new Command.InitProver(UInt256.of(1000), UInt256.of(500)),
                new Command.Stake(A, max),
                new Command.RequestUnstake(B, UInt256.ONE),
                new Command.RequestUnstakeAll(A),
                new Command.CompleteUnstake(A),
                new Command.Slash(A, UInt256.of(250_000)),
                new Command.AddRewards(B, UInt256.WAD),
                new Command.WithdrawRewards(A),
                new Command.UpdateCommissionRate(UInt256.of(10_000)),
                new Command.UpdateMinSelfStake(UInt256.of(1L << 62)),
                new Command.RetireProver(A),
                new Command.UnretireProver(),
                new Command.DeactivateProver(A),
                new Command.ReactivateProver(Address.ZERO),
                new Command.SetGlobalParam(GlobalParam.MaxSlashPercentage, UInt256.of(900_000)),
                new Command.WithdrawTreasury(Module.REWARDS, B, UInt256.of(3)),
                new Command.GrantRole(Role.MINTER, B),
                new Command.RevokeRole(Role.SLASHER, A),
                new Command.TransferOwnership(Module.STAKING, B),
                new Command.FundEmission(max),
                new Command.SetEmissionRate(UInt256.of(17)),
                new Command.Poke(A),
                new Command.Deposit(TokenKind.REWARD, B, UInt256.of(42)),
                new Command.Withdraw(TokenKind.STAKE, A, UInt256.of(1)));
    }

    @Test
    void theSamplesCoverEveryOp() {
        Set<Command.Op> ops = EnumSet.noneOf(Command.Op.class);
        for (Command c : everyCommand()) ops.add(c.op());
        assertThat(ops).isEqualTo(EnumSet.allOf(Command.Op.class));
    }

    @Test
    void everyOpRoundTripsThroughAStampedEntry() throws Exception {
        List<SignedTx> txs = new ArrayList<>();
        long nonce = 0;
        for (Command c : everyCommand()) txs.add(new SignedTx(nonce % 2 == 0 ? A : B, nonce++, 1_800_000_000L + nonce, c));
        ByteString request = EntryCodec.request(0x1234_5678_9abc_def0L, 77, txs);
        LogEntry entry = EntryCodec.read(EntryCodec.stamp(request, 1_767_225_600L));
        assertThat(entry).isEqualTo(new LogEntry(1_767_225_600L, 0x1234_5678_9abc_def0L, 77, txs));
    }

    @Test
    void uintsOfEveryLengthRoundTrip() throws Exception {
        Random random = new Random(5);
        List<SignedTx> txs = new ArrayList<>();
        for (int bits = 0; bits <= 256; bits++) {
            UInt256 v = bits == 0 ? UInt256.ZERO
                    : UInt256.of(new java.math.BigInteger(bits, random).setBit(bits - 1));
            txs.add(new SignedTx(A, bits, Long.MAX_VALUE, new Command.Stake(B, v)));
        }
        LogEntry entry = EntryCodec.read(EntryCodec.stamp(EntryCodec.request(1, 2, txs), 0));
        assertThat(entry.txs()).isEqualTo(txs);
    }

    @Test
    void anEmptyBatchRoundTrips() throws Exception {
        assertThat(EntryCodec.read(EntryCodec.stamp(EntryCodec.request(-1, 0, List.of()), 5)))
                .isEqualTo(new LogEntry(5, -1, 0, List.of()));
    }

    @Test
    void damagedBytesAreRefusedWithAReason() throws Exception {
        ByteString request = EntryCodec.request(1, 2, List.of(new SignedTx(A, 0, 9, new Command.Poke(B))));
        ByteString entry = EntryCodec.stamp(request, 100);
        assertThatThrownBy(() -> EntryCodec.stamp(ByteString.EMPTY, 1)).isInstanceOf(MalformedEntryException.class);
        assertThatThrownBy(() -> EntryCodec.stamp(ByteString.copyFrom(new byte[] {9, 0}), 1))
                .hasMessageContaining("format 9");
        assertThatThrownBy(() -> EntryCodec.read(entry.substring(0, entry.size() - 1)))
                .isInstanceOf(MalformedEntryException.class).hasMessageContaining("ends too soon");
        assertThatThrownBy(() -> EntryCodec.read(entry.concat(ByteString.copyFrom(new byte[] {0}))))
                .isInstanceOf(MalformedEntryException.class).hasMessageContaining("after the last");
        byte[] bytes = entry.toByteArray();
        // the op's name starts after format, time, origin, batch id, count, sender, nonce, deadline and its length
        int op = 1 + 8 + 8 + 8 + 4 + 20 + 8 + 8 + 2;
        bytes[op] = 'X';
        assertThatThrownBy(() -> EntryCodec.read(ByteString.copyFrom(bytes)))
                .isInstanceOf(MalformedEntryException.class).hasMessageContaining("unknown op \"Xoke\"");
        byte[] negative = entry.toByteArray();
        negative[1 + 8 + 8 + 8] = (byte) 0x80; // a negative count
        assertThatThrownBy(() -> EntryCodec.read(ByteString.copyFrom(negative)))
                .isInstanceOf(MalformedEntryException.class).hasMessageContaining("a batch of -");
    }
}
