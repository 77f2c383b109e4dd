package io.aisle.gateway.picking;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static io.aisle.gateway.testing.Infra.await;
import static io.aisle.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.aisle.adapters.signing.HmacSigner;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.value.Gtin;
import io.aisle.gateway.Gateway;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.order.Checkpoint;
import io.aisle.gateway.testing.ContractCheck;
import io.aisle.gateway.testing.StubbedPartner;
import io.aisle.gateway.testing.TestConfig;
import io.aisle.gateway.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Units a store picks short, as a household that asked for them to be re-sourced meets them: two stores of a chain
 * played by WireMock, 100 m apart, the nearer one given the order and picking some rice short; the other one has it
 * (or not). Pick results come back as the chain's signed callbacks; trips go to rider dispatch played by the same stub.
 */
class ShortageResourcingTest {

    private static final Gtin RICE = Gtin.fromPrefix("690000000071");
    private static final Gtin FLOUR = Gtin.fromPrefix("690000000072");
    private static final int RICE_PRICE = 5990;
    private static final int FLOUR_PRICE = 2150;
    /** Orders whose re-sourcing hold answer is lost once, as if the instance died right after the store answered. */
    private static final Set<String> CRASH_AFTER_HOLD = ConcurrentHashMap.newKeySet();

    private static StubbedPartner partner;
    private static Vertx vertx;
    private static Gateway gateway;
    private static WebClient client;

    @BeforeAll
    static void start() {
        partner = new StubbedPartner();
        vertx = Vertx.vertx();
        ObjectNode overrides = JsonNodeFactory.instance.objectNode();
        overrides.putObject("quote").put("deadlineMs", 2000).put("cacheTtlMs", 0).put("radiusKm", 1);
        partner.addChains(overrides.putArray("chains"), 1500, "aisle-mart");
        overrides.putObject("picking").put("waveWindowMs", 200).put("pickBaseMs", 0).put("pickPerLineMs", 0).put("checkPeriodMs", 100);
        // a short lease: a pass that died is taken over within a second
        overrides.putObject("orders").put("leaseMs", 1000);
        overrides.putObject("riderDispatch").put("baseUrl", partner.server().baseUrl() + "/rider-dispatch");
        Checkpoint crashOnce = (step, orderId) -> step == Checkpoint.Step.RESOURCE_HOLD_ANSWERED && CRASH_AFTER_HOLD.remove(orderId)
                ? Future.failedFuture(new IllegalStateException("the instance died"))
                : Future.succeededFuture();
        gateway = await(Gateway.start(vertx, TestConfig.gateway(TestServers.freshDatabase(), TestServers.redis(), overrides),
                Clock.systemUTC(), crashOnce));
        client = ContractCheck.webClient(vertx);
        await(gateway.catalog().upsert(List.of(
                new ProductCatalog.Entry(new Product(RICE, "Jasmine Rice 5 kg", "Golden Dragon", "rice", "5kg", "5 kg bag"), 5000, false),
                new ProductCatalog.Entry(new Product(FLOUR, "Wheat Flour 2.5 kg", "Xiangxue", "flour", "2.5kg", "2.5 kg bag"), 2500, false))));
        partner.server().stubFor(put(urlMatching("/aisle-partner/v1/stores/.*/pick-lists/.*")).willReturn(aResponse().withStatus(202)));
        partner.server().stubFor(put(urlMatching("/rider-dispatch/v1/trips/.*")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"tripId\":\"{{request.pathSegments.[3]}}\",\"status\":\"REQUESTED\"}")
                .withTransformers("response-template")));
        partner.server().stubFor(post(urlMatching("/rider-dispatch/v1/trips/.*/cancel")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"tripId\":\"{{request.pathSegments.[3]}}\",\"status\":\"CANCELLED\"}")
                .withTransformers("response-template")));
    }

    private static Set<String> pickupStores(LoggedRequest trip) {
        return new JsonObject(trip.getBodyAsString()).getJsonArray("pickups").stream()
                .map(p -> ((JsonObject) p).getString("storeId")).collect(Collectors.toSet());
    }

    @AfterAll
    static void stop() {
        await(gateway.stop());
        await(vertx.close());
        partner.close();
    }

    @Test
    void aShortLineIsResourcedAtAnotherStore() {
        StubbedPartner.Cluster stores = twoStores(Map.of(RICE, new int[] {20, RICE_PRICE}, FLOUR, new int[] {20, FLOUR_PRICE}));
        HttpResponse<Buffer> placed = place(stores, "hh-resourced", "RESOURCE");
        assertEquals(201, placed.statusCode(), placed.bodyAsString());
        assertEquals("RESOURCE", placed.bodyAsJsonObject().getString("shortages"), "the answer says what becomes of short units");
        String orderId = placed.bodyAsJsonObject().getString("orderId");
        String storeA = onlyLegStore(placed.bodyAsJsonObject());
        String storeB = storeA.equals(stores.id(0)) ? stores.id(1) : stores.id(0);

        // store A finds three of the five bags of rice
        report(storeA, pickListFor(storeA, orderId), orderId, Map.of(RICE, 3, FLOUR, 1));

        JsonObject second = pickListFor(storeB, orderId);
        assertEquals(Map.of(RICE, 2), unitsFor(second, orderId), "store B is asked to pick the two bags A was short of");
        JsonObject waiting = get(orderId);
        assertEquals("PICKING", waiting.getString("status"), "the order waits for the re-sourced leg: " + waiting.encode());
        assertEquals(Map.of(storeA, Map.of(RICE, 3, FLOUR, 1), storeB, Map.of(RICE, 2)), legUnits(waiting), waiting.encode());
        JsonObject resourced = changeEntry(waiting, "RESOURCED");
        assertNotNull(resourced, "the timeline tells the household: " + waiting.encode());
        assertEquals("PICKING", resourced.getString("status"), "a change within the status");
        assertTrue(resourced.getString("note").contains(storeB), resourced.encode());
        assertEquals(1, partner.server().findAll(putRequestedFor(urlMatching(stores.holdsPath(stores.ids.indexOf(storeB))))).size(),
                "one hold at store B");

        report(storeB, second, orderId, Map.of(RICE, 2));

        eventually("the order is ready and handed to a rider", () -> List.of("READY", "DISPATCHED").contains(get(orderId).getString("status")));
        Row money = row("select total_amount, charged_amount, refunded_amount from orders where order_id = $1", orderId);
        assertEquals(5L * RICE_PRICE + FLOUR_PRICE, money.getLong(0));
        assertEquals(money.getLong(0), money.getLong(1), "every unit is charged: the two bags came from store B");
        assertEquals(0L, money.getLong(2), "nothing refunded");
        // a rider requested ahead, while store A was picking, came for A's bags only: that trip is withdrawn
        LoggedRequest trip = eventually("rider dispatch was asked for a trip with both stores' bags", () -> partner.server()
                .findAll(putRequestedFor(urlMatching("/rider-dispatch/v1/trips/.*"))).stream()
                .filter(r -> r.getBodyAsString().contains(orderId) && pickupStores(r).size() == 2).findFirst().orElse(null),
                r -> r != null);
        assertEquals(Set.of(storeA, storeB), pickupStores(trip), "both stores' bags travel on one trip: " + trip.getBodyAsString());
        List<String> tripsOfOrder = partner.server().findAll(putRequestedFor(urlMatching("/rider-dispatch/v1/trips/.*"))).stream()
                .filter(r -> r.getBodyAsString().contains(orderId)).map(r -> new JsonObject(r.getBodyAsString()).getString("tripId"))
                .distinct().toList();
        for (String earlier : tripsOfOrder.subList(0, tripsOfOrder.size() - 1)) {
            eventually("trip " + earlier + ", without store B's pickup, is cancelled at rider dispatch", () -> partner.server()
                    .findAll(postRequestedFor(urlEqualTo("/rider-dispatch/v1/trips/" + earlier + "/cancel"))).size(), n -> n == 1);
        }
        JsonObject pushed = row("select payload from outbox where topic = 'order.webhook' and aggregate_id = $1 "
                + "and payload->'event'->>'change' = 'RESOURCED'", orderId).getJsonObject(0).getJsonObject("event");
        assertEquals("PICKING", pushed.getString("status"), "the super-app is told by webhook too: " + pushed.encode());
        assertEquals("PICKING", pushed.getString("previousStatus"));
    }

    @Test
    void unitsNoOtherStoreHasAreRefundedAndTheOrderStillCompletes() {
        StubbedPartner.Cluster stores = partner.cluster(gateway, "aisle-mart", 2);
        stores.answering(Map.of(RICE, new int[] {20, RICE_PRICE}, FLOUR, new int[] {20, FLOUR_PRICE}), 0);
        stores.answering(Map.of(FLOUR, new int[] {20, FLOUR_PRICE}), 1);
        stores.holding(0, 1);
        HttpResponse<Buffer> placed = place(stores, "hh-nowhere", "RESOURCE");
        assertEquals(201, placed.statusCode(), placed.bodyAsString());
        String orderId = placed.bodyAsJsonObject().getString("orderId");
        assertEquals(stores.id(0), onlyLegStore(placed.bodyAsJsonObject()));

        report(stores.id(0), pickListFor(stores.id(0), orderId), orderId, Map.of(RICE, 3, FLOUR, 1));

        eventually("the order is ready", () -> List.of("READY", "DISPATCHED").contains(get(orderId).getString("status")));
        JsonObject order = get(orderId);
        JsonObject failed = changeEntry(order, "RESOURCE_FAILED");
        assertNotNull(failed, "the timeline says the units could not be re-sourced: " + order.encode());
        assertTrue(failed.getString("note").contains("refunded"), failed.encode());
        assertEquals(Map.of(stores.id(0), Map.of(RICE, 5, FLOUR, 1)), legUnits(order), "no new leg");
        assertTrue(partner.server().findAll(postRequestedFor(urlEqualTo(stores.stockPath(1)))).size() > 0, "store B was asked");
        assertEquals(0, partner.server().findAll(putRequestedFor(urlMatching(stores.holdsPath(1)))).size(), "nothing held there");
        Row money = row("select total_amount, charged_amount, refunded_amount from orders where order_id = $1", orderId);
        assertEquals(2L * RICE_PRICE, money.getLong(2), "the two bags are refunded");
        assertEquals(money.getLong(0), money.getLong(1) + money.getLong(2), "charged + refunded = total");
        assertEquals("REFUNDED", row("select status from resourcing where order_id = $1", orderId).getString(0));
    }

    @Test
    void byDefaultShortUnitsAreRefundedAtOnceAndNoOtherStoreIsAsked() {
        StubbedPartner.Cluster stores = twoStores(Map.of(RICE, new int[] {20, RICE_PRICE}, FLOUR, new int[] {20, FLOUR_PRICE}));
        HttpResponse<Buffer> placed = place(stores, "hh-default", null);
        assertEquals(201, placed.statusCode(), placed.bodyAsString());
        String orderId = placed.bodyAsJsonObject().getString("orderId");
        String storeA = onlyLegStore(placed.bodyAsJsonObject());
        assertEquals("REFUND", get(orderId).getString("shortages"), "GET shows the default");
        int asked = partner.server().findAll(postRequestedFor(urlMatching("/aisle-partner/v1/stores/" + stores.prefix + ".*/stock-queries")))
                .size();

        report(storeA, pickListFor(storeA, orderId), orderId, Map.of(RICE, 3, FLOUR, 1));

        eventually("the order is ready", () -> List.of("READY", "DISPATCHED").contains(get(orderId).getString("status")));
        JsonObject order = get(orderId);
        assertEquals(Map.of(storeA, Map.of(RICE, 5, FLOUR, 1)), legUnits(order), "no new leg");
        assertEquals(null, changeEntry(order, "RESOURCED"));
        assertEquals(null, changeEntry(order, "RESOURCE_FAILED"));
        Row money = row("select total_amount, charged_amount, refunded_amount from orders where order_id = $1", orderId);
        assertEquals(2L * RICE_PRICE, money.getLong(2), "the two bags are refunded");
        assertEquals(money.getLong(0), money.getLong(1) + money.getLong(2));
        assertEquals(asked, partner.server().findAll(postRequestedFor(urlMatching("/aisle-partner/v1/stores/" + stores.prefix
                + ".*/stock-queries"))).size(), "no store was asked again");
        assertEquals(0L, row("select count(*) from resourcing where order_id = $1", orderId).getLong(0));
    }

    @Test
    void aPassThatDiesAfterTheStoreHeldAndPassesRunningTwiceMakeOneHoldAndOneLeg() {
        StubbedPartner.Cluster stores = twoStores(Map.of(RICE, new int[] {20, RICE_PRICE}, FLOUR, new int[] {20, FLOUR_PRICE}));
        HttpResponse<Buffer> placed = place(stores, "hh-crash", "RESOURCE");
        assertEquals(201, placed.statusCode(), placed.bodyAsString());
        String orderId = placed.bodyAsJsonObject().getString("orderId");
        String storeA = onlyLegStore(placed.bodyAsJsonObject());
        String storeB = storeA.equals(stores.id(0)) ? stores.id(1) : stores.id(0);
        CRASH_AFTER_HOLD.add(orderId);

        report(storeA, pickListFor(storeA, orderId), orderId, Map.of(RICE, 3, FLOUR, 1));
        // other instances' passes at the same time: each row is worked by one of them at a time
        List<Future<Integer>> passes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            passes.add(gateway.resourcing().runOnce());
        }
        await(Future.join(passes));

        JsonObject second = pickListFor(storeB, orderId);
        assertEquals(Map.of(RICE, 2), unitsFor(second, orderId));
        assertTrue(!CRASH_AFTER_HOLD.contains(orderId), "the first pass died after the store held the units");
        List<LoggedRequest> holdsAtB = partner.server().findAll(putRequestedFor(urlMatching(stores.holdsPath(stores.ids.indexOf(storeB)))));
        assertTrue(holdsAtB.size() >= 2, "the store was asked again after the pass died: " + holdsAtB.size());
        assertEquals(1, holdsAtB.stream().map(LoggedRequest::getUrl).distinct().count(), "always for the same hold");
        await(gateway.resourcing().runOnce());
        assertEquals(1L, row("select count(*) from holds where order_id = $1 and store_id = $2", orderId, storeB).getLong(0),
                "one hold recorded there");
        assertEquals(1L, row("select count(*) from order_legs where order_id = $1 and store_id = $2", orderId, storeB).getLong(0),
                "one leg there");
        assertEquals(1L, row("select count(*) from order_transitions where order_id = $1 and change = 'RESOURCED'", orderId).getLong(0),
                "told once");

        report(storeB, second, orderId, Map.of(RICE, 2));
        eventually("the order is ready", () -> List.of("READY", "DISPATCHED").contains(get(orderId).getString("status")));
        Row money = row("select total_amount, charged_amount, refunded_amount from orders where order_id = $1", orderId);
        assertEquals(money.getLong(0), money.getLong(1), "every unit charged once");
    }

    @Test
    void aStoreThatRefusesTheHoldIsLeftOutAndTheNextOneHoldsThem() {
        StubbedPartner.Cluster stores = partner.cluster(gateway, "aisle-mart", 3);
        stores.answering(Map.of(RICE, new int[] {20, RICE_PRICE}, FLOUR, new int[] {20, FLOUR_PRICE}), 0, 1, 2);
        stores.holding(0, 1, 2);
        HttpResponse<Buffer> placed = place(stores, "hh-refused-hold", "RESOURCE");
        assertEquals(201, placed.statusCode(), placed.bodyAsString());
        String orderId = placed.bodyAsJsonObject().getString("orderId");
        assertEquals(stores.id(0), onlyLegStore(placed.bodyAsJsonObject()), "the nearest store has it all");
        // the next nearest says it has the rice, but it is gone by the time the hold arrives
        stores.refusingHolds(1);

        report(stores.id(0), pickListFor(stores.id(0), orderId), orderId, Map.of(RICE, 3, FLOUR, 1));

        JsonObject third = pickListFor(stores.id(2), orderId);
        assertEquals(Map.of(RICE, 2), unitsFor(third, orderId), "the store after it picks the two bags");
        assertEquals(1, partner.server().findAll(putRequestedFor(urlMatching(stores.holdsPath(1)))).size(),
                "the store that refused was asked once");
        assertEquals("FAILED", row("select status from holds where order_id = $1 and store_id = $2", orderId, stores.id(1)).getString(0));
        JsonObject order = get(orderId);
        assertEquals(Map.of(stores.id(0), Map.of(RICE, 3, FLOUR, 1), stores.id(2), Map.of(RICE, 2)), legUnits(order), order.encode());
        report(stores.id(2), third, orderId, Map.of(RICE, 2));
        eventually("the order is ready", () -> List.of("READY", "DISPATCHED").contains(get(orderId).getString("status")));
    }

    @Test
    void anUnknownShortagePolicyIs400() {
        StubbedPartner.Cluster stores = twoStores(Map.of(FLOUR, new int[] {20, FLOUR_PRICE}));
        HttpResponse<Buffer> refused = await(client.post(gateway.port(), "127.0.0.1", "/v1/orders")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).putHeader("Idempotency-Key", UUID.randomUUID().toString())
                .sendJsonObject(stores.basket(Map.of(FLOUR, 1)).put("customerRef", "hh-bad").put("shortages", "LATER")));
        assertEquals(400, refused.statusCode(), refused.bodyAsString());
        assertEquals(ContractCheck.PROBLEM_JSON, refused.getHeader("Content-Type"));
        assertTrue(refused.bodyAsString().contains("shortages"), refused.bodyAsString());
    }

    private static StubbedPartner.Cluster twoStores(Map<Gtin, int[]> stock) {
        StubbedPartner.Cluster stores = partner.cluster(gateway, "aisle-mart", 2);
        stores.answering(stock, 0, 1);
        stores.holding(0, 1);
        return stores;
    }

    private static HttpResponse<Buffer> place(StubbedPartner.Cluster stores, String customerRef, String shortages) {
        JsonObject body = stores.basket(new LinkedHashMap<>(Map.of(RICE, 5, FLOUR, 1))).put("customerRef", customerRef)
                .put("acceptPartial", true);
        if (shortages != null) {
            body.put("shortages", shortages);
        }
        return await(client.post(gateway.port(), "127.0.0.1", "/v1/orders").putHeader("Authorization", TestConfig.CLIENT_AUTH)
                .putHeader("Idempotency-Key", UUID.randomUUID().toString()).timeout(10_000).sendJsonObject(body));
    }

    private static String onlyLegStore(JsonObject order) {
        JsonArray legs = order.getJsonArray("legs");
        assertEquals(1, legs.size(), "the whole basket at one store: " + order.encode());
        return legs.getJsonObject(0).getString("storeId");
    }

    /** The pick list the store was sent with the order in it. */
    private static JsonObject pickListFor(String storeId, String orderId) {
        LoggedRequest sent = eventually("store " + storeId + " was sent a pick list of order " + orderId, () -> partner.server()
                .findAll(putRequestedFor(urlMatching("/aisle-partner/v1/stores/" + storeId + "/pick-lists/.*"))).stream()
                .filter(r -> r.getBodyAsString().contains(orderId)).findFirst().orElse(null), r -> r != null);
        return new JsonObject(sent.getBodyAsString());
    }

    private static Map<Gtin, Integer> unitsFor(JsonObject pickList, String orderId) {
        Map<Gtin, Integer> units = new LinkedHashMap<>();
        for (Object line : pickList.getJsonArray("lines")) {
            for (Object split : ((JsonObject) line).getJsonArray("orders")) {
                if (orderId.equals(((JsonObject) split).getString("orderId"))) {
                    units.merge(Gtin.of(((JsonObject) line).getString("gtin")), ((JsonObject) split).getInteger("quantity"), Integer::sum);
                }
            }
        }
        return units;
    }

    /** The store reports its pick list picked: the order's units as {@code picked} says, everyone else's in full. */
    private static void report(String storeId, JsonObject pickList, String orderId, Map<Gtin, Integer> picked) {
        JsonArray lines = new JsonArray();
        for (Object line : pickList.getJsonArray("lines")) {
            Gtin gtin = Gtin.of(((JsonObject) line).getString("gtin"));
            for (Object split : ((JsonObject) line).getJsonArray("orders")) {
                String order = ((JsonObject) split).getString("orderId");
                int requested = ((JsonObject) split).getInteger("quantity");
                int found = order.equals(orderId) ? picked.getOrDefault(gtin, 0) : requested;
                lines.add(new JsonObject().put("orderId", order).put("gtin", gtin.value())
                        .put("status", found == requested ? "PICKED" : "SHORT").put("requested", requested).put("picked", found));
            }
        }
        byte[] result = new JsonObject().put("pickListId", pickList.getString("pickListId")).put("storeId", storeId)
                .put("ready", true).put("at", Instant.now().toString()).put("lines", lines).toBuffer().getBytes();
        HmacSigner.Signature signature = new HmacSigner(StubbedPartner.SIGNING_SECRET).sign(result);
        HttpResponse<Buffer> reported = await(client.post(gateway.port(), "127.0.0.1", "/partner/v1/chains/aisle-mart/pick-results")
                .putHeader("Content-Type", "application/json")
                .putHeader(HmacSigner.TIMESTAMP_HEADER, signature.timestamp())
                .putHeader(HmacSigner.NONCE_HEADER, signature.nonce())
                .putHeader(HmacSigner.SIGNATURE_HEADER, signature.signature())
                .sendBuffer(Buffer.buffer(result)));
        assertEquals(202, reported.statusCode(), reported.bodyAsString());
    }

    private static JsonObject get(String orderId) {
        HttpResponse<Buffer> answer = await(client.get(gateway.port(), "127.0.0.1", "/v1/orders/" + orderId)
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).send());
        assertEquals(200, answer.statusCode(), answer.bodyAsString());
        return answer.bodyAsJsonObject();
    }

    /** Units of each product per leg of the order, by store. */
    private static Map<String, Map<Gtin, Integer>> legUnits(JsonObject order) {
        Map<String, Map<Gtin, Integer>> legs = new LinkedHashMap<>();
        for (Object leg : order.getJsonArray("legs")) {
            Map<Gtin, Integer> units = new LinkedHashMap<>();
            for (Object line : ((JsonObject) leg).getJsonArray("lines")) {
                units.merge(Gtin.of(((JsonObject) line).getString("gtin")), ((JsonObject) line).getInteger("quantity"), Integer::sum);
            }
            legs.put(((JsonObject) leg).getString("storeId"), units);
        }
        return legs;
    }

    /** The order's timeline entry with that change, or null. */
    private static JsonObject changeEntry(JsonObject order, String change) {
        return order.getJsonArray("timeline").stream().map(t -> (JsonObject) t).filter(t -> change.equals(t.getString("change")))
                .findFirst().orElse(null);
    }

    private static Row row(String sql, Object... args) {
        return await(gateway.pg().preparedQuery(sql).execute(Tuple.from(args))).iterator().next();
    }
}
