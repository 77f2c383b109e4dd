package io.aisle.gateway.planning.trip;

import static io.aisle.gateway.planning.PlanningFixtures.T0;
import static io.aisle.gateway.planning.PlanningFixtures.metresFromSquare;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.api.PriorityClass;
import io.aisle.contracts.dispatch.DropoffStop;
import io.aisle.contracts.dispatch.Parcel;
import io.aisle.contracts.dispatch.Pickup;
import io.aisle.contracts.value.GeoPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TripPlannerPropertiesTest {

    /** Three stores: b is 1 km from a, c is 4 km from a and 3 km from b. */
    private static final List<String> STORES = List.of("store-a", "store-b", "store-c");
    private static final List<GeoPoint> PLACES = List.of(metresFromSquare(0, 0), metresFromSquare(0, 1_000), metresFromSquare(0, 4_000));

    private record PickupSpec(int store, int wave, int readySecond, int weightGrams) {
    }

    private record OrderSpec(PriorityClass priority, int northMetres, int eastMetres, List<PickupSpec> pickups) {
    }

    record World(List<ReadyOrder> orders, TripRules rules) {
    }

    @Provide
    Arbitrary<World> worlds() {
        Arbitrary<PickupSpec> pickup = Combinators.combine(
                Arbitraries.integers().between(0, STORES.size() - 1), Arbitraries.integers().between(1, 2),
                Arbitraries.integers().between(0, 1_200), Arbitraries.integers().between(500, 9_000))
                .as(PickupSpec::new);
        Arbitrary<OrderSpec> order = Combinators.combine(
                Arbitraries.of(PriorityClass.class), Arbitraries.integers().between(-3_000, 3_000),
                Arbitraries.integers().between(-3_000, 3_000), pickup.list().ofMinSize(1).ofMaxSize(3).uniqueElements(PickupSpec::store))
                .as(OrderSpec::new);
        Arbitrary<TripRules> rules = Combinators.combine(
                Arbitraries.integers().between(300, 3_000), Arbitraries.integers().between(500, 5_000),
                Arbitraries.integers().between(1, 4), Arbitraries.integers().between(5_000, 20_000),
                Arbitraries.integers().between(0, 900), Arbitraries.integers().between(3, 8))
                .as((dropoff, pickupDistance, orders, weight, approach, speed) -> new TripRules(dropoff, pickupDistance, orders, weight,
                        Duration.ofSeconds(approach), TravelTime.atSpeed(speed)));
        return Combinators.combine(order.list().ofMaxSize(14), rules).as((specs, r) -> {
            List<ReadyOrder> orders = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                OrderSpec spec = specs.get(i);
                List<ReadyPickup> pickups = spec.pickups().stream()
                        .map(p -> new ReadyPickup(STORES.get(p.store()), PLACES.get(p.store()), "wave-" + p.store() + "-" + p.wave(),
                                T0.plusSeconds(p.readySecond()), 1 + p.weightGrams() / 4_000, p.weightGrams()))
                        .toList();
                orders.add(new ReadyOrder("o-" + i, spec.priority(), pickups, metresFromSquare(spec.northMetres(), spec.eastMetres()),
                        i % 2 == 0, null));
            }
            return new World(orders, r);
        });
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void everyOrderLegTravelsOnExactlyOneTripWithItsDropoff(@ForAll("worlds") World world) {
        List<PlannedTrip> trips = TripPlanner.plan(world.orders(), world.rules());

        List<TripLeg> expected = world.orders().stream()
                .flatMap(o -> o.pickups().stream().map(p -> new TripLeg(o.orderId(), p.storeId()))).sorted().toList();
        List<TripLeg> carried = trips.stream().flatMap(t -> t.legs().stream()).sorted().toList();
        assertEquals(expected, carried);
        Map<String, ReadyOrder> byId = world.orders().stream().collect(Collectors.toMap(ReadyOrder::orderId, Function.identity()));
        for (PlannedTrip trip : trips) {
            assertEquals(trip.legs().stream().map(TripLeg::orderId).distinct().toList(), trip.orderIds());
            for (DropoffStop stop : trip.request().dropoffs()) {
                assertEquals(byId.get(stop.orderId()).dropoff(), stop.location());
            }
        }
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void neverExceedsATripsCapacityUnlessOneLegAloneDoes(@ForAll("worlds") World world) {
        for (PlannedTrip trip : TripPlanner.plan(world.orders(), world.rules())) {
            assertTrue(trip.orderIds().size() <= world.rules().maxOrdersPerTrip(), trip::toString);
            assertTrue(trip.weightGrams() <= world.rules().maxWeightGrams() || trip.legs().size() == 1, trip::toString);
        }
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void joinsPickupsOnlyOfOneOrderAndOnlyWithinThePickupDistance(@ForAll("worlds") World world) {
        for (PlannedTrip trip : TripPlanner.plan(world.orders(), world.rules())) {
            List<Pickup> pickups = trip.request().pickups();
            if (pickups.size() > 1) {
                assertEquals(1, trip.orderIds().size(), trip::toString);
                for (Pickup a : pickups) {
                    for (Pickup b : pickups) {
                        assertTrue(a.location().distanceMetres(b.location()) <= world.rules().maxPickupDistanceMetres(), trip::toString);
                    }
                }
            }
        }
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void batchesOnlyDropoffsWithinTheDropoffDistanceOfEachOtherAndFromOneWave(@ForAll("worlds") World world) {
        Map<String, ReadyOrder> byId = world.orders().stream().collect(Collectors.toMap(ReadyOrder::orderId, Function.identity()));
        for (PlannedTrip trip : TripPlanner.plan(world.orders(), world.rules())) {
            for (DropoffStop a : trip.request().dropoffs()) {
                for (DropoffStop b : trip.request().dropoffs()) {
                    assertTrue(a.location().distanceMetres(b.location()) <= world.rules().maxDropoffDistanceMetres(), trip::toString);
                }
            }
            for (Pickup pickup : trip.request().pickups()) {
                long waves = pickup.parcels().stream().map(p -> pickupOf(byId.get(p.orderId()), pickup.storeId()).waveId()).distinct().count();
                assertEquals(1, waves, trip::toString);
            }
        }
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void neverMakesAHigherClassOrderWaitForTheBagsOfALowerClassOne(@ForAll("worlds") World world) {
        Map<String, ReadyOrder> byId = world.orders().stream().collect(Collectors.toMap(ReadyOrder::orderId, Function.identity()));
        for (PlannedTrip trip : TripPlanner.plan(world.orders(), world.rules())) {
            for (Pickup pickup : trip.request().pickups()) {
                for (Parcel higher : pickup.parcels()) {
                    for (Parcel lower : pickup.parcels()) {
                        ReadyOrder h = byId.get(higher.orderId());
                        ReadyOrder l = byId.get(lower.orderId());
                        if (h.priority().compareTo(l.priority()) > 0) {
                            assertFalse(pickupOf(l, pickup.storeId()).readyAt().isAfter(pickupOf(h, pickup.storeId()).readyAt()), trip::toString);
                        }
                    }
                }
            }
            PriorityClass highest = trip.orderIds().stream().map(id -> byId.get(id).priority()).max(Enum::compareTo).orElseThrow();
            assertEquals(highest, trip.request().priority());
        }
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void requestsRidersToReachEveryPickupNoEarlierThanItsBagsAndNoLaterThanNeeded(@ForAll("worlds") World world) {
        Map<String, ReadyOrder> byId = world.orders().stream().collect(Collectors.toMap(ReadyOrder::orderId, Function.identity()));
        for (PlannedTrip trip : TripPlanner.plan(world.orders(), world.rules())) {
            List<Pickup> pickups = trip.request().pickups();
            Instant arrival = trip.requestAt().plus(world.rules().riderApproach());
            boolean onTimeSomewhere = false;
            for (int i = 0; i < pickups.size(); i++) {
                if (i > 0) {
                    arrival = arrival.plus(world.rules().travel().between(pickups.get(i - 1).location(), pickups.get(i).location()));
                }
                Pickup pickup = pickups.get(i);
                for (Parcel parcel : pickup.parcels()) {
                    assertFalse(pickupOf(byId.get(parcel.orderId()), pickup.storeId()).readyAt().isAfter(pickup.readyAt()), trip::toString);
                }
                assertFalse(arrival.isBefore(pickup.readyAt()), trip::toString);
                onTimeSomewhere |= arrival.equals(pickup.readyAt());
            }
            assertTrue(onTimeSomewhere, trip::toString);
        }
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void plansTheSameTripsWhateverTheOrderOfTheInput(@ForAll("worlds") World world, @ForAll("seeds") long seed) {
        List<ReadyOrder> shuffled = new ArrayList<>(world.orders());
        Collections.shuffle(shuffled, new Random(seed));

        assertEquals(TripPlanner.plan(world.orders(), world.rules()), TripPlanner.plan(shuffled, world.rules()));
    }

    private static ReadyPickup pickupOf(ReadyOrder order, String storeId) {
        return order.pickups().stream().filter(p -> p.storeId().equals(storeId)).findFirst().orElseThrow();
    }
}
