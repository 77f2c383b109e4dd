package io.aisle.gateway.quote;

import io.aisle.contracts.value.Gtin;
import java.util.List;

/**
 * Products a basket names that the catalogue does not have: each one with the line that names it
 * and, for a substitution alternate, its place among the line's alternates. Carries no stack trace:
 * it is the caller's mistake, not a fault.
 */
public final class UnknownProducts extends RuntimeException {

    /** A product of the basket not in the catalogue: line {@code line}, itself ({@code alternate} null) or its {@code alternate}-th alternate. */
    public record Unknown(int line, Integer alternate, Gtin gtin) {
    }

    private final List<Unknown> unknown;

    public UnknownProducts(List<Unknown> unknown) {
        super(unknown.size() + " product(s) of the basket are not in the catalogue", null, false, false);
        this.unknown = List.copyOf(unknown);
    }

    public List<Unknown> unknown() {
        return unknown;
    }
}
