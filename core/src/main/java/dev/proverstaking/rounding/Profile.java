package dev.proverstaking.rounding;

/**
 * The rounding profile a ledger runs (scenario format, last section). Every other rule is
 * shared; the profile only picks the {@link RoundingRules} strategy.
 */
public enum Profile {
    /** Reproduces the reference contracts to the unit, leaks included. */
    REFERENCE("reference", ReferenceRounding.INSTANCE),
    /** Carries every remainder so both modules can always pay everyone. The default. */
    SOLVENT("solvent", SolventRounding.INSTANCE);

    private final String wireName;
    private final RoundingRules rules;

    Profile(String wireName, RoundingRules rules) {
        this.wireName = wireName;
        this.rules = rules;
    }

    public String wireName() {
        return wireName;
    }

    public RoundingRules rules() {
        return rules;
    }

    public static Profile fromWireName(String name) {
        for (Profile p : values()) {
            if (p.wireName.equals(name)) return p;
        }
        throw new IllegalArgumentException("unknown profile \"" + name + "\" (reference or solvent)");
    }
}
