package dev.proverstaking.cli.node;

import dev.proverstaking.signing.KeyFile;
import dev.proverstaking.signing.KeyFileException;
import dev.proverstaking.signing.SigningKey;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keygen [--out FILE]}: a new secp256k1 key. */
@Command(name = "keygen",
        description = {"Make a new signing key (secp256k1, an Ethereum account).",
                "With --out FILE, writes a key file (JSON, owner-only, never over an existing file) and prints its address;"
                        + " without, prints the address and the private key (keep it secret).",
                "Exit status: 0 done, 2 the file could not be written."})
public final class KeygenCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Option(names = "--out", paramLabel = "FILE", description = "write the key to this new file (for tx --key FILE)")
    Path out;

    @Override
    public Integer call() {
        if (out == null) {
            SigningKey key = SigningKey.random(new SecureRandom());
            System.out.println("address:    " + key.address());
            System.out.println("privateKey: " + key.secretHex());
            System.err.println("prover-staking keygen: the key is printed, not saved: keep it secret (--out FILE writes an owner-only key file)");
            return 0;
        }
        try {
            SigningKey key = KeyFile.generate(out);
            System.out.println(key.address());
            System.err.println("prover-staking keygen: key of " + key.address() + " written to " + out + " (owner-only)");
            return 0;
        } catch (KeyFileException e) {
            System.err.println("prover-staking keygen: " + e.getMessage());
            return 2;
        }
    }
}
