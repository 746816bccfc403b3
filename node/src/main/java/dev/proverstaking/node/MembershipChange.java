package dev.proverstaking.node;

import dev.proverstaking.common.Address;
import dev.proverstaking.signing.Eip712;
import dev.proverstaking.signing.Eip712Field;
import dev.proverstaking.signing.Eip712Types;
import dev.proverstaking.signing.Recovery;
import dev.proverstaking.signing.Signatures;
import dev.proverstaking.signing.SigningKey;
import dev.proverstaking.signing.TxTypedData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An owner's signed order to add a member to the node's Raft group or remove one
 * ({@code POST /v1/admin/members}): the staking module's owner signs, as EIP-712 typed data in the
 * transactions' domain (so a wallet signs it as it signs a transaction),
 *
 * <pre>ChangeMembers(string change,string member,string address,uint64 configIndex,uint64 deadline)</pre>
 *
 * with {@code change} {@code "add"} or {@code "remove"}, {@code address} the new member's Raft
 * {@code host:port} (empty for a removal), {@code configIndex} the log index of the configuration the
 * change applies to ({@code GET /v1/cluster}), and a deadline in unix seconds. The configuration index
 * makes an order good once: after any change (this one included) the index moves on, so a copy of the
 * order replayed later is refused ({@code StaleConfiguration}); the deadline bounds how long an order not
 * yet used stays good.
 */
public record MembershipChange(String change, String member, String address, long configIndex, long deadline) {
    public static final String TYPE = "ChangeMembers";
    private static final Eip712Types TYPES = new Eip712Types(Map.of(TYPE, List.of(
            new Eip712Field("change", "string"), new Eip712Field("member", "string"), new Eip712Field("address", "string"),
            new Eip712Field("configIndex", "uint64"), new Eip712Field("deadline", "uint64"))));

    public MembershipChange {
        if (!change.equals("add") && !change.equals("remove")) {
            throw new IllegalArgumentException("change is \"add\" or \"remove\", not \"" + change + "\"");
        }
        if (change.equals("add")) new NodeConfig.Peer(member, address); // checks both, with a clear message
        else new NodeConfig.Peer(member, "x:1");
        if (change.equals("remove") && !address.isEmpty()) {
            throw new IllegalArgumentException("a removal names no address (\"address\":\"\")");
        }
        if (configIndex < 0 || deadline < 0) throw new IllegalArgumentException("configIndex and deadline are not negative");
    }

    /** The EIP-712 digest the owner signs, for chain {@code chainId}. */
    public byte[] digest(long chainId) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("change", change);
        values.put("member", member);
        values.put("address", address);
        values.put("configIndex", configIndex);
        values.put("deadline", deadline);
        return Eip712.digest(TxTypedData.forChain(chainId).domainSeparator(), TYPES.hashStruct(TYPE, values));
    }

    /** The signer of {@code signature} (65 bytes) over this change on {@code chainId}, or null when it recovers none. */
    public Address signer(long chainId, byte[] signature) {
        Recovery r = Signatures.get().recoverSigner(digest(chainId), signature);
        return r instanceof Recovery.Recovered ok ? ok.signer() : null;
    }

    public byte[] sign(SigningKey key, long chainId) {
        return key.sign(digest(chainId));
    }

    /** The members after this change of {@code current} (which the caller checked it applies to). */
    public List<NodeConfig.Peer> applyTo(List<NodeConfig.Peer> current) {
        List<NodeConfig.Peer> out = new ArrayList<>();
        for (NodeConfig.Peer p : current) if (!p.id().equals(member)) out.add(p);
        if (change.equals("add")) out.add(new NodeConfig.Peer(member, address));
        return out;
    }
}
