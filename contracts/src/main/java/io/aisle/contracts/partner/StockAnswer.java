package io.aisle.contracts.partner;

import io.aisle.contracts.value.Checks;
import java.time.Instant;
import java.util.List;

/** A store's answer to a stock query. A product it does not list is a product it does not sell. */
public record StockAnswer(String storeId, Instant asOf, List<StockItem> items) {

    public StockAnswer {
        Checks.requireText(storeId, "storeId");
        Checks.requireNonNull(asOf, "asOf");
        items = Checks.copyOrEmpty(items, "items");
    }
}
