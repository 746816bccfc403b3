package dev.proverstaking.signing;

import java.util.Objects;

/** One member of an EIP-712 struct type: its name and its type's name ({@code uint256}, {@code address}, {@code Person}). */
public record Eip712Field(String name, String type) {
    public Eip712Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
