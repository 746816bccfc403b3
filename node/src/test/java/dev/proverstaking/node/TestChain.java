package dev.proverstaking.node;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.Role;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A small chain for node tests: an owner with both roles, ten funded accounts, a clock tests can move. */
final class TestChain {
    static final long GENESIS_TIME = 1_700_000_000L;
    static final long CHAIN_ID = 4242;
    static final Address OWNER = Address.ofIndex(1);
    static final UInt256 TOKEN = UInt256.WAD;
    static final UInt256 MILLION = TOKEN.mul(UInt256.of(1_000_000));

    private TestChain() {}

    static Address account(int i) {
        return Address.ofIndex(100 + i);
    }

    static NodeGenesis genesis() {
        List<NodeGenesis.Deposit> deposits = new ArrayList<>();
        deposits.add(new NodeGenesis.Deposit(TokenKind.STAKE, OWNER, MILLION));
        deposits.add(new NodeGenesis.Deposit(TokenKind.REWARD, OWNER, MILLION));
        for (int i = 0; i < 10; i++) {
            deposits.add(new NodeGenesis.Deposit(TokenKind.STAKE, account(i), MILLION));
            deposits.add(new NodeGenesis.Deposit(TokenKind.REWARD, account(i), MILLION));
        }
        NodeGenesis.TokenInfo stake = new NodeGenesis.TokenInfo("Stake", "STK", 18);
        NodeGenesis.TokenInfo reward = new NodeGenesis.TokenInfo("Reward", "RWD", 18);
        return new NodeGenesis(CHAIN_ID, GENESIS_TIME, OWNER, Profile.SOLVENT, false, TOKEN, stake, reward,
                List.of(new NodeGenesis.RoleGrant(Role.SLASHER, OWNER), new NodeGenesis.RoleGrant(Role.MINTER, OWNER)),
                deposits);
    }

    /** Setup transactions of {@link #genesis()}: 2 roles, 22 deposits. */
    static final int SETUP = 24;

    /** A loopback port nobody listens on now. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static NodeConfig.Builder config(Path dir, TestClock clock) {
        return NodeConfig.builder(dir, genesis())
                .member("n1", "127.0.0.1:" + freePort())
                .clock(clock)
                .readyTimeout(Duration.ofSeconds(20))
                .closeTimeout(Duration.ofSeconds(10));
    }

    /** A clock that stands still unless a test moves it. */
    static final class TestClock extends Clock {
        private final AtomicLong millis;

        TestClock(long seconds) {
            this.millis = new AtomicLong(seconds * 1000);
        }

        TestClock() {
            this(GENESIS_TIME + 1000);
        }

        long seconds() {
            return Math.floorDiv(millis.get(), 1000);
        }

        void set(long seconds) {
            millis.set(seconds * 1000);
        }

        void advance(long seconds) {
            millis.addAndGet(seconds * 1000);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public long millis() {
            return millis.get();
        }
    }
}
