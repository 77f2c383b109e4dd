package io.aisle.gateway.picking;

import com.fasterxml.jackson.core.type.TypeReference;
import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.api.OrderStatus;
import io.aisle.contracts.api.PriorityClass;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.api.Substitution;
import io.aisle.contracts.partner.PickList;
import io.aisle.contracts.partner.PickResult;
import io.aisle.contracts.partner.PickResultLine;
import io.aisle.contracts.value.GeoPoint;
import io.aisle.contracts.value.Gtin;
import io.aisle.gateway.order.OrderStore;
import io.aisle.gateway.persistence.StoredJson;
import io.aisle.gateway.outbox.Outbox;
import io.aisle.gateway.outbox.OutboxMessage;
import io.aisle.gateway.planning.picking.LegSettlement;
import io.aisle.gateway.planning.picking.OrderedLeg;
import io.aisle.gateway.planning.picking.PickListBuilder;
import io.aisle.gateway.planning.picking.PickOutcomes;
import io.aisle.gateway.planning.picking.ProductLookup;
import io.aisle.gateway.planning.picking.Reconciliation;
import io.aisle.gateway.planning.picking.ShelfLocation;
import io.aisle.gateway.planning.picking.StoreLayout;
import io.aisle.gateway.planning.wave.OpenLeg;
import io.aisle.gateway.planning.wave.Wave;
import io.aisle.gateway.planning.wave.WaveDecision;
import io.aisle.gateway.planning.wave.WavePlanner;
import io.aisle.gateway.planning.wave.WaveRules;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns confirmed order legs into pick waves per store and pick results into ready orders. Wave
 * building, pick-list consolidation and settlement are the pure planning core; this class reads and
 * writes them in PostgreSQL, one transaction per wave or result, with its outbox rows.
 */
public final class PickingService {

    public static final String PICK_LIST_TOPIC = "picklist.submit";
    private static final Logger LOG = LoggerFactory.getLogger(PickingService.class);

    private static final String STORES_WAITING = """
            select distinct store_id from order_legs where status = 'HELD' and wave_id is null limit $1""";
    private static final String WAITING_LEGS = """
            select l.order_id, l.lines, o.priority, coalesce(o.confirmed_at, o.updated_at) as confirmed_at, o.delivery_lat, o.delivery_lon
            from order_legs l join orders o on o.order_id = l.order_id
            where l.store_id = $1 and l.status = 'HELD' and l.wave_id is null and o.status in ('CONFIRMED', 'PICKING')
            for update of l skip locked""";
    private static final String PRODUCT_FACTS = """
            select gtin, name, brand, category, size_class, unit, coalesce(weight_grams, 500) as weight_grams, zone, aisle
            from products where gtin = any($1)""";
    private static final String INSERT_WAVE = """
            insert into waves (wave_id, store_id, pick_list_id, status, reason, closed_at, expected_ready_at, pick_list)
            values ($1, $2, $3, 'SUBMITTED', $4, $5, $6, $7)""";
    private static final String LEGS_TO_WAVE = """
            update order_legs set wave_id = $3, status = 'PICKING' where store_id = $1 and order_id = any($2)""";
    private static final String WAVE_BY_PICK_LIST = """
            select wave_id, store_id, status from waves where pick_list_id = $1 for update""";
    private static final String LEGS_OF_WAVE = "select order_id, lines from order_legs where wave_id = $1";
    private static final String POLICIES = "select order_id, gtin, substitution from order_lines where order_id = any($1)";
    private static final String LEG_READY = """
            update order_legs set status = 'READY', ready_at = $3, settlement = $4
            where order_id = $1 and store_id = $2 and status = 'PICKING'""";
    private static final String WAVE_READY = "update waves set status = 'READY', ready_at = $2 where wave_id = $1";
    private static final String LEGS_NOT_READY = """
            select count(*) from order_legs where order_id = $1 and status not in ('READY', 'RELEASED', 'CANCELLED')""";
    private static final String SETTLEMENTS = "select settlement from order_legs where order_id = $1 and settlement is not null";
    private static final String SET_MONEY = "update orders set charged_amount = $2, refunded_amount = $3 where order_id = $1";

    private final Pool pg;
    private final OrderStore orders;
    private final WaveRules rules;
    private final Clock clock;
    private final Consumer<List<String>> ordersReady;

    /** {@code ordersReady} is told, after commit, which orders have all their bags ready. */
    public PickingService(Pool pg, OrderStore orders, WaveRules rules, Clock clock, Consumer<List<String>> ordersReady) {
        this.pg = pg;
        this.orders = orders;
        this.rules = rules;
        this.clock = clock;
        this.ordersReady = ordersReady;
    }

    /** Closes the waves that are due now at every store with waiting legs; returns how many. */
    public Future<Integer> closeDueWaves() {
        return pg.preparedQuery(STORES_WAITING).execute(Tuple.of(500)).compose(rows -> {
            Future<Integer> chain = Future.succeededFuture(0);
            for (Row row : rows) {
                String storeId = row.getString(0);
                chain = chain.compose(count -> closeDueWaves(storeId).map(closed -> count + closed));
            }
            return chain;
        });
    }

    private Future<Integer> closeDueWaves(String storeId) {
        Instant now = clock.instant();
        return pg.withTransaction(tx -> tx.preparedQuery(WAITING_LEGS).execute(Tuple.of(storeId)).compose(rows -> {
            List<PendingLeg> pending = new ArrayList<>();
            Set<String> gtins = new LinkedHashSet<>();
            for (Row row : rows) {
                List<LegLine> lines = read(row.getJsonArray("lines"), new TypeReference<>() { });
                lines.forEach(line -> gtins.add(line.gtin().value()));
                pending.add(new PendingLeg(row.getString("order_id"), lines, PriorityClass.valueOf(row.getString("priority")),
                        row.getOffsetDateTime("confirmed_at").toInstant(),
                        new GeoPoint(row.getDouble("delivery_lat"), row.getDouble("delivery_lon"))));
            }
            if (pending.isEmpty()) {
                return Future.succeededFuture(0);
            }
            return tx.preparedQuery(PRODUCT_FACTS).execute(Tuple.of(gtins.toArray(String[]::new))).compose(facts -> {
                Map<Gtin, Integer> weights = new HashMap<>();
                Map<Gtin, ShelfLocation> shelves = new HashMap<>();
                for (Row fact : facts) {
                    Gtin gtin = Gtin.of(fact.getString("gtin"));
                    weights.put(gtin, fact.getInteger("weight_grams"));
                    if (fact.getString("zone") != null && fact.getString("aisle") != null) {
                        shelves.put(gtin, new ShelfLocation(fact.getString("zone"), fact.getString("aisle")));
                    }
                }
                List<OpenLeg> open = pending.stream().map(p -> new OpenLeg(p.orderId, storeId, p.lines,
                        p.lines.stream().mapToInt(l -> l.quantity() * weights.getOrDefault(l.gtin(), 500)).sum(),
                        p.priority, p.confirmedAt, p.deliveryPoint, null)).toList();
                WaveDecision decision = WavePlanner.decide(open, now, rules);
                Future<Integer> closing = Future.succeededFuture(0);
                for (Wave wave : decision.waves()) {
                    closing = closing.compose(count -> closeWave(tx, wave, StoreLayout.of(shelves)).map(count + 1));
                }
                return closing;
            });
        })).onSuccess(closed -> {
            if (closed > 0) {
                orders.outboxWritten();
            }
        });
    }

    private Future<Void> closeWave(SqlConnection tx, Wave wave, StoreLayout layout) {
        PickList pickList = PickListBuilder.build(wave, layout, rules);
        Instant expectedReady = wave.expectedReadyAt(rules);
        List<String> orderIds = wave.orderIds();
        Future<?> steps = tx.preparedQuery(INSERT_WAVE).execute(Tuple.of(wave.waveId(), wave.storeId(), pickList.pickListId(),
                        wave.reason().name(), utc(wave.closedAt()), utc(expectedReady), json(pickList)))
                .compose(ignored -> tx.preparedQuery(LEGS_TO_WAVE).execute(Tuple.of(wave.storeId(), orderIds.toArray(String[]::new),
                        wave.waveId())));
        for (String orderId : orderIds) {
            steps = steps.compose(ignored -> orders.move(tx, orderId, OrderStatus.PICKING,
                    "picking at store " + wave.storeId() + " in wave " + wave.waveId()));
        }
        return steps.compose(ignored -> Outbox.add(tx, new OutboxMessage(PICK_LIST_TOPIC, wave.storeId(), pickList.pickListId(),
                new JsonObject().put("storeId", wave.storeId()).put("pickList", json(pickList)))));
    }

    /**
     * A store reports a pick list: every order leg of its wave is settled (picked, substituted as the
     * customer allows, short and refunded), and orders whose every leg is ready become READY.
     * A result for a wave already settled is acknowledged and ignored.
     */
    public Future<Void> onPickResult(PickResult result, Map<Gtin, Product> products) {
        if (!result.ready()) {
            return Future.succeededFuture();
        }
        Instant now = clock.instant();
        List<String> nowReady = new ArrayList<>();
        return pg.withTransaction(tx -> tx.preparedQuery(WAVE_BY_PICK_LIST).execute(Tuple.of(result.pickListId())).compose(waves -> {
            if (!waves.iterator().hasNext()) {
                LOG.warn("pick result for unknown pick list {} from store {}", result.pickListId(), result.storeId());
                return Future.succeededFuture();
            }
            Row wave = waves.iterator().next();
            if ("READY".equals(wave.getString("status"))) {
                return Future.succeededFuture();
            }
            String waveId = wave.getString("wave_id");
            String storeId = wave.getString("store_id");
            return tx.preparedQuery(LEGS_OF_WAVE).execute(Tuple.of(waveId)).compose(legRows -> {
                Map<String, List<LegLine>> legs = new HashMap<>();
                legRows.forEach(row -> legs.put(row.getString("order_id"), read(row.getJsonArray("lines"), new TypeReference<>() { })));
                return tx.preparedQuery(POLICIES).execute(Tuple.of(legs.keySet().toArray(String[]::new))).compose(policyRows -> {
                    Map<String, Map<Gtin, Substitution>> policies = new HashMap<>();
                    for (Row row : policyRows) {
                        policies.computeIfAbsent(row.getString("order_id"), k -> new HashMap<>()).put(Gtin.of(row.getString("gtin")),
                                read(row.getJsonObject("substitution"), Substitution.class));
                    }
                    ProductLookup lookup = ProductLookup.of(products.values());
                    Future<?> steps = Future.succeededFuture();
                    for (Map.Entry<String, List<LegLine>> leg : legs.entrySet()) {
                        String orderId = leg.getKey();
                        List<PickResultLine> lines = result.lines().stream().filter(l -> l.orderId().equals(orderId)).toList();
                        LegSettlement settlement = PickOutcomes.settle(new OrderedLeg(orderId, storeId, leg.getValue(),
                                policies.getOrDefault(orderId, Map.of())), lines, lookup);
                        steps = steps.compose(ignored -> tx.preparedQuery(LEG_READY).execute(Tuple.of(orderId, storeId, utc(now),
                                        json(settlement))))
                                .compose(ignored -> readyIfComplete(tx, orderId, nowReady));
                    }
                    return steps.compose(ignored -> tx.preparedQuery(WAVE_READY).execute(Tuple.of(waveId, utc(now))));
                });
            }).mapEmpty();
        })).onSuccess(ignored -> {
            orders.outboxWritten();
            if (!nowReady.isEmpty()) {
                ordersReady.accept(nowReady);
            }
        }).mapEmpty();
    }

    /** The GTINs a pick result and its wave name, for the catalogue facts settlement needs. */
    public static List<Gtin> gtinsOf(PickResult result) {
        Set<Gtin> gtins = new HashSet<>();
        for (PickResultLine line : result.lines()) {
            gtins.add(line.gtin());
            if (line.substituteGtin() != null) {
                gtins.add(line.substituteGtin());
            }
        }
        return List.copyOf(gtins);
    }

    private Future<Void> readyIfComplete(SqlConnection tx, String orderId, List<String> nowReady) {
        return tx.preparedQuery(LEGS_NOT_READY).execute(Tuple.of(orderId)).compose(rows -> {
            if (rows.iterator().next().getLong(0) > 0) {
                return Future.succeededFuture();
            }
            return tx.preparedQuery(SETTLEMENTS).execute(Tuple.of(orderId)).compose(settled -> {
                List<LegSettlement> legs = new ArrayList<>();
                settled.forEach(row -> legs.add(read(row.getJsonObject(0), LegSettlement.class)));
                Reconciliation money = Reconciliation.ofOrder(legs);
                return tx.preparedQuery(SET_MONEY).execute(Tuple.of(orderId, money.charged().amount(), money.refunded().amount()))
                        .compose(ignored -> orders.move(tx, orderId, OrderStatus.READY, "bags ready; charged "
                                + money.charged().amount() + ", refunded " + money.refunded().amount() + " " + money.charged().currency()))
                        .map(moved -> {
                            if (moved) {
                                nowReady.add(orderId);
                            }
                            return null;
                        });
            });
        });
    }

    private record PendingLeg(String orderId, List<LegLine> lines, PriorityClass priority, Instant confirmedAt, GeoPoint deliveryPoint) {
    }

    private static JsonObject json(Object value) {
        return StoredJson.object(value);
    }

    private static <T> T read(JsonObject json, Class<T> type) {
        return StoredJson.read(json, type);
    }

    private static <T> T read(JsonArray json, TypeReference<T> type) {
        return StoredJson.read(json, type);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
