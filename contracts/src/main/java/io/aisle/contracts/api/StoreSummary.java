package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.GeoPoint;
import java.util.Arrays;

/**
 * A store near an address, as {@code GET /v1/stores} lists it. {@code health} is the name of the
 * store's {@link BreakerState} (CLOSED means calls flow), or null when unknown.
 */
public record StoreSummary(String storeId, String chainId, String name, GeoPoint location, double distanceKm, String health) {

    public StoreSummary {
        Checks.requireText(storeId, "storeId");
        Checks.requireText(chainId, "chainId");
        Checks.requireNonNull(location, "location");
        if (Double.isNaN(distanceKm) || distanceKm < 0) {
            throw new IllegalArgumentException("distanceKm must not be negative, got " + distanceKm);
        }
        if (health != null && Arrays.stream(BreakerState.values()).noneMatch(s -> s.name().equals(health))) {
            throw new IllegalArgumentException("health must be one of " + Arrays.toString(BreakerState.values()) + ", got '" + health + "'");
        }
    }

    public static StoreSummary of(String storeId, String chainId, String name, GeoPoint location, double distanceKm, BreakerState health) {
        return new StoreSummary(storeId, chainId, name, location, distanceKm, health == null ? null : health.name());
    }
}
