package io.aisle.contracts.api;

/** What the customer accepts when a product is not available. */
public enum SubstitutionMode {
    /** Only the product asked for. */
    NONE,
    /** The explicit alternate GTINs of the line, in the order given. */
    ALTERNATES,
    /** Any product of the same category and size class. */
    SIMILAR
}
