package io.aisle.gateway.planning.trip;

import static io.aisle.gateway.planning.PlanningFixtures.metresFromSquare;

import io.aisle.contracts.api.PriorityClass;
import io.aisle.contracts.value.GeoPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Stores, drop-off points and ready orders for trip tests. */
final class TripFixtures {

    static final GeoPoint STORE_A_PLACE = metresFromSquare(0, 0);
    /** One kilometre east of store A. */
    static final GeoPoint STORE_B_PLACE = metresFromSquare(0, 1_000);
    /** Five kilometres east of store A. */
    static final GeoPoint FAR_STORE_PLACE = metresFromSquare(0, 5_000);

    /** 5 m/s, rounded to the nearest second so that a kilometre is 200 seconds whatever the rounding of the places. */
    static final TravelTime RIDE = (from, to) -> Duration.ofSeconds(Math.round(from.distanceMetres(to) / 5));

    /** 1.5 km between drop-offs, 2 km between pickups, 3 orders or 15 kg, riders 8 minutes out at 5 m/s. */
    static final TripRules RULES = new TripRules(1_500, 2_000, 3, 15_000, Duration.ofMinutes(8), RIDE);

    private TripFixtures() {
    }

    static ReadyPickup at(String storeId, GeoPoint place, String waveId, Instant readyAt, int weightGrams) {
        return new ReadyPickup(storeId, place, waveId, readyAt, 1 + weightGrams / 5_000, weightGrams);
    }

    static ReadyPickup atStoreA(Instant readyAt, int weightGrams) {
        return at("store-a", STORE_A_PLACE, "wave-a1", readyAt, weightGrams);
    }

    static ReadyOrder order(String orderId, GeoPoint dropoff, ReadyPickup... pickups) {
        return order(orderId, PriorityClass.STANDARD, dropoff, pickups);
    }

    static ReadyOrder order(String orderId, PriorityClass priority, GeoPoint dropoff, ReadyPickup... pickups) {
        return new ReadyOrder(orderId, priority, List.of(pickups), dropoff, true, "leave at the door");
    }

    /** A drop-off {@code northMetres} north of store A. */
    static GeoPoint north(double northMetres) {
        return metresFromSquare(northMetres, 0);
    }

    static PlannedTrip onlyTripOf(List<PlannedTrip> trips, String orderId) {
        List<PlannedTrip> carrying = trips.stream().filter(t -> t.orderIds().contains(orderId)).toList();
        if (carrying.size() != 1) {
            throw new AssertionError("order " + orderId + " is on " + carrying.size() + " trips: " + trips);
        }
        return carrying.get(0);
    }
}
