package io.aisle.gateway.dispatch;

import io.aisle.contracts.api.DropoffMode;
import io.aisle.contracts.api.HandoffMode;
import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.api.OrderStatus;
import io.aisle.contracts.dispatch.DropoffStop;
import io.aisle.contracts.dispatch.Parcel;
import io.aisle.contracts.dispatch.Pickup;
import io.aisle.contracts.dispatch.RiderEvent;
import io.aisle.contracts.dispatch.RiderEventType;
import io.aisle.contracts.dispatch.RiderHandoff;
import io.aisle.contracts.dispatch.TripRequest;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.order.OrderChanges;
import io.aisle.gateway.order.OrderStore;
import io.aisle.gateway.order.OrderStore.ReadyCursor;
import io.aisle.gateway.order.OrderStore.ReadyLeg;
import io.aisle.gateway.order.OrderStore.ReadyOrderRow;
import io.aisle.gateway.outbox.Outbox;
import io.aisle.gateway.outbox.OutboxMessage;
import io.aisle.gateway.persistence.StoredJson;
import io.aisle.gateway.planning.trip.PlannedTrip;
import io.aisle.gateway.planning.trip.ReadyOrder;
import io.aisle.gateway.planning.trip.ReadyPickup;
import io.aisle.gateway.planning.trip.TripPlanner;
import io.aisle.gateway.observability.GatewayMetrics;
import io.aisle.gateway.persistence.AfterCommit;
import io.aisle.gateway.planning.trip.TripRules;
import io.aisle.gateway.store.Store;
import io.aisle.gateway.store.StoreRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands ready orders to the super-app's riders: batches them into trips (the pure trip planner),
 * sends the trips through the outbox, and moves orders on as rider events come back. A failed or
 * cancelled trip puts its dispatched orders back to READY; the sweep dispatches them again with backoff, and
 * gives up (FAILED) after a bounded number of attempts. Orders whose rider was requested ahead, while their bags
 * were being picked, are {@link AheadDispatch}'s.
 */
public final class DispatchService {

    public static final String TRIP_TOPIC = "trip.create";
    public static final int MAX_ATTEMPTS = 5;
    /** The sweep dispatches at most this many orders a pass. */
    static final int SWEEP_BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(DispatchService.class);

    private final Pool pg;
    private final OrderStore orders;
    private final OrderChanges changes;
    private final TripStore trips;
    private final StoreRegistry registry;
    private final TripRules rules;
    private final Clock clock;
    private final Runnable outboxWritten;
    private final GatewayMetrics metrics;

    /** {@code outboxWritten} runs after every commit that wrote outbox rows (it wakes the relay). */
    public DispatchService(Pool pg, OrderStore orders, OrderChanges changes, TripStore trips, StoreRegistry registry, TripRules rules,
                           Clock clock, Runnable outboxWritten) {
        this(pg, orders, changes, trips, registry, rules, clock, outboxWritten, GatewayMetrics.none());
    }

    /** As the other constructor; every trip planned is measured in {@code metrics}. */
    public DispatchService(Pool pg, OrderStore orders, OrderChanges changes, TripStore trips, StoreRegistry registry, TripRules rules,
                           Clock clock, Runnable outboxWritten, GatewayMetrics metrics) {
        this.metrics = metrics;
        this.pg = pg;
        this.orders = orders;
        this.changes = changes;
        this.trips = trips;
        this.registry = registry;
        this.rules = rules;
        this.clock = clock;
        this.outboxWritten = outboxWritten;
    }

    /** Plans trips for orders whose bags are ready and sends them (outbox). Orders already on a live trip are left alone. */
    public Future<Integer> dispatch(List<String> orderIds) {
        if (orderIds.isEmpty()) {
            return Future.succeededFuture(0);
        }
        return pg.withTransaction(tx -> orders.lockReady(tx, orderIds).compose(locked -> trips.onLiveTrips(tx,
                locked.stream().map(ReadyOrderRow::orderId).toList()).compose(onTrip -> {
            Map<String, ReadyOrderRow> ready = new LinkedHashMap<>();
            locked.stream().filter(o -> !onTrip.contains(o.orderId())).forEach(o -> ready.put(o.orderId(), o));
            if (ready.isEmpty()) {
                return Future.succeededFuture(0);
            }
            return orders.readyLegs(tx, List.copyOf(ready.keySet())).compose(legs -> registry.byIds(tx,
                    legs.stream().map(ReadyLeg::storeId).distinct().toList()).compose(stores -> {
                Map<String, List<ReadyPickup>> pickups = new LinkedHashMap<>();
                for (ReadyLeg leg : legs) {
                    Store store = stores.get(leg.storeId());
                    if (store == null) {
                        continue;
                    }
                    pickups.computeIfAbsent(leg.orderId(), k -> new ArrayList<>()).add(pickup(store, leg.waveId(), leg.readyAt(),
                            leg.lines()));
                }
                List<ReadyOrder> orders0 = new ArrayList<>();
                List<Future<Boolean>> failed = new ArrayList<>();
                for (ReadyOrderRow o : ready.values()) {
                    String orderId = o.orderId();
                    if (o.dispatchAttempts() >= MAX_ATTEMPTS) {
                        failed.add(changes.move(tx, orderId, OrderStatus.FAILED, "no rider could take the order after "
                                + MAX_ATTEMPTS + " attempts"));
                        continue;
                    }
                    if (!pickups.containsKey(orderId)) {
                        continue;
                    }
                    orders0.add(new ReadyOrder(orderId, o.priority(), pickups.get(orderId), o.deliveryPoint(), o.contactless(),
                            o.dropoffNote(), o.dropoffMode(), o.handoffCode()));
                }
                List<PlannedTrip> planned = orders0.isEmpty() ? List.of() : TripPlanner.plan(orders0, rules);
                Future<Integer> steps = Future.join(failed).transform(ignored -> Future.succeededFuture(0));
                for (PlannedTrip trip : planned) {
                    steps = steps.compose(count -> send(tx, trip, ready).map(count + 1));
                }
                return steps;
            }));
        }))).onSuccess(sent -> {
            if (sent > 0) {
                outboxWritten.run();
            }
        });
    }

    /** The pickup of an order's leg at {@code store}: a bag per 8 units, the units at their assumed weight. */
    static ReadyPickup pickup(Store store, String waveId, Instant readyAt, List<LegLine> lines) {
        int units = lines.stream().mapToInt(LegLine::quantity).sum();
        return new ReadyPickup(store.storeId(), store.location(), waveId, readyAt, Math.max(1, (units + 7) / 8),
                Math.max(1, units * ProductCatalog.ASSUMED_UNIT_WEIGHT_GRAMS));
    }

    /** Records the trip (attempt one past the most its orders had) and asks rider dispatch for it through the outbox. */
    Future<Void> send(SqlConnection tx, PlannedTrip planned, Map<String, ReadyOrderRow> ready) {
        int attempt = planned.orderIds().stream().mapToInt(id -> ready.get(id).dispatchAttempts()).max().orElse(0) + 1;
        TripRequest original = planned.request();
        AfterCommit.run(tx, () -> metrics.tripPlanned(planned.orderIds().size(), original.pickups().size()));
        // a trip id per attempt: dispatch is idempotent by trip id, and a failed trip is not asked for again
        TripRequest request = new TripRequest(original.tripId() + "-a" + attempt, original.priority(), original.pickups(),
                original.dropoffs());
        Future<?> steps = trips.insert(tx, request, attempt, planned.orderIds());
        for (String orderId : planned.orderIds()) {
            steps = steps.compose(ignored -> orders.countDispatchAttempt(tx, orderId));
        }
        return steps.compose(ignored -> Outbox.add(tx, new OutboxMessage(TRIP_TOPIC, request.tripId(), request.tripId(),
                new JsonObject().put("trip", StoredJson.object(request)), planned.orderIds().get(0))));
    }

    /** Dispatches again the READY orders without a live trip that have waited at least {@code backoff}. */
    public Future<Integer> sweep(Duration backoff) {
        return dueAgain(clock.instant().minus(backoff), null, new ArrayList<>()).compose(this::dispatch);
    }

    /** The oldest {@value #SWEEP_BATCH} READY orders unchanged since {@code before} and on no live trip, page by page. */
    private Future<List<String>> dueAgain(Instant before, ReadyCursor after, List<String> due) {
        return orders.readySince(pg, before, after, SWEEP_BATCH).compose(page -> trips.onLiveTrips(pg, page.orderIds())
                .compose(onTrip -> {
                    for (String orderId : page.orderIds()) {
                        if (due.size() < SWEEP_BATCH && !onTrip.contains(orderId)) {
                            due.add(orderId);
                        }
                    }
                    return due.size() >= SWEEP_BATCH || page.next().isEmpty()
                            ? Future.succeededFuture(due)
                            : dueAgain(before, page.next().get(), due);
                }));
    }

    /** Applies a rider event once: assigned, picked up, delivered, or a failed/cancelled trip. */
    public Future<Void> onEvent(RiderEvent event) {
        return pg.withTransaction(tx -> trips.firstSeen(tx, event).compose(first -> {
            if (!first) {
                return Future.succeededFuture();
            }
            return trips.lock(tx, event.tripId()).compose(trip -> {
                if (trip.isEmpty()) {
                    LOG.warn("rider event {} for unknown trip {}", event.type(), event.tripId());
                    return Future.succeededFuture();
                }
                if (trip.get().ended()) {
                    // a late event of a trip that failed or was cancelled: its orders are on another trip by now
                    LOG.info("rider event {} for trip {}, which is {} already: not applied", event.type(), event.tripId(),
                            trip.get().status());
                    return Future.succeededFuture();
                }
                return trips.ordersOf(tx, event.tripId()).compose(onTrip -> apply(tx, event, trip.get(),
                        onTrip.stream().map(TripStore.TripOrder::orderId).toList()));
            });
        })).onSuccess(ignored -> outboxWritten.run()).mapEmpty();
    }

    private Future<?> apply(SqlConnection tx, RiderEvent event, TripStore.LockedTrip locked, List<String> orderIds) {
        TripRequest trip = locked.request();
        String note = "trip " + event.tripId() + (event.riderId() == null ? "" : ", rider " + event.riderId());
        return switch (event.type()) {
            // an ASSIGNED that comes after a pickup (late, or read back) names the rider and moves nothing back; an order
            // requested ahead and still being picked stays PICKING (it is DISPATCHED once its bags are ready)
            case ASSIGNED -> trips.setStatus(tx, event.tripId(), "REQUESTED".equals(locked.status()) ? "ASSIGNED" : locked.status(),
                            event.riderId())
                    .compose(ignored -> each(orderIds, id -> changes.move(tx, id, OrderStatus.DISPATCHED, note)));
            case ARRIVED_AT_PICKUP -> Future.succeededFuture();
            case PICKED_UP -> {
                if (event.riderWait() != null) {
                    AfterCommit.run(tx, () -> metrics.pickupWaits(event.riderWait(), event.bagWait()));
                }
                Set<String> atPickup = new HashSet<>();
                for (Pickup pickup : trip.pickups()) {
                    if (pickup.pickupId().equals(event.pickupId())) {
                        pickup.parcels().stream().map(Parcel::orderId).forEach(atPickup::add);
                    }
                }
                yield trips.markPickedUp(tx, event.tripId(), List.copyOf(atPickup))
                        .compose(ignored -> trips.setStatus(tx, event.tripId(), "PICKED_UP", null))
                        .compose(ignored -> trips.ordersOf(tx, event.tripId()))
                        .compose(onTrip -> {
                            List<String> allPicked = new ArrayList<>();
                            onTrip.forEach(order -> {
                                if (order.pickedUp() && pickedEverywhere(trip, order.orderId(), event.pickupId())) {
                                    allPicked.add(order.orderId());
                                }
                            });
                            return each(allPicked, id -> assigned(tx, id, note)
                                    .compose(ignored -> changes.move(tx, id, OrderStatus.PICKED_UP, note)));
                        });
            }
            case DELIVERED -> {
                String orderId = event.orderId();
                // how the bags were handed over: as the rider reports it, else as the drop-off asked (no code told)
                RiderHandoff reported = event.handoff() != null ? event.handoff()
                        : new RiderHandoff(HandoffMode.asked(askedMode(trip, orderId)), event.at(), null);
                yield assigned(tx, orderId, note)
                        .compose(ignored -> changes.move(tx, orderId, OrderStatus.PICKED_UP, note))
                        .compose(ignored -> changes.recordHandoff(tx, orderId, reported.mode(), reported.at(), reported.code()))
                        .compose(handoff -> changes.move(tx, orderId, OrderStatus.DELIVERED, note
                                + (dropoffOf(trip, orderId) ? ", contactless" : "") + ", handed over " + describe(reported.mode()),
                                handoff.orElse(null)))
                        .compose(ignored -> allDelivered(tx, orderIds))
                        .compose(all -> all
                                ? trips.setStatus(tx, event.tripId(), "DELIVERED", null)
                                : Future.succeededFuture());
            }
            case FAILED, CANCELLED -> trips.setStatus(tx, event.tripId(),
                            event.type() == RiderEventType.FAILED ? "FAILED" : "CANCELLED", null)
                    // only a dispatched order goes back to READY: one requested ahead and still being picked stays PICKING
                    .compose(ignored -> each(orderIds, id -> changes.move(tx, id, Set.of(OrderStatus.DISPATCHED), OrderStatus.READY,
                            "trip " + event.tripId() + " " + event.type().name().toLowerCase() + (event.reason() == null ? ""
                                    : " (" + event.reason() + ")") + "; dispatching again")));
        };
    }
    /**
     * A pickup or a delivery says the trip was assigned, also when its ASSIGNED event never came (rider
     * dispatch gave it up while the gateway was down): a READY order on the trip is DISPATCHED first.
     */
    private Future<Boolean> assigned(SqlConnection tx, String orderId, String note) {
        return changes.move(tx, orderId, OrderStatus.DISPATCHED, note + " (assigned, as a later event shows)");
    }

    /** Whether every pickup of the order on this trip is picked up, counting the one just reported. */
    private static boolean pickedEverywhere(TripRequest trip, String orderId, String justPicked) {
        long pickups = trip.pickups().stream().filter(p -> p.parcels().stream().anyMatch(x -> x.orderId().equals(orderId))).count();
        // trip_orders keeps one flag per order: an order with several pickups is picked up at its last one
        Pickup last = null;
        for (Pickup pickup : trip.pickups()) {
            if (pickup.parcels().stream().anyMatch(x -> x.orderId().equals(orderId))) {
                last = pickup;
            }
        }
        return pickups <= 1 || (last != null && last.pickupId().equals(justPicked));
    }

    private static DropoffMode askedMode(TripRequest trip, String orderId) {
        return trip.dropoffs().stream().filter(d -> d.orderId().equals(orderId)).map(DropoffStop::mode).filter(java.util.Objects::nonNull)
                .findFirst().orElse(null);
    }

    private static String describe(HandoffMode mode) {
        return switch (mode) {
            case LEAVE_AT_DOOR -> "at the door";
            case CALL_ON_ARRIVAL -> "after a call on arrival";
            case HAND_TO_STAFF -> "to staff";
            case IN_PERSON -> "in person";
        };
    }

    private static boolean dropoffOf(TripRequest trip, String orderId) {
        return trip.dropoffs().stream().anyMatch(d -> d.orderId().equals(orderId) && d.contactless());
    }

    private Future<Boolean> allDelivered(SqlConnection tx, List<String> orderIds) {
        List<Future<Boolean>> delivered = orderIds.stream().map(id -> orders.status(tx, id)
                .map(status -> status.isPresent() && status.get() == OrderStatus.DELIVERED)).toList();
        return Future.all(delivered).map(ignored -> delivered.stream().allMatch(Future::result));
    }

    static Future<Void> each(List<String> ids, Function<String, Future<Boolean>> step) {
        Future<Void> chain = Future.succeededFuture();
        for (String id : ids) {
            chain = chain.compose(ignored -> step.apply(id).mapEmpty());
        }
        return chain;
    }
}
