package dev.proverstaking.node;

import dev.proverstaking.transition.Event;

/**
 * One event of the node's history, in order.
 *
 * @param seq   its sequence number: 1 for the first event of the history, no gaps
 * @param index the history index of the transaction that emitted it
 * @param t     the time that transaction ran at
 */
public record EventRecord(long seq, long index, long t, Event event) {}
