package io.aisle.contracts.partner;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;

/** Units of one product to set aside. */
public record HoldLine(Gtin gtin, int quantity) {

    public HoldLine {
        Checks.requireNonNull(gtin, "gtin");
        Checks.requirePositive(quantity, "quantity");
    }
}
