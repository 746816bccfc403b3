package dev.proverstaking.staking;

import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.statehash.StateJournal;

/** Records outside any ledger, for tests of a record alone. */
final class Detached {
    private Detached() {}

    /** The pending queues of a prover of no ledger, whose state hash is never kept. */
    static PendingQueues queues() {
        return new PendingQueues(new Prover(Address.ofIndex(999_999), 0, UInt256.ZERO, new WeightChanges(), new StateJournal()));
    }
}
