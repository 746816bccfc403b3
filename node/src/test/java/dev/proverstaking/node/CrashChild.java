package dev.proverstaking.node;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Command;
import dev.proverstaking.math.UInt256;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The child process of {@link CrashTest}: runs a node on a data directory and submits transactions
 * from four senders as fast as it can, printing {@code ACK sender nonce index} for each one the node
 * acknowledged, until it is killed (or, if nobody kills it, for at most a minute).
 */
public final class CrashChild {
    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        NodeConfig config = NodeConfig.builder(dir, TestChain.genesis()).member("n1", "127.0.0.1:" + port)
                .clock(Clock.systemUTC()).snapshotInterval(7).build();
        PrintStream out = System.out;
        LedgerNode node = RaftLedgerNode.start(config);
        out.println("STARTED");
        out.flush();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            int sender = s;
            Thread t = new Thread(() -> {
                Address from = TestChain.account(sender);
                long nonce = node.read(v -> v.nonce(from));
                while (System.nanoTime() < until) {
                    List<SignedTx> txs = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        txs.add(new SignedTx(from, nonce + i, Long.MAX_VALUE / 2,
                                new Command.Withdraw(TokenKind.STAKE, TestChain.account(9), UInt256.of(nonce + i + 1))));
                    }
                    List<TxResult> results;
                    try {
                        results = node.submit(txs).get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        return;
                    }
                    for (int i = 0; i < results.size(); i++) {
                        if (results.get(i) instanceof TxResult.Applied a) {
                            synchronized (out) {
                                out.println("ACK " + sender + " " + (nonce + i) + " " + a.index());
                                out.flush();
                            }
                        } else {
                            return;
                        }
                    }
                    nonce += 3;
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join();
        node.close();
    }
}
