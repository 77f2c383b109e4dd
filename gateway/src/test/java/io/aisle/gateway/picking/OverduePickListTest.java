package io.aisle.gateway.picking;

import static io.aisle.gateway.outbox.OutboxFixtures.insertClient;
import static io.aisle.gateway.testing.Infra.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.api.LegLine;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.partner.PickResult;
import io.aisle.contracts.partner.PickResultLine;
import io.aisle.contracts.partner.PickStatus;
import io.aisle.contracts.value.Gtin;
import io.aisle.contracts.value.Money;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.reference.ReferenceVersions;
import io.aisle.gateway.order.HoldStore;
import io.aisle.gateway.order.IdempotencyKeyStore;
import io.aisle.gateway.order.OrderChanges;
import io.aisle.gateway.order.OrderStore;
import io.aisle.gateway.persistence.StoredJson;
import io.aisle.gateway.planning.wave.WaveRules;
import io.aisle.gateway.testing.Infra;
import io.aisle.testing.TestClock;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A store that never reports its pick list (its system went down after it took the list, or its result
 * was lost while no gateway ran): the pick list is sent once more when overdue, then the wave times
 * out, and the order moves on with a status the super-app sees: READY with the other stores' bags and
 * the silent store's lines refunded, or FAILED and refunded in full. Nothing is held or picked for it
 * at that store afterwards, and a result that comes after all changes nothing.
 */
class OverduePickListTest {

    private static final Gtin RICE = Gtin.fromPrefix("690000000051");
    private static final Duration MARGIN = Duration.ofMinutes(10);
    private static final Instant EXPECTED = Instant.parse("2026-12-01T08:00:00Z");
    private static Infra infra;
    private static TestClock clock;
    private static PickingService picking;
    private static Map<Gtin, Product> products;
    private static final List<String> readied = new ArrayList<>();

    @BeforeAll
    static void start() {
        infra = Infra.migrated();
        insertClient(infra.pg, "app-one", null, null);
        sql("insert into chains (chain_id, name, kind) values ('late-chain', 'Late', 'AISLE_PARTNER_API')");
        for (String store : List.of("answers", "silent")) {
            sql("insert into stores (store_id, chain_id, partner_store_id, name, lat, lon) values ('" + store + "', 'late-chain', '"
                    + store + "', 'Store', 30.59, 114.30)");
        }
        sql("insert into products (gtin, name, category, size_class, unit) values ('" + RICE.value() + "', 'Rice', 'rice', '5kg', 'bag')");
        clock = new TestClock(EXPECTED.minusSeconds(60));
        OrderStore orders = new OrderStore();
        OrderChanges changes = new OrderChanges(infra.pg, orders, new HoldStore(), new IdempotencyKeyStore(), clock,
                Duration.ofSeconds(30), () -> { });
        ProductCatalog catalog = new ProductCatalog(infra.pg, new ReferenceVersions(infra.redis));
        picking = new PickingService(infra.pg, orders, changes, new WaveStore(), catalog,
                new WaveRules(Duration.ofSeconds(3), 8, 200, Duration.ofSeconds(1), Duration.ofSeconds(5)), clock, () -> { },
                readied::addAll);
        products = await(catalog.byGtins(List.of(RICE)));
    }

    @AfterAll
    static void stop() {
        infra.close();
    }

    @Test
    void aSplitOrderWhoseSecondStoreNeverReportsGoesOutWithTheFirstStoresBagsAndTheRestRefunded() {
        pickingOrder("o-split", "answers", "silent");
        await(picking.onPickResult(result("pl-answers-o-split", "answers", "o-split"), products));
        assertEquals("PICKING", status("o-split"));

        clock.advance(Duration.ofSeconds(60).plus(MARGIN).plusSeconds(1));
        await(picking.handleOverdueWaves(MARGIN));
        assertEquals(1L, count("select count(*) from outbox where external_id = 'pl-silent-o-split:again'"),
                "the overdue pick list is sent to the silent store once more");
        await(picking.handleOverdueWaves(MARGIN));
        assertEquals(1L, count("select count(*) from outbox where external_id = 'pl-silent-o-split:again'"), "and only once");
        assertEquals("PICKING", status("o-split"), "it is given its margin once more");

        clock.advance(MARGIN.plusSeconds(1));
        await(picking.handleOverdueWaves(MARGIN));

        assertEquals("READY", status("o-split"), "the order goes out with the bags of the store that answered");
        assertTrue(readied.contains("o-split"), "and is handed to dispatch");
        Row money = row("select total_amount, charged_amount, refunded_amount from orders where order_id = 'o-split'");
        assertEquals(1990L, money.getLong(1), "the answered store's rice is charged");
        assertEquals(1990L, money.getLong(2), "the silent store's rice is refunded");
        assertEquals(money.getLong(0), money.getLong(1) + money.getLong(2), "money reconciles");
        assertEquals("TIMED_OUT", row("select status from waves where wave_id = 'w-silent-o-split'").getString(0));
        assertTrue(lastNote("o-split").contains("store silent did not report its pick list in time"), lastNote("o-split"));
        assertEquals(1L, count("select count(*) from outbox where external_id = 'cancel:o-split:silent'"),
                "the silent store is told the order is cancelled there");
        assertEquals(1L, count("select count(*) from outbox where external_id = 'release:h-o-split-silent'"), "and its hold released");
        assertEquals("HELD", row("select status from holds where hold_id = 'h-o-split-answers'").getString(0),
                "the answered store's hold is its bags'");
    }

    @Test
    void anOrderWhoseOnlyStoreNeverReportsFailsRefundedInFullAndALateResultChangesNothing() {
        pickingOrder("o-alone", "silent");
        clock.advance(MARGIN.multipliedBy(3));
        await(picking.handleOverdueWaves(MARGIN)); // sent again
        clock.advance(MARGIN.plusSeconds(1));
        await(picking.handleOverdueWaves(MARGIN)); // timed out

        assertEquals("FAILED", status("o-alone"), "the super-app is told the order failed");
        Row money = row("select total_amount, charged_amount, refunded_amount from orders where order_id = 'o-alone'");
        assertEquals(0L, money.getLong(1));
        assertEquals(money.getLong(0), money.getLong(2), "refunded in full");
        assertTrue(lastNote("o-alone").startsWith("nothing could be picked"), lastNote("o-alone"));
        assertTrue(count("select count(*) from outbox where topic = 'order.webhook' and aggregate_id = 'o-alone' and payload->'event'->>'status' = 'FAILED'") >= 1,
                "the change is pushed to the super-app");

        await(picking.onPickResult(result("pl-silent-o-alone", "silent", "o-alone"), products));
        assertEquals("FAILED", status("o-alone"), "a result after the time-out changes nothing");
    }

    /** An order in PICKING with a leg (and a held hold) in a submitted wave at each store, expected ready at {@link #EXPECTED}. */
    private static void pickingOrder(String orderId, String... stores) {
        JsonArray lines = StoredJson.array(List.of(LegLine.of(RICE, 1, Money.fen(1990))));
        await(infra.pg.preparedQuery("insert into orders (order_id, client_id, customer_ref, status, delivery_lat, delivery_lon, "
                + "accept_partial, request, total_amount, currency) values ($1, 'app-one', 'hh-1', 'PICKING', 30.59, 114.30, true, '{}', $2, 'CNY')")
                .execute(Tuple.of(orderId, 1990L * stores.length)));
        sql("insert into order_lines (order_id, line_no, gtin, quantity, substitution) values ('" + orderId + "', 0, '" + RICE.value()
                + "', " + stores.length + ", '{\"mode\": \"NONE\"}')");
        for (String store : stores) {
            String wave = "w-" + store + "-" + orderId;
            await(infra.pg.preparedQuery("""
                    insert into waves (wave_id, store_id, pick_list_id, status, reason, closed_at, expected_ready_at, pick_list)
                    values ($1, $2, $3, 'SUBMITTED', 'WINDOW', $4, $4, '{}')""")
                    .execute(Tuple.of(wave, store, "pl-" + store + "-" + orderId, EXPECTED.atOffset(ZoneOffset.UTC))));
            await(infra.pg.preparedQuery("""
                    insert into order_legs (order_id, store_id, status, subtotal, currency, lines, wave_id)
                    values ($1, $2, 'PICKING', 1990, 'CNY', $3, $4)""").execute(Tuple.of(orderId, store, lines, wave)));
            await(infra.pg.preparedQuery("""
                    insert into holds (hold_id, order_id, store_id, status, lines, expires_at)
                    values ($1, $2, $3, 'HELD', '[]', now() + interval '1 hour')""").execute(Tuple.of("h-" + orderId + "-" + store, orderId, store)));
        }
    }

    private static PickResult result(String pickListId, String storeId, String orderId) {
        return new PickResult(pickListId, storeId, true, clock.instant(),
                List.of(new PickResultLine(orderId, RICE, PickStatus.PICKED, 1, 1, null, 0, null)));
    }

    private static String status(String orderId) {
        return row("select status from orders where order_id = '" + orderId + "'").getString(0);
    }

    private static String lastNote(String orderId) {
        return row("select note from order_transitions where order_id = '" + orderId + "' order by seq desc limit 1").getString(0);
    }

    private static long count(String sql) {
        return row(sql).getLong(0);
    }

    private static Row row(String sql) {
        return await(infra.pg.query(sql).execute()).iterator().next();
    }

    private static void sql(String statement) {
        await(infra.pg.query(statement).execute());
    }
}
