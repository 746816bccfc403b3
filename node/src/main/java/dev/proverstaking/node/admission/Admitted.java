package dev.proverstaking.node.admission;

import dev.proverstaking.node.SignedTx;
import dev.proverstaking.node.TxResult;

/** A transaction admitted to the log, and where its result goes: slot {@code slot} of its submit call. */
public record Admitted(SignedTx tx, SubmitCall call, int slot) {
    public void complete(TxResult result) {
        call.set(slot, result);
    }
}
