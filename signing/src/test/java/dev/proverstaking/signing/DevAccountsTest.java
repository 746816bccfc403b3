package dev.proverstaking.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proverstaking.common.Address;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.MnemonicUtils;

/** The dev accounts against Hardhat's and Anvil's published values and against web3j's BIP-39/BIP-32. */
class DevAccountsTest {
    @Test
    void theKnownAccounts() {
        assertThat(DevAccounts.get(0).address()).isEqualTo(Address.parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
        assertThat(DevAccounts.get(0).key().secretHex()).isEqualTo("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
        assertThat(DevAccounts.get(1).address()).isEqualTo(Address.parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"));
        assertThat(DevAccounts.get(9).address()).isEqualTo(Address.parse("0xa0Ee7A142d267C1f36714E4a8F75612F20a79720"));
        assertThat(DevAccounts.all()).hasSize(10).extracting(DevAccount::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(DevAccounts.all()).extracting(DevAccount::address).doesNotHaveDuplicates();
        assertThat(DevAccounts.get(3).path()).isEqualTo("m/44'/60'/0'/0/3");
    }

    @Test
    void everyAccountAsWeb3jDerivesIt() {
        byte[] seed = MnemonicUtils.generateSeed(DevAccounts.MNEMONIC, "");
        Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(seed);
        int h = Bip32ECKeyPair.HARDENED_BIT;
        for (DevAccount a : DevAccounts.all()) {
            Bip32ECKeyPair child = Bip32ECKeyPair.deriveKeyPair(master, new int[] {44 | h, 60 | h, h, 0, a.index()});
            assertThat(new BigInteger(1, a.key().secretBytes())).as("key %d", a.index()).isEqualTo(child.getPrivateKey());
            assertThat(a.address()).as("address %d", a.index()).isEqualTo(Address.parse("0x" + Keys.getAddress(child)));
        }
    }

    @Test
    void anotherMnemonicPassphraseOrPathIsAnotherKey() {
        SigningKey zero = DevAccounts.derive(DevAccounts.MNEMONIC, "", "m/44'/60'/0'/0/0");
        assertThat(zero).isEqualTo(DevAccounts.get(0).key());
        assertThat(DevAccounts.derive(DevAccounts.MNEMONIC, "pass", "m/44'/60'/0'/0/0")).isNotEqualTo(zero);
        assertThat(DevAccounts.derive(DevAccounts.MNEMONIC, "", "m/44'/60'/1'/0/0")).isNotEqualTo(zero);
        assertThat(DevAccounts.derive("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
                "", "m/44'/60'/0'/0/0").address()).isEqualTo(Address.parse("0x9858EfFD232B4033E47d90003D41EC34EcaEda94"));
    }

    @Test
    void malformedMnemonicsAndIndexesAreRefused() {
        assertThatThrownBy(() -> DevAccounts.derive("test test test test test test test test test test test test", "", "m/0"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DevAccounts.derive("test test test notaword test test test test test test test junk", "", "m/0"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DevAccounts.derive(DevAccounts.MNEMONIC, "", "m/x'")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DevAccounts.get(10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DevAccounts.get(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
