package io.aisle.gateway.allocation;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;

/** What a candidate store offers of one product: the units it can sell now and the price of one unit. */
public record Offer(Gtin gtin, int available, Money unitPrice) {

    public Offer {
        Checks.requireNonNull(gtin, "offer.gtin");
        Checks.requireNonNegative(available, "offer.available");
        Checks.requireNonNull(unitPrice, "offer.unitPrice");
    }
}
