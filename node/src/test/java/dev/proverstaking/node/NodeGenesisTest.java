package dev.proverstaking.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proverstaking.common.Address;
import dev.proverstaking.common.Role;
import dev.proverstaking.common.TokenKind;
import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.ledger.Transaction;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.rounding.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's genesis: the dev chain of node-api.md, the file format, and every refusal of a bad file. */
class NodeGenesisTest {
    static final Address ACCOUNT0 = Address.parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

    @Test
    void theDevChainIsTheSpecs() {
        NodeGenesis g = NodeGenesis.dev(1_767_225_600L);
        assertThat(g.chainId()).isEqualTo(31337);
        assertThat(g.owner()).isEqualTo(ACCOUNT0);
        assertThat(g.profile()).isEqualTo(Profile.SOLVENT);
        assertThat(g.globalMinSelfStake()).isEqualTo(UInt256.WAD);
        Ledger ledger = new Ledger(g.ledgerGenesis());
        for (Transaction tx : g.setup()) assertThat(ledger.apply(tx).ok()).as("%s", tx).isTrue();
        var v = ledger.view();
        assertThat(v.roleHolders(Role.SLASHER)).containsExactly(ACCOUNT0);
        assertThat(v.roleHolders(Role.MINTER)).containsExactly(ACCOUNT0);
        UInt256 million = UInt256.WAD.mul(UInt256.of(1_000_000));
        assertThat(v.balances(TokenKind.STAKE)).hasSize(10).allSatisfy(b -> assertThat(b.amount()).isEqualTo(million));
        assertThat(v.balances(TokenKind.REWARD)).hasSize(10).allSatisfy(b -> assertThat(b.amount()).isEqualTo(million));
        assertThat(v.balance(TokenKind.STAKE, Address.parse("0xa0Ee7A142d267C1f36714E4a8F75612F20a79720"))).isEqualTo(million);
    }

    @Test
    void aGenesisFileRoundTrips(@TempDir Path dir) throws Exception {
        NodeGenesis g = NodeGenesis.dev(1_767_225_600L);
        Path file = dir.resolve("genesis.json");
        Files.writeString(file, g.toJson());
        assertThat(NodeGenesis.read(file)).isEqualTo(g);
        String same = """
                {"chainId": 7, "timestamp": 5, "owner": "0x00000000000000000000000000000000000000aA",
                 "globalMinSelfStake": "10", "sameToken": true,
                 "tokens": {"stake": {"name": "One", "symbol": "ONE", "decimals": 6}}}
                """;
        NodeGenesis one = NodeGenesis.parse(same);
        assertThat(one.sameToken()).isTrue();
        assertThat(one.rewardToken()).isEqualTo(one.stakeToken());
        assertThat(one.profile()).isEqualTo(Profile.SOLVENT);
        assertThat(one.roles()).isEmpty();
        assertThat(NodeGenesis.parse(one.toJson())).isEqualTo(one);
    }

    @Test
    void aBadFileIsRefusedNamingWhatIsWrong(@TempDir Path dir) {
        String ok = """
                {"chainId": 7, "timestamp": 5, "owner": "0x00000000000000000000000000000000000000aa",
                 "globalMinSelfStake": "10",
                 "tokens": {"stake": {"name": "S", "symbol": "S", "decimals": 18},
                            "reward": {"name": "R", "symbol": "R", "decimals": 18}}}
                """;
        assertThat(parseError(ok)).isNull();
        assertThat(parseError("not json")).contains("not valid JSON");
        assertThat(parseError("[1]")).contains("not a JSON object");
        assertThat(parseError(ok.replace("\"chainId\": 7", "\"chainId\": 0"))).contains("chainId must be positive");
        assertThat(parseError(ok.replace("\"chainId\": 7", "\"chainId\": -1"))).contains("\"chainId\" must be a non-negative integer");
        assertThat(parseError(ok.replace("\"timestamp\": 5,", ""))).contains("missing field \"timestamp\"");
        assertThat(parseError(ok.replace("0x00000000000000000000000000000000000000aa", "0x12"))).contains("\"owner\"");
        assertThat(parseError(ok.replace("\"10\"", "\"-1\""))).contains("globalMinSelfStake");
        assertThat(parseError(ok.replace("\"chainId\"", "\"chainID\""))).contains("unknown field \"chainID\"");
        assertThat(parseError(ok.replace("\"decimals\": 18}}}", "\"decimals\": 99}}}"))).contains("tokens.reward.decimals must be 0..77");
        assertThat(parseError(ok.replace("\"globalMinSelfStake\": \"10\",", "\"globalMinSelfStake\": \"10\", \"profile\": \"fast\","))).contains("unknown profile");
        assertThat(parseError(ok.replace("}}}", "}}, \"roles\": [{\"role\": \"KING\", \"account\": \"0x00000000000000000000000000000000000000aa\"}]}")))
                .contains("unknown role");
        assertThat(parseError(ok.replace("\"chainId\": 7,", "\"chainId\": 7, \"chainId\": 8,"))).contains("not valid JSON");
        assertThatThrownBy(() -> NodeGenesis.read(dir.resolve("absent.json")))
                .isInstanceOf(NodeGenesis.GenesisException.class).hasMessageContaining("does not exist");
    }

    static String parseError(String text) {
        try {
            NodeGenesis.parse(text);
            return null;
        } catch (NodeGenesis.GenesisException e) {
            return e.getMessage();
        }
    }
}
