package io.aisle.gateway.picking;

import static io.aisle.gateway.testing.Infra.await;
import static io.aisle.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.value.GeoPoint;
import io.aisle.gateway.Gateway;
import io.aisle.gateway.config.GatewayConfig;
import io.aisle.gateway.config.PgConfig;
import io.aisle.gateway.dev.DevFleet;
import io.aisle.gateway.testing.ContractCheck;
import io.aisle.gateway.testing.Infra;
import io.aisle.gateway.testing.TestConfig;
import io.aisle.gateway.testing.TestServers;
import io.aisle.simulator.catalogue.CatalogueItem;
import io.aisle.simulator.fleet.ChainSpec;
import io.aisle.simulator.fleet.FleetSpec;
import io.aisle.simulator.fleet.Store;
import io.aisle.simulator.fleet.Timings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fifty orders to five stores, from placement to the door, against the simulated chain and rider
 * dispatch over real HTTP: waves gather several orders, nearby drop-offs share trips, an order split
 * across two stores travels as one multi-pickup trip, every order ends DELIVERED and its money
 * reconciles.
 */
class OrderToDoorTest {

    private static final GeoPoint CENTRE = new GeoPoint(30.5928, 114.3055);
    /** Fifty orders through waves, picking and trips take a while on a busy machine. */
    private static final java.time.Duration PATIENCE = java.time.Duration.ofSeconds(60);
    private static Vertx fleetVertx;
    private static Vertx vertx;
    private static DevFleet fleet;
    private static Gateway gateway;
    private static Pool queries;
    private static WebClient client;

    @BeforeAll
    static void start() {
        fleetVertx = Vertx.vertx();
        vertx = Vertx.vertx();
        List<ChainSpec> chains = FleetSpec.defaultChains().stream()
                .map(c -> c.withStores(c.kind() == PartnerKind.AISLE_PARTNER_API ? 5 : 0)).toList();
        fleet = DevFleet.prepare(new FleetSpec(5L, chains, CENTRE, 0.8, 1.0, Timings.dev()), 0);
        PgConfig pg = TestServers.freshDatabase();
        ObjectNode overrides = JsonNodeFactory.instance.objectNode();
        overrides.putObject("quote").put("deadlineMs", 2000).put("radiusKm", 3).put("cacheTtlMs", 0);
        overrides.putObject("picking").put("waveWindowMs", 2500).put("waveMaxOrders", 12).put("pickBaseMs", 500)
                .put("pickPerLineMs", 50).put("checkPeriodMs", 250).put("redispatchBackoffMs", 1000);
        int port = io.aisle.gateway.dev.EmbeddedRedisServer.freePort();
        overrides.putObject("http").put("port", port);
        overrides.putObject("riderDispatch").put("baseUrl", fleet.baseUrl() + "/rider-dispatch")
                .put("apiKey", DevFleet.RIDER_API_KEY).put("signingSecret", DevFleet.RIDER_SIGNING_SECRET);
        GatewayConfig config = TestConfig.gateway(pg, TestServers.redis(), overrides).withChains(fleet.endpoints());
        gateway = await(Gateway.start(vertx, config));
        await(fleet.seed(gateway, true));
        await(fleet.serve(fleetVertx, "http://127.0.0.1:" + gateway.port()));
        queries = Infra.pool(vertx, pg);
        client = ContractCheck.webClient(vertx);
    }

    @AfterAll
    static void stop() {
        await(queries.close());
        await(gateway.stop());
        await(fleet.stop());
        await(vertx.close());
        await(fleetVertx.close());
    }

    @Test
    void fiftyOrdersToFiveStoresAllReachTheDoorInSharedWavesAndTrips() throws Exception {
        List<Store> stores = fleet.fleet().stores();
        List<CatalogueItem> items = fleet.fleet().catalogue().items();
        // one product only the first store has, one only the second: an order of both must split
        CatalogueItem onlyFirst = items.get(3);
        CatalogueItem onlySecond = items.get(11);
        for (int i = 0; i < stores.size(); i++) {
            stores.get(i).setAvailable(onlyFirst.gtin(), i == 0 ? 50 : 0);
            stores.get(i).setAvailable(onlySecond.gtin(), i == 1 ? 50 : 0);
        }
        Random random = new Random(3);
        List<Future<HttpResponse<Buffer>>> placed = new ArrayList<>();
        for (int i = 0; i < 49; i++) {
            Store near = stores.get(i % stores.size());
            // drop-offs in small neighbourhoods around each store, so several can share a trip
            GeoPoint to = new GeoPoint(near.location().lat() + (random.nextDouble() - 0.5) * 0.004,
                    near.location().lon() + (random.nextDouble() - 0.5) * 0.004);
            JsonArray lines = new JsonArray();
            for (int j = 0; j < 1 + random.nextInt(3); j++) {
                lines.add(new JsonObject().put("gtin", items.get(20 + random.nextInt(150)).gtin().value()).put("quantity", 1));
            }
            placed.add(place("door-" + i, to, dedupe(lines)));
        }
        JsonArray split = new JsonArray()
                .add(new JsonObject().put("gtin", onlyFirst.gtin().value()).put("quantity", 1))
                .add(new JsonObject().put("gtin", onlySecond.gtin().value()).put("quantity", 1));
        placed.add(place("door-split", stores.get(0).location(), split));
        await(Future.join(placed));

        List<String> orderIds = new ArrayList<>();
        String splitOrder = null;
        for (Future<HttpResponse<Buffer>> answer : placed) {
            assertEquals(201, answer.result().statusCode(), answer.result().bodyAsString());
            orderIds.add(answer.result().bodyAsJsonObject().getString("orderId"));
        }
        splitOrder = orderIds.get(orderIds.size() - 1);
        assertEquals(2, legsOf(splitOrder), "the split order has a leg at each of the two stores");

        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Map<String, Long> statuses = Map.of();
        while (System.nanoTime() < giveUp) {
            statuses = statuses(orderIds);
            if (statuses.getOrDefault("DELIVERED", 0L) == orderIds.size()) {
                break;
            }
            Thread.sleep(500);
        }
        assertEquals(Map.of("DELIVERED", (long) orderIds.size()), statuses, "every order reached the door");

        long waves = count("select count(*) from waves");
        long ordersInWaves = count("select count(*) from order_legs where wave_id is not null");
        assertTrue(waves < ordersInWaves, "waves gather several orders: " + waves + " waves for " + ordersInWaves + " legs");
        assertTrue(count("select coalesce(max(n), 0) from (select count(*) n from order_legs group by wave_id) w") >= 3,
                "some wave picked three or more orders together");
        assertTrue(count("select coalesce(max(n), 0) from (select count(*) n from trip_orders group by trip_id) t") >= 2,
                "nearby drop-offs shared a trip");
        List<Row> splitTrips = rows("select r.request from trip_orders t join trips r on r.trip_id = t.trip_id where t.order_id = $1",
                Tuple.of(splitOrder));
        assertEquals(1, splitTrips.size(), "the split order travelled on one trip");
        assertEquals(2, splitTrips.get(0).getJsonObject(0).getJsonArray("pickups").size(), "with a pickup at each store");

        for (Row order : rows("select order_id, total_amount, charged_amount, refunded_amount from orders where order_id = any($1)",
                Tuple.of((Object) orderIds.toArray(String[]::new)))) {
            long total = order.getLong("total_amount");
            long charged = order.getLong("charged_amount");
            long refunded = order.getLong("refunded_amount");
            assertEquals(total, charged + refunded, "money reconciles for " + order.getString("order_id"));
        }
        JsonObject timeline = await(client.get(gateway.port(), "127.0.0.1", "/v1/orders/" + splitOrder)
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).send()).bodyAsJsonObject();
        List<String> steps = new ArrayList<>();
        timeline.getJsonArray("timeline").forEach(t -> steps.add(((JsonObject) t).getString("status")));
        assertEquals(List.of("RECEIVED", "CONFIRMED", "PICKING", "READY", "DISPATCHED", "PICKED_UP", "DELIVERED"), steps);
    }

    @Test
    void aFailedTripIsDispatchedAgainAndTheSuperAppIsTold() throws Exception {
        Store store = fleet.fleet().stores().get(2);
        CatalogueItem item = fleet.fleet().catalogue().items().get(30);
        store.setAvailable(item.gtin(), 40);
        fleetPost("/rider-dispatch/sim/faults", new JsonObject().put("mode", "fail-trips"));
        String orderId;
        try {
            HttpResponse<Buffer> placed = await(place("door-redispatch", store.location(),
                    new JsonArray().add(new JsonObject().put("gtin", item.gtin().value()).put("quantity", 1))));
            assertEquals(201, placed.statusCode(), placed.bodyAsString());
            orderId = placed.bodyAsJsonObject().getString("orderId");
            String id = orderId;
            eventually(PATIENCE, "the first trip failed", () -> count("select count(*) from trips r join trip_orders t on t.trip_id = r.trip_id where t.order_id = '"
                    + id + "' and r.status = 'FAILED'") >= 1);
        } finally {
            fleetPost("/rider-dispatch/sim/faults", new JsonObject().put("mode", "none"));
        }
        String id = orderId;
        eventually(PATIENCE, "delivered on a later trip", () -> "DELIVERED".equals(statusOf(id)));
        List<String> steps = timeline(orderId);
        // the trip was requested ahead, while the bags were being picked: failed before they were ready, the order
        // simply stayed PICKING; failed after it was DISPATCHED, the super-app is told it is READY again
        assertEquals(List.of("READY", "DISPATCHED", "PICKED_UP", "DELIVERED"), steps.subList(steps.size() - 4, steps.size()),
                "delivered on the later trip: " + steps);
        for (int i = 0; i < steps.size() - 3; i++) {
            if ("DISPATCHED".equals(steps.get(i))) {
                assertEquals("READY", steps.get(i + 1), "the super-app saw the order ready again after the failed trip: " + steps);
            }
        }
        assertTrue(count("select count(*) from trip_orders where order_id = '" + orderId + "'") >= 2, "more than one trip");
    }

    @Test
    void dropOffInstructionsReachTheRiderAndTheHandoffComesBackOnDelivered() throws Exception {
        Store store = fleet.fleet().stores().get(3);
        CatalogueItem item = fleet.fleet().catalogue().items().get(40);
        store.setAvailable(item.gtin(), 40);
        JsonObject body = new JsonObject()
                .put("deliveryAddress", new JsonObject().put("lat", store.location().lat()).put("lon", store.location().lon()))
                .put("lines", new JsonArray().add(new JsonObject().put("gtin", item.gtin().value()).put("quantity", 1)))
                .put("customerRef", "hh-ward-3").put("acceptPartial", true)
                .put("dropoff", new JsonObject().put("mode", "HAND_TO_STAFF").put("note", "Ward 3 reception, ask for nurse Li"));
        HttpResponse<Buffer> placed = await(place("door-handoff", body, 5));
        assertEquals(201, placed.statusCode(), placed.bodyAsString());
        String orderId = placed.bodyAsJsonObject().getString("orderId");
        String code = placed.bodyAsJsonObject().getString("handoffCode");
        assertTrue(code != null && code.matches("[0-9]{6}"), "the super-app is given the order's handoff code: " + code);
        assertEquals(new JsonObject().put("mode", "HAND_TO_STAFF").put("note", "Ward 3 reception, ask for nurse Li"),
                placed.bodyAsJsonObject().getJsonObject("dropoff"));

        eventually(PATIENCE, "the order was delivered", () -> "DELIVERED".equals(statusOf(orderId)));

        HttpResponse<Buffer> received = await(client.get(fleet.port(), "127.0.0.1", "/rider-dispatch/sim/orders/" + orderId + "/dropoff")
                .send());
        assertEquals(200, received.statusCode(), received.bodyAsString());
        JsonObject dropoff = received.bodyAsJsonObject();
        assertEquals("HAND_TO_STAFF", dropoff.getString("mode"), "the rider was told how to hand the bags over: " + dropoff);
        assertEquals("Ward 3 reception, ask for nurse Li", dropoff.getString("instructions"));
        assertEquals(code, dropoff.getString("handoffCode"), "and the code the staff will tell");
        assertEquals(false, dropoff.getBoolean("contactless"));

        JsonObject order = await(client.get(gateway.port(), "127.0.0.1", "/v1/orders/" + orderId)
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).send()).bodyAsJsonObject();
        JsonObject handoff = order.getJsonObject("handoff");
        assertTrue(handoff != null, "GET shows how the order was handed over: " + order);
        assertEquals("HAND_TO_STAFF", handoff.getString("mode"));
        assertTrue(handoff.getBoolean("codeChecked"), "the rider was told the order's code");
        java.time.Instant.parse(handoff.getString("at")); // when the rider handed the bags over, as it reported
        assertEquals(code, order.getString("handoffCode"));

        List<Row> webhooks = rows("select payload from outbox where topic = 'order.webhook' and aggregate_id = $1 "
                + "and payload->'event'->>'status' = 'DELIVERED'", Tuple.of(orderId));
        assertEquals(1, webhooks.size());
        JsonObject pushed = webhooks.get(0).getJsonObject(0).getJsonObject("event").getJsonObject("handoff");
        assertEquals(handoff, pushed, "the DELIVERED event pushed to the super-app carries the handoff");
    }

    @Test
    void anOrderWithoutDropOffInstructionsIsHandedOverInPerson() throws Exception {
        Store store = fleet.fleet().stores().get(4);
        CatalogueItem item = fleet.fleet().catalogue().items().get(41);
        store.setAvailable(item.gtin(), 40);
        HttpResponse<Buffer> placed = await(place("door-in-person", store.location(),
                new JsonArray().add(new JsonObject().put("gtin", item.gtin().value()).put("quantity", 1))));
        assertEquals(201, placed.statusCode(), placed.bodyAsString());
        String orderId = placed.bodyAsJsonObject().getString("orderId");
        assertTrue(placed.bodyAsJsonObject().getValue("dropoff") == null, "no drop-off instructions, none shown");

        eventually(PATIENCE, "the order was delivered", () -> "DELIVERED".equals(statusOf(orderId)));

        JsonObject order = await(client.get(gateway.port(), "127.0.0.1", "/v1/orders/" + orderId)
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).send()).bodyAsJsonObject();
        assertEquals("IN_PERSON", order.getJsonObject("handoff").getString("mode"), order.encode());
        assertEquals(false, order.getJsonObject("handoff").getBoolean("codeChecked"), "no code was asked for");
    }

    @Test
    void shortLinesAreSubstitutedWhenTheCustomerAllowsItAndRefundedWhenNot() throws Exception {
        Store store = fleet.fleet().stores().get(3);
        List<CatalogueItem> items = fleet.fleet().catalogue().items();
        CatalogueItem similarOk = items.get(40);
        CatalogueItem noSubstitute = items.get(41);
        store.setAvailable(similarOk.gtin(), 30);
        store.setAvailable(noSubstitute.gtin(), 30);
        fleetPost("/sim/stores/" + store.id() + "/picking", new JsonObject().put("shortShare", 1.0).put("substitute", true));
        String orderId;
        try {
            JsonArray lines = new JsonArray()
                    .add(new JsonObject().put("gtin", similarOk.gtin().value()).put("quantity", 2)
                            .put("substitution", new JsonObject().put("mode", "SIMILAR")))
                    .add(new JsonObject().put("gtin", noSubstitute.gtin().value()).put("quantity", 1));
            HttpResponse<Buffer> placed = await(place("door-short", store.location(), lines));
            assertEquals(201, placed.statusCode(), placed.bodyAsString());
            orderId = placed.bodyAsJsonObject().getString("orderId");
            String id = orderId;
            eventually(PATIENCE, "picked", () -> List.of("READY", "DISPATCHED", "PICKED_UP", "DELIVERED").contains(statusOf(id)));
        } finally {
            fleetPost("/sim/stores/" + store.id() + "/picking", new JsonObject().put("shortShare", 0.0).put("substitute", false));
        }
        Row money = rows("select total_amount, charged_amount, refunded_amount from orders where order_id = $1", Tuple.of(orderId)).get(0);
        long total = money.getLong(0);
        long charged = money.getLong(1);
        long refunded = money.getLong(2);
        assertTrue(refunded > 0, "the line without a substitute policy was refunded");
        assertTrue(charged <= total, "never charged more than the order's total");
        JsonArray settlement = rows("select settlement from order_legs where order_id = $1", Tuple.of(orderId)).get(0)
                .getJsonObject(0).getJsonArray("lines");
        boolean substituted = false;
        for (Object line : settlement) {
            JsonObject outcome = (JsonObject) line;
            if (outcome.getString("requestedGtin").equals(similarOk.gtin().value())) {
                substituted = outcome.getInteger("substituteUnits") > 0;
            }
            if (outcome.getString("requestedGtin").equals(noSubstitute.gtin().value())) {
                assertEquals(0, outcome.getInteger("substituteUnits"), "NONE never takes a substitute");
                assertEquals(1, outcome.getInteger("shortUnits"), "the short unit is refunded");
            }
        }
        assertTrue(substituted, "the SIMILAR line took a product of the same category and size: " + settlement.encode());
    }

    private static void fleetPost(String path, JsonObject body) {
        HttpResponse<Buffer> response = await(client.post(fleet.port(), "127.0.0.1", path).sendJsonObject(body));
        assertTrue(response.statusCode() < 300, path + ": " + response.statusCode() + " " + response.bodyAsString());
    }

    private static String statusOf(String orderId) {
        return rows("select status from orders where order_id = $1", Tuple.of(orderId)).get(0).getString(0);
    }

    private static List<String> timeline(String orderId) {
        List<String> steps = new ArrayList<>();
        rows("select status from order_transitions where order_id = $1 order by seq", Tuple.of(orderId))
                .forEach(row -> steps.add(row.getString(0)));
        return steps;
    }

    private static JsonArray dedupe(JsonArray lines) {
        Map<String, JsonObject> byGtin = new HashMap<>();
        lines.forEach(l -> byGtin.putIfAbsent(((JsonObject) l).getString("gtin"), (JsonObject) l));
        return new JsonArray(new ArrayList<>(byGtin.values()));
    }

    private static Future<HttpResponse<Buffer>> place(String key, GeoPoint to, JsonArray lines) {
        JsonObject body = new JsonObject().put("deliveryAddress", new JsonObject().put("lat", to.lat()).put("lon", to.lon()))
                .put("lines", lines).put("customerRef", "hh-" + key).put("acceptPartial", true);
        return place(key, body, 5);
    }

    /**
     * As a super-app does: an order answered 503 (the gateway was too loaded to ask its stores, and stored
     * nothing) is sent again with the same key after its Retry-After, a few times at most.
     */
    private static Future<HttpResponse<Buffer>> place(String key, JsonObject body, int triesLeft) {
        return client.post(gateway.port(), "127.0.0.1", "/v1/orders").putHeader("Authorization", TestConfig.CLIENT_AUTH)
                .putHeader("Idempotency-Key", key).timeout(30_000).sendJsonObject(body).compose(answer -> {
                    if (answer.statusCode() != 503 || triesLeft <= 1) {
                        return Future.succeededFuture(answer);
                    }
                    long seconds = Long.parseLong(answer.getHeader("Retry-After"));
                    return vertx.timer(seconds * 1000).compose(ignored -> place(key, body, triesLeft - 1));
                });
    }

    private static Map<String, Long> statuses(List<String> orderIds) {
        Map<String, Long> counts = new HashMap<>();
        for (Row row : rows("select status, count(*) from orders where order_id = any($1) group by status",
                Tuple.of((Object) orderIds.toArray(String[]::new)))) {
            counts.put(row.getString(0), row.getLong(1));
        }
        return counts;
    }

    private static long legsOf(String orderId) {
        return rows("select count(*) from order_legs where order_id = $1", Tuple.of(orderId)).get(0).getLong(0);
    }

    private static long count(String sql) {
        return rows(sql, Tuple.tuple()).get(0).getLong(0);
    }

    private static List<Row> rows(String sql, Tuple args) {
        List<Row> rows = new ArrayList<>();
        await(queries.preparedQuery(sql).execute(args)).forEach(rows::add);
        return rows;
    }
}
