package dev.proverstaking.node.http;

import dev.proverstaking.ledger.LedgerView;
import dev.proverstaking.node.EventRecord;
import dev.proverstaking.node.LedgerNode;
import dev.proverstaking.node.NodeGenesis;
import dev.proverstaking.node.NodeStatus;
import dev.proverstaking.node.SignedTx;
import dev.proverstaking.node.TxResult;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/** A node whose log is slow: submissions wait until the test opens the gate. */
final class GatedNode implements LedgerNode {
    final LedgerNode delegate;
    final CountDownLatch gate = new CountDownLatch(1);

    GatedNode(LedgerNode delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<List<TxResult>> submit(List<SignedTx> txs) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return delegate.submit(txs).join();
        });
    }

    @Override
    public <T> T read(Function<LedgerView, T> query) {
        return delegate.read(query);
    }

    @Override
    public NodeStatus status() {
        return delegate.status();
    }

    @Override
    public StateHash stateHash() {
        return delegate.stateHash();
    }

    @Override
    public void writeHistory(OutputStream out) throws IOException {
        delegate.writeHistory(out);
    }

    @Override
    public List<EventRecord> events(long after, int limit) {
        return delegate.events(after, limit);
    }

    @Override
    public AutoCloseable subscribe(Consumer<EventRecord> listener) {
        return delegate.subscribe(listener);
    }

    @Override
    public NodeGenesis genesis() {
        return delegate.genesis();
    }

    @Override
    public void close() throws IOException {
        gate.countDown();
        delegate.close();
    }
}
