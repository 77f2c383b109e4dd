package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;

/** One product and how many of it the household wants. */
public record BasketLine(Gtin gtin, int quantity, Substitution substitution) {

    public static final int MAX_QUANTITY = 999;

    public BasketLine {
        Checks.requireNonNull(gtin, "gtin");
        Checks.requirePositive(quantity, "quantity");
        if (quantity > MAX_QUANTITY) {
            throw new IllegalArgumentException("quantity must be at most " + MAX_QUANTITY + ", got " + quantity);
        }
        if (substitution == null) {
            substitution = Substitution.NONE;
        }
        if (substitution.alternates().contains(gtin)) {
            throw new IllegalArgumentException("substitution.alternates must not repeat the line's own gtin " + gtin);
        }
    }

    public BasketLine(Gtin gtin, int quantity) {
        this(gtin, quantity, Substitution.NONE);
    }
}
