package dev.proverstaking.transition;

/** Where transitions put the events of the transaction being applied. */
@FunctionalInterface
public interface EventSink {
    void emit(Event event);
}
