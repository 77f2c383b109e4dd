package io.aisle.gateway.planning.trip;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.GeoPoint;
import java.time.Instant;

/** One leg of an order, bagged (or soon bagged) at a store: the wave it was picked in, when its bags are ready, and how many and how heavy they are. */
public record ReadyPickup(String storeId, GeoPoint storeLocation, String waveId, Instant readyAt, int bags, int weightGrams) {

    public ReadyPickup {
        Checks.requireText(storeId, "storeId");
        Checks.requireNonNull(storeLocation, "storeLocation");
        Checks.requireId(waveId, "waveId");
        Checks.requireNonNull(readyAt, "readyAt");
        Checks.requirePositive(bags, "bags");
        Checks.requirePositive(weightGrams, "weightGrams");
    }
}
