package dev.proverstaking.statehash;

/**
 * A record of which the state has many (provers, their reward books, positions, accounts) or whose
 * size is not bounded (a role's holders): it tells the {@link StateJournal} before it changes
 * ({@link StateJournal#touch}), or that it was just made ({@link StateJournal#created}), so that
 * the state hash is updated for what changed only.
 *
 * <p>{@link #inJournal} is the journal's mark, not state: whether the record is in the journal
 * since its last flush (so that only its first change records its old bytes). Only the journal
 * sets it.
 */
public interface JournaledRecord extends StateRecord {
    boolean inJournal();

    void setInJournal(boolean in);
}
