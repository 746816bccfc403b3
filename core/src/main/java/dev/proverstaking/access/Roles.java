package dev.proverstaking.access;

import dev.proverstaking.common.Role;

import dev.proverstaking.common.Address;
import dev.proverstaking.transition.Effects;
import dev.proverstaking.transition.ErrorCode;
import dev.proverstaking.transition.Event;
import dev.proverstaking.transition.EventSink;
import dev.proverstaking.transition.Rejected;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Role membership of the staking module, administered by its owner. */
public final class Roles {
    private final Ownership admin;
    private final EventSink events;
    private final Effects effects;
    private final EnumMap<Role, LinkedHashSet<Address>> members = new EnumMap<>(Role.class);

    public Roles(Ownership admin, EventSink events, Effects effects) {
        this.admin = admin;
        this.events = events;
        this.effects = effects;
        for (Role r : Role.values()) members.put(r, new LinkedHashSet<>());
    }

    public boolean has(Role role, Address account) {
        return members.get(role).contains(account);
    }

    public void require(Role role, Address sender) {
        Rejected.when(!has(role, sender), ErrorCode.MissingRole);
    }

    /** Holders in grant order. Read-only. */
    public Set<Address> holders(Role role) {
        return Collections.unmodifiableSet(members.get(role));
    }

    /**
     * Snapshot restore only ({@link AccessSnapshot}): the holders of {@code role}, in grant order,
     * into a freshly built ledger's empty role.
     */
    void restore(Role role, List<Address> holders) {
        LinkedHashSet<Address> set = members.get(role);
        if (!set.isEmpty()) throw new IllegalStateException("restore into a role that has holders");
        set.addAll(holders);
    }

    public void grant(Address sender, Role role, Address account) {
        admin.requireOwner(sender);
        Rejected.when(has(role, account), ErrorCode.RoleAlreadyGranted);
        effects.begin();
        members.get(role).add(account);
        events.emit(new Event.RoleGranted(role, account));
    }

    public void revoke(Address sender, Role role, Address account) {
        admin.requireOwner(sender);
        Rejected.when(!has(role, account), ErrorCode.RoleNotGranted);
        effects.begin();
        members.get(role).remove(account);
        events.emit(new Event.RoleRevoked(role, account));
    }
}
