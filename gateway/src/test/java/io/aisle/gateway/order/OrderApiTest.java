package io.aisle.gateway.order;

import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static io.aisle.gateway.testing.Infra.await;
import static io.aisle.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.value.Gtin;
import io.aisle.gateway.Gateway;
import io.aisle.gateway.auth.Client;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.config.PgConfig;
import io.aisle.gateway.testing.ContractCheck;
import io.aisle.gateway.testing.StubbedPartner;
import io.aisle.gateway.testing.TestConfig;
import io.aisle.gateway.testing.TestServers;
import io.aisle.gateway.webhook.WebhookHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * POST /v1/orders, GET and cancel as a super-app backend uses them, against a partner chain played by
 * WireMock, with real PostgreSQL and Redis.
 */
class OrderApiTest {

    private static final Gtin RICE = Gtin.fromPrefix("690000000011");
    private static final Gtin FLOUR = Gtin.fromPrefix("690000000012");
    private static final String OTHER_CLIENT_KEY = "other-client-key-0123456789";

    private static StubbedPartner partner;
    private static Vertx vertx;
    private static Gateway gateway;
    private static WebClient client;

    @BeforeAll
    static void start() {
        partner = new StubbedPartner();
        vertx = Vertx.vertx();
        PgConfig pg = TestServers.freshDatabase();
        ObjectNode overrides = JsonNodeFactory.instance.objectNode();
        overrides.putObject("quote").put("deadlineMs", 400).put("cacheTtlMs", 0).put("radiusKm", 1);
        partner.addChains(overrides.putArray("chains"), 300, "aisle-mart", "narrow");
        gateway = await(Gateway.start(vertx, TestConfig.gateway(pg, TestServers.redis(), overrides)));
        client = ContractCheck.webClient(vertx);
        await(gateway.clients().register(new Client("other-superapp", "Other", null, null), OTHER_CLIENT_KEY));
        await(gateway.catalog().upsert(List.of(
                new ProductCatalog.Entry(new Product(RICE, "Jasmine Rice 5 kg", "Golden Dragon", "rice", "5kg", "5 kg bag"), 5000, false),
                new ProductCatalog.Entry(new Product(FLOUR, "Wheat Flour 2.5 kg", "Xiangxue", "flour", "2.5kg", "2.5 kg bag"), 2500, false))));
        // warm the JVM: the first calls of a cold one take longer than any deadline
        StubbedPartner.Cluster warm = partner.cluster(gateway, "aisle-mart", 1);
        warm.answering(Map.of(RICE, new int[] {50, 5990}), 0);
        warm.holding(0);
        for (int i = 0; i < 15; i++) {
            place(order(warm, Map.of(RICE, 1), true), UUID.randomUUID().toString(), TestConfig.CLIENT_AUTH);
        }
    }

    @AfterAll
    static void stop() {
        await(gateway.stop());
        await(vertx.close());
        partner.close();
    }

    @Test
    void confirmsAnOrderAndReplaysTheFirstAnswerForTheSameKey() {
        StubbedPartner.Cluster cluster = stocked(2);
        JsonObject body = order(cluster, Map.of(RICE, 2, FLOUR, 1), false);

        HttpResponse<Buffer> first = place(body, "key-replay", TestConfig.CLIENT_AUTH);
        assertEquals(201, first.statusCode(), first.bodyAsString());
        JsonObject order = first.bodyAsJsonObject();
        assertEquals("CONFIRMED", order.getString("status"));
        assertEquals(1, order.getJsonArray("legs").size(), "one store has everything");
        assertEquals(2 * 5990 + 2150, order.getJsonObject("total").getLong("amount"));
        assertEquals("/v1/orders/" + order.getString("orderId"), first.getHeader("Location"));
        assertEquals(List.of("RECEIVED", "CONFIRMED"), order.getJsonArray("timeline").stream()
                .map(t -> ((JsonObject) t).getString("status")).toList(), "the 201 carries the order's timeline so far");
        assertEquals(body.getString("customerRef"), order.getString("customerRef"));

        HttpResponse<Buffer> replay = place(body, "key-replay", TestConfig.CLIENT_AUTH);
        assertEquals(201, replay.statusCode());
        assertEquals("true", replay.getHeader("Idempotent-Replayed"));
        assertEquals(order, replay.bodyAsJsonObject(), "the first answer, as it was");
        assertEquals(1, ordersWithKey("key-replay"));
    }

    @Test
    void refusesTheSameKeyWithAnotherBody() {
        StubbedPartner.Cluster cluster = stocked(1);
        assertEquals(201, place(order(cluster, Map.of(RICE, 1), false), "key-reuse", TestConfig.CLIENT_AUTH).statusCode());

        HttpResponse<Buffer> reused = place(order(cluster, Map.of(RICE, 3), false), "key-reuse", TestConfig.CLIENT_AUTH);

        assertEquals(422, reused.statusCode());
        assertEquals("application/problem+json", reused.getHeader("Content-Type"));
        assertTrue(reused.bodyAsJsonObject().getString("type").endsWith("idempotency-key-reused"));
        assertEquals(1, ordersWithKey("key-reuse"));
    }

    @Test
    void keysAreScopedPerClient() {
        StubbedPartner.Cluster cluster = stocked(1);
        JsonObject body = order(cluster, Map.of(RICE, 1), false);
        String mine = place(body, "key-shared", TestConfig.CLIENT_AUTH).bodyAsJsonObject().getString("orderId");
        String theirs = place(body, "key-shared", "Bearer " + OTHER_CLIENT_KEY).bodyAsJsonObject().getString("orderId");

        assertNotNull(mine);
        assertNotNull(theirs);
        assertFalse(mine.equals(theirs), "the same key of two clients makes two orders");
        HttpResponse<Buffer> foreign = await(client.get(gateway.port(), "127.0.0.1", "/v1/orders/" + mine)
                .putHeader("Authorization", "Bearer " + OTHER_CLIENT_KEY).send());
        assertEquals(404, foreign.statusCode(), "another client's order does not exist for them");
        assertEquals("https://aisle.dev/problems/not-found", foreign.bodyAsJsonObject().getString("type"));
        HttpResponse<Buffer> cancel = await(client.post(gateway.port(), "127.0.0.1", "/v1/orders/" + mine + "/cancel")
                .putHeader("Authorization", "Bearer " + OTHER_CLIENT_KEY).send());
        assertEquals(404, cancel.statusCode(), "nor can they cancel it");
        HttpResponse<Buffer> still = await(client.get(gateway.port(), "127.0.0.1", "/v1/orders/" + mine)
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).send());
        assertEquals("CONFIRMED", still.bodyAsJsonObject().getString("status"), "the order is untouched");
    }

    @Test
    void twentyConcurrentRequestsWithOneKeyMakeOneOrder() {
        StubbedPartner.Cluster cluster = stocked(1);
        JsonObject body = order(cluster, Map.of(RICE, 1, FLOUR, 1), false);
        List<Future<HttpResponse<Buffer>>> racing = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            racing.add(client.post(gateway.port(), "127.0.0.1", "/v1/orders").putHeader("Authorization", TestConfig.CLIENT_AUTH)
                    .putHeader("Idempotency-Key", "key-race").timeout(10_000).sendJsonObject(body));
        }
        await(Future.join(racing));

        Set<String> orderIds = new HashSet<>();
        for (Future<HttpResponse<Buffer>> answer : racing) {
            int status = answer.result().statusCode();
            assertTrue(status == 201 || status == 409, "created, or told the first is in progress: " + status);
            if (status == 409) {
                assertEquals("1", answer.result().getHeader("Retry-After"));
            } else {
                orderIds.add(answer.result().bodyAsJsonObject().getString("orderId"));
            }
        }
        assertEquals(1, ordersWithKey("key-race"));
        HttpResponse<Buffer> after = place(body, "key-race", TestConfig.CLIENT_AUTH);
        assertEquals(201, after.statusCode());
        orderIds.add(after.bodyAsJsonObject().getString("orderId"));
        assertEquals(1, orderIds.size(), "every answer names the same order: " + orderIds);
        assertEquals(1, partner.server().findAll(putRequestedFor(urlMatching(cluster.holdsPath(0)))).size(),
                "stock was held once");
    }

    @Test
    void aRefusedHoldPlansAgainWithoutThatStore() {
        StubbedPartner.Cluster cluster = stocked(2);
        cluster.refusingHolds(0);

        HttpResponse<Buffer> placed = place(order(cluster, Map.of(RICE, 2, FLOUR, 1), false), "key-replan", TestConfig.CLIENT_AUTH);

        assertEquals(201, placed.statusCode(), placed.bodyAsString());
        JsonObject order = placed.bodyAsJsonObject();
        assertEquals(cluster.id(1), order.getJsonArray("legs").getJsonObject(0).getString("storeId"));
        Map<String, String> holds = holds(order.getString("orderId"));
        assertEquals(Map.of(cluster.id(0), "FAILED", cluster.id(1), "HELD"), holds);
    }

    @Test
    void releasesTheHoldsAPlanNoLongerNeedsWhenAnotherHoldFails() {
        // rice only at the nearest store, flour only at the next: the plan splits the basket across both
        StubbedPartner.Cluster cluster = partner.cluster(gateway, "aisle-mart", 2);
        cluster.answering(Map.of(RICE, new int[] {10, 5990}), 0);
        cluster.answering(Map.of(FLOUR, new int[] {10, 2150}), 1);
        cluster.holding(0);
        cluster.refusingHolds(1);

        HttpResponse<Buffer> placed = place(order(cluster, Map.of(RICE, 1, FLOUR, 1), false), "key-release", TestConfig.CLIENT_AUTH);

        assertEquals(422, placed.statusCode(), "without the flour store the basket cannot be filled: " + placed.bodyAsString());
        String orderId = placed.bodyAsJsonObject().getString("orderId");
        eventually("the rice hold, no longer needed, went back to its store", () -> Map.of(cluster.id(0), "RELEASED", cluster.id(1), "FAILED").equals(holds(orderId)));
        assertEquals(1, partner.server().findAll(com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor(
                urlMatching(cluster.holdsPath(0)))).size());
    }

    @Test
    void rejectsAnUnfillableBasketWhenPartialIsNotAcceptedAndHoldsNothing() {
        StubbedPartner.Cluster cluster = partner.cluster(gateway, "aisle-mart", 1);
        cluster.answering(Map.of(RICE, new int[] {10, 5990}), 0);
        cluster.holding(0);

        HttpResponse<Buffer> placed = place(order(cluster, Map.of(RICE, 2, FLOUR, 1), false), "key-unfillable", TestConfig.CLIENT_AUTH);

        assertEquals(422, placed.statusCode(), placed.bodyAsString());
        JsonObject problem = placed.bodyAsJsonObject();
        assertEquals("REJECTED", problem.getString("orderStatus"));
        JsonArray errors = problem.getJsonArray("errors");
        assertEquals(1, errors.size(), errors.encode());
        assertEquals("/lines/1", errors.getJsonObject(0).getString("pointer"), "the flour line is the one that cannot be supplied");
        assertTrue(holds(problem.getString("orderId")).isEmpty(), "nothing was held");
        assertEquals(0, partner.server().findAll(putRequestedFor(urlMatching(cluster.holdsPath(0)))).size());
    }

    @Test
    void anOrderWhoseStoresWereLostToLoadIsAnswered503AndNotRefusedForWantOfStock() {
        // the "narrow" chain takes one call at a time: the nearest store (no rice) gets it, the two with rice are refused
        await(gateway.registry().upsertChain(new io.aisle.gateway.store.Chain("narrow", "Narrow Mart",
                io.aisle.contracts.partner.PartnerKind.AISLE_PARTNER_API, partner.baseUrl(), null, 1000, 1)));
        gateway.isolation().defineChain("narrow", "default", 1, 1000);
        StubbedPartner.Cluster cluster = partner.cluster(gateway, "narrow", 3);
        cluster.answering(Map.of(FLOUR, new int[] {10, 2150}), 0);
        cluster.answering(Map.of(RICE, new int[] {10, 5990}), 1, 2);
        cluster.holding(0, 1, 2);
        JsonObject body = order(cluster, Map.of(RICE, 1), false);

        HttpResponse<Buffer> overloaded = place(body, "key-lost-to-load", TestConfig.CLIENT_AUTH);

        assertEquals(503, overloaded.statusCode(), overloaded.bodyAsString());
        assertEquals("application/problem+json", overloaded.getHeader("Content-Type"));
        assertTrue(overloaded.bodyAsJsonObject().getString("type").endsWith("/overloaded"), overloaded.bodyAsString());
        assertNotNull(overloaded.getHeader("Retry-After"));
        assertEquals(0, ordersWithKey("key-lost-to-load"), "nothing was stored: the key is free for the retry");
        assertEquals(0, partner.server().findAll(putRequestedFor(urlMatching(cluster.holdsPath(0)))).size(), "nothing was held");

        await(gateway.registry().upsertChain(new io.aisle.gateway.store.Chain("narrow", "Narrow Mart",
                io.aisle.contracts.partner.PartnerKind.AISLE_PARTNER_API, partner.baseUrl(), null, 1000, 100)));
        gateway.isolation().defineChain("narrow", "default", 100, 1000);
        HttpResponse<Buffer> retried = place(body, "key-lost-to-load", TestConfig.CLIENT_AUTH);
        assertEquals(201, retried.statusCode(), "the retry with the same key, with room again: " + retried.bodyAsString());
        assertEquals(1, ordersWithKey("key-lost-to-load"));
    }

    @Test
    void acceptsAPartialBasketWhenAllowed() {
        StubbedPartner.Cluster cluster = partner.cluster(gateway, "aisle-mart", 1);
        cluster.answering(Map.of(RICE, new int[] {10, 5990}), 0);
        cluster.holding(0);

        HttpResponse<Buffer> placed = place(order(cluster, Map.of(RICE, 2, FLOUR, 1), true), "key-partial", TestConfig.CLIENT_AUTH);

        assertEquals(201, placed.statusCode(), placed.bodyAsString());
        assertEquals(FLOUR.value(), placed.bodyAsJsonObject().getJsonArray("unfilled").getJsonObject(0).getString("gtin"));
    }

    @Test
    void showsTheOrderWithItsTimelineAndCancelsIt() {
        StubbedPartner.Cluster cluster = stocked(1);
        String orderId = place(order(cluster, Map.of(RICE, 1), false), "key-cancel", TestConfig.CLIENT_AUTH)
                .bodyAsJsonObject().getString("orderId");

        JsonObject shown = get("/v1/orders/" + orderId).bodyAsJsonObject();
        assertEquals("CONFIRMED", shown.getString("status"));
        assertEquals(List.of("RECEIVED", "CONFIRMED"), statuses(shown.getJsonArray("timeline")));

        HttpResponse<Buffer> cancelled = await(client.post(gateway.port(), "127.0.0.1", "/v1/orders/" + orderId + "/cancel")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).sendJsonObject(new JsonObject().put("reason", "changed my mind")));
        assertEquals(200, cancelled.statusCode(), cancelled.bodyAsString());
        assertEquals("CANCELLED", cancelled.bodyAsJsonObject().getString("status"));
        assertEquals(List.of("RECEIVED", "CONFIRMED", "CANCELLED"), statuses(cancelled.bodyAsJsonObject().getJsonArray("timeline")));
        assertEquals(1, outbox(orderId, PartnerCommands.HOLD_RELEASE_TOPIC));
        assertEquals(3, outbox(orderId, WebhookHandler.TOPIC), "one webhook per status");
        eventually("the outbox released the hold", () -> Map.of(cluster.id(0), "RELEASED").equals(holds(orderId)));
        assertEquals(1, partner.server().findAll(com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor(
                urlMatching(cluster.holdsPath(0)))).size(), "the store was told once");
        eventually("and the order was cancelled at the store, once", () -> partner.server().findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlMatching("/aisle-partner/v1/stores/" + cluster.id(0) + "/orders/" + orderId + "/cancel"))).size() == 1);

        HttpResponse<Buffer> again = await(client.post(gateway.port(), "127.0.0.1", "/v1/orders/" + orderId + "/cancel")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).send());
        assertEquals(200, again.statusCode(), "cancelling twice is harmless");
        assertEquals(1, outbox(orderId, PartnerCommands.HOLD_RELEASE_TOPIC), "and releases nothing twice");
    }

    @Test
    void refusesRequestsWithoutAUsableIdempotencyKey() {
        StubbedPartner.Cluster cluster = stocked(1);
        JsonObject body = order(cluster, Map.of(RICE, 1), false);
        HttpResponse<Buffer> missing = await(client.post(gateway.port(), "127.0.0.1", "/v1/orders")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).sendJsonObject(body));
        assertEquals(400, missing.statusCode());
        assertEquals("Idempotency-Key", missing.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"));
        assertEquals(400, place(body, "k".repeat(256), TestConfig.CLIENT_AUTH).statusCode());
        assertEquals(201, place(body, "k".repeat(255), TestConfig.CLIENT_AUTH).statusCode(), "255 characters are fine");
    }

    @Test
    void refusesAnInvalidOrderWithTheFieldNamed() {
        StubbedPartner.Cluster cluster = stocked(1);
        JsonObject body = order(cluster, Map.of(RICE, 1), false);
        body.getJsonArray("lines").getJsonObject(0).put("quantity", 0);
        HttpResponse<Buffer> invalid = place(body, "key-invalid", TestConfig.CLIENT_AUTH);
        assertEquals(422, invalid.statusCode(), invalid.bodyAsString());
        assertTrue(invalid.bodyAsJsonObject().getString("detail").contains("quantity"));
        assertEquals(0, ordersWithKey("key-invalid"), "an invalid request leaves no trace");
    }

    @Test
    void keepsTheDropOffInstructionsAndGivesTheSuperAppTheOrdersHandoffCode() {
        StubbedPartner.Cluster cluster = stocked(1);
        JsonObject body = order(cluster, Map.of(RICE, 1), false)
                .put("dropoff", new JsonObject().put("mode", "CALL_ON_ARRIVAL").put("note", "gate 2, ring twice"));

        HttpResponse<Buffer> placed = place(body, "key-dropoff", TestConfig.CLIENT_AUTH);

        assertEquals(201, placed.statusCode(), placed.bodyAsString());
        JsonObject answer = placed.bodyAsJsonObject();
        assertEquals(new JsonObject().put("mode", "CALL_ON_ARRIVAL").put("note", "gate 2, ring twice"), answer.getJsonObject("dropoff"));
        String code = answer.getString("handoffCode");
        assertTrue(code != null && code.matches("[0-9]{6}"), "six digits the household tells the rider: " + code);
        JsonObject shown = get("/v1/orders/" + answer.getString("orderId")).bodyAsJsonObject();
        assertEquals(answer.getJsonObject("dropoff"), shown.getJsonObject("dropoff"));
        assertEquals(code, shown.getString("handoffCode"));
        assertTrue(shown.getValue("handoff") == null, "no handoff before it is delivered");

        JsonObject legacy = order(cluster, Map.of(RICE, 1), false)
                .put("dropoff", new JsonObject().put("contactless", true).put("instructions", "leave at the guard booth"));
        HttpResponse<Buffer> old = place(legacy, "key-dropoff-v1", TestConfig.CLIENT_AUTH);
        assertEquals(201, old.statusCode(), old.bodyAsString());
        assertEquals(new JsonObject().put("mode", "LEAVE_AT_DOOR").put("note", "leave at the guard booth"),
                old.bodyAsJsonObject().getJsonObject("dropoff"), "the first version's contactless drop-off is LEAVE_AT_DOOR");
    }

    @Test
    void refusesBadDropOffInstructionsWithTheFieldNamedAndWritesNothing() {
        StubbedPartner.Cluster cluster = stocked(1);
        List<JsonObject> bad = List.of(
                new JsonObject().put("mode", "DROP_FROM_DRONE"),
                new JsonObject().put("mode", "leave_at_door"),
                new JsonObject().put("mode", "LEAVE_AT_DOOR").put("note", "x".repeat(501)),
                new JsonObject().put("mode", "HAND_TO_STAFF").put("note", "ward 3\u0007"),
                new JsonObject().put("mode", "CALL_ON_ARRIVAL").put("note", "first line\nsecond line"),
                new JsonObject().put("instructions", "x".repeat(501)));
        for (int i = 0; i < bad.size(); i++) {
            JsonObject body = order(cluster, Map.of(RICE, 1), false).put("dropoff", bad.get(i));
            String key = "key-bad-dropoff-" + i;

            HttpResponse<Buffer> refused = place(body, key, TestConfig.CLIENT_AUTH);

            assertEquals(422, refused.statusCode(), bad.get(i) + ": " + refused.bodyAsString());
            assertEquals("application/problem+json", refused.getHeader("Content-Type"));
            JsonObject problem = refused.bodyAsJsonObject();
            assertEquals("https://aisle.dev/problems/validation-failed", problem.getString("type"), problem.encode());
            assertTrue(problem.getString("detail").contains("dropoff"), problem.encode());
            assertEquals("/dropoff", problem.getJsonArray("errors").getJsonObject(0).getString("pointer"), problem.encode());
            assertEquals(0, ordersWithKey(key), "a refused drop-off leaves no order");
            assertEquals(0L, await(gateway.pg().preparedQuery("select count(*) from idempotency_keys where client_id = $1 and idem_key = $2")
                    .execute(Tuple.of(TestConfig.CLIENT_ID, key))).iterator().next().getLong(0), "nor its key");
        }
    }

    @Test
    void sendsEveryStatusChangeToTheClientsWebhookSignedAndInOrder() throws Exception {
        List<JsonObject> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> refusedSignatures = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.aisle.adapters.signing.HmacSigner signer = new io.aisle.adapters.signing.HmacSigner("hook-secret-0123456789");
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        io.vertx.core.http.HttpServer receiver = await(vertx.createHttpServer().requestHandler(request -> request.body()
                .onSuccess(body -> {
                    if (calls.incrementAndGet() <= 2) {
                        request.response().setStatusCode(503).end(); // down for a while: the events wait and come later
                        return;
                    }
                    signer.verify(request.getHeader("X-Aisle-Timestamp"), request.getHeader("X-Aisle-Nonce"),
                            request.getHeader("X-Aisle-Signature"), body.getBytes()).ifPresent(refusedSignatures::add);
                    received.add(body.toJsonObject());
                    request.response().setStatusCode(204).end();
                })).listen(0, "127.0.0.1"));
        String key = "hooked-client-key-0123456789";
        await(gateway.clients().register(new Client("hooked-superapp", "Hooked",
                "http://127.0.0.1:" + receiver.actualPort() + "/aisle-events", "hook-secret-0123456789"), key));
        StubbedPartner.Cluster cluster = stocked(1);

        String orderId = place(order(cluster, Map.of(RICE, 1), false), "key-hooked", "Bearer " + key)
                .bodyAsJsonObject().getString("orderId");
        await(client.post(gateway.port(), "127.0.0.1", "/v1/orders/" + orderId + "/cancel").putHeader("Authorization", "Bearer " + key)
                .send());

        eventually("three status changes delivered", () -> received.size() >= 3);
        assertEquals(List.of("RECEIVED", "CONFIRMED", "CANCELLED"), received.stream().map(e -> e.getString("status")).toList());
        assertEquals(List.of(1L, 2L, 3L), received.stream().map(e -> e.getLong("sequence")).toList());
        assertTrue(received.stream().allMatch(e -> orderId.equals(e.getString("orderId"))));
        assertTrue(refusedSignatures.isEmpty(), "every webhook is signed with the client's secret: " + refusedSignatures);
        await(receiver.close());
    }

    // --- fixtures -------------------------------------------------------------------------------

    /** {@code size} stores that have rice and flour and grant holds. */
    private static StubbedPartner.Cluster stocked(int size) {
        StubbedPartner.Cluster cluster = partner.cluster(gateway, "aisle-mart", size);
        int[] all = new int[size];
        for (int i = 0; i < size; i++) {
            all[i] = i;
        }
        cluster.answering(Map.of(RICE, new int[] {40, 5990}, FLOUR, new int[] {25, 2150}), all);
        cluster.holding(all);
        return cluster;
    }

    private static JsonObject order(StubbedPartner.Cluster cluster, Map<Gtin, Integer> lines, boolean acceptPartial) {
        Map<Gtin, Integer> ordered = new LinkedHashMap<>();
        if (lines.containsKey(RICE)) {
            ordered.put(RICE, lines.get(RICE));
        }
        if (lines.containsKey(FLOUR)) {
            ordered.put(FLOUR, lines.get(FLOUR));
        }
        return cluster.basket(ordered).put("customerRef", "hh-7").put("acceptPartial", acceptPartial);
    }

    private static HttpResponse<Buffer> place(JsonObject body, String key, String auth) {
        return await(client.post(gateway.port(), "127.0.0.1", "/v1/orders").putHeader("Authorization", auth)
                .putHeader("Idempotency-Key", key).timeout(10_000).sendJsonObject(body));
    }

    private static HttpResponse<Buffer> get(String path) {
        return await(client.get(gateway.port(), "127.0.0.1", path).putHeader("Authorization", TestConfig.CLIENT_AUTH).send());
    }

    private static List<String> statuses(JsonArray timeline) {
        List<String> statuses = new ArrayList<>();
        timeline.forEach(t -> statuses.add(((JsonObject) t).getString("status")));
        return statuses;
    }

    private static long ordersWithKey(String key) {
        return await(gateway.pg().preparedQuery("select count(*) from idempotency_keys k join orders o on o.order_id = k.order_id "
                + "where k.client_id = $1 and k.idem_key = $2").execute(Tuple.of(TestConfig.CLIENT_ID, key)))
                .iterator().next().getLong(0);
    }

    private static Map<String, String> holds(String orderId) {
        Map<String, String> holds = new java.util.TreeMap<>();
        for (Row row : await(gateway.pg().preparedQuery("select store_id, status from holds where order_id = $1")
                .execute(Tuple.of(orderId)))) {
            holds.put(row.getString(0), row.getString(1));
        }
        return holds;
    }

    private static long outbox(String orderId, String topic) {
        return await(gateway.pg().preparedQuery("select count(*) from outbox where aggregate_id = $1 and topic = $2")
                .execute(Tuple.of(orderId, topic))).iterator().next().getLong(0);
    }
}
