package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import java.util.List;

/** The answer to {@code GET /v1/stores}: stores near a point, nearest first. */
public record StoreList(List<StoreSummary> stores) {

    public StoreList {
        stores = Checks.copyOrEmpty(stores, "stores");
    }
}
