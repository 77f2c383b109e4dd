package io.aisle.gateway.dispatch;

import io.aisle.contracts.api.OrderStatus;
import io.aisle.contracts.dispatch.BagsReady;
import io.aisle.contracts.dispatch.Pickup;
import io.aisle.contracts.dispatch.TripRequest;
import io.aisle.gateway.order.OrderChanges;
import io.aisle.gateway.order.OrderStore;
import io.aisle.gateway.order.OrderStore.AheadLeg;
import io.aisle.gateway.order.OrderStore.ReadyOrderRow;
import io.aisle.gateway.outbox.Outbox;
import io.aisle.gateway.outbox.OutboxMessage;
import io.aisle.gateway.persistence.StoredJson;
import io.aisle.gateway.planning.trip.PlannedTrip;
import io.aisle.gateway.planning.trip.ReadyOrder;
import io.aisle.gateway.planning.trip.ReadyPickup;
import io.aisle.gateway.planning.trip.TripPlanner;
import io.aisle.gateway.planning.trip.TripRules;
import io.aisle.gateway.store.Store;
import io.aisle.gateway.store.StoreRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Riders timed to the bags. A wave sent to its store has an expected ready time (when it closed, plus
 * {@code picking.pickBaseMs} and {@code picking.pickPerLineMs} for each line of its pick list). An order still PICKING
 * whose every leg is being picked in such a wave (or is ready) gets its trip requested once the trip planner's
 * {@link PlannedTrip#requestAt() requestAt} has come: {@code riderDispatch.approachMs} before the rider should be at the
 * first pickup, so that the rider arrives as the bags are ready. Its pickups still being picked say so
 * ({@code readyNotice}); the order stays PICKING while its rider is assigned, and when its bags are all ready it becomes
 * READY, rider dispatch is told (the notice, after the trip's request in the outbox), and an assigned trip moves it on to
 * DISPATCHED at once. Orders not requested ahead (picked faster than expected, too many dispatch attempts, a store
 * unknown) are dispatched when READY, as before.
 *
 * <p>The sweep runs in the picking worker's pass and keeps nothing in memory: what is due is read from the waves, legs
 * and trips each time, under row locks on the orders (skipping those another instance holds).
 */
public final class AheadDispatch implements RiderTiming {

    private static final Logger LOG = LoggerFactory.getLogger(AheadDispatch.class);

    /** The sweep requests riders for at most this many orders a pass. */
    static final int BATCH = 100;

    private final Pool pg;
    private final OrderStore orders;
    private final OrderChanges changes;
    private final TripStore trips;
    private final StoreRegistry registry;
    private final DispatchService dispatch;
    private final TripRules rules;
    private final Clock clock;
    private final Runnable outboxWritten;

    public AheadDispatch(Pool pg, OrderStore orders, OrderChanges changes, TripStore trips, StoreRegistry registry,
                         DispatchService dispatch, TripRules rules, Clock clock, Runnable outboxWritten) {
        this.pg = pg;
        this.orders = orders;
        this.changes = changes;
        this.trips = trips;
        this.registry = registry;
        this.dispatch = dispatch;
        this.rules = rules;
        this.clock = clock;
        this.outboxWritten = outboxWritten;
    }

    /** Requests the riders now due for orders still being picked; returns how many trips were requested. */
    public Future<Integer> sweep() {
        Instant now = clock.instant();
        return orders.dueAhead(pg, now.plus(rules.riderApproach()), BATCH)
                .compose(due -> due.isEmpty() ? Future.succeededFuture(0) : requestAhead(due, now));
    }

    private Future<Integer> requestAhead(List<String> due, Instant now) {
        return pg.withTransaction(tx -> orders.lockPicking(tx, due).compose(locked -> trips.onLiveTrips(tx,
                locked.stream().map(ReadyOrderRow::orderId).toList()).compose(onTrip -> {
            Map<String, ReadyOrderRow> picking = new LinkedHashMap<>();
            // an order out of dispatch attempts is left to the dispatch of ready orders, which gives up on it
            locked.stream().filter(o -> !onTrip.contains(o.orderId()) && o.dispatchAttempts() < DispatchService.MAX_ATTEMPTS)
                    .forEach(o -> picking.put(o.orderId(), o));
            if (picking.isEmpty()) {
                return Future.succeededFuture(0);
            }
            return orders.aheadLegs(tx, List.copyOf(picking.keySet())).compose(legs -> registry.byIds(tx,
                    legs.stream().map(AheadLeg::storeId).distinct().toList()).compose(stores -> {
                Set<String> beingPicked = new HashSet<>();
                List<ReadyOrder> planned = plannable(picking, legs, stores, beingPicked);
                Future<Integer> steps = Future.succeededFuture(0);
                for (PlannedTrip trip : planned.isEmpty() ? List.<PlannedTrip>of() : TripPlanner.plan(planned, rules)) {
                    if (trip.requestAt().isAfter(now)) {
                        continue; // a later pickup of the trip is not due yet: a later pass requests it
                    }
                    PlannedTrip withNotices = new PlannedTrip(awaitingNotices(trip.request(), beingPicked), trip.requestAt());
                    steps = steps.compose(count -> dispatch.send(tx, withNotices, picking).map(count + 1));
                }
                return steps;
            }));
        }))).onSuccess(sent -> {
            if (sent > 0) {
                outboxWritten.run();
            }
        });
    }

    /**
     * The orders whose every leg is ready or being picked in a submitted wave (at least one being picked), as the trip
     * planner takes them: each leg a pickup at its ready, or expected ready, time. {@code beingPicked} gets the legs
     * ({@code orderId@storeId}) still being picked.
     */
    private static List<ReadyOrder> plannable(Map<String, ReadyOrderRow> picking, List<AheadLeg> legs, Map<String, Store> stores,
                                              Set<String> beingPicked) {
        Map<String, List<AheadLeg>> byOrder = new LinkedHashMap<>();
        legs.forEach(leg -> byOrder.computeIfAbsent(leg.orderId(), id -> new ArrayList<>()).add(leg));
        List<ReadyOrder> plannable = new ArrayList<>();
        for (ReadyOrderRow o : picking.values()) {
            List<AheadLeg> its = byOrder.getOrDefault(o.orderId(), List.of());
            boolean timed = !its.isEmpty() && its.stream().anyMatch(AheadLeg::beingPicked)
                    && its.stream().allMatch(leg -> (leg.ready() || leg.beingPicked()) && leg.readyAt() != null && leg.waveId() != null
                            && stores.containsKey(leg.storeId()));
            if (!timed) {
                continue;
            }
            List<ReadyPickup> pickups = new ArrayList<>();
            for (AheadLeg leg : its) {
                pickups.add(DispatchService.pickup(stores.get(leg.storeId()), leg.waveId(), leg.readyAt(), leg.lines()));
                if (leg.beingPicked()) {
                    beingPicked.add(leg.orderId() + "@" + leg.storeId());
                }
            }
            plannable.add(new ReadyOrder(o.orderId(), o.priority(), pickups, o.deliveryPoint(), o.contactless(), o.dropoffNote(),
                    o.dropoffMode(), o.handoffCode()));
        }
        return plannable;
    }

    /** The trip with {@code readyNotice} on each pickup where a parcel's bags are still being picked. */
    private static TripRequest awaitingNotices(TripRequest trip, Set<String> beingPicked) {
        List<Pickup> pickups = trip.pickups().stream().map(p -> new Pickup(p.pickupId(), p.storeId(), p.location(), p.readyAt(),
                p.parcels(), p.parcels().stream().anyMatch(x -> beingPicked.contains(x.orderId() + "@" + p.storeId())))).toList();
        return new TripRequest(trip.tripId(), trip.priority(), pickups, trip.dropoffs());
    }

    @Override
    public Future<Map<String, Instant>> riderExpectedAt(SqlConnection tx, String storeId, List<String> orderIds) {
        return orders.riderExpectedAt(tx, storeId, orderIds);
    }

    /**
     * The order's bags are all ready. On a live trip (requested ahead), rider dispatch is told which of the trip's
     * pickups awaiting a notice hold its bags (outbox, after the trip's own request), and an assigned trip moves the
     * order on to DISPATCHED now: its ASSIGNED event came while the order was PICKING and moved nothing. An ASSIGNED
     * event committed at the very moment is still applied (it moves the READY order), and one read just before its
     * commit leaves the order READY until its pickup, which moves it on.
     */
    @Override
    public Future<Void> bagsReady(SqlConnection tx, String orderId, Instant at) {
        return trips.liveTripOf(tx, orderId).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture();
            }
            TripStore.LiveTrip trip = found.get();
            List<String> pickupIds = trip.request().pickups().stream()
                    .filter(p -> p.awaitsReadyNotice() && p.parcels().stream().anyMatch(x -> x.orderId().equals(orderId)))
                    .map(Pickup::pickupId).toList();
            Future<Void> notice = pickupIds.isEmpty() ? Future.succeededFuture()
                    : Outbox.add(tx, new OutboxMessage(DispatchService.TRIP_TOPIC, trip.tripId(), trip.tripId() + ":ready:" + orderId,
                            new JsonObject().put("tripId", trip.tripId())
                                    .put("ready", StoredJson.object(new BagsReady(pickupIds, List.of(orderId), at))), orderId));
            return notice.compose(ignored -> !trip.assigned() ? Future.succeededFuture()
                    : changes.move(tx, orderId, OrderStatus.DISPATCHED, "trip " + trip.tripId()
                            + (trip.riderId() == null ? "" : ", rider " + trip.riderId()) + ", assigned while the bags were being picked")
                            .mapEmpty());
        });
    }

    /**
     * A trip requested ahead for the order, not yet picked up anywhere, is withdrawn: marked CANCELLED (later events of it
     * are not applied), rider dispatch is asked to cancel it (outbox, after the trip's own request), and its orders are
     * dispatched again: those being picked by the sweep (this one once its new leg is in a wave), those ready by the
     * dispatch of ready orders. A trip already picked up somewhere is left as it is.
     */
    @Override
    public Future<Void> legAdded(SqlConnection tx, String orderId, String why) {
        return trips.liveTripOf(tx, orderId).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture();
            }
            TripStore.LiveTrip trip = found.get();
            if ("PICKED_UP".equals(trip.status())) {
                LOG.warn("order {} got another pickup ({}) but trip {} is picked up already: its new bags wait for its next trip",
                        orderId, why, trip.tripId());
                return Future.succeededFuture();
            }
            String reason = "order " + orderId + " has another pickup: " + why;
            return trips.setStatus(tx, trip.tripId(), "CANCELLED", null)
                    .compose(ignored -> Outbox.add(tx, new OutboxMessage(DispatchService.TRIP_TOPIC, trip.tripId(),
                            trip.tripId() + ":cancel", new JsonObject().put("tripId", trip.tripId())
                                    .put("cancel", new JsonObject().put("reason", reason)), orderId)))
                    .compose(ignored -> trips.ordersOf(tx, trip.tripId()))
                    .compose(onTrip -> DispatchService.each(onTrip.stream().map(TripStore.TripOrder::orderId).toList(),
                            id -> changes.move(tx, id, Set.of(OrderStatus.DISPATCHED), OrderStatus.READY,
                                    "trip " + trip.tripId() + " withdrawn (" + reason + "); dispatching again")))
                    .onSuccess(ignored -> LOG.info("trip {} withdrawn: {}", trip.tripId(), reason));
        });
    }
}
