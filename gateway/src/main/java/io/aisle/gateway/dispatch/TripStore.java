package io.aisle.gateway.dispatch;

import io.aisle.contracts.dispatch.RiderEvent;
import io.aisle.contracts.dispatch.TripRequest;
import io.aisle.gateway.persistence.StoredJson;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tables {@code trips}, {@code trip_orders} and {@code rider_events}: the trips asked of rider
 * dispatch, the orders each carries (and whether they are picked up), and the rider events already
 * applied. Statements run on the client given, mostly the transaction of the change.
 */
public final class TripStore {

    /** A trip is live from its request until it is delivered, failed or cancelled. */
    private static final String LIVE = "('REQUESTED', 'ASSIGNED', 'PICKED_UP')";

    private static final String INSERT_TRIP = """
            insert into trips (trip_id, status, attempt, request) values ($1, 'REQUESTED', $2, $3) on conflict (trip_id) do nothing""";
    private static final String INSERT_TRIP_ORDER = "insert into trip_orders (trip_id, order_id) values ($1, $2) on conflict do nothing";
    private static final String ON_LIVE_TRIPS = """
            select distinct t.order_id from trip_orders t join trips r on r.trip_id = t.trip_id
            where t.order_id = any($1) and r.status in""" + " " + LIVE;
    private static final String FIRST_SEEN = """
            insert into rider_events (event_id, trip_id, type, at) values ($1, $2, $3, $4) on conflict (event_id) do nothing""";
    private static final String LOCK_TRIP = "select request, status from trips where trip_id = $1 for update";
    private static final String SET_STATUS = """
            update trips set status = $2, rider_id = coalesce($3, rider_id), updated_at = now() where trip_id = $1""";
    private static final String ORDERS_OF_TRIP = "select order_id, picked_up from trip_orders where trip_id = $1";
    private static final String PICKED = "update trip_orders set picked_up = true where trip_id = $1 and order_id = any($2)";
    /**
     * Live trips quiet since $1 whose request rider dispatch has (its outbox row is no longer pending: a
     * trip still being sent is not one rider dispatch could know). Public for the check that it reads
     * live trips through their index, not every trip ever made.
     */
    public static final String QUIET_LIVE = "select t.trip_id from trips t where t.status in " + LIVE
            + " and t.updated_at < $1 and not exists (select 1 from outbox o where o.topic = '" + DispatchService.TRIP_TOPIC
            + "' and o.aggregate_id = t.trip_id and o.status = 'PENDING') order by t.updated_at limit $2";
    private static final String LIVE_TRIP_OF = """
            select r.trip_id, r.status, r.rider_id, r.request from trip_orders t join trips r on r.trip_id = t.trip_id
            where t.order_id = $1 and r.status in""" + " " + LIVE + " order by r.created_at desc limit 1";
    private static final String TOUCH = "update trips set updated_at = now() where trip_id = $1 and status in " + LIVE;

    /** An order on a trip, and whether the rider has all of it. */
    public record TripOrder(String orderId, boolean pickedUp) {
    }

    /** A live trip of an order: its id, status here, rider (null until assigned) and what was asked of rider dispatch. */
    public record LiveTrip(String tripId, String status, String riderId, TripRequest request) {

        /** A rider has the trip: assigned, or picking up already. */
        public boolean assigned() {
            return "ASSIGNED".equals(status) || "PICKED_UP".equals(status);
        }
    }

    /** The order's live trip, if it is on one (the latest, should there be more). */
    public Future<Optional<LiveTrip>> liveTripOf(SqlClient sql, String orderId) {
        return sql.preparedQuery(LIVE_TRIP_OF).execute(Tuple.of(orderId)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new LiveTrip(row.getString("trip_id"), row.getString("status"), row.getString("rider_id"),
                    StoredJson.read(row.getJsonObject("request"), TripRequest.class)));
        });
    }

    /** Records a trip asked for (attempt {@code attempt} of its orders) and the orders it carries. */
    public Future<Void> insert(SqlClient sql, TripRequest trip, int attempt, List<String> orderIds) {
        Future<?> steps = sql.preparedQuery(INSERT_TRIP).execute(Tuple.of(trip.tripId(), attempt, StoredJson.object(trip)));
        if (!orderIds.isEmpty()) {
            steps = steps.compose(ignored -> sql.preparedQuery(INSERT_TRIP_ORDER)
                    .executeBatch(orderIds.stream().map(orderId -> Tuple.of(trip.tripId(), orderId)).toList()));
        }
        return steps.mapEmpty();
    }

    /** Those of {@code orderIds} that are on a live trip. */
    public Future<Set<String>> onLiveTrips(SqlClient sql, List<String> orderIds) {
        if (orderIds.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        return sql.preparedQuery(ON_LIVE_TRIPS).execute(Tuple.of((Object) orderIds.toArray(String[]::new))).map(rows -> {
            Set<String> live = new HashSet<>();
            rows.forEach(row -> live.add(row.getString(0)));
            return live;
        });
    }

    /** Records a rider event; false when it was recorded before (it is applied once). */
    public Future<Boolean> firstSeen(SqlClient sql, RiderEvent event) {
        return sql.preparedQuery(FIRST_SEEN).execute(Tuple.of(event.eventId(), event.tripId(), event.type().name(),
                event.at().atOffset(ZoneOffset.UTC))).map(inserted -> inserted.rowCount() > 0);
    }

    /** A trip as locked: what was asked of rider dispatch, and its status here. */
    public record LockedTrip(TripRequest request, String status) {

        /** Delivered, failed or cancelled: nothing the rider reports changes its orders any more. */
        public boolean ended() {
            return !LIVE.contains("'" + status + "'");
        }
    }

    /** Locks a trip in the caller's transaction; empty when there is no such trip. */
    public Future<Optional<LockedTrip>> lock(SqlClient sql, String tripId) {
        return sql.preparedQuery(LOCK_TRIP).execute(Tuple.of(tripId)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new LockedTrip(StoredJson.read(row.getJsonObject("request"), TripRequest.class), row.getString("status")));
        });
    }

    /** The ids of at most {@code limit} live trips sent and unchanged since {@code before}, the quietest first. */
    public Future<List<String>> quietLiveTrips(SqlClient sql, Instant before, int limit) {
        return sql.preparedQuery(QUIET_LIVE).execute(Tuple.of(before.atOffset(ZoneOffset.UTC), limit)).map(rows -> {
            List<String> ids = new ArrayList<>();
            rows.forEach(row -> ids.add(row.getString(0)));
            return ids;
        });
    }

    /** Marks a live trip as just looked at, so that it is asked about again only once it is quiet again. */
    public Future<Void> touch(SqlClient sql, String tripId) {
        return sql.preparedQuery(TOUCH).execute(Tuple.of(tripId)).mapEmpty();
    }

    /** Sets the trip's status, and its rider when given. */
    public Future<Void> setStatus(SqlClient sql, String tripId, String status, String riderId) {
        return sql.preparedQuery(SET_STATUS).execute(Tuple.of(tripId, status, riderId)).mapEmpty();
    }

    /** The orders on the trip. */
    public Future<List<TripOrder>> ordersOf(SqlClient sql, String tripId) {
        return sql.preparedQuery(ORDERS_OF_TRIP).execute(Tuple.of(tripId)).map(rows -> {
            List<TripOrder> orders = new ArrayList<>();
            for (Row row : rows) {
                orders.add(new TripOrder(row.getString("order_id"), row.getBoolean("picked_up")));
            }
            return orders;
        });
    }

    /** The rider picked up the trip's parcels of {@code orderIds}. */
    public Future<Void> markPickedUp(SqlClient sql, String tripId, List<String> orderIds) {
        return sql.preparedQuery(PICKED).execute(Tuple.of(tripId, (Object) orderIds.toArray(String[]::new))).mapEmpty();
    }
}
