package dev.proverstaking.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proverstaking.node.ClusterStatus;
import dev.proverstaking.node.MembershipChange;
import dev.proverstaking.node.NodeConfig;
import dev.proverstaking.node.Refusal;
import dev.proverstaking.signing.Hex;
import java.util.Iterator;
import java.util.Set;

/** Decoding and checking {@code POST /v1/admin/members}: every problem a clear 4xx, never a stack trace. */
final class AdminRequests {
    private static final Set<String> FIELDS = Set.of("change", "member", "address", "configIndex", "deadline", "signature");

    private AdminRequests() {}

    static MembershipChange decode(JsonNode root) {
        if (root == null || !root.isObject()) throw ApiError.malformed("the body is a JSON object: {\"change\",\"member\",\"address\",\"configIndex\",\"deadline\",\"signature\"}");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw ApiError.malformed("unknown field " + Json.quote(f) + " (the fields are " + FIELDS + ")");
        }
        try {
            return new MembershipChange(text(root, "change"), text(root, "member"),
                    root.has("address") ? text(root, "address") : "", number(root, "configIndex"), number(root, "deadline"));
        } catch (IllegalArgumentException e) {
            throw ApiError.malformed(e.getMessage());
        }
    }

    static byte[] signature(JsonNode root) {
        String s = text(root, "signature");
        try {
            byte[] b = Hex.decode(s);
            if (b.length != 65) throw ApiError.of(Refusal.BadSignature, "a signature is 65 bytes, not " + b.length);
            return b;
        } catch (IllegalArgumentException e) {
            throw ApiError.of(Refusal.BadSignature, "signature: " + e.getMessage());
        }
    }

    /** The change must be for the configuration the member knows now, and must change it. */
    static void checkApplies(MembershipChange c, ClusterStatus now) {
        if (now.configIndex() < 0 || now.members().isEmpty()) {
            throw ApiError.of(Refusal.Unavailable, "this member does not know its group's configuration yet: try again");
        }
        if (c.configIndex() != now.configIndex()) {
            throw ApiError.of(ApiError.Code.StaleConfiguration, "the change was signed for the configuration at log index "
                    + c.configIndex() + "; the group's is at " + now.configIndex() + " (GET /v1/cluster): sign it again");
        }
        boolean present = now.members().stream().anyMatch(p -> p.id().equals(c.member()));
        if (c.change().equals("add")) {
            if (present) throw ApiError.of(ApiError.Code.StaleConfiguration, "member " + c.member() + " is a member already");
            try {
                new NodeConfig.Peer(c.member(), c.address());
                var all = new java.util.ArrayList<>(now.members());
                all.add(new NodeConfig.Peer(c.member(), c.address()));
                NodeConfig.Peer.parseList(String.join(",", all.stream().map(p -> p.id() + "=" + p.address()).toList()));
            } catch (IllegalArgumentException e) {
                throw ApiError.of(ApiError.Code.StaleConfiguration, e.getMessage());
            }
        } else {
            if (!present) throw ApiError.of(ApiError.Code.StaleConfiguration, "member " + c.member() + " is not a member");
            if (now.members().size() == 1) throw ApiError.of(ApiError.Code.StaleConfiguration, "the last member cannot be removed");
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual()) throw ApiError.malformed(field + " must be a string");
        return n.asText();
    }

    private static long number(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n != null && n.isIntegralNumber() && n.canConvertToLong() && n.asLong() >= 0) return n.asLong();
        if (n != null && n.isTextual()) {
            try {
                long v = Long.parseLong(n.asText());
                if (v >= 0) return v;
            } catch (NumberFormatException e) {
                // below
            }
        }
        throw ApiError.malformed(field + " must be a non-negative integer");
    }
}
