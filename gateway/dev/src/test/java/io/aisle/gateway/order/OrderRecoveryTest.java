package io.aisle.gateway.order;

import static io.aisle.gateway.testing.Infra.await;
import static io.aisle.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aisle.contracts.partner.Hold;
import io.aisle.contracts.value.GeoPoint;
import io.aisle.gateway.Gateway;
import io.aisle.gateway.config.GatewayConfig;
import io.aisle.gateway.config.PgConfig;
import io.aisle.gateway.config.RedisConfig;
import io.aisle.gateway.dev.DevFleet;
import io.aisle.gateway.testing.ContractCheck;
import io.aisle.gateway.testing.TestConfig;
import io.aisle.gateway.testing.TestServers;
import io.aisle.simulator.catalogue.CatalogueItem;
import io.aisle.simulator.fleet.ChainSpec;
import io.aisle.simulator.fleet.FleetSpec;
import io.aisle.simulator.fleet.Timings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A gateway stops between taking holds and confirming (its process dies at that point); another
 * instance on the same PostgreSQL and Redis finishes the order, and the simulated stores hold exactly
 * what live orders hold. Partners are the simulator fleet, over real HTTP.
 */
class OrderRecoveryTest {

    private static final GeoPoint CENTRE = new GeoPoint(30.5928, 114.3055);
    private static Vertx fleetVertx;
    private static DevFleet fleet;
    private static PgConfig pg;
    private static RedisConfig redis;
    private static io.vertx.sqlclient.Pool queries;

    @BeforeAll
    static void startFleet() {
        fleetVertx = Vertx.vertx();
        List<ChainSpec> chains = FleetSpec.defaultChains().stream()
                .map(c -> c.withStores(c.kind() == io.aisle.contracts.partner.PartnerKind.PUSH_ONLY ? 0 : 6)).toList();
        fleet = DevFleet.prepare(new FleetSpec(11L, chains, CENTRE, 1.0, 1.0, Timings.dev()), 0);
        await(fleet.serve(fleetVertx, "http://127.0.0.1:9"));
        pg = TestServers.freshDatabase();
        redis = TestServers.redis();
        io.aisle.gateway.migration.Migrations.apply(pg);
        queries = io.aisle.gateway.testing.Infra.pool(fleetVertx, pg);
    }

    @AfterAll
    static void stopFleet() {
        await(queries.close());
        await(fleet.stop());
        await(fleetVertx.close());
    }

    private static GatewayConfig config() {
        ObjectNode overrides = JsonNodeFactory.instance.objectNode();
        overrides.putObject("quote").put("deadlineMs", 2000).put("radiusKm", 3);
        overrides.putObject("orders").put("leaseMs", 500).put("recoveryPeriodMs", 200);
        return TestConfig.gateway(pg, redis, overrides).withChains(fleet.endpoints());
    }

    @Test
    void anotherInstanceFinishesAnOrderACrashLeftHalfWayAndNoHoldLeaks() throws Exception {
        // the first instance dies right after its holds were taken
        CountDownLatch holdsTaken = new CountDownLatch(1);
        Vertx doomed = Vertx.vertx();
        Checkpoint dieAfterHolds = (step, orderId) -> {
            holdsTaken.countDown();
            return Promise.<Void>promise().future();
        };
        Gateway first = await(Gateway.start(doomed, config(), java.time.Clock.systemUTC(), dieAfterHolds));
        // open around the clock: the test must not depend on the hour it runs at in Wuhan
        await(fleet.seed(first, true));
        first.recovery().stop();
        WebClient client = ContractCheck.webClient(doomed);
        JsonObject body = basket();
        // a cold JVM's first partner calls outlast the call timeout: warm the path as a running gateway is
        JsonObject quote = new JsonObject().put("deliveryAddress", body.getJsonObject("deliveryAddress")).put("lines", body.getJsonArray("lines"));
        for (int i = 0; i < 10; i++) {
            await(client.post(first.port(), "127.0.0.1", "/v1/quotes").putHeader("Authorization", TestConfig.CLIENT_AUTH)
                    .sendJsonObject(quote));
        }
        client.post(first.port(), "127.0.0.1", "/v1/orders").putHeader("Authorization", TestConfig.CLIENT_AUTH)
                .putHeader("Idempotency-Key", "crash-1").sendJsonObject(body);
        assertTrue(holdsTaken.await(30, TimeUnit.SECONDS), () -> "the saga reached its holds; orders: "
                + await(queries.preparedQuery("select status, store_report from orders").execute()).iterator().next().toJson());
        String orderId = onlyOrder();
        assertEquals("RECEIVED", status(orderId), "taken holds, no confirmation yet");
        Set<String> heldAtStores = openHoldsAtStores(orderId);
        assertFalse(heldAtStores.isEmpty(), "the stores hold stock for the order");
        await(doomed.close()); // the process is gone: no shutdown work, no answer to the client

        Vertx survivorVertx = Vertx.vertx();
        try {
            Gateway survivor = await(Gateway.start(survivorVertx, config()));
            eventually("recovery confirmed the order", () -> "CONFIRMED".equals(status(orderId)));

            assertEquals(heldAtStores, openHoldsAtStores(orderId), "the same holds, asked again, not taken twice");
            assertEquals(openHoldsAtStoresOfAnyOrder(), holdsOfLiveOrders(), "open holds at the stores equal the holds of live orders");

            HttpResponse<Buffer> retry = await(ContractCheck.webClient(survivorVertx).post(survivor.port(), "127.0.0.1", "/v1/orders")
                    .putHeader("Authorization", TestConfig.CLIENT_AUTH).putHeader("Idempotency-Key", "crash-1")
                    .sendJsonObject(body));
            assertEquals(201, retry.statusCode(), retry.bodyAsString());
            assertEquals(orderId, retry.bodyAsJsonObject().getString("orderId"), "the client's retry gets the recovered order");
            assertEquals("CONFIRMED", retry.bodyAsJsonObject().getString("status"));
            await(survivor.stop());
        } finally {
            await(survivorVertx.close());
        }
    }

    private static Set<String> openHoldsAtStoresOfAnyOrder() {
        Set<String> held = new HashSet<>();
        for (var store : fleet.fleet().stores()) {
            for (Hold hold : store.openHolds()) {
                held.add(hold.holdId() + "@" + store.id());
            }
        }
        return held;
    }

    private static JsonObject basket() {
        List<CatalogueItem> items = fleet.fleet().catalogue().items();
        JsonArray lines = new JsonArray()
                .add(new JsonObject().put("gtin", items.get(0).gtin().value()).put("quantity", 2))
                .add(new JsonObject().put("gtin", items.get(7).gtin().value()).put("quantity", 1));
        return new JsonObject().put("deliveryAddress", new JsonObject().put("lat", CENTRE.lat()).put("lon", CENTRE.lon()))
                .put("lines", lines).put("customerRef", "hh-crash").put("acceptPartial", true);
    }

    /** hold id -> store, as the simulated stores hold them for this order. */
    private static Set<String> openHoldsAtStores(String orderId) {
        Set<String> held = new HashSet<>();
        for (var store : fleet.fleet().stores()) {
            for (Hold hold : store.openHolds()) {
                if (hold.orderId().equals(orderId)) {
                    held.add(hold.holdId() + "@" + store.id());
                }
            }
        }
        return held;
    }

    private static Set<String> holdsOfLiveOrders() {
        Set<String> held = new HashSet<>();
        var rows = await(queries.preparedQuery("""
                select h.hold_id, h.store_id from holds h join orders o on o.order_id = h.order_id
                where h.status = 'HELD' and o.status not in ('CANCELLED', 'REJECTED', 'FAILED')""").execute(Tuple.tuple()));
        for (Row row : rows) {
            held.add(row.getString(0) + "@" + row.getString(1));
        }
        return held;
    }

    private static String onlyOrder() {
        var rows = await(queries.preparedQuery("select order_id from orders where customer_ref = 'hh-crash'")
                .execute(Tuple.tuple()));
        assertEquals(1, rows.size());
        return rows.iterator().next().getString(0);
    }

    private static String status(String orderId) {
        return await(queries.preparedQuery("select status from orders where order_id = $1").execute(Tuple.of(orderId)))
                .iterator().next().getString(0);
    }
}
