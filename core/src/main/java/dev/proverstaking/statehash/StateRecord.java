package dev.proverstaking.statehash;

/**
 * A record of the state, as the state hash counts it: something that writes its canonical bytes
 * ({@link RecordKind} has every kind's layout). The state hash is the sum of one element per
 * record ({@link LtHash}), so records have no order, and a record's bytes must name it (kind and
 * key) and hold all of it.
 */
public interface StateRecord {
    /** Writes this record's canonical bytes: its kind's tag, its key, every field. */
    void encode(RecordOutput out);
}
