package io.aisle.contracts.partner;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;

/** How many units of a product a store can sell now, at what unit price. */
public record StockItem(Gtin gtin, @JsonProperty(required = true) int available, Money unitPrice) {

    public StockItem {
        Checks.requireNonNull(gtin, "gtin");
        Checks.requireNonNegative(available, "available");
        Checks.requireNonNull(unitPrice, "unitPrice");
    }
}
