package io.aisle.gateway.order;

import static io.aisle.gateway.testing.Infra.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.gateway.dispatch.TripStore;
import io.aisle.gateway.picking.ResourcingStore;
import io.aisle.gateway.testing.Infra;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The statements every order runs find their rows through an index, not by reading every order ever
 * placed: checked with {@code EXPLAIN} on tables holding a long history (tens of thousands of
 * answered keys and delivered orders), as PostgreSQL plans them once it knows the tables' sizes.
 */
class HistoryIndexesTest {

    private static final int HISTORY = 60_000;
    private static final String CLIENT = "history-client";
    private static final String RICE = "6900000000311";
    private static Infra infra;

    @BeforeAll
    static void seedHistory() {
        infra = Infra.migrated();
        await(infra.pg.query("insert into clients (client_id, name, api_key_sha256) values ('" + CLIENT + "', 'History', 'sha')")
                .execute());
        // a long history of decided orders of one client (every key answered), and a few in flight
        await(infra.pg.query("""
                insert into orders (order_id, client_id, customer_ref, status, delivery_lat, delivery_lon, accept_partial, request,
                                    created_at, updated_at)
                select 'o-' || g, '%s', 'hh-' || (g %% 500), case when g %% 1000 = 0 then 'READY' else 'DELIVERED' end,
                       30.5, 114.3, true, '{}'::jsonb, now() - make_interval(secs => %d - g), now() - make_interval(secs => %d - g)
                from generate_series(1, %d) g""".formatted(CLIENT, HISTORY, HISTORY, HISTORY)).execute());
        await(infra.pg.query("""
                insert into idempotency_keys (client_id, idem_key, request_sha256, order_id, status_code, response, created_at,
                                              completed_at)
                select '%s', 'key-' || g, 'sha', 'o-' || g, case when g %% 1000 = 1 then null else 201 end,
                       case when g %% 1000 = 1 then null else '{"status":"CONFIRMED"}'::jsonb end, now(), now()
                from generate_series(1, %d) g""".formatted(CLIENT, HISTORY)).execute());
        // the legs of that history: one bag of rice at one store each
        await(infra.pg.query("""
                insert into chains (chain_id, name, kind) values ('history-chain', 'History', 'AISLE_PARTNER_API')""").execute());
        await(infra.pg.query("""
                insert into stores (store_id, chain_id, partner_store_id, name, lat, lon)
                values ('history-store', 'history-chain', 'h1', 'History store', 30.5, 114.3)""").execute());
        await(infra.pg.query("""
                insert into order_legs (order_id, store_id, status, subtotal, currency, lines)
                select 'o-' || g, 'history-store', 'DELIVERED', 5990, 'CNY',
                       '[{"gtin":"%s","quantity":1,"unitPrice":{"amount":5990,"currency":"CNY"},"lineTotal":{"amount":5990,"currency":"CNY"}}]'::jsonb
                from generate_series(1, %d) g""".formatted(RICE, HISTORY)).execute());
        // the trips of that history, delivered, and a few live
        await(infra.pg.query("""
                insert into trips (trip_id, status, attempt, request, created_at, updated_at)
                select 'trip-' || g, case when g %% 1000 = 0 then 'ASSIGNED' else 'DELIVERED' end, 1, '{}'::jsonb,
                       now() - make_interval(secs => %d - g), now() - make_interval(secs => %d - g)
                from generate_series(1, %d) g""".formatted(HISTORY, HISTORY, HISTORY)).execute());
        // units picked short and re-sourced long ago, one in a thousand still open
        await(infra.pg.query("""
                insert into resourcing (order_id, from_store_id, status, lines, lease_until)
                select 'o-' || g, 'history-store', case when g %% 1000 = 0 then 'PENDING' else 'RESOURCED' end, '[]'::jsonb,
                       now() - make_interval(secs => %d - g)
                from generate_series(1, %d) g""".formatted(HISTORY, HISTORY)).execute());
        await(infra.pg.query("analyze resourcing").execute());
        await(infra.pg.query("analyze trips").execute());
        await(infra.pg.query("analyze orders").execute());
        await(infra.pg.query("analyze order_legs").execute());
        await(infra.pg.query("analyze idempotency_keys").execute());
    }

    @AfterAll
    static void close() {
        infra.close();
    }

    @Test
    void completingAnIdempotencyKeyReadsOnlyKeysWaitingForTheirAnswer() {
        Tuple args = Tuple.of(CLIENT, "o-2001", 201, new JsonObject().put("status", "CONFIRMED"));
        List<String> plan = plan(IdempotencyKeyStore.COMPLETE, args);

        assertFalse(plan.stream().anyMatch(node -> node.startsWith("Seq Scan")), "no sequential scan: " + plan);
        assertTrue(plan.stream().anyMatch(node -> node.contains("idempotency_keys_unanswered_idx")), "the partial index: " + plan);
    }

    @Test
    void completingAnIdempotencyKeyStillRecordsTheAnswerOnce() {
        IdempotencyKeyStore keys = new IdempotencyKeyStore();
        await(keys.complete(infra.pg, CLIENT, "o-3001", 201, new JsonObject().put("first", true)));
        await(keys.complete(infra.pg, CLIENT, "o-3001", 422, new JsonObject().put("second", true)));

        Row row = await(infra.pg.query("select status_code, response from idempotency_keys where order_id = 'o-3001'").execute())
                .iterator().next();
        assertEquals(201, row.getInteger("status_code"));
        assertEquals(new JsonObject().put("first", true), row.getJsonObject("response"));
    }

    @Test
    void theDispatchSweepReadsOnlyReadyOrders() {
        OffsetDateTime before = Instant.now().atOffset(ZoneOffset.UTC);
        List<String> plan = plan(OrderStore.READY_SINCE, Tuple.of(before, null, null, 100));

        assertFalse(plan.stream().anyMatch(node -> node.startsWith("Seq Scan")), "no sequential scan: " + plan);
        assertTrue(plan.stream().anyMatch(node -> node.contains("orders_ready_idx")), "the partial index: " + plan);
    }

    @Test
    void theReaskOfQuietTripsReadsOnlyLiveTrips() {
        OffsetDateTime before = Instant.now().atOffset(ZoneOffset.UTC);
        List<String> plan = plan(TripStore.QUIET_LIVE, Tuple.of(before, 50));

        assertFalse(plan.stream().anyMatch(node -> node.startsWith("Seq Scan on trips")), "no sequential scan of the trips: " + plan);
        assertTrue(plan.stream().anyMatch(node -> node.contains("trips_live_quiet_idx")), "the partial index: " + plan);
    }

    @Test
    void theResourcingPassReadsOnlyOpenResourcings() {
        OffsetDateTime now = Instant.now().atOffset(ZoneOffset.UTC);
        List<String> plan = plan(ResourcingStore.CLAIM, Tuple.of(now.plusSeconds(30), now, 20));

        assertFalse(plan.stream().anyMatch(node -> node.startsWith("Seq Scan on resourcing")), "no sequential scan: " + plan);
        assertTrue(plan.stream().anyMatch(node -> node.contains("resourcing_open_idx")), "the partial index: " + plan);
    }

    @Test
    void countingTheOrdersInFlightReadsOnlyOrdersInFlight() {
        List<String> plan = plan(OrderStore.COUNT_IN_FLIGHT, Tuple.tuple());

        assertFalse(plan.stream().anyMatch(node -> node.startsWith("Seq Scan")), "no sequential scan: " + plan);
        java.util.Map<io.aisle.contracts.api.OrderStatus, Long> counts = await(new OrderStore().countInFlight(infra.pg));
        assertEquals((long) (HISTORY / 1000), counts.get(io.aisle.contracts.api.OrderStatus.READY), "the READY orders of the history: " + counts);
        assertEquals(0L, counts.get(io.aisle.contracts.api.OrderStatus.RECEIVED));
    }

    @Test
    void theHouseholdCountOfAnOrderReadsOnlyThatHouseholdsOrders() {
        Tuple args = Tuple.of(CLIENT, "hh-7", new String[] {RICE}, new Integer[] {720});
        List<String> plan = plan(OrderStore.HOUSEHOLD_BOUGHT, args);

        assertFalse(plan.stream().anyMatch(node -> node.startsWith("Seq Scan")), "no sequential scan: " + plan);
        assertTrue(plan.stream().anyMatch(node -> node.contains("orders_household_idx")), "the household index: " + plan);
    }

    @Test
    void theHouseholdCountSumsTheHouseholdsUnitsInTheWindow() {
        Row row = await(infra.pg.preparedQuery(OrderStore.HOUSEHOLD_BOUGHT)
                .execute(Tuple.of(CLIENT, "hh-7", new String[] {RICE}, new Integer[] {720}))).iterator().next();
        assertEquals(HISTORY / 500, row.getInteger("units"), "one bag on each of the household's orders (every 500th)");
    }

    /** The plan's nodes, each as "Node Type on relation using index". */
    private static List<String> plan(String sql, Tuple args) {
        Row row = await(infra.pg.preparedQuery("explain (format json) " + sql).execute(args)).iterator().next();
        Object json = row.getValue(0);
        JsonArray plans = json instanceof JsonArray array ? array : new JsonArray(String.valueOf(json));
        List<String> nodes = new ArrayList<>();
        collect(plans.getJsonObject(0).getJsonObject("Plan"), nodes);
        return nodes;
    }

    private static void collect(JsonObject node, List<String> nodes) {
        nodes.add(node.getString("Node Type") + " on " + node.getString("Relation Name", "-") + " using "
                + node.getString("Index Name", "-"));
        JsonArray children = node.getJsonArray("Plans", new JsonArray());
        for (int i = 0; i < children.size(); i++) {
            collect(children.getJsonObject(i), nodes);
        }
    }
}
