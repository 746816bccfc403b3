package dev.proverstaking.signing;

import java.util.Objects;

/** A field of a signed transaction: its name (as in the scenario format) and its type. */
public record TxField(String name, FieldType type) {
    public TxField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    public Eip712Field eip712() {
        return new Eip712Field(name, type.eip712());
    }
}
