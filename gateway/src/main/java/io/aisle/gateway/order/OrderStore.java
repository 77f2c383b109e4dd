package io.aisle.gateway.order;

import com.fasterxml.jackson.core.type.TypeReference;
import io.aisle.contracts.api.HouseholdCap;
import io.aisle.contracts.api.Leg;
import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.api.Dropoff;
import io.aisle.contracts.api.DropoffMode;
import io.aisle.contracts.api.Handoff;
import io.aisle.contracts.api.HandoffMode;
import io.aisle.contracts.api.OrderChange;
import io.aisle.contracts.api.OrderRequest;
import io.aisle.contracts.api.OrderResponse;
import io.aisle.contracts.api.OrderStatus;
import io.aisle.contracts.api.PriorityClass;
import io.aisle.contracts.api.ShortagePolicy;
import io.aisle.contracts.api.StoreReport;
import io.aisle.contracts.api.Substitution;
import io.aisle.contracts.api.Transition;
import io.aisle.contracts.api.UnfilledLine;
import io.aisle.contracts.value.GeoPoint;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import io.aisle.gateway.persistence.StoredJson;
import io.aisle.gateway.planning.picklist.LegSettlement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tables {@code orders}, {@code order_lines}, {@code order_legs} and {@code order_transitions}: an
 * order, the lines it asked for, its legs at stores (planned, held, picked, ready) and its timeline.
 * Statements run on the client given: the pool for reads, the transaction of the state change for
 * writes (see {@link OrderChanges}, which also writes the outbox rows a change requires).
 */
public final class OrderStore {

    /** The first key of the advisory locks of households ({@link #LOCK_HOUSEHOLD}), so they meet no other lock. */
    private static final int HOUSEHOLD_LOCKS = 14_0014;

    /* each branch reads a partial index of only its orders: orders_unfinished_idx, orders_in_flight_idx, orders_ready_idx */
    static final String COUNT_IN_FLIGHT = """
            select 'RECEIVED' as status, count(*) from orders where status = 'RECEIVED'
            union all
            select status, count(*) from orders where status in ('CONFIRMED', 'PICKING', 'DISPATCHED', 'PICKED_UP') group by status
            union all
            select 'READY', count(*) from orders where status = 'READY'""";
    private static final String INSERT_ORDER = """
            insert into orders (order_id, client_id, customer_ref, status, priority, delivery_lat, delivery_lon, accept_partial,
                                max_stores, contactless, dropoff_note, request, lease_until, plan_attempts, store_report, traceparent,
                                dropoff_mode, handoff_code, shortages)
            values ($1, $2, $3, 'RECEIVED', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)""";
    /** Serialises the first transactions of one household's orders (over every instance), until commit. */
    static final String LOCK_HOUSEHOLD = "select pg_advisory_xact_lock(" + HOUSEHOLD_LOCKS + ", hashtext($1 || ':' || $2))";
    /**
     * Units of each of the products ($3) a household bought within that product's window ($4, hours): the legs of its
     * orders of the client that were not rejected, cancelled or failed, created within the window (substitutes
     * counted as the product they are). Reads only the household's orders in the window (orders_household_idx).
     */
    static final String HOUSEHOLD_BOUGHT = """
            select c.gtin, sum((l.line ->> 'quantity')::int)::int as units
            from unnest($3::text[], $4::int[]) as c (gtin, window_hours)
            join orders o on o.client_id = $1 and o.customer_ref = $2
                 and o.created_at > now() - make_interval(hours => c.window_hours)
                 and o.status not in ('REJECTED', 'CANCELLED', 'FAILED')
            join order_legs g on g.order_id = o.order_id and g.status not in ('RELEASED', 'CANCELLED')
            cross join lateral jsonb_array_elements(g.lines) as l (line)
            where l.line ->> 'gtin' = c.gtin
            group by c.gtin""";
    private static final String INSERT_LINE = """
            insert into order_lines (order_id, line_no, gtin, quantity, substitution) values ($1, $2, $3, $4, $5)""";
    private static final String APPEND_TRANSITION = """
            insert into order_transitions (order_id, seq, status, at, note)
            select $1, coalesce(max(seq), 0) + 1, $2, $3, $4 from order_transitions where order_id = $1
            returning seq""";
    /* as APPEND_TRANSITION, with the entries before it (the statement does not see the row it inserts) */
    private static final String APPEND_TRANSITION_WITH_TIMELINE = """
            insert into order_transitions (order_id, seq, status, at, note)
            select $1, coalesce(max(seq), 0) + 1, $2, $3, $4 from order_transitions where order_id = $1
            returning seq,
              (select array_agg(t.status order by t.seq) from order_transitions t where t.order_id = $1) as statuses,
              (select array_agg(t.at order by t.seq) from order_transitions t where t.order_id = $1) as ats,
              (select array_agg(t.note order by t.seq) from order_transitions t where t.order_id = $1) as notes""";
    /* locks the order, moves it only from one of $3, and says where it was */
    private static final String MOVE_FROM = """
            update orders o set status = $2, version = o.version + 1, updated_at = now()
            from (select order_id, status from orders where order_id = $1 for update) before
            where o.order_id = before.order_id and before.status = any($3)
            returning before.status, o.client_id, o.customer_ref""";
    /* a change within the order's status: the entry keeps the status the order has ($2) */
    private static final String APPEND_CHANGE = """
            insert into order_transitions (order_id, seq, status, at, note, change)
            select $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5 from order_transitions where order_id = $1
            returning seq""";
    private static final String INSERT_TRANSITION = """
            insert into order_transitions (order_id, seq, status, at, note) values ($1, $2, $3, $4, $5)""";
    private static final String LOCK_ORDER = """
            select status, client_id, customer_ref from orders where order_id = $1 for update""";
    private static final String RECORD_PLAN = """
            update orders set plan_attempts = $2, store_report = $3, lease_until = $4, updated_at = now()
            where order_id = $1 and status = 'RECEIVED'""";
    private static final String DELETE_LEGS = "delete from order_legs where order_id = $1";
    private static final String INSERT_LEG = """
            insert into order_legs (order_id, store_id, status, subtotal, currency, lines) values ($1, $2, 'PLANNED', $3, $4, $5)""";
    private static final String CONFIRM = """
            update orders set status = 'CONFIRMED', total_amount = $2, currency = $3, unfilled = $4, store_report = $5,
                   lease_until = null, version = version + 1, updated_at = now(), confirmed_at = now()
            where order_id = $1 and status = 'RECEIVED'
            returning client_id, customer_ref, contactless, dropoff_mode, dropoff_note, handoff_code, shortages""";
    private static final String LEGS_HELD = "update order_legs set status = 'HELD' where order_id = $1";
    private static final String LEGS_SET = "update order_legs set status = $2 where order_id = $1 and status not in ('DELIVERED')";
    private static final String CLOSE = """
            update orders set status = $2, unfilled = coalesce($3, unfilled), lease_until = null, version = version + 1,
                   updated_at = now()
            where order_id = $1 and status = $4 returning client_id, customer_ref""";
    private static final String SELECT_ORDER = """
            select order_id, client_id, customer_ref, status, request, total_amount, currency, unfilled, store_report, plan_attempts,
                   contactless, dropoff_mode, dropoff_note, handoff_code, handoff_mode, handoff_at, handoff_code_checked, shortages
            from orders where order_id = $1""";
    private static final String SELECT_LEGS = """
            select store_id, status, subtotal, currency, lines from order_legs where order_id = $1 order by store_id""";
    private static final String SELECT_TRANSITIONS = """
            select seq, status, at, note, change from order_transitions where order_id = $1 order by seq""";
    private static final String CLAIM_STALE = """
            update orders set lease_until = $1 where order_id in (
              select order_id from orders where status = 'RECEIVED' and lease_until < $2
              order by created_at limit $3 for update skip locked)
            returning order_id""";

    // picking: waiting legs become waves, settled legs make ready orders
    private static final String STORES_WAITING = """
            select distinct store_id from order_legs where status = 'HELD' and wave_id is null limit $1""";
    private static final String WAITING_LEGS = """
            select l.order_id, l.lines, o.priority, coalesce(o.confirmed_at, o.updated_at) as confirmed_at, o.delivery_lat, o.delivery_lon
            from order_legs l join orders o on o.order_id = l.order_id
            where l.store_id = $1 and l.status = 'HELD' and l.wave_id is null and o.status in ('CONFIRMED', 'PICKING')
            for update of l skip locked""";
    private static final String LEGS_TO_WAVE = """
            update order_legs set wave_id = $3, status = 'PICKING' where store_id = $1 and order_id = any($2)""";
    private static final String LEGS_OF_WAVE = "select order_id, lines from order_legs where wave_id = $1";
    private static final String LOCK_ORDERS = "select order_id from orders where order_id = any($1) order by order_id for update";
    private static final String POLICIES = "select order_id, gtin, substitution from order_lines where order_id = any($1)";
    private static final String LEG_READY = """
            update order_legs set status = 'READY', ready_at = $3, settlement = $4
            where order_id = $1 and store_id = $2 and status = 'PICKING'""";
    private static final String LEGS_NOT_READY = """
            select count(*) from order_legs where order_id = $1 and status not in ('READY', 'RELEASED', 'CANCELLED')""";
    private static final String SETTLEMENTS = "select settlement from order_legs where order_id = $1 and settlement is not null";
    private static final String SET_MONEY = "update orders set charged_amount = $2, refunded_amount = $3 where order_id = $1";

    // re-sourcing short units: the order's choice, the leg that picked short, the new leg
    private static final String SHORTAGES = "select shortages from orders where order_id = $1";
    private static final String SETTLED_LEG = """
            select status, lines, settlement from order_legs where order_id = $1 and store_id = $2""";
    private static final String INSERT_HELD_LEG = """
            insert into order_legs (order_id, store_id, status, subtotal, currency, lines) values ($1, $2, 'HELD', $3, $4, $5)
            on conflict (order_id, store_id) do nothing""";
    private static final String RESHAPE_SETTLED_LEG = """
            update order_legs set lines = $3, subtotal = $4, settlement = $5 where order_id = $1 and store_id = $2 and status = 'READY'""";
    private static final String RELEASE_SETTLED_LEG = """
            update order_legs set status = 'RELEASED', settlement = null where order_id = $1 and store_id = $2 and status = 'READY'""";

    // rider handoff: ready orders become trips
    private static final String LOCK_READY = """
            select order_id, priority, delivery_lat, delivery_lon, contactless, dropoff_note, dispatch_attempts, dropoff_mode,
                   handoff_code
            from orders where order_id = any($1) and status = 'READY'
            for update skip locked""";
    private static final String READY_LEGS = """
            select order_id, store_id, wave_id, ready_at, lines from order_legs where order_id = any($1) and status = 'READY'""";
    private static final String COUNT_DISPATCH = "update orders set dispatch_attempts = dispatch_attempts + 1 where order_id = $1";
    /** Pages through {@code orders_ready_idx}: only the orders that are READY now, not every order ever. */
    static final String READY_SINCE = """
            select order_id, updated_at from orders
            where status = 'READY' and updated_at < $1 and ($2::timestamptz is null or (updated_at, order_id) > ($2, $3))
            order by updated_at, order_id limit $4""";
    // rider handoff ahead: orders still being picked whose rider is requested so as to arrive when the bags are ready
    /**
     * PICKING orders every unsettled leg of which is being picked in a submitted wave expected ready by $1, on no live
     * trip: through {@code waves_overdue_idx} (submitted waves only), not every order ever.
     */
    static final String DUE_AHEAD = """
            select l.order_id from waves w
            join order_legs l on l.wave_id = w.wave_id and l.status = 'PICKING'
            join orders o on o.order_id = l.order_id and o.status = 'PICKING'
            where w.status = 'SUBMITTED' and w.expected_ready_at <= $1
              and not exists (select 1 from order_legs x left join waves v on v.wave_id = x.wave_id
                              where x.order_id = l.order_id and x.status not in ('READY', 'RELEASED', 'CANCELLED')
                                and (x.status <> 'PICKING' or v.status is distinct from 'SUBMITTED' or v.expected_ready_at > $1))
              and not exists (select 1 from trip_orders t join trips r on r.trip_id = t.trip_id
                              where t.order_id = l.order_id and r.status in ('REQUESTED', 'ASSIGNED', 'PICKED_UP'))
            group by l.order_id
            order by min(w.expected_ready_at), l.order_id limit $2""";
    private static final String LOCK_PICKING = """
            select order_id, priority, delivery_lat, delivery_lon, contactless, dropoff_mode, dropoff_note, dispatch_attempts,
                   handoff_code
            from orders where order_id = any($1) and status = 'PICKING'
            for update skip locked""";
    /* every unsettled or ready leg, with when its bags are (or are expected) ready and whether its wave is still being picked */
    private static final String AHEAD_LEGS = """
            select l.order_id, l.store_id, l.wave_id, l.status, l.lines, coalesce(l.ready_at, w.expected_ready_at) as ready_at,
                   w.status as wave_status
            from order_legs l left join waves w on w.wave_id = l.wave_id
            where l.order_id = any($1) and l.status not in ('RELEASED', 'CANCELLED')""";
    /* when the rider of each order is expected: the first pickup of its live trip, else when its legs in waves are ready */
    private static final String RIDER_EXPECTED = """
            select t.order_id, min((p.value ->> 'readyAt')::timestamptz) as expected_at
            from trip_orders t join trips r on r.trip_id = t.trip_id, jsonb_array_elements(r.request -> 'pickups') p
            where t.order_id = any($1) and r.status in ('REQUESTED', 'ASSIGNED', 'PICKED_UP')
            group by t.order_id""";
    private static final String OTHER_LEGS_READY = """
            select x.order_id, max(coalesce(x.ready_at, w.expected_ready_at)) as expected_at
            from order_legs x left join waves w on w.wave_id = x.wave_id
            where x.order_id = any($1) and x.status not in ('RELEASED', 'CANCELLED')
            group by x.order_id
            having bool_and(x.status = 'READY' or (x.status = 'PICKING' and w.status = 'SUBMITTED')
                            or (x.status = 'HELD' and x.wave_id is null and x.store_id = $2))
               and bool_or(x.status in ('READY', 'PICKING'))""";
    private static final String STATUS = "select status from orders where order_id = $1";
    /* the rider's report of the handoff, on an order being delivered; the code it was told is checked against the order's */
    private static final String RECORD_HANDOFF = """
            update orders set handoff_mode = $2, handoff_at = $3,
                   handoff_code_checked = ($4::text is not null and handoff_code is not null and $4::text = handoff_code)
            where order_id = $1 and status = 'PICKED_UP' returning handoff_code_checked""";

    // the event stream: an order's timeline as it grows
    private static final String TIMELINE_HEAD = """
            select o.client_id, o.customer_ref,
                   (select t.status from order_transitions t where t.order_id = o.order_id order by t.seq desc limit 1) as last_status,
                   (select max(t.seq) from order_transitions t where t.order_id = o.order_id) as last_seq
            from orders o where o.order_id = $1""";
    /* with how the order was handed over, which its DELIVERED event carries */
    private static final String TRANSITIONS_AFTER = """
            select seq, status, previous_status, at, note, change, o.handoff_mode, o.handoff_at, o.handoff_code_checked from (
              select seq, status, lag(status) over (order by seq) as previous_status, at, note, change
              from order_transitions where order_id = $1) timeline
            cross join (select handoff_mode, handoff_at, handoff_code_checked from orders where order_id = $1) o
            where seq > $2 order by seq""";
    private static final String LATEST_SEQUENCES = """
            select order_id, max(seq) as seq from order_transitions where order_id = any($1) group by order_id""";

    /** An order as the saga needs it to resume. */
    public record StoredOrder(String orderId, String clientId, OrderStatus status, OrderRequest request, int planAttempts) {
    }

    /** An order locked for a change: where it is, and whose it is. */
    public record Locked(OrderStatus status, String clientId, String customerRef) {
    }

    /** Whose an order is: the client told of its changes, and the customer's reference they carry. */
    public record Owner(String clientId, String customerRef) {
    }

    /** A leg as it stands at its store. */
    public record LegState(String storeId, String status) {
    }

    /** A held leg not yet in a wave, with what wave planning needs of its order. */
    public record WaitingLeg(String orderId, List<LegLine> lines, PriorityClass priority, Instant confirmedAt, GeoPoint deliveryPoint) {
    }

    /** A ready order locked for dispatch, with what trip planning needs. */
    public record ReadyOrderRow(String orderId, PriorityClass priority, GeoPoint deliveryPoint, boolean contactless, String dropoffNote,
                                int dispatchAttempts, DropoffMode dropoffMode, String handoffCode) {
    }

    /**
     * A confirmed order: whose it is, how it is to be handed over (drop-off instructions, null: none; its handoff code),
     * and what becomes of units picked short.
     */
    public record Confirmed(String clientId, String customerRef, Dropoff dropoff, String handoffCode, ShortagePolicy shortages) {
    }

    /** A leg whose bags are ready at its store. */
    public record ReadyLeg(String orderId, String storeId, String waveId, Instant readyAt, List<LegLine> lines) {
    }

    /** Where a listing of ready orders continues: after this order, oldest first. */
    public record ReadyCursor(Instant updatedAt, String orderId) {
    }

    /** A page of ready orders, and where the next page starts (empty when this was the last). */
    public record ReadyPage(List<String> orderIds, Optional<ReadyCursor> next) {
    }

    /** The state of an order's timeline: whose it is, its last status and sequence (null before the first). */
    public record TimelineHead(String clientId, String customerRef, String lastStatus, Long lastSeq) {
    }

    /** One entry of a timeline as stored: statuses as written, the previous one null for the first. */
    /** A transition of an order's timeline, with the status before it; {@code handoff} on DELIVERED, when one was reported. */
    public record StoredTransition(long seq, String status, String previousStatus, Instant at, String note, Handoff handoff,
                                   OrderChange change) {
    }

    /** A settled leg: its status, lines and settlement (null when not settled). */
    public record SettledLeg(String status, List<LegLine> lines, LegSettlement settlement) {
    }

    // --- the order and its timeline ----------------------------------------------------------------

    /**
     * Records a new order in RECEIVED with its lines, leased to the caller's saga until {@code
     * leaseUntil}, with its first plan attempt (0: none yet), the store report it was made from and the
     * trace it was placed in ({@code traceparent}, null: none), which the outbox rows it causes continue.
     */
    public Future<Void> insert(SqlClient sql, String orderId, String clientId, OrderRequest request, Instant leaseUntil,
                               int planAttempts, List<StoreReport> report, String traceparent) {
        Tuple order = Tuple.tuple(List.of(orderId, clientId, request.customerRef(), request.priority().name(),
                request.deliveryAddress().lat(), request.deliveryAddress().lon(), request.acceptPartial()));
        order.addValue(request.maxStores());
        order.addValue(request.dropoff() != null && request.dropoff().contactless());
        order.addValue(request.dropoff() == null ? null : request.dropoff().note());
        order.addValue(StoredJson.object(request));
        order.addValue(utc(leaseUntil));
        order.addValue(planAttempts);
        order.addValue(StoredJson.array(report));
        order.addValue(traceparent);
        order.addValue(request.dropoff() == null || request.dropoff().mode() == null ? null : request.dropoff().mode().name());
        order.addValue(HandoffCodes.next());
        order.addValue(request.shortages().name());
        List<Tuple> lines = new ArrayList<>();
        for (int i = 0; i < request.lines().size(); i++) {
            var line = request.lines().get(i);
            lines.add(Tuple.of(orderId, i, line.gtin().value(), line.quantity(), StoredJson.object(line.substitution())));
        }
        return sql.preparedQuery(INSERT_ORDER).execute(order)
                .compose(ignored -> sql.preparedQuery(INSERT_LINE).executeBatch(lines))
                .mapEmpty();
    }

    /** Starts the timeline of an order recorded in this transaction: {@code to} is its entry 1. */
    public Future<Integer> appendFirstTransition(SqlClient sql, String orderId, OrderStatus to, Instant at, String note) {
        return sql.preparedQuery(INSERT_TRANSITION).execute(Tuple.of(orderId, 1, to.name(), utc(at), note)).map(1);
    }

    /** Appends {@code to} to the order's timeline (the caller holds the order's row lock); yields its sequence number. */
    public Future<Integer> appendTransition(SqlClient sql, String orderId, OrderStatus to, Instant at, String note) {
        return sql.preparedQuery(APPEND_TRANSITION).execute(Tuple.of(orderId, to.name(), utc(at), note))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    /** An entry appended to a timeline: its sequence number, and the whole timeline with it. */
    public record Appended(int seq, List<Transition> timeline) {
    }

    /** As {@link #appendTransition}, and yields the timeline as it is now, in the same statement. */
    public Future<Appended> appendTransitionWithTimeline(SqlClient sql, String orderId, OrderStatus to, Instant at, String note) {
        return sql.preparedQuery(APPEND_TRANSITION_WITH_TIMELINE).execute(Tuple.of(orderId, to.name(), utc(at), note)).map(rows -> {
            Row row = rows.iterator().next();
            List<Transition> timeline = new ArrayList<>();
            String[] statuses = row.getArrayOfStrings(1);
            OffsetDateTime[] ats = row.getArrayOfOffsetDateTimes(2);
            String[] notes = row.getArrayOfStrings(3);
            for (int i = 0; statuses != null && i < statuses.length; i++) {
                timeline.add(new Transition(OrderStatus.valueOf(statuses[i]), ats[i].toInstant(), notes[i]));
            }
            timeline.add(new Transition(to, at, note));
            return new Appended(row.getInteger(0), timeline);
        });
    }

    /**
     * Locks the order and moves it to {@code to} if it is in one of {@code from}, in one statement;
     * yields where it was, or empty (nothing written) when it is in none of them or there is no such order.
     */
    public Future<Optional<Locked>> moveFrom(SqlClient sql, String orderId, Set<OrderStatus> from, OrderStatus to) {
        return sql.preparedQuery(MOVE_FROM).execute(Tuple.of(orderId, to.name(), from.stream().map(Enum::name).toArray(String[]::new)))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new Locked(OrderStatus.valueOf(row.getString(0)), row.getString(1), row.getString(2)));
                });
    }

    /** Locks the order's row for a change in the caller's transaction; empty when there is no such order. */
    public Future<Optional<Locked>> lock(SqlClient sql, String orderId) {
        return sql.preparedQuery(LOCK_ORDER).execute(Tuple.of(orderId)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new Locked(OrderStatus.valueOf(row.getString("status")), row.getString("client_id"),
                    row.getString("customer_ref")));
        });
    }


    /** Records a plan attempt on an order still in RECEIVED, and extends its lease; false when it left RECEIVED. */
    public Future<Boolean> recordPlan(SqlClient sql, String orderId, int attempt, List<StoreReport> report, Instant leaseUntil) {
        return sql.preparedQuery(RECORD_PLAN).execute(Tuple.of(orderId, attempt, StoredJson.array(report), utc(leaseUntil)))
                .map(updated -> updated.rowCount() > 0);
    }

    /** RECEIVED -> CONFIRMED with the plan's money and report, its legs HELD; empty when the order left RECEIVED. */
    public Future<Optional<Confirmed>> confirm(SqlClient sql, String orderId, Money total, List<UnfilledLine> unfilled,
                                               List<StoreReport> report) {
        return sql.preparedQuery(CONFIRM).execute(Tuple.of(orderId, total.amount(), total.currency(), StoredJson.array(unfilled),
                        StoredJson.array(report)))
                .compose(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Future.succeededFuture(Optional.<Confirmed>empty());
                    }
                    Row row = rows.iterator().next();
                    Confirmed confirmed = new Confirmed(row.getString("client_id"), row.getString("customer_ref"), dropoff(row),
                            row.getString("handoff_code"), shortages(row));
                    return sql.preparedQuery(LEGS_HELD).execute(Tuple.of(orderId)).map(Optional.of(confirmed));
                });
    }

    /**
     * {@code from} -> {@code to} for an order that ends here (rejected, failed, cancelled), its lease
     * dropped and, when given, its unfilled lines; empty when the order is no longer in {@code from}.
     */
    public Future<Optional<Owner>> close(SqlClient sql, String orderId, OrderStatus from, OrderStatus to, List<UnfilledLine> unfilled) {
        return sql.preparedQuery(CLOSE).execute(Tuple.of(orderId, to.name(), unfilled == null ? null : StoredJson.array(unfilled),
                from.name())).map(OrderStore::owner);
    }

    /** Takes over orders whose saga stopped (lease past {@code now}) until {@code leaseUntil}: the caller resumes them. */
    public Future<List<String>> claimStale(SqlClient sql, Instant now, Instant leaseUntil, int limit) {
        return sql.preparedQuery(CLAIM_STALE).execute(Tuple.of(utc(leaseUntil), utc(now), limit)).map(OrderStore::ids);
    }

    /** The order as its client sees it, with its timeline; empty for another client's order ({@code clientId} null: anyone's). */
    public Future<Optional<OrderResponse>> find(SqlClient sql, String orderId, String clientId) {
        return sql.preparedQuery(SELECT_ORDER).execute(Tuple.of(orderId)).compose(rows -> {
            if (!rows.iterator().hasNext()) {
                return Future.succeededFuture(Optional.empty());
            }
            Row order = rows.iterator().next();
            if (clientId != null && !clientId.equals(order.getString("client_id"))) {
                return Future.succeededFuture(Optional.empty());
            }
            Future<RowSet<Row>> legs = sql.preparedQuery(SELECT_LEGS).execute(Tuple.of(orderId));
            Future<RowSet<Row>> transitions = sql.preparedQuery(SELECT_TRANSITIONS).execute(Tuple.of(orderId));
            return Future.all(legs, transitions).map(ignored -> Optional.of(view(order, legs.result(), transitions.result())));
        });
    }

    /** The request the order was placed with. */
    public Future<Optional<StoredOrder>> stored(SqlClient sql, String orderId) {
        return sql.preparedQuery(SELECT_ORDER).execute(Tuple.of(orderId)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new StoredOrder(orderId, row.getString("client_id"), OrderStatus.valueOf(row.getString("status")),
                    StoredJson.read(row.getJsonObject("request"), OrderRequest.class), row.getInteger("plan_attempts")));
        });
    }

    /** The order's status, if there is such an order. */
    public Future<Optional<OrderStatus>> status(SqlClient sql, String orderId) {
        return sql.preparedQuery(STATUS).execute(Tuple.of(orderId)).map(rows -> rows.iterator().hasNext()
                ? Optional.of(OrderStatus.valueOf(rows.iterator().next().getString(0))) : Optional.empty());
    }

    // --- households ---------------------------------------------------------------------------------

    /**
     * Inside the caller's transaction: waits until no other transaction of the household's orders is open, and holds
     * the household until this one ends, so what {@link #householdBought} reads next stays true until commit.
     */
    public Future<Void> lockHousehold(SqlClient sql, String clientId, String customerRef) {
        return sql.preparedQuery(LOCK_HOUSEHOLD).execute(Tuple.of(clientId, customerRef)).mapEmpty();
    }

    /** What the household bought of each product of {@code caps} within the product's window (products bought of only). */
    public Future<Map<Gtin, Integer>> householdBought(SqlClient sql, String clientId, String customerRef,
                                                      Map<Gtin, HouseholdCap> caps) {
        List<Gtin> gtins = List.copyOf(caps.keySet());
        String[] codes = gtins.stream().map(Gtin::value).toArray(String[]::new);
        Integer[] windows = gtins.stream().map(gtin -> caps.get(gtin).windowHours()).toArray(Integer[]::new);
        return sql.preparedQuery(HOUSEHOLD_BOUGHT).execute(Tuple.of(clientId, customerRef, codes, windows)).map(rows -> {
            Map<Gtin, Integer> bought = new HashMap<>();
            for (Row row : rows) {
                bought.put(Gtin.of(row.getString("gtin")), row.getInteger("units"));
            }
            return Map.copyOf(bought);
        });
    }

    // --- legs ---------------------------------------------------------------------------------------

    /** Replaces the order's legs by the plan's, all PLANNED. */
    public Future<Void> replaceLegs(SqlClient sql, String orderId, List<Leg> legs) {
        List<Tuple> rows = legs.stream().map(leg -> Tuple.of(orderId, leg.storeId(), leg.subtotal().amount(),
                leg.subtotal().currency(), StoredJson.array(leg.lines()))).toList();
        Future<?> steps = sql.preparedQuery(DELETE_LEGS).execute(Tuple.of(orderId));
        if (!rows.isEmpty()) {
            steps = steps.compose(ignored -> sql.preparedQuery(INSERT_LEG).executeBatch(rows));
        }
        return steps.mapEmpty();
    }

    /** Records the legs of a plan, all PLANNED, for an order that has none yet. */
    public Future<Void> insertLegs(SqlClient sql, String orderId, List<Leg> legs) {
        if (legs.isEmpty()) {
            return Future.succeededFuture();
        }
        return sql.preparedQuery(INSERT_LEG).executeBatch(legs.stream().map(leg -> Tuple.of(orderId, leg.storeId(),
                leg.subtotal().amount(), leg.subtotal().currency(), StoredJson.array(leg.lines()))).toList()).mapEmpty();
    }

    /** Sets every leg of the order not yet delivered to {@code status}. */
    public Future<Void> setLegs(SqlClient sql, String orderId, String status) {
        return sql.preparedQuery(LEGS_SET).execute(Tuple.of(orderId, status)).mapEmpty();
    }

    /** The order's legs and their status. */
    public Future<List<LegState>> legStates(SqlClient sql, String orderId) {
        return sql.preparedQuery(SELECT_LEGS).execute(Tuple.of(orderId)).map(rows -> {
            List<LegState> legs = new ArrayList<>();
            rows.forEach(row -> legs.add(new LegState(row.getString("store_id"), row.getString("status"))));
            return legs;
        });
    }

    /** Stores with held legs not yet in a wave, at most {@code limit}. */
    public Future<List<String>> storesWithWaitingLegs(SqlClient sql, int limit) {
        return sql.preparedQuery(STORES_WAITING).execute(Tuple.of(limit)).map(OrderStore::ids);
    }

    /** Locks the store's held legs not yet in a wave (skipping those another instance holds) with their orders' facts. */
    public Future<List<WaitingLeg>> lockWaitingLegs(SqlClient sql, String storeId) {
        return sql.preparedQuery(WAITING_LEGS).execute(Tuple.of(storeId)).map(rows -> {
            List<WaitingLeg> legs = new ArrayList<>();
            for (Row row : rows) {
                legs.add(new WaitingLeg(row.getString("order_id"), lines(row.getJsonArray("lines")),
                        PriorityClass.valueOf(row.getString("priority")), row.getOffsetDateTime("confirmed_at").toInstant(),
                        new GeoPoint(row.getDouble("delivery_lat"), row.getDouble("delivery_lon"))));
            }
            return legs;
        });
    }

    /** Puts the store's legs of {@code orderIds} into wave {@code waveId}: they are being picked. */
    public Future<Void> assignToWave(SqlClient sql, String storeId, List<String> orderIds, String waveId) {
        return sql.preparedQuery(LEGS_TO_WAVE).execute(Tuple.of(storeId, orderIds.toArray(String[]::new), waveId)).mapEmpty();
    }

    /**
     * Locks the orders' rows in the caller's transaction, in one order (by id) so that two transactions
     * locking overlapping sets cannot deadlock. A change that reads the order's other legs to decide
     * the order's status takes this lock first: two legs settled at once then see each other.
     */
    public Future<Void> lockAll(SqlClient sql, List<String> orderIds) {
        return sql.preparedQuery(LOCK_ORDERS).execute(Tuple.of((Object) orderIds.toArray(String[]::new))).mapEmpty();
    }

    /** The lines of every leg of the wave, by order. */
    public Future<Map<String, List<LegLine>>> legsOfWave(SqlClient sql, String waveId) {
        return sql.preparedQuery(LEGS_OF_WAVE).execute(Tuple.of(waveId)).map(rows -> {
            Map<String, List<LegLine>> legs = new HashMap<>();
            rows.forEach(row -> legs.put(row.getString("order_id"), lines(row.getJsonArray("lines"))));
            return legs;
        });
    }

    /** The customer's substitution policy of every line of the orders, by order and product. */
    public Future<Map<String, Map<Gtin, Substitution>>> substitutionPolicies(SqlClient sql, List<String> orderIds) {
        return sql.preparedQuery(POLICIES).execute(Tuple.of(orderIds.toArray(String[]::new))).map(rows -> {
            Map<String, Map<Gtin, Substitution>> policies = new HashMap<>();
            for (Row row : rows) {
                policies.computeIfAbsent(row.getString("order_id"), k -> new HashMap<>()).put(Gtin.of(row.getString("gtin")),
                        StoredJson.read(row.getJsonObject("substitution"), Substitution.class));
            }
            return policies;
        });
    }

    /** A leg being picked is settled: its bags are ready. False when the leg was not being picked (cancelled, settled). */
    public Future<Boolean> markLegReady(SqlClient sql, String orderId, String storeId, Instant at, LegSettlement settlement) {
        return sql.preparedQuery(LEG_READY).execute(Tuple.of(orderId, storeId, utc(at), StoredJson.object(settlement)))
                .map(rows -> rows.rowCount() > 0);
    }

    /** How many legs of the order are still to be ready. */
    public Future<Long> legsNotReady(SqlClient sql, String orderId) {
        return sql.preparedQuery(LEGS_NOT_READY).execute(Tuple.of(orderId)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** The settlements of the order's settled legs. */
    public Future<List<LegSettlement>> settlements(SqlClient sql, String orderId) {
        return sql.preparedQuery(SETTLEMENTS).execute(Tuple.of(orderId)).map(rows -> {
            List<LegSettlement> legs = new ArrayList<>();
            rows.forEach(row -> legs.add(StoredJson.read(row.getJsonObject(0), LegSettlement.class)));
            return legs;
        });
    }

    /** What the customer is charged and refunded for the order, in fen. */
    public Future<Void> setMoney(SqlClient sql, String orderId, long chargedFen, long refundedFen) {
        return sql.preparedQuery(SET_MONEY).execute(Tuple.of(orderId, chargedFen, refundedFen)).mapEmpty();
    }

    // --- re-sourcing short units --------------------------------------------------------------------

    /** What becomes of the order's short units (REFUND for an order placed before the choice existed); empty: no such order. */
    public Future<Optional<ShortagePolicy>> shortages(SqlClient sql, String orderId) {
        return sql.preparedQuery(SHORTAGES).execute(Tuple.of(orderId)).map(rows -> rows.iterator().hasNext()
                ? Optional.of(shortages(rows.iterator().next())) : Optional.empty());
    }

    /** The order's leg at the store as it stands, with its settlement; empty when the order has no leg there. */
    public Future<Optional<SettledLeg>> settledLeg(SqlClient sql, String orderId, String storeId) {
        return sql.preparedQuery(SETTLED_LEG).execute(Tuple.of(orderId, storeId)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            JsonObject settlement = row.getJsonObject("settlement");
            return Optional.of(new SettledLeg(row.getString("status"), lines(row.getJsonArray("lines")),
                    settlement == null ? null : StoredJson.read(settlement, LegSettlement.class)));
        });
    }

    /** A new leg of a confirmed order, its stock held at the store (HELD: the next wave there picks it); false when the order has a leg there. */
    public Future<Boolean> insertHeldLeg(SqlClient sql, String orderId, Leg leg) {
        return sql.preparedQuery(INSERT_HELD_LEG).execute(Tuple.of(orderId, leg.storeId(), leg.subtotal().amount(),
                leg.subtotal().currency(), StoredJson.array(leg.lines()))).map(rows -> rows.rowCount() > 0);
    }

    /**
     * A settled leg keeps only {@code lines} (units it picked short went to another leg), settled as {@code settlement};
     * with no lines left it is RELEASED (nothing to pick up there).
     */
    public Future<Void> reshapeSettledLeg(SqlClient sql, String orderId, String storeId, List<LegLine> lines, LegSettlement settlement) {
        if (lines.isEmpty()) {
            return sql.preparedQuery(RELEASE_SETTLED_LEG).execute(Tuple.of(orderId, storeId)).mapEmpty();
        }
        long subtotal = lines.stream().mapToLong(line -> line.lineTotal().amount()).sum();
        return sql.preparedQuery(RESHAPE_SETTLED_LEG).execute(Tuple.of(orderId, storeId, StoredJson.array(lines), subtotal,
                StoredJson.object(settlement))).mapEmpty();
    }

    /** Appends a change within the order's status {@code status} to its timeline (the caller holds the order's row lock); yields its sequence. */
    public Future<Integer> appendChange(SqlClient sql, String orderId, OrderStatus status, OrderChange change, Instant at, String note) {
        return sql.preparedQuery(APPEND_CHANGE).execute(Tuple.of(orderId, status.name(), utc(at), note, change.name()))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    // --- rider handoff ------------------------------------------------------------------------------

    /** Locks those of {@code orderIds} that are READY (skipping those another instance holds). */
    public Future<List<ReadyOrderRow>> lockReady(SqlClient sql, List<String> orderIds) {
        return sql.preparedQuery(LOCK_READY).execute(Tuple.of((Object) orderIds.toArray(String[]::new))).map(rows -> {
            List<ReadyOrderRow> ready = new ArrayList<>();
            for (Row o : rows) {
                ready.add(new ReadyOrderRow(o.getString("order_id"), PriorityClass.valueOf(o.getString("priority")),
                        new GeoPoint(o.getDouble("delivery_lat"), o.getDouble("delivery_lon")), o.getBoolean("contactless"),
                        o.getString("dropoff_note"), o.getInteger("dispatch_attempts"), dropoffMode(o), o.getString("handoff_code")));
            }
            return ready;
        });
    }

    /** The ready legs of the orders. */
    public Future<List<ReadyLeg>> readyLegs(SqlClient sql, List<String> orderIds) {
        return sql.preparedQuery(READY_LEGS).execute(Tuple.of((Object) orderIds.toArray(String[]::new))).map(rows -> {
            List<ReadyLeg> legs = new ArrayList<>();
            for (Row p : rows) {
                legs.add(new ReadyLeg(p.getString("order_id"), p.getString("store_id"), p.getString("wave_id"),
                        p.getOffsetDateTime("ready_at").toInstant(), lines(p.getJsonArray("lines"))));
            }
            return legs;
        });
    }

    /** Counts one more trip asked for the order. */
    public Future<Void> countDispatchAttempt(SqlClient sql, String orderId) {
        return sql.preparedQuery(COUNT_DISPATCH).execute(Tuple.of(orderId)).mapEmpty();
    }

    /** READY orders unchanged since before {@code before}, oldest first, {@code limit} a page, after {@code after} (null: from the start). */
    public Future<ReadyPage> readySince(SqlClient sql, Instant before, ReadyCursor after, int limit) {
        return sql.preparedQuery(READY_SINCE).execute(Tuple.of(utc(before), after == null ? null : utc(after.updatedAt()),
                after == null ? null : after.orderId(), limit)).map(rows -> {
                    List<String> ids = new ArrayList<>();
                    ReadyCursor last = null;
                    for (Row row : rows) {
                        ids.add(row.getString("order_id"));
                        last = new ReadyCursor(row.getOffsetDateTime("updated_at").toInstant(), row.getString("order_id"));
                    }
                    return new ReadyPage(ids, ids.size() < limit ? Optional.empty() : Optional.of(last));
                });
    }

    /** A leg of an order being picked: when its bags are (or are expected) ready, and whether they are ready already. */
    public record AheadLeg(String orderId, String storeId, String waveId, Instant readyAt, List<LegLine> lines, boolean ready,
                           boolean beingPicked) {
    }

    /**
     * At most {@code limit} PICKING orders on no live trip each unsettled leg of which is being picked in a submitted
     * wave expected ready no later than {@code readyBy}, the soonest ready first.
     */
    public Future<List<String>> dueAhead(SqlClient sql, Instant readyBy, int limit) {
        return sql.preparedQuery(DUE_AHEAD).execute(Tuple.of(utc(readyBy), limit)).map(OrderStore::ids);
    }

    /** Locks those of {@code orderIds} that are PICKING (skipping those another instance holds). */
    public Future<List<ReadyOrderRow>> lockPicking(SqlClient sql, List<String> orderIds) {
        return sql.preparedQuery(LOCK_PICKING).execute(Tuple.of((Object) orderIds.toArray(String[]::new))).map(rows -> {
            List<ReadyOrderRow> picking = new ArrayList<>();
            for (Row o : rows) {
                picking.add(new ReadyOrderRow(o.getString("order_id"), PriorityClass.valueOf(o.getString("priority")),
                        new GeoPoint(o.getDouble("delivery_lat"), o.getDouble("delivery_lon")), o.getBoolean("contactless"),
                        o.getString("dropoff_note"), o.getInteger("dispatch_attempts"), dropoffMode(o), o.getString("handoff_code")));
            }
            return picking;
        });
    }

    /** The legs of the orders not released or cancelled, each with its ready (or expected ready) time. */
    public Future<List<AheadLeg>> aheadLegs(SqlClient sql, List<String> orderIds) {
        return sql.preparedQuery(AHEAD_LEGS).execute(Tuple.of((Object) orderIds.toArray(String[]::new))).map(rows -> {
            List<AheadLeg> legs = new ArrayList<>();
            for (Row l : rows) {
                String status = l.getString("status");
                java.time.OffsetDateTime readyAt = l.getOffsetDateTime("ready_at");
                legs.add(new AheadLeg(l.getString("order_id"), l.getString("store_id"), l.getString("wave_id"),
                        readyAt == null ? null : readyAt.toInstant(), lines(l.getJsonArray("lines")), "READY".equals(status),
                        "PICKING".equals(status) && "SUBMITTED".equals(l.getString("wave_status"))));
            }
            return legs;
        });
    }

    /**
     * When the rider of each of {@code orderIds} is expected at the stores: for an order on a live trip, the ready time
     * of the trip's first pickup; else, for an order whose legs are all ready, being picked in a submitted wave, or
     * waiting at {@code storeId} (the legs a wave is being formed of), when its legs in waves are (expected) ready,
     * which is when its rider will be requested for. Orders with neither are left out.
     */
    public Future<Map<String, Instant>> riderExpectedAt(SqlClient sql, String storeId, List<String> orderIds) {
        Map<String, Instant> expected = new HashMap<>();
        if (orderIds.isEmpty()) {
            return Future.succeededFuture(expected);
        }
        Tuple ids = Tuple.of((Object) orderIds.toArray(String[]::new));
        return sql.preparedQuery(OTHER_LEGS_READY).execute(Tuple.of((Object) orderIds.toArray(String[]::new), storeId))
                .compose(others -> {
                    others.forEach(row -> expected.put(row.getString("order_id"), row.getOffsetDateTime("expected_at").toInstant()));
                    return sql.preparedQuery(RIDER_EXPECTED).execute(ids);
                })
                .map(trips -> {
                    trips.forEach(row -> expected.put(row.getString("order_id"), row.getOffsetDateTime("expected_at").toInstant()));
                    return expected;
                });
    }

    // --- the timeline as a stream -------------------------------------------------------------------

    /** Whose the order is and where its timeline stands; empty when there is no such order. */
    public Future<Optional<TimelineHead>> timelineHead(SqlClient sql, String orderId) {
        return sql.preparedQuery(TIMELINE_HEAD).execute(Tuple.of(orderId)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new TimelineHead(row.getString("client_id"), row.getString("customer_ref"),
                    row.getString("last_status"), row.getLong("last_seq")));
        });
    }

    /** The order's transitions after sequence {@code after}, in order, each with the status before it. */
    public Future<List<StoredTransition>> transitionsAfter(SqlClient sql, String orderId, long after) {
        return sql.preparedQuery(TRANSITIONS_AFTER).execute(Tuple.of(orderId, after)).map(rows -> {
            List<StoredTransition> transitions = new ArrayList<>();
            for (Row row : rows) {
                Handoff handoff = !"DELIVERED".equals(row.getString("status")) || row.getString("handoff_mode") == null
                        || row.getOffsetDateTime("handoff_at") == null ? null
                        : new Handoff(HandoffMode.valueOf(row.getString("handoff_mode")), row.getOffsetDateTime("handoff_at").toInstant(),
                                Boolean.TRUE.equals(row.getBoolean("handoff_code_checked")));
                transitions.add(new StoredTransition(row.getInteger("seq"), row.getString("status"), row.getString("previous_status"),
                        row.getOffsetDateTime("at").toInstant(), row.getString("note"), handoff, change(row)));
            }
            return transitions;
        });
    }

    /** The highest sequence of each of the orders that has a timeline. */
    public Future<Map<String, Long>> latestSequences(SqlClient sql, String[] orderIds) {
        return sql.preparedQuery(LATEST_SEQUENCES).execute(Tuple.tuple().addArrayOfString(orderIds)).map(rows -> {
            Map<String, Long> latest = new LinkedHashMap<>();
            rows.forEach(row -> latest.put(row.getString("order_id"), row.getLong("seq")));
            return latest;
        });
    }

    // --- reading rows -------------------------------------------------------------------------------

    private static Optional<Owner> owner(RowSet<Row> rows) {
        if (rows.rowCount() == 0) {
            return Optional.empty();
        }
        Row row = rows.iterator().next();
        return Optional.of(new Owner(row.getString("client_id"), row.getString("customer_ref")));
    }

    private static List<String> ids(RowSet<Row> rows) {
        List<String> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.getString(0)));
        return ids;
    }

    private static List<LegLine> lines(JsonArray json) {
        return StoredJson.read(json, new TypeReference<>() { });
    }

    private static OrderResponse view(Row order, RowSet<Row> legRows, RowSet<Row> transitionRows) {
        List<Leg> legs = new ArrayList<>();
        for (Row leg : legRows) {
            if ("RELEASED".equals(leg.getString("status"))) {
                continue;
            }
            legs.add(new Leg(leg.getString("store_id"), lines((JsonArray) leg.getValue("lines")),
                    Money.of(leg.getLong("subtotal"), leg.getString("currency"))));
        }
        List<Transition> timeline = new ArrayList<>();
        for (Row t : transitionRows) {
            timeline.add(new Transition(OrderStatus.valueOf(t.getString("status")), t.getOffsetDateTime("at").toInstant(),
                    t.getString("note"), change(t)));
        }
        Long amount = order.getLong("total_amount");
        String currency = order.getString("currency");
        Money total = amount == null ? Money.zero(Money.CNY) : Money.of(amount, currency);
        List<UnfilledLine> unfilled = StoredJson.read((JsonArray) order.getValue("unfilled"), new TypeReference<>() { });
        List<StoreReport> report = StoredJson.read((JsonArray) order.getValue("store_report"), new TypeReference<>() { });
        Handoff handoff = order.getString("handoff_mode") == null || order.getOffsetDateTime("handoff_at") == null ? null
                : new Handoff(HandoffMode.valueOf(order.getString("handoff_mode")), order.getOffsetDateTime("handoff_at").toInstant(),
                        Boolean.TRUE.equals(order.getBoolean("handoff_code_checked")));
        return new OrderResponse(order.getString("order_id"), OrderStatus.valueOf(order.getString("status")),
                order.getString("customer_ref"), legs, unfilled, total, report, timeline, dropoff(order), order.getString("handoff_code"),
                handoff, shortages(order));
    }

    /** The order's shortage policy (an order placed before the choice existed: REFUND). */
    private static ShortagePolicy shortages(Row order) {
        String policy = order.getString("shortages");
        return policy == null ? ShortagePolicy.REFUND : ShortagePolicy.valueOf(policy);
    }

    private static OrderChange change(Row transition) {
        String change = transition.getString("change");
        return change == null ? null : OrderChange.valueOf(change);
    }

    /** The drop-off instructions an order row holds (an order placed before modes were stored: contactless is LEAVE_AT_DOOR). */
    private static Dropoff dropoff(Row order) {
        DropoffMode mode = dropoffMode(order);
        if (mode == null && Boolean.TRUE.equals(order.getBoolean("contactless"))) {
            mode = DropoffMode.LEAVE_AT_DOOR;
        }
        String note = order.getString("dropoff_note");
        return mode == null && note == null ? null : new Dropoff(mode, note);
    }

    private static DropoffMode dropoffMode(Row order) {
        String mode = order.getString("dropoff_mode");
        return mode == null ? null : DropoffMode.valueOf(mode);
    }

    /**
     * Records how a delivered order was handed over (while it is PICKED_UP, just before it becomes DELIVERED),
     * {@code code} the handoff code the rider was told (null: none), checked against the order's. Empty when
     * the order is not being delivered.
     */
    public Future<Optional<Handoff>> recordHandoff(SqlClient sql, String orderId, HandoffMode mode, Instant reportedAt, String code) {
        // as PostgreSQL keeps it, so the event told now and the order shown later say the same time
        Instant at = reportedAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        return sql.preparedQuery(RECORD_HANDOFF).execute(Tuple.of(orderId, mode.name(), utc(at), code)).map(rows ->
                rows.iterator().hasNext()
                        ? Optional.of(new Handoff(mode, at, Boolean.TRUE.equals(rows.iterator().next().getBoolean(0))))
                        : Optional.empty());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Orders not yet ended, by status: counted through partial indexes that hold only such orders (never the history). */
    public Future<Map<OrderStatus, Long>> countInFlight(SqlClient pg) {
        return pg.query(COUNT_IN_FLIGHT).execute().map(rows -> {
            Map<OrderStatus, Long> counts = new java.util.EnumMap<>(OrderStatus.class);
            for (Row row : rows) {
                counts.put(OrderStatus.valueOf(row.getString(0)), row.getLong(1));
            }
            return counts;
        });
    }
}
