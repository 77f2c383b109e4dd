package io.aisle.gateway.planning.trip;

import io.aisle.contracts.api.PriorityClass;
import io.aisle.contracts.dispatch.DropoffStop;
import io.aisle.contracts.dispatch.Parcel;
import io.aisle.contracts.dispatch.Pickup;
import io.aisle.contracts.dispatch.TripRequest;
import io.aisle.contracts.value.Checks;
import io.aisle.contracts.value.GeoPoint;
import io.aisle.gateway.planning.StableIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Batches ready orders into rider trips.
 * <ul>
 *   <li>An order with pickups at several stores travels as one multi-pickup trip, alone, when every two of its stores
 *       lie within {@code maxPickupDistanceMetres} and its weight fits one trip; otherwise each of its legs travels as a
 *       single-store shipment (and may share a trip with other orders of that store's wave).</li>
 *   <li>Single-store shipments of one store and wave are taken in order: priority class (highest first), then ready
 *       time, then order id. Each opens a trip that takes the later shipments that fit: at most
 *       {@code maxOrdersPerTrip} orders and {@code maxWeightGrams}, every two drop-offs within
 *       {@code maxDropoffDistanceMetres}, and never an order of a lower class that is ready later than an order of a
 *       higher class already on the trip (a priority order never waits for a standard one). A shipment heavier than a
 *       trip's capacity travels alone.</li>
 *   <li>Pickups carry their ready time (the latest of their parcels); pickups of a trip are visited by ready time. The
 *       rider is requested {@code riderApproach} before the moment that brings them to each pickup no earlier than its
 *       bags, with the rides between pickups estimated by {@code travel}.</li>
 *   <li>Trip ids derive from the order legs they carry; pickup ids from the trip id. Trips come back by request time,
 *       then trip id.</li>
 * </ul>
 */
public final class TripPlanner {

    private static final Comparator<Shipment> BATCH_ORDER = Comparator
            .comparing((Shipment s) -> -s.order().priority().ordinal())
            .thenComparing(s -> s.pickup().readyAt())
            .thenComparing(s -> s.order().orderId());

    private TripPlanner() {
    }

    public static List<PlannedTrip> plan(List<ReadyOrder> orders, TripRules rules) {
        Checks.requireNonNull(rules, "rules");
        Map<String, ReadyOrder> byId = new TreeMap<>();
        for (ReadyOrder order : Checks.copyOrEmpty(orders, "orders")) {
            if (byId.putIfAbsent(order.orderId(), order) != null) {
                throw new IllegalArgumentException("order " + order.orderId() + " is given more than once");
            }
        }

        List<PlannedTrip> trips = new ArrayList<>();
        Map<String, List<Shipment>> byWave = new TreeMap<>();
        for (ReadyOrder order : byId.values()) {
            if (travelsAsOneTrip(order, rules)) {
                trips.add(trip(order.pickups().stream().map(pickup -> new Shipment(order, pickup)).toList(), rules));
            } else {
                for (ReadyPickup pickup : order.pickups()) {
                    byWave.computeIfAbsent(pickup.storeId() + "\n" + pickup.waveId(), key -> new ArrayList<>()).add(new Shipment(order, pickup));
                }
            }
        }
        for (List<Shipment> wave : byWave.values()) {
            for (List<Shipment> batch : batch(wave, rules)) {
                trips.add(trip(batch, rules));
            }
        }
        trips.sort(Comparator.comparing(PlannedTrip::requestAt).thenComparing(PlannedTrip::tripId));
        return List.copyOf(trips);
    }

    /** Whether a multi-store order rides as one multi-pickup trip: every two stores close, and light enough. */
    public static boolean travelsAsOneTrip(ReadyOrder order, TripRules rules) {
        List<ReadyPickup> pickups = order.pickups();
        if (pickups.size() < 2 || order.weightGrams() > rules.maxWeightGrams()) {
            return false;
        }
        for (int i = 0; i < pickups.size(); i++) {
            for (int j = i + 1; j < pickups.size(); j++) {
                if (pickups.get(i).storeLocation().distanceMetres(pickups.get(j).storeLocation()) > rules.maxPickupDistanceMetres()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<List<Shipment>> batch(List<Shipment> wave, TripRules rules) {
        List<Shipment> queue = new ArrayList<>(wave);
        queue.sort(BATCH_ORDER);
        List<List<Shipment>> batches = new ArrayList<>();
        boolean[] taken = new boolean[queue.size()];
        for (int seed = 0; seed < queue.size(); seed++) {
            if (taken[seed]) {
                continue;
            }
            List<Shipment> batch = new ArrayList<>(List.of(queue.get(seed)));
            taken[seed] = true;
            int weight = queue.get(seed).pickup().weightGrams();
            for (int next = seed + 1; next < queue.size() && batch.size() < rules.maxOrdersPerTrip(); next++) {
                Shipment candidate = queue.get(next);
                if (!taken[next] && weight + candidate.pickup().weightGrams() <= rules.maxWeightGrams()
                        && batch.stream().allMatch(member -> compatible(member, candidate, rules))) {
                    batch.add(candidate);
                    taken[next] = true;
                    weight += candidate.pickup().weightGrams();
                }
            }
            batches.add(batch);
        }
        return batches;
    }

    /** Drop-offs close enough, and neither order would make one of a higher class wait for its bags. */
    private static boolean compatible(Shipment a, Shipment b, TripRules rules) {
        if (a.order().dropoff().distanceMetres(b.order().dropoff()) > rules.maxDropoffDistanceMetres()) {
            return false;
        }
        int byClass = a.order().priority().compareTo(b.order().priority());
        if (byClass > 0) {
            return !b.pickup().readyAt().isAfter(a.pickup().readyAt());
        }
        if (byClass < 0) {
            return !a.pickup().readyAt().isAfter(b.pickup().readyAt());
        }
        return true;
    }

    private static PlannedTrip trip(List<Shipment> shipments, TripRules rules) {
        String tripId = StableIds.of("trip", shipments.stream().map(s -> s.order().orderId() + "@" + s.pickup().storeId()).toList());

        Map<String, List<Shipment>> byStore = new TreeMap<>();
        for (Shipment s : shipments) {
            byStore.computeIfAbsent(s.pickup().storeId(), id -> new ArrayList<>()).add(s);
        }
        List<StoreStop> stops = new ArrayList<>();
        byStore.forEach((storeId, atStore) -> {
            Instant readyAt = atStore.stream().map(s -> s.pickup().readyAt()).max(Comparator.naturalOrder()).orElseThrow();
            List<Parcel> parcels = atStore.stream()
                    .sorted(Comparator.comparing(s -> s.order().orderId()))
                    .map(s -> new Parcel(s.order().orderId(), s.pickup().bags(), s.pickup().weightGrams())).toList();
            stops.add(new StoreStop(storeId, atStore.get(0).pickup().storeLocation(), readyAt, parcels));
        });
        stops.sort(Comparator.comparing(StoreStop::readyAt).thenComparing(StoreStop::storeId));
        List<Pickup> pickups = new ArrayList<>();
        for (int i = 0; i < stops.size(); i++) {
            StoreStop stop = stops.get(i);
            pickups.add(new Pickup(tripId + "-p" + (i + 1), stop.storeId(), stop.location(), stop.readyAt(), stop.parcels()));
        }

        GeoPoint lastStore = stops.get(stops.size() - 1).location();
        Map<String, ReadyOrder> orders = new LinkedHashMap<>();
        shipments.forEach(s -> orders.putIfAbsent(s.order().orderId(), s.order()));
        List<DropoffStop> dropoffs = orders.values().stream()
                .sorted(Comparator.comparing((ReadyOrder o) -> -o.priority().ordinal())
                        .thenComparingDouble(o -> lastStore.distanceMetres(o.dropoff()))
                        .thenComparing(ReadyOrder::orderId))
                .map(o -> new DropoffStop(o.orderId(), o.dropoff(), o.contactless(), o.instructions(), o.mode(), o.handoffCode())).toList();
        PriorityClass priority = orders.values().stream().map(ReadyOrder::priority).max(Comparator.naturalOrder()).orElseThrow();

        TripRequest request = new TripRequest(tripId, priority, pickups, dropoffs);
        return new PlannedTrip(request, firstArrival(pickups, rules.travel()).minus(rules.riderApproach()));
    }

    /**
     * When the rider should reach the first pickup so that, riding on between pickups, they reach none of them before
     * its bags are ready: the latest of each pickup's ready time minus the ride from the first pickup to it.
     */
    public static Instant firstArrival(List<Pickup> pickups, TravelTime travel) {
        Instant arrival = pickups.get(0).readyAt();
        Duration ride = Duration.ZERO;
        for (int i = 1; i < pickups.size(); i++) {
            ride = ride.plus(travel.between(pickups.get(i - 1).location(), pickups.get(i).location()));
            Instant needed = pickups.get(i).readyAt().minus(ride);
            if (needed.isAfter(arrival)) {
                arrival = needed;
            }
        }
        return arrival;
    }

    private record Shipment(ReadyOrder order, ReadyPickup pickup) {
    }

    private record StoreStop(String storeId, GeoPoint location, Instant readyAt, List<Parcel> parcels) {
    }
}
