package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.GeoPoint;

/** A store near an address, as {@code GET /v1/stores} lists it. */
public record StoreSummary(String storeId, String chainId, String name, GeoPoint location, double distanceKm, String health) {

    public StoreSummary {
        Checks.requireText(storeId, "storeId");
        Checks.requireText(chainId, "chainId");
        Checks.requireNonNull(location, "location");
    }
}
