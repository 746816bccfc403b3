package dev.proverstaking.access;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.Role;
import dev.proverstaking.snapshot.SnapshotFormatException;
import dev.proverstaking.snapshot.SnapshotInput;
import dev.proverstaking.snapshot.SnapshotOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * <b>Snapshot restore only.</b> Writes and reads the access package's state (an owner, role
 * holders) in the fields of {@code dev.proverstaking.snapshot}, for the ledger's snapshot (the
 * {@code access} section), which is the one caller. The read methods write into objects of a
 * freshly built ledger that is not yet in use; nothing else may call them.
 *
 * <p>Ownership: the owner's address. Roles: a count (the number of roles), then per role in
 * ordinal order its ordinal (1 byte), a holder count and the holders in grant order (no holder
 * twice).
 */
public final class AccessSnapshot {
    private AccessSnapshot() {}

    public static void writeOwnership(Ownership ownership, SnapshotOutput out) throws IOException {
        out.address(ownership.owner());
    }

    public static void readOwnership(Ownership ownership, SnapshotInput in) throws IOException, SnapshotFormatException {
        ownership.restore(in.address("owner"));
    }

    public static void writeRoles(Roles roles, SnapshotOutput out) throws IOException {
        Role[] all = Role.values();
        out.count(all.length);
        for (Role r : all) {
            out.ordinal(r);
            Set<Address> holders = roles.holders(r);
            out.count(holders.size());
            for (Address a : holders) out.address(a);
        }
    }

    public static void readRoles(Roles roles, SnapshotInput in) throws IOException, SnapshotFormatException {
        Role[] all = Role.values();
        int n = in.count("role count", all.length);
        if (n != all.length) throw in.invalid("role count", n + " roles, expected " + all.length);
        List<List<Address>> read = new ArrayList<>();
        for (Role expected : all) {
            Role r = in.ordinal(all, "role");
            if (r != expected) throw in.invalid("role", r + " where " + expected + " was expected");
            int holders = in.count("role holder count", Integer.MAX_VALUE);
            List<Address> list = new ArrayList<>();
            Set<Address> seen = new HashSet<>();
            for (int i = 0; i < holders; i++) {
                Address a = in.address("role holder");
                if (!seen.add(a)) throw in.invalid("role holder", r + " held twice by " + a);
                list.add(a);
            }
            read.add(list);
        }
        for (Role r : all) roles.restore(r, read.get(r.ordinal()));
    }
}
