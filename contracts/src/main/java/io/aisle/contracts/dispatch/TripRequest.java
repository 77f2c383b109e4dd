package io.aisle.contracts.dispatch;

import io.aisle.contracts.api.PriorityClass;
import io.aisle.contracts.value.Checks;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A delivery trip: one or more pickups, one or more drop-offs. Idempotent by our trip id.
 * Every parcel's order has exactly one drop-off.
 */
public record TripRequest(String tripId, PriorityClass priority, List<Pickup> pickups, List<DropoffStop> dropoffs) {

    public TripRequest {
        Checks.requireId(tripId, "tripId");
        if (priority == null) {
            priority = PriorityClass.STANDARD;
        }
        pickups = Checks.requireNonEmpty(pickups, "pickups");
        dropoffs = Checks.requireNonEmpty(dropoffs, "dropoffs");
        Set<String> dropped = new HashSet<>();
        for (DropoffStop d : dropoffs) {
            if (!dropped.add(d.orderId())) {
                throw new IllegalArgumentException("order " + d.orderId() + " has more than one drop-off");
            }
        }
        for (Pickup p : pickups) {
            for (Parcel parcel : p.parcels()) {
                if (!dropped.contains(parcel.orderId())) {
                    throw new IllegalArgumentException("parcel of order " + parcel.orderId() + " has no drop-off");
                }
            }
        }
    }
}
