package io.aisle.gateway.api;

import static io.aisle.gateway.testing.Infra.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aisle.contracts.value.Gtin;
import io.aisle.gateway.Gateway;
import io.aisle.gateway.testing.ContractCheck;
import io.aisle.gateway.testing.TestConfig;
import io.aisle.gateway.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Operators onboard products, product codes and stores in bulk, without a restart. */
class OnboardingApiTest {

    private static Vertx vertx;
    private static Gateway gateway;
    private static WebClient client;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        ObjectNode overrides = JsonNodeFactory.instance.objectNode();
        overrides.putArray("chains").addObject().put("chainId", "jiuzhou-legacy").put("kind", "LEGACY_XML")
                .put("baseUrl", "http://127.0.0.1:9/legacy-xml").put("apiKey", "k").put("signingSecret", "legacy-signing-secret-01");
        gateway = await(Gateway.start(vertx, TestConfig.gateway(TestServers.freshDatabase(), TestServers.redis(), overrides)));
        client = ContractCheck.webClient(vertx);
    }

    @AfterAll
    static void stop() {
        await(gateway.stop());
        await(vertx.close());
    }

    @Test
    void onboardsThousandsOfStoresInOneBatchAndQuotesFindThemAtOnce() {
        JsonArray stores = new JsonArray();
        for (int i = 0; i < 3000; i++) {
            stores.add(new JsonObject().put("storeId", "jiuzhou-legacy-" + i).put("chainId", "jiuzhou-legacy")
                    .put("partnerStoreId", String.format("JZ%04d", i)).put("name", "Jiuzhou No. " + i)
                    .put("location", new JsonObject().put("lat", 30.0 + (i % 100) * 0.01).put("lon", 114.0 + (i / 100) * 0.01))
                    .put("opensAt", "07:00:00").put("closesAt", "22:00:00"));
        }
        Gtin rice = Gtin.fromPrefix("690000000031");
        JsonObject batch = new JsonObject()
                .put("products", new JsonArray().add(product(rice, "Onboarded Jasmine Rice 5 kg")))
                .put("productCodes", new JsonArray().add(new JsonObject().put("chainId", "jiuzhou-legacy").put("gtin", rice.value())
                        .put("code", "JZ-110031").put("partnerUnitsPerUnit", 1)))
                .put("stores", stores);
        assertTrue(batch.encode().length() > 262_144, "larger than the ordinary body limit");

        HttpResponse<Buffer> first = onboard(batch);
        assertEquals(200, first.statusCode(), first.bodyAsString());
        assertEquals(new JsonObject().put("products", 1).put("productCodes", 1).put("stores", 3000), first.bodyAsJsonObject());
        assertEquals(200, onboard(batch).statusCode(), "sending the same batch again is harmless");
        assertEquals(3000L, await(gateway.registry().count()));

        JsonArray near = await(client.get(gateway.port(), "127.0.0.1", "/v1/stores?lat=30.0&lon=114.0&radiusKm=2")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).send()).bodyAsJsonObject().getJsonArray("stores");
        assertEquals("jiuzhou-legacy-0", near.getJsonObject(0).getString("storeId"));
        JsonArray found = await(client.get(gateway.port(), "127.0.0.1", "/v1/catalog?q=onboarded")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).send()).bodyAsJsonObject().getJsonArray("products");
        assertEquals(rice.value(), found.getJsonObject(0).getString("gtin"));
        assertEquals("JZ-110031", await(gateway.productMappings().codesFor("jiuzhou-legacy", java.util.List.of(rice))).get(rice).code());
    }

    @Test
    void refusesTheWholeBatchWhenAStoreNamesAnUnknownChain() {
        Gtin flour = Gtin.fromPrefix("690000000032");
        JsonObject batch = new JsonObject()
                .put("products", new JsonArray().add(product(flour, "Refused Flour")))
                .put("stores", new JsonArray().add(new JsonObject().put("storeId", "nowhere-1").put("chainId", "nowhere")
                        .put("name", "Nowhere").put("location", new JsonObject().put("lat", 30.5).put("lon", 114.3))));

        HttpResponse<Buffer> refused = onboard(batch);

        assertEquals(422, refused.statusCode(), refused.bodyAsString());
        assertEquals("/stores/0/chainId", refused.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"));
        assertTrue(await(client.get(gateway.port(), "127.0.0.1", "/v1/catalog?q=refused").putHeader("Authorization", TestConfig.CLIENT_AUTH)
                .send()).bodyAsJsonObject().getJsonArray("products").isEmpty(), "nothing of a refused batch is written");
    }

    @Test
    void reportsEveryInvalidRowWithItsIndexAndWritesNothingOfTheBatch() {
        Gtin oil = Gtin.fromPrefix("690000000033");
        long storesBefore = await(gateway.registry().count());
        JsonArray stores = new JsonArray();
        for (int i = 0; i < 20; i++) {
            stores.add(new JsonObject().put("storeId", "rowcheck-" + i).put("chainId", "jiuzhou-legacy").put("name", "Row " + i)
                    .put("location", new JsonObject().put("lat", 31.0).put("lon", 115.0 + i * 0.001)));
        }
        stores.getJsonObject(3).getJsonObject("location").put("lat", 123.4);
        stores.getJsonObject(8).put("storeId", "_leading-underscore");
        stores.getJsonObject(11).remove("name");
        stores.getJsonObject(17).getJsonObject("location").put("lat", "north");
        stores.getJsonObject(19).put("chainId", "nowhere");
        JsonObject batch = new JsonObject()
                .put("products", new JsonArray().add(product(oil, "Rowcheck Oil")).add(product(oil, "Bad").put("weightGrams", 0)))
                .put("stores", stores);

        HttpResponse<Buffer> refused = onboard(batch);

        assertEquals(422, refused.statusCode(), refused.bodyAsString());
        assertEquals("https://aisle.dev/problems/validation-failed", refused.bodyAsJsonObject().getString("type"));
        java.util.List<String> pointers = refused.bodyAsJsonObject().getJsonArray("errors").stream()
                .map(e -> ((JsonObject) e).getString("pointer")).toList();
        assertEquals(java.util.List.of("/products/1/weightGrams", "/stores/3/location/lat", "/stores/8/storeId", "/stores/11/name",
                "/stores/17/location/lat", "/stores/19/chainId"), pointers, refused.bodyAsString());
        assertEquals(storesBefore, await(gateway.registry().count()), "no store of a refused batch is written");
        assertTrue(await(client.get(gateway.port(), "127.0.0.1", "/v1/catalog?q=rowcheck").putHeader("Authorization", TestConfig.CLIENT_AUTH)
                .send()).bodyAsJsonObject().getJsonArray("products").isEmpty(), "no product of a refused batch is written");
    }

    @Test
    void onlyOperatorsMayOnboard() {
        HttpResponse<Buffer> client = await(OnboardingApiTest.client.post(gateway.port(), "127.0.0.1", "/v1/admin/onboarding")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).sendJsonObject(new JsonObject()));
        assertEquals(403, client.statusCode(), "a client's key is known, but not for the admin API");
        assertEquals("https://aisle.dev/problems/forbidden", client.bodyAsJsonObject().getString("type"));
        HttpResponse<Buffer> nobody = await(OnboardingApiTest.client.post(gateway.port(), "127.0.0.1", "/v1/admin/onboarding")
                .sendJsonObject(new JsonObject()));
        assertEquals(401, nobody.statusCode(), "no key at all");
        assertEquals("https://aisle.dev/problems/unauthorized", nobody.bodyAsJsonObject().getString("type"));
    }

    private static JsonObject product(Gtin gtin, String name) {
        return new JsonObject().put("gtin", gtin.value()).put("name", name).put("brand", "Test").put("category", "rice")
                .put("sizeClass", "5kg").put("unit", "5 kg bag").put("weightGrams", 5000).put("zone", "A").put("aisle", "3");
    }

    private static HttpResponse<Buffer> onboard(JsonObject batch) {
        return await(client.post(gateway.port(), "127.0.0.1", "/v1/admin/onboarding").putHeader("Authorization", TestConfig.OPERATOR_AUTH)
                .timeout(60_000).sendJsonObject(batch));
    }
}
