package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;

/**
 * A product allocated to one store: quantity, unit price and line total.
 * {@code substituteFor} names the requested GTIN when this line is a substitute.
 */
public record LegLine(Gtin gtin, int quantity, Money unitPrice, Money lineTotal, Gtin substituteFor) {

    public LegLine {
        Checks.requireNonNull(gtin, "gtin");
        Checks.requirePositive(quantity, "quantity");
        Checks.requireNonNull(unitPrice, "unitPrice");
        Checks.requireNonNull(lineTotal, "lineTotal");
        if (!lineTotal.equals(unitPrice.times(quantity))) {
            throw new IllegalArgumentException("lineTotal must equal unitPrice x quantity for gtin " + gtin);
        }
    }

    public static LegLine of(Gtin gtin, int quantity, Money unitPrice) {
        return new LegLine(gtin, quantity, unitPrice, unitPrice.times(quantity), null);
    }
}
