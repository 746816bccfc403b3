package dev.proverstaking.common;

/** Which token a ledger entry is in. When the ledger is built with one token, both name it. */
public enum TokenKind {
    STAKE("stake"),
    REWARD("reward");

    private final String wireName;

    TokenKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static TokenKind fromWireName(String name) {
        for (TokenKind k : values()) {
            if (k.wireName.equals(name)) return k;
        }
        throw new IllegalArgumentException("unknown token \"" + name + "\" (stake or reward)");
    }
}
