package io.aisle.contracts.dispatch;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.GeoPoint;
import java.time.Instant;
import java.util.List;

/** A stop at a store where bags are ready at {@code readyAt}. */
public record Pickup(String pickupId, String storeId, GeoPoint location, Instant readyAt, List<Parcel> parcels) {

    public Pickup {
        Checks.requireId(pickupId, "pickupId");
        Checks.requireText(storeId, "storeId");
        Checks.requireNonNull(location, "location");
        Checks.requireNonNull(readyAt, "readyAt");
        parcels = Checks.requireNonEmpty(parcels, "parcels");
    }
}
