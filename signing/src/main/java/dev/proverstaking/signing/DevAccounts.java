package dev.proverstaking.signing;

import fr.acinq.bitcoin.DeterministicWallet;
import fr.acinq.bitcoin.MnemonicCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The local Ethereum dev nodes' accounts (Hardhat's, Anvil's): the public mnemonic
 * {@code test test test test test test test test test test test junk}, no passphrase, keys at
 * {@code m/44'/60'/0'/0/i} for i = 0..9. Derived by ACINQ's bitcoin-kmp (BIP-39 seed, BIP-32
 * derivation), whose curve arithmetic is the native libsecp256k1: where that does not load, the
 * dev accounts are not available ({@link IllegalStateException}). Their keys are public: never
 * use them for anything of value.
 */
public final class DevAccounts {
    public static final String MNEMONIC = "test test test test test test test test test test test junk";
    /** The chain id of the dev nodes' convention. */
    public static final long CHAIN_ID = 31337;
    public static final int COUNT = 10;

    private DevAccounts() {}

    /** Derived on first use; a failure (no native library) is thrown to every caller, not cached as a broken class. */
    private static volatile List<DevAccount> all;

    /** {@code m/44'/60'/0'/0/i}: Ethereum's BIP-44 path of account i. */
    public static String path(int index) {
        if (index < 0) throw new IllegalArgumentException("negative index " + index);
        return "m/44'/60'/0'/0/" + index;
    }

    /** The ten dev accounts, derived once. */
    public static List<DevAccount> all() {
        List<DevAccount> accounts = all;
        if (accounts == null) {
            synchronized (DevAccounts.class) {
                accounts = all;
                if (accounts == null) {
                    List<DevAccount> derived = new ArrayList<>(COUNT);
                    for (int i = 0; i < COUNT; i++) derived.add(new DevAccount(i, path(i), derive(MNEMONIC, "", path(i))));
                    all = accounts = List.copyOf(derived);
                }
            }
        }
        return accounts;
    }

    public static DevAccount get(int index) {
        if (index < 0 || index >= COUNT) throw new IllegalArgumentException("dev accounts are 0.." + (COUNT - 1) + ", not " + index);
        return all().get(index);
    }

    /**
     * The key at a BIP-32 {@code path} of the BIP-39 seed of {@code mnemonic} and {@code passphrase}.
     *
     * @throws IllegalArgumentException for a mnemonic that is not BIP-39 (English words, checksum) or a malformed path
     * @throws IllegalStateException where the native libsecp256k1 that bitcoin-kmp needs does not load
     */
    public static SigningKey derive(String mnemonic, String passphrase, String path) {
        byte[] secret;
        try {
            MnemonicCode.validate(mnemonic);
            byte[] seed = MnemonicCode.toSeed(mnemonic, passphrase);
            DeterministicWallet.ExtendedPrivateKey key = DeterministicWallet.generate(seed).derivePrivateKey(path);
            secret = key.getPrivateKey().value.toByteArray();
        } catch (LinkageError e) {
            throw new IllegalStateException("the dev accounts are derived by bitcoin-kmp, which needs the native"
                    + " libsecp256k1, and it did not load here: " + e, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot derive " + path + " from that mnemonic: " + e.getMessage(), e);
        }
        return SigningKey.of(secret);
    }
}
