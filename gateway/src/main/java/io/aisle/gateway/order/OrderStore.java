package io.aisle.gateway.order;

import com.fasterxml.jackson.core.type.TypeReference;
import io.aisle.contracts.api.Leg;
import io.aisle.contracts.api.OrderEvent;
import io.aisle.contracts.api.OrderRequest;
import io.aisle.contracts.api.OrderResponse;
import io.aisle.contracts.api.OrderStatus;
import io.aisle.contracts.api.StoreReport;
import io.aisle.contracts.api.Transition;
import io.aisle.contracts.api.UnfilledLine;
import io.aisle.contracts.partner.HoldLine;
import io.aisle.contracts.value.Money;
import io.aisle.gateway.outbox.Outbox;
import io.aisle.gateway.persistence.StoredJson;
import io.aisle.gateway.outbox.OutboxMessage;
import io.aisle.gateway.webhook.OrderEvents;
import io.aisle.gateway.webhook.WebhookHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Orders in PostgreSQL. Every state change is one transaction that also writes the outbox rows
 * for what it requires to be sent (webhooks, hold releases, partner cancellations), so nothing is
 * sent for a change that did not happen and nothing that must be sent is lost.
 */
public final class OrderStore {

    public static final String WEBHOOK_TOPIC = WebhookHandler.TOPIC;
    public static final String HOLD_RELEASE_TOPIC = "hold.release";
    public static final String PARTNER_CANCEL_TOPIC = "partner.cancel";

    private static final String INSERT_KEY = """
            insert into idempotency_keys (client_id, idem_key, request_sha256, order_id) values ($1, $2, $3, $4)
            on conflict (client_id, idem_key) do nothing returning order_id""";
    private static final String SELECT_KEY = """
            select request_sha256, order_id, status_code, response from idempotency_keys where client_id = $1 and idem_key = $2""";
    private static final String INSERT_ORDER = """
            insert into orders (order_id, client_id, customer_ref, status, priority, delivery_lat, delivery_lon, accept_partial,
                                max_stores, contactless, dropoff_note, request, lease_until)
            values ($1, $2, $3, 'RECEIVED', $4, $5, $6, $7, $8, $9, $10, $11, $12)""";
    private static final String INSERT_LINE = """
            insert into order_lines (order_id, line_no, gtin, quantity, substitution) values ($1, $2, $3, $4, $5)""";
    private static final String NEXT_SEQ = "select coalesce(max(seq), 0) + 1 from order_transitions where order_id = $1";
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
    private static final String INSERT_HOLD = """
            insert into holds (hold_id, order_id, store_id, status, lines, expires_at) values ($1, $2, $3, 'TAKING', $4, $5)
            on conflict (hold_id) do nothing""";
    private static final String SET_HOLD = """
            update holds set status = $2, failure = $3, updated_at = now() where hold_id = $1 and status in ('TAKING', 'HELD')""";
    private static final String RELEASE_HOLD = """
            update holds set status = 'RELEASING', updated_at = now() where hold_id = $1 and status in ('TAKING', 'HELD')
            returning hold_id, store_id""";
    private static final String LIVE_HOLDS_OF = """
            update holds set status = 'RELEASING', updated_at = now() where order_id = $1 and status in ('TAKING', 'HELD')
            returning hold_id, store_id""";
    private static final String HOLDS_OF = """
            select hold_id, order_id, store_id, status, lines, expires_at from holds where order_id = $1 order by created_at, hold_id""";
    private static final String CONFIRM = """
            update orders set status = 'CONFIRMED', total_amount = $2, currency = $3, unfilled = $4, store_report = $5,
                   lease_until = null, version = version + 1, updated_at = now(), confirmed_at = now()
            where order_id = $1 and status = 'RECEIVED' returning client_id, customer_ref""";
    private static final String LEGS_HELD = "update order_legs set status = 'HELD' where order_id = $1";
    private static final String MOVE = """
            update orders set status = $2, version = version + 1, updated_at = now() where order_id = $1""";
    private static final String LEGS_SET = "update order_legs set status = $2 where order_id = $1 and status not in ('DELIVERED')";
    private static final String CLOSE = """
            update orders set status = $2, unfilled = coalesce($3, unfilled), lease_until = null, version = version + 1,
                   updated_at = now()
            where order_id = $1 and status = $4 returning client_id, customer_ref""";
    private static final String COMPLETE_KEY = """
            update idempotency_keys set status_code = $3, response = $4, completed_at = now()
            where client_id = $1 and order_id = $2 and response is null""";
    private static final String SELECT_ORDER = """
            select order_id, client_id, customer_ref, status, request, total_amount, currency, unfilled, store_report, plan_attempts
            from orders where order_id = $1""";
    private static final String SELECT_LEGS = """
            select store_id, status, subtotal, currency, lines from order_legs where order_id = $1 order by store_id""";
    private static final String SELECT_TRANSITIONS = """
            select seq, status, at, note from order_transitions where order_id = $1 order by seq""";
    private static final String CLAIM_STALE = """
            update orders set lease_until = $1 where order_id in (
              select order_id from orders where status = 'RECEIVED' and lease_until < $2
              order by created_at limit $3 for update skip locked)
            returning order_id""";
    private static final String FORGET_KEYS = """
            delete from idempotency_keys where ctid in (
              select ctid from idempotency_keys where created_at < $1 and response is not null limit $2)""";
    private static final String EXPIRE_HOLDS = """
            update holds set status = 'RELEASING', updated_at = now() where hold_id in (
              select h.hold_id from holds h join orders o on o.order_id = h.order_id
              where h.status in ('TAKING', 'HELD') and h.expires_at < $1
                and o.status in ('CANCELLED', 'REJECTED', 'FAILED', 'RECEIVED')
              limit $2 for update of h skip locked)
            returning hold_id, store_id, order_id""";

    private final Pool pg;
    private final Clock clock;
    private final Duration lease;
    private final Runnable outboxWritten;

    /** {@code outboxWritten} runs after every commit that wrote outbox rows (it wakes the relay). */
    public OrderStore(Pool pg, Clock clock, Duration lease, Runnable outboxWritten) {
        this.pg = pg;
        this.clock = clock;
        this.lease = lease;
        this.outboxWritten = outboxWritten;
    }

    private <T> Future<T> written(Future<T> committed) {
        return committed.onSuccess(ignored -> outboxWritten.run());
    }

    /** The first answer (or the state) of an idempotency key. */
    public record KeyRow(String requestSha256, String orderId, Integer statusCode, JsonObject response) {
    }

    /** Either the order was created now, or the key was used before. */
    public record Begun(boolean created, KeyRow existing) {
    }

    /** Records the key and the order in RECEIVED (with its webhook), unless the client used the key before. */
    public Future<Begun> begin(String clientId, String key, String requestSha256, String orderId, OrderRequest request) {
        return written(pg.withTransaction(tx -> tx.preparedQuery(INSERT_KEY).execute(Tuple.of(clientId, key, requestSha256, orderId))
                .compose(inserted -> {
                    if (inserted.rowCount() == 0) {
                        return tx.preparedQuery(SELECT_KEY).execute(Tuple.of(clientId, key)).map(rows -> {
                            Row row = rows.iterator().next();
                            Object response = row.getValue("response");
                            return new Begun(false, new KeyRow(row.getString("request_sha256"), row.getString("order_id"),
                                    row.getInteger("status_code"), response == null ? null : (JsonObject) response));
                        });
                    }
                    Tuple order = Tuple.tuple(List.of(orderId, clientId, request.customerRef(), request.priority().name(),
                            request.deliveryAddress().lat(), request.deliveryAddress().lon(), request.acceptPartial()));
                    order.addValue(request.maxStores());
                    order.addValue(request.dropoff() != null && request.dropoff().contactless());
                    order.addValue(request.dropoff() == null ? null : request.dropoff().instructions());
                    order.addValue(json(request));
                    order.addValue(utc(clock.instant().plus(lease)));
                    List<Tuple> lines = new ArrayList<>();
                    for (int i = 0; i < request.lines().size(); i++) {
                        var line = request.lines().get(i);
                        lines.add(Tuple.of(orderId, i, line.gtin().value(), line.quantity(), json(line.substitution())));
                    }
                    return tx.preparedQuery(INSERT_ORDER).execute(order)
                            .compose(ignored -> tx.preparedQuery(INSERT_LINE).executeBatch(lines))
                            .compose(ignored -> transition(tx, orderId, clientId, request.customerRef(), null, OrderStatus.RECEIVED, null))
                            .map(new Begun(true, null));
                })));
    }

    /** Records a plan: its legs, the holds to take, the holds to release (with their outbox rows). */
    public Future<Boolean> recordPlan(String orderId, int attempt, List<Leg> legs, List<HoldRow> take, List<HoldRow> release,
                                      List<StoreReport> report) {
        return written(pg.withTransaction(tx -> tx.preparedQuery(RECORD_PLAN)
                .execute(Tuple.of(orderId, attempt, jsonArray(report), utc(clock.instant().plus(lease))))
                .compose(updated -> {
                    if (updated.rowCount() == 0) {
                        return Future.succeededFuture(false);
                    }
                    List<Tuple> legRows = legs.stream().map(leg -> Tuple.of(orderId, leg.storeId(), leg.subtotal().amount(),
                            leg.subtotal().currency(), jsonArray(leg.lines()))).toList();
                    List<Tuple> holdRows = take.stream().map(h -> Tuple.of(h.holdId(), orderId, h.storeId(), jsonArray(h.lines()),
                            utc(h.expiresAt()))).toList();
                    Future<?> steps = tx.preparedQuery(DELETE_LEGS).execute(Tuple.of(orderId));
                    if (!legRows.isEmpty()) {
                        steps = steps.compose(ignored -> tx.preparedQuery(INSERT_LEG).executeBatch(legRows));
                    }
                    if (!holdRows.isEmpty()) {
                        steps = steps.compose(ignored -> tx.preparedQuery(INSERT_HOLD).executeBatch(holdRows));
                    }
                    for (HoldRow hold : release) {
                        steps = steps.compose(ignored -> tx.preparedQuery(RELEASE_HOLD).execute(Tuple.of(hold.holdId()))
                                .compose(rows -> releaseRows(tx, rows, orderId)));
                    }
                    return steps.map(true);
                })));
    }

    public Future<Void> holdOutcome(String holdId, boolean held, String failure) {
        return pg.preparedQuery(SET_HOLD).execute(Tuple.of(holdId, held ? "HELD" : "FAILED", failure)).mapEmpty();
    }

    public Future<List<HoldRow>> holds(String orderId) {
        return pg.preparedQuery(HOLDS_OF).execute(Tuple.of(orderId)).map(OrderStore::holdRows);
    }

    /** RECEIVED -> CONFIRMED with the answer for the idempotency key; false when the order left RECEIVED meanwhile. */
    public Future<Boolean> confirm(String orderId, Money total, List<UnfilledLine> unfilled, List<StoreReport> report,
                                   JsonObject answer) {
        return written(pg.withTransaction(tx -> tx.preparedQuery(CONFIRM).execute(Tuple.of(orderId, total.amount(), total.currency(),
                        jsonArray(unfilled), jsonArray(report)))
                .compose(rows -> {
                    if (rows.rowCount() == 0) {
                        return Future.succeededFuture(false);
                    }
                    Row row = rows.iterator().next();
                    String clientId = row.getString("client_id");
                    return tx.preparedQuery(LEGS_HELD).execute(Tuple.of(orderId))
                            .compose(ignored -> transition(tx, orderId, clientId, row.getString("customer_ref"),
                                    OrderStatus.RECEIVED, OrderStatus.CONFIRMED, null))
                            .compose(ignored -> tx.preparedQuery(COMPLETE_KEY).execute(Tuple.of(clientId, orderId, 201, answer)))
                            .map(true);
                })));
    }

    /**
     * RECEIVED -> REJECTED or FAILED: releases every live hold (outbox), records the answer for the
     * idempotency key. False when the order left RECEIVED meanwhile.
     */
    public Future<Boolean> close(String orderId, OrderStatus to, String note, List<UnfilledLine> unfilled, int statusCode,
                                 JsonObject answer) {
        return written(pg.withTransaction(tx -> tx.preparedQuery(CLOSE).execute(Tuple.of(orderId, to.name(),
                        unfilled == null ? null : jsonArray(unfilled), OrderStatus.RECEIVED.name()))
                .compose(rows -> {
                    if (rows.rowCount() == 0) {
                        return Future.succeededFuture(false);
                    }
                    Row row = rows.iterator().next();
                    String clientId = row.getString("client_id");
                    return tx.preparedQuery(LIVE_HOLDS_OF).execute(Tuple.of(orderId))
                            .compose(released -> releaseRows(tx, released, orderId))
                            .compose(ignored -> tx.preparedQuery(LEGS_SET).execute(Tuple.of(orderId, "RELEASED")))
                            .compose(ignored -> transition(tx, orderId, clientId, row.getString("customer_ref"),
                                    OrderStatus.RECEIVED, to, note))
                            .compose(ignored -> tx.preparedQuery(COMPLETE_KEY).execute(Tuple.of(clientId, orderId, statusCode, answer)))
                            .map(true);
                })));
    }

    /**
     * Moves an order to {@code to} inside the caller's transaction, with its timeline entry and its
     * webhook; false (and nothing written) when the lifecycle does not allow the move from where it is.
     */
    public Future<Boolean> move(SqlConnection tx, String orderId, OrderStatus to, String note) {
        return tx.preparedQuery(LOCK_ORDER).execute(Tuple.of(orderId)).compose(rows -> {
            if (!rows.iterator().hasNext()) {
                return Future.succeededFuture(false);
            }
            Row row = rows.iterator().next();
            OrderStatus from = OrderStatus.valueOf(row.getString("status"));
            if (!OrderLifecycle.canMove(from, to)) {
                return Future.succeededFuture(false);
            }
            return tx.preparedQuery(MOVE).execute(Tuple.of(orderId, to.name()))
                    .compose(ignored -> transition(tx, orderId, row.getString("client_id"), row.getString("customer_ref"), from, to, note))
                    .map(true);
        });
    }

    /** Runs after a transaction that wrote outbox rows outside this class committed. */
    public void outboxWritten() {
        outboxWritten.run();
    }

    /** Records the answer of the order's idempotency key, unless it has one. */
    public Future<Void> completeKey(String orderId, String clientId, int statusCode, JsonObject answer) {
        return pg.preparedQuery(COMPLETE_KEY).execute(Tuple.of(clientId, orderId, statusCode, answer)).mapEmpty();
    }

    /** What happened to a cancel request. */
    public enum CancelOutcome { CANCELLED, ALREADY_CANCELLED, TOO_LATE, CLOSED, NOT_FOUND }

    /** Cancels an order of the client: releases its holds and cancels at its stores (outbox), tells the client. */
    public Future<CancelOutcome> cancel(String orderId, String clientId, String reason) {
        return written(pg.withTransaction(tx -> tx.preparedQuery(LOCK_ORDER).execute(Tuple.of(orderId)).compose(rows -> {
            if (!rows.iterator().hasNext() || !clientId.equals(rows.iterator().next().getString("client_id"))) {
                return Future.succeededFuture(CancelOutcome.NOT_FOUND);
            }
            Row row = rows.iterator().next();
            OrderStatus status = OrderStatus.valueOf(row.getString("status"));
            if (status == OrderStatus.CANCELLED) {
                return Future.succeededFuture(CancelOutcome.ALREADY_CANCELLED);
            }
            if (status == OrderStatus.PICKED_UP || status == OrderStatus.DELIVERED) {
                return Future.succeededFuture(CancelOutcome.TOO_LATE);
            }
            if (!OrderLifecycle.cancellable(status)) {
                return Future.succeededFuture(CancelOutcome.CLOSED);
            }
            return tx.preparedQuery(CLOSE).execute(Tuple.of(orderId, OrderStatus.CANCELLED.name(), null, status.name()))
                    .compose(ignored -> tx.preparedQuery(LIVE_HOLDS_OF).execute(Tuple.of(orderId)))
                    .compose(released -> releaseRows(tx, released, orderId))
                    .compose(ignored -> tx.preparedQuery(SELECT_LEGS).execute(Tuple.of(orderId)))
                    .compose(legs -> {
                        Future<?> steps = Future.succeededFuture();
                        for (Row leg : legs) {
                            String storeId = leg.getString("store_id");
                            if ("PICKING".equals(leg.getString("status")) || "READY".equals(leg.getString("status"))
                                    || "HELD".equals(leg.getString("status"))) {
                                steps = steps.compose(ignored -> outbox(tx, PARTNER_CANCEL_TOPIC, orderId,
                                        "cancel:" + orderId + ":" + storeId,
                                        new JsonObject().put("orderId", orderId).put("storeId", storeId)));
                            }
                        }
                        return steps;
                    })
                    .compose(ignored -> tx.preparedQuery(LEGS_SET).execute(Tuple.of(orderId, "CANCELLED")))
                    .compose(ignored -> transition(tx, orderId, clientId, row.getString("customer_ref"), status,
                            OrderStatus.CANCELLED, reason))
                    .map(CancelOutcome.CANCELLED);
        })));
    }

    /** The order as its client sees it, with its timeline; empty for another client's order. */
    public Future<Optional<OrderResponse>> find(String orderId, String clientId) {
        return pg.preparedQuery(SELECT_ORDER).execute(Tuple.of(orderId)).compose(rows -> {
            if (!rows.iterator().hasNext()) {
                return Future.succeededFuture(Optional.empty());
            }
            Row order = rows.iterator().next();
            if (clientId != null && !clientId.equals(order.getString("client_id"))) {
                return Future.succeededFuture(Optional.empty());
            }
            Future<RowSet<Row>> legs = pg.preparedQuery(SELECT_LEGS).execute(Tuple.of(orderId));
            Future<RowSet<Row>> transitions = pg.preparedQuery(SELECT_TRANSITIONS).execute(Tuple.of(orderId));
            return Future.all(legs, transitions).map(ignored -> Optional.of(view(order, legs.result(), transitions.result())));
        });
    }

    /** The request the order was placed with. */
    public Future<Optional<StoredOrder>> stored(String orderId) {
        return pg.preparedQuery(SELECT_ORDER).execute(Tuple.of(orderId)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new StoredOrder(orderId, row.getString("client_id"), OrderStatus.valueOf(row.getString("status")),
                    read(row.getJsonObject("request"), OrderRequest.class), row.getInteger("plan_attempts")));
        });
    }

    /** An order as the saga needs it to resume. */
    public record StoredOrder(String orderId, String clientId, OrderStatus status, OrderRequest request, int planAttempts) {
    }

    /** Takes over orders whose saga stopped (its lease ran out): the caller resumes them. */
    public Future<List<String>> claimStale(int limit) {
        Instant now = clock.instant();
        return pg.preparedQuery(CLAIM_STALE).execute(Tuple.of(utc(now.plus(lease)), utc(now), limit)).map(rows -> {
            List<String> ids = new ArrayList<>();
            rows.forEach(row -> ids.add(row.getString(0)));
            return ids;
        });
    }

    /** Forgets idempotency keys older than {@code keepFor} (a bounded batch at a time); returns how many. */
    public Future<Integer> forgetKeysOlderThan(Duration keepFor, int limit) {
        return pg.preparedQuery(FORGET_KEYS).execute(Tuple.of(utc(clock.instant().minus(keepFor)), limit)).map(RowSet::rowCount);
    }

    /** Releases (outbox) holds past their expiry that no live order needs. Returns how many. */
    public Future<Integer> releaseExpiredHolds(int limit) {
        return written(pg.withTransaction(tx -> tx.preparedQuery(EXPIRE_HOLDS).execute(Tuple.of(utc(clock.instant()), limit))
                .compose(rows -> {
                    Future<?> steps = Future.succeededFuture();
                    for (Row row : rows) {
                        steps = steps.compose(ignored -> releaseOutbox(tx, row.getString("order_id"), row.getString("hold_id"),
                                row.getString("store_id")));
                    }
                    return steps.map(rows.rowCount());
                })));
    }

    // --- helpers ---------------------------------------------------------------------------------

    private Future<Void> releaseRows(SqlConnection tx, RowSet<Row> released, String orderId) {
        Future<Void> steps = Future.succeededFuture();
        for (Row row : released) {
            steps = steps.compose(ignored -> releaseOutbox(tx, orderId, row.getString("hold_id"), row.getString("store_id")));
        }
        return steps;
    }

    private static Future<Void> releaseOutbox(SqlConnection tx, String orderId, String holdId, String storeId) {
        return outbox(tx, HOLD_RELEASE_TOPIC, orderId, "release:" + holdId,
                new JsonObject().put("orderId", orderId).put("holdId", holdId).put("storeId", storeId));
    }

    private Future<Void> transition(SqlConnection tx, String orderId, String clientId, String customerRef, OrderStatus from,
                                    OrderStatus to, String note) {
        Instant at = clock.instant();
        return tx.preparedQuery(NEXT_SEQ).execute(Tuple.of(orderId)).compose(rows -> {
            int seq = rows.iterator().next().getInteger(0);
            OrderEvent event = new OrderEvent(OrderEvents.eventId(orderId, seq), orderId, seq, to, from, at, customerRef, note);
            return tx.preparedQuery(INSERT_TRANSITION).execute(Tuple.of(orderId, seq, to.name(), utc(at), note))
                    .compose(ignored -> Outbox.add(tx, WebhookHandler.message(clientId, event)));
        });
    }

    static Future<Void> outbox(SqlConnection tx, String topic, String aggregateId, String externalId, JsonObject payload) {
        return Outbox.add(tx, new OutboxMessage(topic, aggregateId, externalId, payload));
    }

    private static OrderResponse view(Row order, RowSet<Row> legRows, RowSet<Row> transitionRows) {
        List<Leg> legs = new ArrayList<>();
        for (Row leg : legRows) {
            if ("RELEASED".equals(leg.getString("status"))) {
                continue;
            }
            List<io.aisle.contracts.api.LegLine> lines = read((JsonArray) leg.getValue("lines"), new TypeReference<>() { });
            legs.add(new Leg(leg.getString("store_id"), lines, Money.of(leg.getLong("subtotal"), leg.getString("currency"))));
        }
        List<Transition> timeline = new ArrayList<>();
        for (Row t : transitionRows) {
            timeline.add(new Transition(OrderStatus.valueOf(t.getString("status")), t.getOffsetDateTime("at").toInstant(),
                    t.getString("note")));
        }
        Long amount = order.getLong("total_amount");
        String currency = order.getString("currency");
        Money total = amount == null ? Money.zero(Money.CNY) : Money.of(amount, currency);
        List<UnfilledLine> unfilled = read((JsonArray) order.getValue("unfilled"), new TypeReference<>() { });
        List<StoreReport> report = read((JsonArray) order.getValue("store_report"), new TypeReference<>() { });
        return new OrderResponse(order.getString("order_id"), OrderStatus.valueOf(order.getString("status")),
                order.getString("customer_ref"), legs, unfilled, total, report, timeline);
    }

    static List<HoldRow> holdRows(RowSet<Row> rows) {
        List<HoldRow> holds = new ArrayList<>();
        for (Row row : rows) {
            List<HoldLine> lines = read((JsonArray) row.getValue("lines"), new TypeReference<>() { });
            holds.add(new HoldRow(row.getString("hold_id"), row.getString("order_id"), row.getString("store_id"),
                    row.getString("status"), lines, row.getOffsetDateTime("expires_at").toInstant()));
        }
        return holds;
    }

    static JsonObject json(Object value) {
        return StoredJson.object(value);
    }

    static JsonArray jsonArray(List<?> values) {
        return StoredJson.array(values);
    }

    static <T> T read(JsonObject json, Class<T> type) {
        return StoredJson.read(json, type);
    }

    static <T> T read(JsonArray json, TypeReference<T> type) {
        return StoredJson.read(json, type);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
