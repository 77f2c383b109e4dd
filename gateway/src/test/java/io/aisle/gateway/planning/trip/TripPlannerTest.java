package io.aisle.gateway.planning.trip;

import static io.aisle.gateway.planning.PlanningFixtures.minutes;
import static io.aisle.gateway.planning.trip.TripFixtures.FAR_STORE_PLACE;
import static io.aisle.gateway.planning.trip.TripFixtures.RULES;
import static io.aisle.gateway.planning.trip.TripFixtures.STORE_A_PLACE;
import static io.aisle.gateway.planning.trip.TripFixtures.STORE_B_PLACE;
import static io.aisle.gateway.planning.trip.TripFixtures.at;
import static io.aisle.gateway.planning.trip.TripFixtures.atStoreA;
import static io.aisle.gateway.planning.trip.TripFixtures.north;
import static io.aisle.gateway.planning.trip.TripFixtures.onlyTripOf;
import static io.aisle.gateway.planning.trip.TripFixtures.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.api.PriorityClass;
import io.aisle.contracts.dispatch.DropoffStop;
import io.aisle.contracts.dispatch.Parcel;
import io.aisle.contracts.dispatch.Pickup;
import io.aisle.contracts.dispatch.TripRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TripPlannerTest {

    @Test
    void batchesNearbyDropoffsOfOneWaveIntoOneTrip() {
        List<ReadyOrder> orders = List.of(
                order("o-1", north(500), atStoreA(minutes(10), 3_000)),
                order("o-2", north(800), atStoreA(minutes(10), 3_000)),
                order("o-3", north(1_200), atStoreA(minutes(10), 3_000)));

        List<PlannedTrip> trips = TripPlanner.plan(orders, RULES);

        assertEquals(1, trips.size());
        TripRequest trip = trips.get(0).request();
        assertEquals(1, trip.pickups().size());
        assertEquals(List.of("o-1", "o-2", "o-3"), trip.pickups().get(0).parcels().stream().map(Parcel::orderId).toList());
        assertEquals(List.of("o-1", "o-2", "o-3"), trip.dropoffs().stream().map(DropoffStop::orderId).toList());
        assertTrue(trip.dropoffs().get(0).contactless());
    }

    @Test
    void keepsADropoffFarFromTheOthersOnATripOfItsOwn() {
        List<ReadyOrder> orders = List.of(
                order("o-1", north(500), atStoreA(minutes(10), 3_000)),
                order("o-2", north(800), atStoreA(minutes(10), 3_000)),
                order("o-far", north(-2_500), atStoreA(minutes(10), 3_000)));

        List<PlannedTrip> trips = TripPlanner.plan(orders, RULES);

        assertEquals(2, trips.size());
        assertEquals(List.of("o-far"), onlyTripOf(trips, "o-far").orderIds());
        assertEquals(List.of("o-1", "o-2"), onlyTripOf(trips, "o-1").orderIds());
    }

    @Test
    void startsAnotherTripWhenOneHoldsTheMostOrdersAllowed() {
        List<ReadyOrder> orders = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            orders.add(order("o-" + i, north(100 * i), atStoreA(minutes(10), 1_000)));
        }

        List<PlannedTrip> trips = TripPlanner.plan(orders, RULES);

        assertEquals(List.of(3, 1), trips.stream().map(t -> t.orderIds().size()).sorted(Collections.reverseOrder()).toList());
    }

    @Test
    void startsAnotherTripWhenTheNextOrderWouldBeTooHeavy() {
        List<ReadyOrder> orders = List.of(
                order("o-1", north(100), atStoreA(minutes(10), 8_000)),
                order("o-2", north(200), atStoreA(minutes(10), 8_000)));

        List<PlannedTrip> trips = TripPlanner.plan(orders, RULES);

        assertEquals(2, trips.size());
        assertTrue(trips.stream().allMatch(t -> t.weightGrams() <= RULES.maxWeightGrams()));
    }

    @Test
    void letsAnOrderHeavierThanATripTravelAlone() {
        List<PlannedTrip> trips = TripPlanner.plan(List.of(
                order("o-heavy", north(100), atStoreA(minutes(10), 20_000)),
                order("o-light", north(100), atStoreA(minutes(10), 1_000))), RULES);

        assertEquals(List.of("o-heavy"), onlyTripOf(trips, "o-heavy").orderIds());
    }

    @Test
    void carriesAnOrderSplitOverTwoCloseStoresAsOneMultiPickupTrip() {
        // Store B is 1 km from store A: 200 seconds at 5 m/s. A is ready at 10:00, B at 12:00.
        ReadyOrder split = order("o-split", north(500),
                at("store-b", STORE_B_PLACE, "wave-b1", minutes(12), 2_000),
                at("store-a", STORE_A_PLACE, "wave-a1", minutes(10), 3_000));

        List<PlannedTrip> trips = TripPlanner.plan(List.of(split), RULES);

        assertEquals(1, trips.size());
        PlannedTrip trip = trips.get(0);
        assertTrue(trip.multiPickup());
        assertEquals(List.of("store-a", "store-b"), trip.request().pickups().stream().map(Pickup::storeId).toList());
        assertEquals(List.of(minutes(10), minutes(12)), trip.request().pickups().stream().map(Pickup::readyAt).toList());
        assertEquals(List.of("o-split"), trip.orderIds());
        // At A at 10:00 would reach B at 13:20, after its bags; so the rider is asked for 8 minutes before 10:00.
        assertEquals(minutes(2), trip.requestAt());
    }

    @Test
    void requestsTheRiderTheConfiguredApproachBeforeTheBagsAreExpected() {
        // dev timings: a simulated rider is assigned in 200 ms and rides 300 ms to the store
        TripRules dev = RULES.withRiderApproach(java.time.Duration.ofMillis(500));
        PlannedTrip trip = TripPlanner.plan(List.of(order("o-1", north(500), atStoreA(minutes(10), 3_000))), dev).get(0);

        assertEquals(minutes(10).minusMillis(500), trip.requestAt());
        assertEquals(minutes(10), trip.request().pickups().get(0).readyAt(), "the pickup still says when the bags are expected");
        assertEquals(minutes(2), TripPlanner.plan(List.of(order("o-1", north(500), atStoreA(minutes(10), 3_000))), RULES).get(0)
                .requestAt(), "eight minutes ahead with the defaults");
    }

    @Test
    void timesAMultiPickupRiderSoTheyDoNotWaitAtTheLaterStore() {
        ReadyOrder split = order("o-split", north(500),
                at("store-a", STORE_A_PLACE, "wave-a1", minutes(10), 3_000),
                at("store-b", STORE_B_PLACE, "wave-b1", minutes(20), 2_000));

        PlannedTrip trip = TripPlanner.plan(List.of(split), RULES).get(0);

        // To reach B at 20:00 the rider leaves A at 16:40, and is asked for 8 minutes before that.
        assertEquals(minutes(16 + 40 / 60.0 - 8), trip.requestAt());
    }

    @Test
    void sendsEachLegOfASplitOrderOnItsOwnWhenTheStoresAreFarApart() {
        ReadyOrder split = order("o-split", north(500),
                at("store-a", STORE_A_PLACE, "wave-a1", minutes(10), 3_000),
                at("store-far", FAR_STORE_PLACE, "wave-far1", minutes(10), 2_000));

        List<PlannedTrip> trips = TripPlanner.plan(List.of(split), RULES);

        assertEquals(2, trips.size());
        assertTrue(trips.stream().noneMatch(PlannedTrip::multiPickup));
        assertTrue(trips.stream().allMatch(t -> t.orderIds().equals(List.of("o-split"))));
        assertNotEquals(trips.get(0).tripId(), trips.get(1).tripId());
    }

    @Test
    void letsTheLegOfAFarSplitOrderShareATripWithItsWave() {
        ReadyOrder split = order("o-split", north(500),
                at("store-a", STORE_A_PLACE, "wave-a1", minutes(10), 3_000),
                at("store-far", FAR_STORE_PLACE, "wave-far1", minutes(10), 2_000));
        ReadyOrder neighbour = order("o-neighbour", north(600), atStoreA(minutes(10), 2_000));

        List<PlannedTrip> trips = TripPlanner.plan(List.of(split, neighbour), RULES);

        assertEquals(List.of("o-neighbour", "o-split"), onlyTripOf(trips, "o-neighbour").orderIds());
    }

    @Test
    void neverBatchesAHospitalOrderBehindALaterReadyStandardOrder() {
        List<PlannedTrip> trips = TripPlanner.plan(List.of(
                order("o-hospital", PriorityClass.HOSPITAL, north(500), atStoreA(minutes(10), 2_000)),
                order("o-late", north(600), atStoreA(minutes(12), 2_000)),
                order("o-early", north(700), atStoreA(minutes(9), 2_000))), RULES);

        PlannedTrip hospital = onlyTripOf(trips, "o-hospital");
        assertEquals(List.of("o-early", "o-hospital"), hospital.orderIds());
        assertEquals(PriorityClass.HOSPITAL, hospital.request().priority());
        assertEquals(minutes(10), hospital.request().pickups().get(0).readyAt());
        assertEquals("o-hospital", hospital.request().dropoffs().get(0).orderId());
    }

    @Test
    void requestsTheRiderSoTheyArriveWhenTheBagsAreReady() {
        PlannedTrip trip = TripPlanner.plan(List.of(order("o-1", north(500), atStoreA(minutes(10), 2_000))), RULES).get(0);

        assertEquals(minutes(2), trip.requestAt());
        assertEquals(minutes(10), trip.request().pickups().get(0).readyAt());
    }

    @Test
    void keepsOrdersOfDifferentWavesOnDifferentTrips() {
        List<PlannedTrip> trips = TripPlanner.plan(List.of(
                order("o-1", north(500), at("store-a", STORE_A_PLACE, "wave-a1", minutes(10), 2_000)),
                order("o-2", north(500), at("store-a", STORE_A_PLACE, "wave-a2", minutes(10), 2_000))), RULES);

        assertEquals(2, trips.size());
    }

    @Test
    void namesTripsByTheirOrdersWhateverTheOrderOfTheInput() {
        List<ReadyOrder> orders = new ArrayList<>(List.of(
                order("o-1", north(500), atStoreA(minutes(10), 2_000)),
                order("o-2", north(600), atStoreA(minutes(10), 2_000)),
                order("o-3", north(-3_000), atStoreA(minutes(11), 2_000))));
        List<PlannedTrip> first = TripPlanner.plan(orders, RULES);
        Collections.reverse(orders);

        assertEquals(first, TripPlanner.plan(orders, RULES));
        assertTrue(first.get(0).tripId().startsWith("trip-"));
        assertEquals(first.get(0).tripId() + "-p1", first.get(0).request().pickups().get(0).pickupId());
    }

    @Test
    void refusesAnOrderGivenTwice() {
        ReadyOrder once = order("o-1", north(500), atStoreA(minutes(10), 2_000));

        assertThrows(IllegalArgumentException.class, () -> TripPlanner.plan(List.of(once, once), RULES));
    }
}
