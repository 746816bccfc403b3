package dev.proverstaking.snapshot;

/**
 * A section's header: its name and whether a reader that does not know it must refuse the snapshot.
 *
 * @param index its position among the snapshot's sections, from 0
 */
public record SectionHeader(String name, boolean required, int index) {}
