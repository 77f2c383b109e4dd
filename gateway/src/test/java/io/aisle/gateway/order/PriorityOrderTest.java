package io.aisle.gateway.order;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static io.aisle.gateway.testing.Infra.await;
import static io.aisle.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.value.Gtin;
import io.aisle.gateway.Gateway;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.config.GatewayConfig;
import io.aisle.gateway.config.PgConfig;
import io.aisle.gateway.config.RedisConfig;
import io.aisle.gateway.testing.ContractCheck;
import io.aisle.gateway.testing.StubbedPartner;
import io.aisle.gateway.testing.TestConfig;
import io.aisle.gateway.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Priority orders as super-app backends meet them: a hospital app configured for HOSPITAL orders, the ordinary test
 * client that may not use it, a scarce staple with half of each store's stock kept for priority orders, and pick waves
 * whose window is far longer than any test, against a partner chain played by WireMock.
 */
class PriorityOrderTest {

    private static final Gtin RICE = Gtin.fromPrefix("690000000041");
    private static final Gtin FLOUR = Gtin.fromPrefix("690000000042");
    private static final String HOSPITAL_CLIENT = "hospital-app";
    private static final String HOSPITAL_AUTH = "Bearer hospital-app-client-key-0123";
    private static final JsonObject HALF = new JsonObject().put("share", 0.5);

    private static StubbedPartner partner;
    private static Vertx vertx;
    private static PgConfig pg;
    private static RedisConfig redis;
    private static Gateway gateway;
    private static WebClient client;

    @BeforeAll
    static void start() {
        partner = new StubbedPartner();
        vertx = Vertx.vertx();
        pg = TestServers.freshDatabase();
        redis = TestServers.redis();
        gateway = await(Gateway.start(vertx, config()));
        client = ContractCheck.webClient(vertx);
        await(gateway.catalog().upsert(List.of(
                new ProductCatalog.Entry(new Product(RICE, "Jasmine Rice 5 kg", "Golden Dragon", "rice", "5kg", "5 kg bag"), 5000, false),
                new ProductCatalog.Entry(new Product(FLOUR, "Wheat Flour 2.5 kg", "Xiangxue", "flour", "2.5kg", "2.5 kg bag"), 2500, false))));
        partner.server().stubFor(put(urlMatching("/aisle-partner/v1/stores/.*/pick-lists/.*")).willReturn(aResponse().withStatus(202)));
        StubbedPartner.Cluster warm = partner.cluster(gateway, "aisle-mart", 1);
        warm.answering(Map.of(RICE, new int[] {500, 5990}, FLOUR, new int[] {500, 2150}), 0);
        warm.holding(0);
        // warm the instance: the first calls of a cold JVM take longer than any deadline
        for (int i = 0; i < 10; i++) {
            place(warm.basket(Map.of(FLOUR, 1)).put("customerRef", "warm-" + i).put("acceptPartial", true), TestConfig.CLIENT_AUTH);
        }
        HttpResponse<Buffer> set = putRules(RICE, new JsonObject().put("priorityReserve", HALF));
        assertEquals(200, set.statusCode(), set.bodyAsString());
        assertEquals(HALF, set.bodyAsJsonObject().getJsonObject("priorityReserve"), "the rule now in force");
    }

    @AfterAll
    static void stop() {
        await(gateway.stop());
        await(vertx.close());
        partner.close();
    }

    private static GatewayConfig config() {
        ObjectNode overrides = JsonNodeFactory.instance.objectNode();
        overrides.putObject("quote").put("deadlineMs", 400).put("cacheTtlMs", 0).put("radiusKm", 1);
        // a wave window no test waits for: a pick list sent is a wave closed for another reason
        overrides.putObject("picking").put("waveWindowMs", 3_600_000).put("checkPeriodMs", 100);
        ArrayNode clients = overrides.putArray("clients");
        clients.addObject().put("clientId", TestConfig.CLIENT_ID).put("name", "Test super-app").put("apiKey", TestConfig.CLIENT_KEY);
        clients.addObject().put("clientId", HOSPITAL_CLIENT).put("name", "Hospital app")
                .put("apiKey", HOSPITAL_AUTH.substring("Bearer ".length())).putArray("priorities").add("HOSPITAL");
        partner.addChains(overrides.putArray("chains"), 300, "aisle-mart");
        return TestConfig.gateway(pg, redis, overrides);
    }

    @Test
    void aClientRefusedAClassGets403AndNothingIsStoredHeldOrKeyed() {
        StubbedPartner.Cluster store = partner.cluster(gateway, "aisle-mart", 1);
        store.answering(Map.of(FLOUR, new int[] {50, 2150}), 0);
        store.holding(0);
        String key = UUID.randomUUID().toString();

        HttpResponse<Buffer> refused = place(store.basket(Map.of(FLOUR, 1)).put("customerRef", "hh-refused")
                .put("priority", "HOSPITAL"), TestConfig.CLIENT_AUTH, key);
        HttpResponse<Buffer> notItsClass = place(store.basket(Map.of(FLOUR, 1)).put("customerRef", "hh-refused")
                .put("priority", "ESSENTIAL_WORKER"), HOSPITAL_AUTH, UUID.randomUUID().toString());

        assertEquals(403, refused.statusCode(), refused.bodyAsString());
        assertEquals("application/problem+json", refused.getHeader("Content-Type"));
        JsonObject problem = refused.bodyAsJsonObject();
        assertEquals("https://aisle.dev/problems/priority-not-allowed", problem.getString("type"));
        assertTrue(problem.getString("detail").contains("HOSPITAL"), problem.encode());
        assertEquals("/priority", problem.getJsonArray("errors").getJsonObject(0).getString("pointer"));
        assertEquals(403, notItsClass.statusCode(), "the hospital app may place HOSPITAL orders only");
        assertTrue(notItsClass.bodyAsJsonObject().getString("detail").contains("ESSENTIAL_WORKER"));
        assertEquals(0, ordersOf("hh-refused"), "no order stored");
        assertEquals(0, partner.server().findAll(putRequestedFor(urlMatching(store.holdsPath(0)))).size(), "no hold asked for");

        HttpResponse<Buffer> standard = place(store.basket(Map.of(FLOUR, 1)).put("customerRef", "hh-refused"), TestConfig.CLIENT_AUTH, key);
        assertEquals(201, standard.statusCode(), "the key was left unused: " + standard.bodyAsString());
        assertEquals(null, standard.getHeader("Idempotent-Replayed"));
    }

    @Test
    void underScarceStockAHospitalOrderGetsTheReserveAndOrdinaryOrdersStillGetTheirShare() {
        StubbedPartner.Cluster store = partner.cluster(gateway, "aisle-mart", 1);
        store.answering(Map.of(RICE, new int[] {4, 5990}), 0);
        store.holding(0);

        JsonObject quote = await(client.post(gateway.port(), "127.0.0.1", "/v1/quotes").putHeader("Authorization", TestConfig.CLIENT_AUTH)
                .sendJsonObject(store.basket(Map.of(RICE, 4)))).bodyAsJsonObject();
        HttpResponse<Buffer> refused = place(store.basket(Map.of(RICE, 4)).put("customerRef", "hh-whole").put("acceptPartial", false),
                TestConfig.CLIENT_AUTH);
        HttpResponse<Buffer> ordinary = place(store.basket(Map.of(RICE, 4)).put("customerRef", "hh-ordinary").put("acceptPartial", true),
                TestConfig.CLIENT_AUTH);

        assertEquals(2, units(quote, RICE), "a quote promises what an ordinary order would get: " + quote.encode());
        assertEquals(List.of(new JsonObject().put("gtin", RICE.value()).put("quantity", 2).put("reason", "PRIORITY_RESERVE")),
                quote.getJsonArray("unfilled").getList().stream().map(JsonObject::mapFrom).toList());
        assertEquals(422, refused.statusCode(), refused.bodyAsString());
        assertEquals("https://aisle.dev/problems/basket-unfillable", refused.bodyAsJsonObject().getString("type"));
        assertTrue(refused.bodyAsString().contains("PRIORITY_RESERVE"), refused.bodyAsString());
        assertEquals(201, ordinary.statusCode(), ordinary.bodyAsString());
        assertEquals(2, units(ordinary.bodyAsJsonObject(), RICE), "half of four bags stays the ordinary orders'");
        assertEquals(List.of(new JsonObject().put("gtin", RICE.value()).put("quantity", 2).put("reason", "PRIORITY_RESERVE")),
                ordinary.bodyAsJsonObject().getJsonArray("unfilled").getList().stream().map(JsonObject::mapFrom).toList());

        // the store has two bags left: the hospital gets both, the next ordinary order still one of them
        store.answering(Map.of(RICE, new int[] {2, 5990}), 0);
        JsonObject nextQuote = await(client.post(gateway.port(), "127.0.0.1", "/v1/quotes")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).sendJsonObject(store.basket(Map.of(RICE, 2)))).bodyAsJsonObject();
        HttpResponse<Buffer> hospital = place(store.basket(Map.of(RICE, 2)).put("customerRef", "ward-7").put("priority", "HOSPITAL"),
                HOSPITAL_AUTH);

        assertEquals(1, units(nextQuote, RICE), "an ordinary order would still get one of the two");
        assertEquals(201, hospital.statusCode(), hospital.bodyAsString());
        assertEquals(2, units(hospital.bodyAsJsonObject(), RICE), "a priority order sees all of the store's stock");
        assertEquals(List.of(), hospital.bodyAsJsonObject().getJsonArray("unfilled").getList());
    }

    @Test
    void aPriorityOrdersLegClosesItsStoresWaveAtOnceWithTheOrdinaryLegWaitingBesideIt() {
        StubbedPartner.Cluster store = partner.cluster(gateway, "aisle-mart", 1);
        store.answering(Map.of(FLOUR, new int[] {50, 2150}), 0);
        store.holding(0);

        HttpResponse<Buffer> ordinary = place(store.basket(Map.of(FLOUR, 1)).put("customerRef", "hh-waiting"), TestConfig.CLIENT_AUTH);
        assertEquals(201, ordinary.statusCode(), ordinary.bodyAsString());
        String ordinaryId = ordinary.bodyAsJsonObject().getString("orderId");
        eventually("the ordinary order is confirmed", () -> "CONFIRMED".equals(status(ordinaryId, TestConfig.CLIENT_AUTH)));
        HttpResponse<Buffer> hospital = place(store.basket(Map.of(FLOUR, 2)).put("customerRef", "ward-9").put("priority", "HOSPITAL"),
                HOSPITAL_AUTH);
        assertEquals(201, hospital.statusCode(), hospital.bodyAsString());
        String hospitalId = hospital.bodyAsJsonObject().getString("orderId");

        // the window is an hour: a pick list now is a wave the hospital order closed
        LoggedRequest sent = eventually("the store was sent a pick list", () -> partner.server()
                .findAll(putRequestedFor(urlMatching("/aisle-partner/v1/stores/" + store.id(0) + "/pick-lists/.*"))).stream()
                .findFirst().orElse(null), r -> r != null);
        JsonObject pickList = new JsonObject(sent.getBodyAsString());
        Set<String> orders = pickList.getJsonArray("lines").stream()
                .flatMap(line -> ((JsonObject) line).getJsonArray("orders").stream())
                .map(split -> ((JsonObject) split).getString("orderId")).collect(Collectors.toSet());
        assertEquals(Set.of(hospitalId, ordinaryId), orders, "the ordinary order waiting went into the wave too: " + pickList.encode());
        assertEquals(3, pickList.getJsonArray("lines").getJsonObject(0).getInteger("quantity"), pickList.encode());
        eventually("both orders are being picked", () -> "PICKING".equals(status(hospitalId, HOSPITAL_AUTH))
                && "PICKING".equals(status(ordinaryId, TestConfig.CLIENT_AUTH)));
    }

    @Test
    void refusesBadReservesAndLiftsTheReserveWhenNull() {
        for (Object bad : List.of(new JsonObject().put("share", 0.6), new JsonObject().put("share", 0),
                new JsonObject().put("share", -0.1), new JsonObject())) {
            HttpResponse<Buffer> refused = putRules(FLOUR, new JsonObject().put("priorityReserve", bad));
            assertEquals(422, refused.statusCode(), bad + ": " + refused.bodyAsString());
            assertEquals("https://aisle.dev/problems/validation-failed", refused.bodyAsJsonObject().getString("type"));
        }
        HttpResponse<Buffer> unreadable = putRules(FLOUR, new JsonObject().put("priorityReserve", new JsonObject().put("share", "half")));
        assertEquals(400, unreadable.statusCode(), unreadable.bodyAsString());

        StubbedPartner.Cluster store = partner.cluster(gateway, "aisle-mart", 1);
        store.answering(Map.of(FLOUR, new int[] {3, 2150}), 0);
        store.holding(0);
        assertEquals(200, putRules(FLOUR, new JsonObject().put("priorityReserve", HALF)).statusCode());
        try {
            assertEquals(2, units(quote(store, FLOUR, 3), FLOUR), "three bags, one kept for priority orders");
        } finally {
            HttpResponse<Buffer> lifted = putRules(FLOUR, new JsonObject().putNull("priorityReserve"));
            assertEquals(200, lifted.statusCode(), lifted.bodyAsString());
        }
        assertEquals(3, units(quote(store, FLOUR, 3), FLOUR), "no reserve: all three");
    }

    private static JsonObject quote(StubbedPartner.Cluster store, Gtin gtin, int quantity) {
        return await(client.post(gateway.port(), "127.0.0.1", "/v1/quotes").putHeader("Authorization", TestConfig.CLIENT_AUTH)
                .sendJsonObject(store.basket(Map.of(gtin, quantity)))).bodyAsJsonObject();
    }

    private static HttpResponse<Buffer> place(JsonObject body, String auth) {
        return place(body, auth, UUID.randomUUID().toString());
    }

    private static HttpResponse<Buffer> place(JsonObject body, String auth, String key) {
        return await(client.post(gateway.port(), "127.0.0.1", "/v1/orders").putHeader("Authorization", auth)
                .putHeader("Idempotency-Key", key).timeout(10_000).sendJsonObject(body));
    }

    private static String status(String orderId, String auth) {
        return await(client.get(gateway.port(), "127.0.0.1", "/v1/orders/" + orderId).putHeader("Authorization", auth).send())
                .bodyAsJsonObject().getString("status");
    }

    private static HttpResponse<Buffer> putRules(Gtin gtin, JsonObject rules) {
        return await(client.put(gateway.port(), "127.0.0.1", "/v1/admin/products/" + gtin.value() + "/rules")
                .putHeader("Authorization", TestConfig.OPERATOR_AUTH).sendJsonObject(rules));
    }

    private static int ordersOf(String customerRef) {
        return await(gateway.pg().preparedQuery("select count(*)::int from orders where customer_ref = $1")
                .execute(Tuple.of(customerRef))).iterator().next().getInteger(0);
    }

    /** Units of the product over the legs of an order or quote. */
    private static int units(JsonObject answer, Gtin gtin) {
        int units = 0;
        for (Object leg : answer.getJsonArray("legs", new JsonArray())) {
            for (Object line : ((JsonObject) leg).getJsonArray("lines")) {
                JsonObject l = (JsonObject) line;
                if (gtin.value().equals(l.getString("gtin"))) {
                    units += l.getInteger("quantity");
                }
            }
        }
        return units;
    }
}
