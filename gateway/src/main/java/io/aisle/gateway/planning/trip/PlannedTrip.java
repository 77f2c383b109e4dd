package io.aisle.gateway.planning.trip;

import io.aisle.contracts.dispatch.Parcel;
import io.aisle.contracts.dispatch.Pickup;
import io.aisle.contracts.dispatch.TripRequest;
import io.aisle.contracts.value.Checks;
import java.time.Instant;
import java.util.List;

/**
 * A trip ready to be sent to rider dispatch at {@code requestAt}: the moment that brings a rider to the first pickup
 * when the bags are ready there (and to each later pickup no earlier than its bags).
 */
public record PlannedTrip(TripRequest request, Instant requestAt) {

    public PlannedTrip {
        Checks.requireNonNull(request, "request");
        Checks.requireNonNull(requestAt, "requestAt");
    }

    public String tripId() {
        return request.tripId();
    }

    /** The order legs this trip carries, by order id then store id. */
    public List<TripLeg> legs() {
        return request.pickups().stream()
                .flatMap(pickup -> pickup.parcels().stream().map(parcel -> new TripLeg(parcel.orderId(), pickup.storeId())))
                .sorted().toList();
    }

    public List<String> orderIds() {
        return request.dropoffs().stream().map(d -> d.orderId()).sorted().toList();
    }

    public int weightGrams() {
        return request.pickups().stream().flatMap(p -> p.parcels().stream()).mapToInt(Parcel::weightGrams).sum();
    }

    public boolean multiPickup() {
        return request.pickups().size() > 1;
    }

    public Instant firstReadyAt() {
        return request.pickups().stream().map(Pickup::readyAt).min(Instant::compareTo).orElseThrow();
    }
}
