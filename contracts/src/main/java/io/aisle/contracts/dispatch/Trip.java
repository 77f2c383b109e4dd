package io.aisle.contracts.dispatch;

import io.aisle.contracts.value.Checks;

/** Rider dispatch's view of a trip. */
public record Trip(String tripId, TripStatus status, String riderId) {

    public Trip {
        Checks.requireId(tripId, "tripId");
        Checks.requireNonNull(status, "status");
    }
}
