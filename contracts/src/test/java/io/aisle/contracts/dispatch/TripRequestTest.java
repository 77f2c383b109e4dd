package io.aisle.contracts.dispatch;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.api.PriorityClass;
import io.aisle.contracts.value.GeoPoint;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A trip drops off every parcel it picks up, once; rider events carry what their type needs. */
class TripRequestTest {

    private static final Instant READY = Instant.parse("2026-03-02T02:32:00Z");
    private static final GeoPoint ZHONGBAI = new GeoPoint(30.5838, 114.2790);
    private static final GeoPoint WUSHANG = new GeoPoint(30.5918, 114.2712);
    private static final GeoPoint HOME = new GeoPoint(30.5872, 114.2754);

    private static Pickup pickup(String id, GeoPoint at, String... orders) {
        return new Pickup(id, "store-" + id, at, READY, List.of(orders).stream().map(o -> new Parcel(o, 1, 5200)).toList());
    }

    private static DropoffStop dropoff(String order) {
        return new DropoffStop(order, HOME, true, null);
    }

    @Test
    void acceptsAMultiPickupTripForOneOrder() {
        TripRequest trip = new TripRequest("trip-1", null, List.of(pickup("pu-1", ZHONGBAI, "ord-1"), pickup("pu-2", WUSHANG, "ord-1")),
                List.of(dropoff("ord-1")));
        assertEquals(PriorityClass.STANDARD, trip.priority());
    }

    @Test
    void refusesAParcelWhoseOrderHasNoDropoff() {
        var e = assertThrows(IllegalArgumentException.class, () -> new TripRequest("trip-1", PriorityClass.HOSPITAL,
                List.of(pickup("pu-1", ZHONGBAI, "ord-1", "ord-2")), List.of(dropoff("ord-1"))));
        assertTrue(e.getMessage().contains("ord-2"), e.getMessage());
    }

    @Test
    void refusesTwoDropoffsForOneOrder() {
        assertThrows(IllegalArgumentException.class, () -> new TripRequest("trip-1", null,
                List.of(pickup("pu-1", ZHONGBAI, "ord-1")), List.of(dropoff("ord-1"), dropoff("ord-1"))));
    }

    @Test
    void refusesATripWithoutPickupsOrDropoffs() {
        assertThrows(IllegalArgumentException.class, () -> new TripRequest("trip-1", null, List.of(), List.of(dropoff("ord-1"))));
        assertThrows(IllegalArgumentException.class, () -> new TripRequest("trip-1", null, List.of(pickup("pu-1", ZHONGBAI, "ord-1")), List.of()));
    }

    @Test
    void refusesEmptyOrWeightlessParcels() {
        assertThrows(IllegalArgumentException.class, () -> new Parcel("ord-1", 0, 5200));
        assertThrows(IllegalArgumentException.class, () -> new Parcel("ord-1", 1, 0));
    }

    @Test
    void refusesDropoffInstructionsLongerThan500Characters() {
        assertThrows(IllegalArgumentException.class, () -> new DropoffStop("ord-1", HOME, false, "x".repeat(501)));
    }

    @ParameterizedTest
    @EnumSource(value = RiderEventType.class, names = {"ARRIVED_AT_PICKUP", "PICKED_UP"})
    void pickupEventsNameThePickup(RiderEventType type) {
        assertThrows(IllegalArgumentException.class, () -> new RiderEvent("rev-1", "trip-1", type, READY, "rider-1", null, null, null));
        assertDoesNotThrow(() -> new RiderEvent("rev-1", "trip-1", type, READY, "rider-1", "pu-1", null, null));
    }

    @Test
    void aDeliveryNamesTheOrder() {
        assertThrows(IllegalArgumentException.class,
                () -> new RiderEvent("rev-1", "trip-1", RiderEventType.DELIVERED, READY, "rider-1", null, null, null));
        assertDoesNotThrow(() -> new RiderEvent("rev-1", "trip-1", RiderEventType.DELIVERED, READY, "rider-1", null, "ord-1", null));
    }

    @ParameterizedTest
    @EnumSource(value = RiderEventType.class, names = {"FAILED", "CANCELLED"})
    void failuresAndCancellationsSayWhy(RiderEventType type) {
        assertThrows(IllegalArgumentException.class, () -> new RiderEvent("rev-1", "trip-1", type, READY, null, null, null, " "));
        assertDoesNotThrow(() -> new RiderEvent("rev-1", "trip-1", type, READY, null, null, null, "no rider available"));
    }

    @Test
    void anAssignmentNeedsNothingMore() {
        assertDoesNotThrow(() -> new RiderEvent("rev-1", "trip-1", RiderEventType.ASSIGNED, READY, "rider-1", null, null, null));
    }
}
