package io.aisle.adapters.dispatch;

import io.aisle.contracts.api.PriorityClass;
import io.aisle.contracts.dispatch.DropoffStop;
import io.aisle.contracts.dispatch.Parcel;
import io.aisle.contracts.dispatch.Pickup;
import io.aisle.contracts.dispatch.TripRequest;
import io.aisle.contracts.value.GeoPoint;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Trips around central Wuhan for tests. */
public final class TripFixtures {

    public static final GeoPoint STORE_A = new GeoPoint(30.5928, 114.3055);
    public static final GeoPoint STORE_B = new GeoPoint(30.5990, 114.3120);
    public static final GeoPoint HOME_1 = new GeoPoint(30.6050, 114.3000);
    public static final GeoPoint HOME_2 = new GeoPoint(30.6080, 114.3070);

    private TripFixtures() {
    }

    /** A fresh trip id, so tests sharing a dispatch never collide. */
    public static String tripId() {
        return "trip-" + UUID.randomUUID();
    }

    /** One store, one order. */
    public static TripRequest singlePickupTrip(String tripId, Instant readyAt) {
        String orderId = "order-" + tripId;
        return new TripRequest(tripId, PriorityClass.STANDARD,
                List.of(new Pickup("pickup-1", "store-a", STORE_A, readyAt, List.of(new Parcel(orderId, 2, 4_500)))),
                List.of(new DropoffStop(orderId, HOME_1, true, "leave at the door")));
    }

    /** One store, one order, requested ahead: its bags are expected at {@code expectedAt} and a ready notice follows. */
    public static TripRequest aheadTrip(String tripId, Instant expectedAt) {
        String orderId = "order-" + tripId;
        return new TripRequest(tripId, PriorityClass.STANDARD,
                List.of(new Pickup("pickup-1", "store-a", STORE_A, expectedAt, List.of(new Parcel(orderId, 2, 4_500)), true)),
                List.of(new DropoffStop(orderId, HOME_1, true, "leave at the door")));
    }

    /**
     * Two stores, two orders: order 1 is split across both stores, order 2 comes from the second
     * store only. Pickups are {@code pickup-1} then {@code pickup-2}; drop-offs order 1 then order 2.
     */
    public static TripRequest twoPickupTrip(String tripId, Instant readyAtFirst, Instant readyAtSecond) {
        String order1 = "order-1-" + tripId;
        String order2 = "order-2-" + tripId;
        return new TripRequest(tripId, PriorityClass.HOSPITAL,
                List.of(new Pickup("pickup-1", "store-a", STORE_A, readyAtFirst, List.of(new Parcel(order1, 1, 2_000))),
                        new Pickup("pickup-2", "store-b", STORE_B, readyAtSecond,
                                List.of(new Parcel(order1, 1, 1_500), new Parcel(order2, 3, 7_000)))),
                List.of(new DropoffStop(order1, HOME_1, true, "ward 3 reception"),
                        new DropoffStop(order2, HOME_2, false, null)));
    }

    /** The same trip id with another drop-off instruction: a different trip. */
    public static TripRequest sameIdOtherTrip(TripRequest trip) {
        DropoffStop first = trip.dropoffs().get(0);
        DropoffStop changed = new DropoffStop(first.orderId(), first.location(), !first.contactless(), "call on arrival");
        List<DropoffStop> dropoffs = new java.util.ArrayList<>(trip.dropoffs());
        dropoffs.set(0, changed);
        return new TripRequest(trip.tripId(), trip.priority(), trip.pickups(), dropoffs);
    }
}
