package dev.proverstaking.signing;

import dev.proverstaking.common.Address;
import java.util.Objects;

/** What {@link Signatures#recoverSigner} found: the signer's address, or why the signature is refused. */
public sealed interface Recovery permits Recovery.Recovered, Recovery.Refused {

    /** Why a signature is refused (the node answers {@code BadSignature} to each). */
    enum Reason {
        /** Not 65 bytes {@code r ‖ s ‖ v}. */
        LENGTH,
        /** {@code v} is not 27, 28, 0 or 1. */
        RECOVERY_ID,
        /** {@code r} is 0 or not below the curve order n. */
        R_RANGE,
        /** {@code s} is 0 or not below the curve order n. */
        S_RANGE,
        /** {@code s} is above n / 2: the malleable twin of a valid signature, refused since EIP-2. */
        HIGH_S,
        /** No public key signed this digest with this {@code r}, {@code s}, {@code v}. */
        NOT_RECOVERABLE
    }

    record Recovered(Address signer) implements Recovery {
        public Recovered {
            Objects.requireNonNull(signer);
        }
    }

    record Refused(Reason reason, String message) implements Recovery {
        public Refused {
            Objects.requireNonNull(reason);
            Objects.requireNonNull(message);
        }
    }
}
