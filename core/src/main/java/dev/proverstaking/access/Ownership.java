package dev.proverstaking.access;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.Module;
import dev.proverstaking.transition.Effects;
import dev.proverstaking.transition.ErrorCode;
import dev.proverstaking.transition.Event;
import dev.proverstaking.transition.EventSink;
import dev.proverstaking.transition.Rejected;

/** A module's single owner, who administers it. Ownership can be transferred, never renounced. */
public final class Ownership {
    private final Module module;
    private final EventSink events;
    private final Effects effects;
    private Address owner;

    public Ownership(Module module, Address owner, EventSink events, Effects effects) {
        this.module = module;
        this.owner = owner;
        this.events = events;
        this.effects = effects;
    }

    public Address owner() {
        return owner;
    }

    /** Snapshot restore only ({@link AccessSnapshot}): the owner of a freshly built ledger's module. */
    void restore(Address owner) {
        this.owner = owner;
    }

    public void requireOwner(Address sender) {
        Rejected.when(!owner.equals(sender), ErrorCode.NotOwner);
    }

    public void transfer(Address sender, Address newOwner) {
        requireOwner(sender);
        Rejected.when(newOwner.isZero(), ErrorCode.InvalidArg);
        Address previous = owner;
        effects.begin();
        owner = newOwner;
        events.emit(new Event.OwnershipTransferred(module, previous, newOwner));
    }
}
