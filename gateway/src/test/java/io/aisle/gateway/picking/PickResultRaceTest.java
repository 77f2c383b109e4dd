package io.aisle.gateway.picking;

import static io.aisle.gateway.outbox.OutboxFixtures.insertClient;
import static io.aisle.gateway.testing.Infra.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
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
 * An order split across two stores becomes READY when the pick results of its two legs arrive at the
 * same moment: each settlement sees the other once it committed, never an unsettled leg that is in
 * fact settled (write skew under READ COMMITTED left such orders in PICKING for good).
 */
class PickResultRaceTest {

    private static final Gtin RICE = Gtin.fromPrefix("690000000041");
    private static Infra infra;
    private static PickingService picking;
    private static Map<Gtin, Product> products;

    @BeforeAll
    static void start() {
        infra = Infra.migrated();
        insertClient(infra.pg, "app-one", null, null);
        sql("insert into chains (chain_id, name, kind) values ('race-chain', 'Race', 'AISLE_PARTNER_API')");
        for (String store : List.of("race-a", "race-b")) {
            sql("insert into stores (store_id, chain_id, partner_store_id, name, lat, lon) values ('" + store + "', 'race-chain', '"
                    + store + "', 'Race', 30.59, 114.30)");
        }
        sql("insert into products (gtin, name, category, size_class, unit) values ('" + RICE.value() + "', 'Rice', 'rice', '5kg', 'bag')");
        OrderStore orders = new OrderStore();
        Clock clock = Clock.systemUTC();
        OrderChanges changes = new OrderChanges(infra.pg, orders, new HoldStore(), new IdempotencyKeyStore(), clock,
                Duration.ofSeconds(30), () -> { });
        ProductCatalog catalog = new ProductCatalog(infra.pg, new ReferenceVersions(infra.redis));
        picking = new PickingService(infra.pg, orders, changes, new WaveStore(), catalog,
                new WaveRules(Duration.ofSeconds(3), 8, 200, Duration.ofSeconds(1), Duration.ofSeconds(5)), clock, () -> { }, ready -> { });
        products = await(catalog.byGtins(List.of(RICE)));
    }

    @AfterAll
    static void stop() {
        infra.close();
    }

    @Test
    void aSplitOrderBecomesReadyWhenBothLegsAreSettledAtTheSameMoment() {
        int rounds = 40;
        List<String> notReady = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            String orderId = "race-" + i;
            pickingOrder(orderId);
            Instant now = Instant.now();
            Future<Void> a = picking.onPickResult(result("pl-a-" + i, "race-a", orderId, now), products);
            Future<Void> b = picking.onPickResult(result("pl-b-" + i, "race-b", orderId, now), products);
            await(Future.join(a, b));
            String status = await(infra.pg.preparedQuery("select status from orders where order_id = $1").execute(Tuple.of(orderId)))
                    .iterator().next().getString(0);
            if (!"READY".equals(status)) {
                notReady.add(orderId + " " + status);
            }
        }
        assertEquals(List.of(), notReady, "every order whose two legs were settled is READY");
        assertEquals((long) rounds, await(infra.pg.query("select count(*) from order_transitions where status = 'READY'").execute())
                .iterator().next().getLong(0), "each became READY once");
    }

    /** An order in PICKING with a leg in a submitted wave at each of the two stores. */
    private static void pickingOrder(String orderId) {
        Money price = Money.fen(1990);
        io.vertx.core.json.JsonArray lines = StoredJson.array(List.of(LegLine.of(RICE, 1, price)));
        sql("insert into orders (order_id, client_id, customer_ref, status, delivery_lat, delivery_lon, accept_partial, request, "
                + "total_amount, currency) values ('" + orderId + "', 'app-one', 'hh-1', 'PICKING', 30.59, 114.30, true, '{}', 3980, 'CNY')");
        sql("insert into order_lines (order_id, line_no, gtin, quantity, substitution) values ('" + orderId + "', 0, '" + RICE.value()
                + "', 2, '{\"mode\": \"NONE\"}')");
        for (String store : List.of("a", "b")) {
            String wave = "w-" + store + "-" + orderId;
            await(infra.pg.preparedQuery("""
                    insert into waves (wave_id, store_id, pick_list_id, status, reason, closed_at, expected_ready_at, pick_list)
                    values ($1, $2, $3, 'SUBMITTED', 'WINDOW', now(), now(), '{}')""")
                    .execute(Tuple.of(wave, "race-" + store, "pl-" + store + "-" + orderId.substring("race-".length()))));
            await(infra.pg.preparedQuery("""
                    insert into order_legs (order_id, store_id, status, subtotal, currency, lines, wave_id)
                    values ($1, $2, 'PICKING', 1990, 'CNY', $3, $4)""")
                    .execute(Tuple.of(orderId, "race-" + store, lines, wave)));
        }
    }

    private static PickResult result(String pickListId, String storeId, String orderId, Instant at) {
        return new PickResult(pickListId, storeId, true, at.atOffset(ZoneOffset.UTC).toInstant(),
                List.of(new PickResultLine(orderId, RICE, PickStatus.PICKED, 1, 1, null, 0, null)));
    }

    private static void sql(String statement) {
        await(infra.pg.query(statement).execute());
    }
}
