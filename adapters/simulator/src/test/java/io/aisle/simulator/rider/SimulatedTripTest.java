package io.aisle.simulator.rider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.adapters.dispatch.TripFixtures;
import io.aisle.contracts.dispatch.RiderEvent;
import io.aisle.contracts.dispatch.RiderEventType;
import io.aisle.contracts.dispatch.TripRequest;
import io.aisle.contracts.dispatch.TripStatus;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a simulated rider plans and rides a trip, without any HTTP or timers. */
class SimulatedTripTest {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private static final RiderSimulatorConfig.Timings FIXED = new RiderSimulatorConfig.Timings(
            Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofMinutes(7), 0);

    @Test
    void plansEveryPickupBeforeAnyDropOffInTheOrderGiven() {
        TripRequest trip = TripFixtures.twoPickupTrip("trip-1", T0, T0.plusSeconds(600));
        List<SimulatedTrip.Step> plan = SimulatedTrip.plan(trip, FIXED, false);
        assertEquals(List.of(RiderEventType.ASSIGNED, RiderEventType.ARRIVED_AT_PICKUP, RiderEventType.PICKED_UP,
                RiderEventType.ARRIVED_AT_PICKUP, RiderEventType.PICKED_UP, RiderEventType.DELIVERED,
                RiderEventType.DELIVERED), plan.stream().map(SimulatedTrip.Step::type).toList());
        assertEquals(T0.plusSeconds(600), plan.get(3).notBefore(), "the second arrival waits for its bags");
        assertEquals(trip.dropoffs().get(1).orderId(), plan.get(6).orderId());
    }

    @Test
    void derivesLegsFromDistanceWhenGivenASpeed() {
        // 36 km/h is 10 m/s; the stores are about 900 m apart.
        RiderSimulatorConfig.Timings bike = new RiderSimulatorConfig.Timings(
                Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofMinutes(7), 36);
        TripRequest trip = TripFixtures.twoPickupTrip("trip-1", T0, T0);
        List<SimulatedTrip.Step> plan = SimulatedTrip.plan(trip, bike, false);
        double metres = TripFixtures.STORE_A.distanceMetres(TripFixtures.STORE_B);
        assertEquals(Duration.ofMinutes(5), plan.get(1).after(), "the first leg starts nowhere known");
        assertEquals(Math.round(metres / 10 * 1000), plan.get(3).after().toMillis());
    }

    @Test
    void plansAFailingTripAsAssignedThenFailed() {
        TripRequest trip = TripFixtures.singlePickupTrip("trip-1", T0);
        assertEquals(List.of(RiderEventType.ASSIGNED, RiderEventType.FAILED),
                SimulatedTrip.plan(trip, FIXED, true).stream().map(SimulatedTrip.Step::type).toList());
    }

    @Test
    void cannotBeCancelledOnceAParcelIsAboard() {
        List<RiderEvent> sent = new ArrayList<>();
        TripRequest request = TripFixtures.singlePickupTrip("trip-1", T0);
        SimulatedTrip trip = new SimulatedTrip(request, SimulatedTrip.plan(request, FIXED, false), event -> {
            sent.add(event);
            return Future.succeededFuture();
        });
        for (int i = 0; i < 3; i++) {
            assertTrue(trip.take(trip.nextStep().orElseThrow(), T0, () -> "rider-1"));
        }
        assertEquals(TripStatus.PICKED_UP, trip.view().status());
        assertEquals(SimulatedTrip.CancelOutcome.TOO_LATE, trip.cancel("too late", T0));
        assertEquals(List.of(RiderEventType.ASSIGNED, RiderEventType.ARRIVED_AT_PICKUP, RiderEventType.PICKED_UP),
                sent.stream().map(RiderEvent::type).toList());
    }

    @Test
    void ignoresAStepThatComesAfterACancellation() {
        List<RiderEvent> sent = new ArrayList<>();
        TripRequest request = TripFixtures.singlePickupTrip("trip-1", T0);
        SimulatedTrip trip = new SimulatedTrip(request, SimulatedTrip.plan(request, FIXED, false), event -> {
            sent.add(event);
            return Future.succeededFuture();
        });
        SimulatedTrip.Step assign = trip.nextStep().orElseThrow();
        assertEquals(SimulatedTrip.CancelOutcome.CANCELLED, trip.cancel("changed my mind", T0));
        assertEquals(false, trip.take(assign, T0, () -> "rider-1"), "a timer that fires late changes nothing");
        assertEquals(SimulatedTrip.CancelOutcome.ALREADY_CANCELLED, trip.cancel("again", T0));
        assertEquals(List.of(RiderEventType.CANCELLED), sent.stream().map(RiderEvent::type).toList());
        assertEquals(TripStatus.CANCELLED, trip.view().status());
    }
}
