package dev.proverstaking.access;

import dev.proverstaking.common.Role;

import dev.proverstaking.common.Address;
import dev.proverstaking.statehash.JournaledRecord;
import dev.proverstaking.statehash.RecordKind;
import dev.proverstaking.statehash.RecordOutput;
import dev.proverstaking.statehash.StateJournal;
import dev.proverstaking.statehash.StateRecord;
import dev.proverstaking.transition.Effects;
import dev.proverstaking.transition.ErrorCode;
import dev.proverstaking.transition.Event;
import dev.proverstaking.transition.EventSink;
import dev.proverstaking.transition.Rejected;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Role membership of the staking module, administered by its owner.
 *
 * <p>Each role's holders, in grant order, are one record of the state hash
 * ({@link RecordKind#ROLE}): the order is what {@code LedgerView.roleHolders} and the snapshot show.
 * A grant or revoke touches the journal before it changes the list, and re-hashes the role's list
 * (as long as its holders: roles are few and granted by the owner alone).
 */
public final class Roles {
    private final Ownership admin;
    private final EventSink events;
    private final Effects effects;
    private final StateJournal journal;
    private final EnumMap<Role, Holders> members = new EnumMap<>(Role.class);

    /** One role's holders in grant order: a record of the state hash. */
    private static final class Holders implements JournaledRecord {
        final Role role;
        final LinkedHashSet<Address> set = new LinkedHashSet<>();
        private boolean inJournal;

        Holders(Role role) {
            this.role = role;
        }

        /** {@link RecordKind#ROLE}: role ordinal, holder count, holders in grant order. */
        @Override
        public void encode(RecordOutput out) {
            out.kind(RecordKind.ROLE);
            out.ordinal(role);
            out.count(set.size());
            for (Address a : set) out.address(a);
        }

        @Override
        public boolean inJournal() {
            return inJournal;
        }

        @Override
        public void setInJournal(boolean in) {
            inJournal = in;
        }
    }

    public Roles(Ownership admin, EventSink events, Effects effects, StateJournal journal) {
        this.admin = admin;
        this.events = events;
        this.effects = effects;
        this.journal = journal;
        for (Role r : Role.values()) members.put(r, new Holders(r));
    }

    public boolean has(Role role, Address account) {
        return members.get(role).set.contains(account);
    }

    public void require(Role role, Address sender) {
        Rejected.when(!has(role, sender), ErrorCode.MissingRole);
    }

    /** Holders in grant order. Read-only. */
    public Set<Address> holders(Role role) {
        return Collections.unmodifiableSet(members.get(role).set);
    }

    /** Each role's record of the state hash, in role order. */
    public List<StateRecord> records() {
        return new ArrayList<>(members.values());
    }

    /**
     * Snapshot restore only ({@link AccessSnapshot}): the holders of {@code role}, in grant order,
     * into a freshly built ledger's empty role.
     */
    void restore(Role role, List<Address> holders) {
        LinkedHashSet<Address> set = members.get(role).set;
        if (!set.isEmpty()) throw new IllegalStateException("restore into a role that has holders");
        set.addAll(holders);
    }

    public void grant(Address sender, Role role, Address account) {
        admin.requireOwner(sender);
        Rejected.when(has(role, account), ErrorCode.RoleAlreadyGranted);
        effects.begin();
        Holders holders = members.get(role);
        journal.touch(holders);
        holders.set.add(account);
        events.emit(new Event.RoleGranted(role, account));
    }

    public void revoke(Address sender, Role role, Address account) {
        admin.requireOwner(sender);
        Rejected.when(!has(role, account), ErrorCode.RoleNotGranted);
        effects.begin();
        Holders holders = members.get(role);
        journal.touch(holders);
        holders.set.remove(account);
        events.emit(new Event.RoleRevoked(role, account));
    }
}
