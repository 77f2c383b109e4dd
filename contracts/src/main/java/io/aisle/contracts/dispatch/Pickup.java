package io.aisle.contracts.dispatch;

import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.GeoPoint;
import java.time.Instant;
import java.util.List;

/**
 * A stop at a store where bags are ready at {@code readyAt}. With {@code readyNotice} true the bags are still being
 * picked and {@code readyAt} is when they are expected: Aisle tells rider dispatch when they are ready
 * ({@code POST /v1/trips/{tripId}/ready}), and the rider waits for that before picking up. Absent (null): the bags are
 * ready at {@code readyAt}, no notice follows. {@code false} is read as absent.
 */
public record Pickup(String pickupId, String storeId, GeoPoint location, Instant readyAt, List<Parcel> parcels, Boolean readyNotice) {

    /** A pickup whose bags are ready: no notice follows. */
    public Pickup(String pickupId, String storeId, GeoPoint location, Instant readyAt, List<Parcel> parcels) {
        this(pickupId, storeId, location, readyAt, parcels, null);
    }

    public Pickup {
        Checks.requireId(pickupId, "pickupId");
        Checks.requireText(storeId, "storeId");
        Checks.requireNonNull(location, "location");
        Checks.requireNonNull(readyAt, "readyAt");
        parcels = Checks.requireNonEmpty(parcels, "parcels");
        readyNotice = Boolean.TRUE.equals(readyNotice) ? Boolean.TRUE : null;
    }

    /** Whether the rider waits for Aisle's notice that the bags are ready before picking up. */
    public boolean awaitsReadyNotice() {
        return readyNotice != null;
    }
}
