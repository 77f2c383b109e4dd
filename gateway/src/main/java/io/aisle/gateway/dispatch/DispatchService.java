package io.aisle.gateway.dispatch;

import com.fasterxml.jackson.core.type.TypeReference;
import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.api.OrderStatus;
import io.aisle.contracts.api.PriorityClass;
import io.aisle.contracts.dispatch.Parcel;
import io.aisle.contracts.dispatch.Pickup;
import io.aisle.contracts.dispatch.RiderEvent;
import io.aisle.contracts.dispatch.TripRequest;
import io.aisle.contracts.value.GeoPoint;
import io.aisle.gateway.order.OrderStore;
import io.aisle.gateway.persistence.StoredJson;
import io.aisle.gateway.outbox.Outbox;
import io.aisle.gateway.outbox.OutboxMessage;
import io.aisle.gateway.planning.trip.PlannedTrip;
import io.aisle.gateway.planning.trip.ReadyOrder;
import io.aisle.gateway.planning.trip.ReadyPickup;
import io.aisle.gateway.planning.trip.TripPlanner;
import io.aisle.gateway.planning.trip.TripRules;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands ready orders to the super-app's riders: batches them into trips (the pure trip planner),
 * sends the trips through the outbox, and moves orders on as rider events come back. A failed or
 * cancelled trip puts its orders back to READY; the sweep dispatches them again with backoff, and
 * gives up (FAILED) after a bounded number of attempts.
 */
public final class DispatchService {

    public static final String TRIP_TOPIC = "trip.create";
    public static final int MAX_ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(DispatchService.class);

    private static final String READY_ORDERS = """
            select o.order_id, o.priority, o.delivery_lat, o.delivery_lon, o.contactless, o.dropoff_note, o.dispatch_attempts
            from orders o where o.order_id = any($1) and o.status = 'READY'
              and not exists (select 1 from trip_orders t join trips r on r.trip_id = t.trip_id
                              where t.order_id = o.order_id and r.status in ('REQUESTED', 'ASSIGNED', 'PICKED_UP'))
            for update of o skip locked""";
    private static final String PICKUPS = """
            select l.order_id, l.store_id, l.wave_id, l.ready_at, l.lines, s.lat, s.lon
            from order_legs l join stores s on s.store_id = l.store_id
            where l.order_id = any($1) and l.status = 'READY'""";
    private static final String INSERT_TRIP = """
            insert into trips (trip_id, status, attempt, request) values ($1, 'REQUESTED', $2, $3) on conflict (trip_id) do nothing""";
    private static final String INSERT_TRIP_ORDER = "insert into trip_orders (trip_id, order_id) values ($1, $2) on conflict do nothing";
    private static final String COUNT_ATTEMPT = "update orders set dispatch_attempts = dispatch_attempts + 1 where order_id = $1";
    private static final String DUE_AGAIN = """
            select order_id from orders o where status = 'READY' and updated_at < $1
              and not exists (select 1 from trip_orders t join trips r on r.trip_id = t.trip_id
                              where t.order_id = o.order_id and r.status in ('REQUESTED', 'ASSIGNED', 'PICKED_UP'))
            order by updated_at limit 100""";
    private static final String FIRST_SEEN = """
            insert into rider_events (event_id, trip_id, type, at) values ($1, $2, $3, $4) on conflict (event_id) do nothing""";
    private static final String TRIP = "select request, status from trips where trip_id = $1 for update";
    private static final String SET_TRIP = "update trips set status = $2, rider_id = coalesce($3, rider_id), updated_at = now() where trip_id = $1";
    private static final String ORDERS_OF_TRIP = "select order_id, picked_up from trip_orders where trip_id = $1";
    private static final String PICKED = "update trip_orders set picked_up = true where trip_id = $1 and order_id = any($2)";
    private static final String STATUS = "select status from orders where order_id = $1";

    private final Pool pg;
    private final OrderStore orders;
    private final TripRules rules;
    private final Clock clock;

    public DispatchService(Pool pg, OrderStore orders, TripRules rules, Clock clock) {
        this.pg = pg;
        this.orders = orders;
        this.rules = rules;
        this.clock = clock;
    }

    /** Plans trips for orders whose bags are ready and sends them (outbox). Orders already on a live trip are left alone. */
    public Future<Integer> dispatch(List<String> orderIds) {
        if (orderIds.isEmpty()) {
            return Future.succeededFuture(0);
        }
        String[] ids = orderIds.toArray(String[]::new);
        return pg.withTransaction(tx -> tx.preparedQuery(READY_ORDERS).execute(Tuple.of((Object) ids)).compose(rows -> {
            Map<String, Row> ready = new LinkedHashMap<>();
            rows.forEach(row -> ready.put(row.getString("order_id"), row));
            if (ready.isEmpty()) {
                return Future.succeededFuture(0);
            }
            return tx.preparedQuery(PICKUPS).execute(Tuple.of((Object) ready.keySet().toArray(String[]::new))).compose(pickupRows -> {
                Map<String, List<ReadyPickup>> pickups = new LinkedHashMap<>();
                for (Row p : pickupRows) {
                    List<LegLine> lines = read(p.getJsonArray("lines"));
                    int units = lines.stream().mapToInt(LegLine::quantity).sum();
                    pickups.computeIfAbsent(p.getString("order_id"), k -> new ArrayList<>()).add(new ReadyPickup(p.getString("store_id"),
                            new GeoPoint(p.getDouble("lat"), p.getDouble("lon")), p.getString("wave_id"),
                            p.getOffsetDateTime("ready_at").toInstant(), Math.max(1, (units + 7) / 8), Math.max(1, units * 500)));
                }
                List<ReadyOrder> orders0 = new ArrayList<>();
                List<Future<Boolean>> failed = new ArrayList<>();
                for (Row o : ready.values()) {
                    String orderId = o.getString("order_id");
                    if (o.getInteger("dispatch_attempts") >= MAX_ATTEMPTS) {
                        failed.add(orders.move(tx, orderId, OrderStatus.FAILED, "no rider could take the order after "
                                + MAX_ATTEMPTS + " attempts"));
                        continue;
                    }
                    if (!pickups.containsKey(orderId)) {
                        continue;
                    }
                    orders0.add(new ReadyOrder(orderId, PriorityClass.valueOf(o.getString("priority")), pickups.get(orderId),
                            new GeoPoint(o.getDouble("delivery_lat"), o.getDouble("delivery_lon")), o.getBoolean("contactless"),
                            o.getString("dropoff_note")));
                }
                List<PlannedTrip> trips = orders0.isEmpty() ? List.of() : TripPlanner.plan(orders0, rules);
                Future<Integer> steps = Future.join(failed).transform(ignored -> Future.succeededFuture(0));
                for (PlannedTrip trip : trips) {
                    steps = steps.compose(count -> send(tx, trip, ready).map(count + 1));
                }
                return steps;
            });
        })).onSuccess(sent -> {
            if (sent > 0) {
                orders.outboxWritten();
            }
        });
    }

    private Future<Void> send(SqlConnection tx, PlannedTrip planned, Map<String, Row> ready) {
        int attempt = planned.orderIds().stream().mapToInt(id -> ready.get(id).getInteger("dispatch_attempts")).max().orElse(0) + 1;
        TripRequest original = planned.request();
        // a trip id per attempt: dispatch is idempotent by trip id, and a failed trip is not asked for again
        TripRequest request = new TripRequest(original.tripId() + "-a" + attempt, original.priority(), original.pickups(),
                original.dropoffs());
        JsonObject json = json(request);
        Future<?> steps = tx.preparedQuery(INSERT_TRIP).execute(Tuple.of(request.tripId(), attempt, json));
        for (String orderId : planned.orderIds()) {
            steps = steps.compose(ignored -> tx.preparedQuery(INSERT_TRIP_ORDER).execute(Tuple.of(request.tripId(), orderId)))
                    .compose(ignored -> tx.preparedQuery(COUNT_ATTEMPT).execute(Tuple.of(orderId)));
        }
        return steps.compose(ignored -> Outbox.add(tx, new OutboxMessage(TRIP_TOPIC, request.tripId(), request.tripId(),
                new JsonObject().put("trip", json))));
    }

    /** Dispatches again the READY orders without a live trip that have waited at least {@code backoff}. */
    public Future<Integer> sweep(Duration backoff) {
        return pg.preparedQuery(DUE_AGAIN).execute(Tuple.of(clock.instant().minus(backoff).atOffset(ZoneOffset.UTC))).compose(rows -> {
            List<String> ids = new ArrayList<>();
            rows.forEach(row -> ids.add(row.getString(0)));
            return dispatch(ids);
        });
    }

    /** Applies a rider event once: assigned, picked up, delivered, or a failed/cancelled trip. */
    public Future<Void> onEvent(RiderEvent event) {
        return pg.withTransaction(tx -> tx.preparedQuery(FIRST_SEEN).execute(Tuple.of(event.eventId(), event.tripId(),
                event.type().name(), event.at().atOffset(ZoneOffset.UTC))).compose(inserted -> {
            if (inserted.rowCount() == 0) {
                return Future.succeededFuture();
            }
            return tx.preparedQuery(TRIP).execute(Tuple.of(event.tripId())).compose(trips -> {
                if (!trips.iterator().hasNext()) {
                    LOG.warn("rider event {} for unknown trip {}", event.type(), event.tripId());
                    return Future.succeededFuture();
                }
                TripRequest trip = read(trips.iterator().next().getJsonObject("request"), TripRequest.class);
                return tx.preparedQuery(ORDERS_OF_TRIP).execute(Tuple.of(event.tripId())).compose(rows -> {
                    List<String> orderIds = new ArrayList<>();
                    rows.forEach(row -> orderIds.add(row.getString("order_id")));
                    return apply(tx, event, trip, orderIds);
                });
            });
        })).onSuccess(ignored -> orders.outboxWritten()).mapEmpty();
    }

    private Future<?> apply(SqlConnection tx, RiderEvent event, TripRequest trip, List<String> orderIds) {
        String note = "trip " + event.tripId() + (event.riderId() == null ? "" : ", rider " + event.riderId());
        return switch (event.type()) {
            case ASSIGNED -> tx.preparedQuery(SET_TRIP).execute(Tuple.of(event.tripId(), "ASSIGNED", event.riderId()))
                    .compose(ignored -> each(orderIds, id -> orders.move(tx, id, OrderStatus.DISPATCHED, note)));
            case ARRIVED_AT_PICKUP -> Future.succeededFuture();
            case PICKED_UP -> {
                Set<String> atPickup = new HashSet<>();
                for (Pickup pickup : trip.pickups()) {
                    if (pickup.pickupId().equals(event.pickupId())) {
                        pickup.parcels().stream().map(Parcel::orderId).forEach(atPickup::add);
                    }
                }
                yield tx.preparedQuery(PICKED).execute(Tuple.of(event.tripId(), (Object) atPickup.toArray(String[]::new)))
                        .compose(ignored -> tx.preparedQuery(SET_TRIP).execute(Tuple.of(event.tripId(), "PICKED_UP", null)))
                        .compose(ignored -> tx.preparedQuery(ORDERS_OF_TRIP).execute(Tuple.of(event.tripId())))
                        .compose(rows -> {
                            List<String> allPicked = new ArrayList<>();
                            rows.forEach(row -> {
                                if (row.getBoolean("picked_up") && pickedEverywhere(trip, row.getString("order_id"), event.pickupId())) {
                                    allPicked.add(row.getString("order_id"));
                                }
                            });
                            return each(allPicked, id -> orders.move(tx, id, OrderStatus.PICKED_UP, note));
                        });
            }
            case DELIVERED -> {
                String orderId = event.orderId();
                yield orders.move(tx, orderId, OrderStatus.PICKED_UP, note)
                        .compose(ignored -> orders.move(tx, orderId, OrderStatus.DELIVERED, note
                                + (dropoffOf(trip, orderId) ? ", contactless" : "")))
                        .compose(ignored -> allDelivered(tx, orderIds))
                        .compose(all -> all
                                ? tx.preparedQuery(SET_TRIP).execute(Tuple.of(event.tripId(), "DELIVERED", null)).mapEmpty()
                                : Future.succeededFuture());
            }
            case FAILED, CANCELLED -> tx.preparedQuery(SET_TRIP).execute(Tuple.of(event.tripId(),
                            event.type() == io.aisle.contracts.dispatch.RiderEventType.FAILED ? "FAILED" : "CANCELLED", null))
                    .compose(ignored -> each(orderIds, id -> orders.move(tx, id, OrderStatus.READY,
                            "trip " + event.tripId() + " " + event.type().name().toLowerCase() + (event.reason() == null ? ""
                                    : " (" + event.reason() + ")") + "; dispatching again")));
        };
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

    private static boolean dropoffOf(TripRequest trip, String orderId) {
        return trip.dropoffs().stream().anyMatch(d -> d.orderId().equals(orderId) && d.contactless());
    }

    private Future<Boolean> allDelivered(SqlConnection tx, List<String> orderIds) {
        List<Future<Boolean>> delivered = orderIds.stream().map(id -> tx.preparedQuery(STATUS).execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() && "DELIVERED".equals(rows.iterator().next().getString(0)))).toList();
        return Future.all(delivered).map(ignored -> delivered.stream().allMatch(Future::result));
    }

    private static Future<Void> each(List<String> ids, java.util.function.Function<String, Future<Boolean>> step) {
        Future<Void> chain = Future.succeededFuture();
        for (String id : ids) {
            chain = chain.compose(ignored -> step.apply(id).mapEmpty());
        }
        return chain;
    }

    private static JsonObject json(Object value) {
        return StoredJson.object(value);
    }

    private static <T> T read(JsonObject json, Class<T> type) {
        return StoredJson.read(json, type);
    }

    private static List<LegLine> read(JsonArray json) {
        return StoredJson.read(json, new TypeReference<>() { });
    }
}
