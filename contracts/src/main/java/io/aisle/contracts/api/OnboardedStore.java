package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.GeoPoint;
import java.time.LocalTime;

/**
 * A store as onboarding sends it. {@code partnerStoreId} is the chain's own id for it (defaults to
 * {@code storeId}); opening hours are local, {@code opensAt == closesAt} (or both absent) meaning
 * open around the clock.
 */
public record OnboardedStore(String storeId, String chainId, String partnerStoreId, String name, GeoPoint location,
                             LocalTime opensAt, LocalTime closesAt) {

    public OnboardedStore {
        Checks.requireId(storeId, "storeId");
        Checks.requireId(chainId, "chainId");
        Checks.requireAtMost(partnerStoreId, "partnerStoreId", 128);
        Checks.requireText(name, "name", Product.MAX_NAME);
        Checks.requireNonNull(location, "location");
        if ((opensAt == null) != (closesAt == null)) {
            throw new IllegalArgumentException("store " + storeId + ": give both opensAt and closesAt, or neither");
        }
    }
}
