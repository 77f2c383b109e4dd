package io.aisle.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.contracts.api.Product;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.value.GeoPoint;
import io.aisle.contracts.value.Gtin;
import io.aisle.gateway.Gateway;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.store.Chain;
import io.aisle.gateway.store.Store;
import io.aisle.gateway.testing.ContractCheck;
import io.aisle.gateway.testing.TestConfig;
import io.aisle.gateway.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /v1/catalog and GET /v1/stores as a super-app backend calls them. */
class CatalogAndStoresApiTest {

    private static final GeoPoint CENTRE = new GeoPoint(30.5928, 114.3055);
    private static Vertx vertx;
    private static Gateway gateway;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        gateway = await(Gateway.start(vertx, TestConfig.gateway(TestServers.freshDatabase(), TestServers.redis())));
        client = ContractCheck.webClient(vertx);
        await(gateway.catalog().upsert(List.of(
                entry("6901234567892", "Golden Dragon Jasmine Rice 5 kg", "Golden Dragon", "rice", "5kg", "5 kg bag"),
                entry(Gtin.fromPrefix("690123456790").value(), "Northeast Pearl Rice 5 kg", "Heilongjiang", "rice", "5kg", "5 kg bag"),
                entry(Gtin.fromPrefix("690123456791").value(), "Free-range Eggs 30", "Sunny Farm", "eggs", "30", "30 eggs"))));
        await(gateway.registry().upsertChain(new Chain("aisle-mart", "Aisle Mart", PartnerKind.AISLE_PARTNER_API,
                "http://127.0.0.1:9/aisle-partner", null, 100, 50)));
        await(gateway.registry().upsertStores(List.of(
                store("aisle-mart-near", new GeoPoint(30.5938, 114.3055)),
                store("aisle-mart-far", new GeoPoint(30.6128, 114.3055)),
                store("aisle-mart-away", new GeoPoint(31.5, 114.3055)))));
        await(gateway.registry().pause("aisle-mart-far", "stocktaking"));
    }

    @AfterAll
    static void stop() throws Exception {
        await(gateway.stop());
        await(vertx.close());
    }

    @Test
    void searchesTheCatalogueByName() throws Exception {
        HttpResponse<Buffer> response = get("/v1/catalog?q=RICE");
        assertEquals(200, response.statusCode());
        JsonArray products = response.bodyAsJsonObject().getJsonArray("products");
        assertEquals(2, products.size(), products.encode());
        JsonObject first = products.getJsonObject(0);
        assertTrue(first.getString("name").toLowerCase().contains("rice"));
        assertEquals(13, first.getString("gtin").length());
        assertEquals("5 kg bag", first.getString("unit"));
    }

    @Test
    void emptyQueryListsTheCatalogueUpToTheLimit() throws Exception {
        assertEquals(3, get("/v1/catalog").bodyAsJsonObject().getJsonArray("products").size());
        assertEquals(1, get("/v1/catalog?limit=1").bodyAsJsonObject().getJsonArray("products").size());
        assertEquals(0, get("/v1/catalog?q=caviar").bodyAsJsonObject().getJsonArray("products").size());
    }

    @Test
    void listsNearbyStoresNearestFirstWithTheirState() throws Exception {
        HttpResponse<Buffer> response = get("/v1/stores?lat=30.5928&lon=114.3055&radiusKm=5");
        assertEquals(200, response.statusCode());
        JsonArray stores = response.bodyAsJsonObject().getJsonArray("stores");
        assertEquals(2, stores.size(), "the store 100 km away is not listed: " + stores.encode());
        assertEquals("aisle-mart-near", stores.getJsonObject(0).getString("storeId"));
        assertEquals("CLOSED", stores.getJsonObject(0).getString("health"), "breaker closed: calls flow");
        assertEquals(0.111, stores.getJsonObject(0).getDouble("distanceKm"), 0.01);
        assertEquals("aisle-mart-far", stores.getJsonObject(1).getString("storeId"));
        assertEquals("FORCED_OPEN", stores.getJsonObject(1).getString("health"), "paused by an operator");
    }

    @Test
    void refusesCallersWithoutAValidClientKey() throws Exception {
        for (String header : new String[] {null, "Bearer wrong-key-0123456789", "Basic dGVzdDp0ZXN0"}) {
            var request = client.get(gateway.port(), "127.0.0.1", "/v1/catalog?q=rice");
            if (header != null) {
                request.putHeader("Authorization", header);
            }
            HttpResponse<Buffer> response = await(request.send());
            assertEquals(401, response.statusCode(), String.valueOf(header));
            assertEquals("application/problem+json", response.getHeader("Content-Type"));
            assertEquals("https://aisle.dev/problems/unauthorized", response.bodyAsJsonObject().getString("type"));
        }
        HttpResponse<Buffer> admin = await(client.get(gateway.port(), "127.0.0.1", "/v1/admin/stores/aisle-mart-near/health")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).send());
        assertEquals(403, admin.statusCode(), "a client key is known, but does not open the admin API");
        assertEquals("https://aisle.dev/problems/forbidden", admin.bodyAsJsonObject().getString("type"));
        HttpResponse<Buffer> operator = await(client.get(gateway.port(), "127.0.0.1", "/v1/catalog?q=rice")
                .putHeader("Authorization", TestConfig.OPERATOR_AUTH).send());
        assertEquals(403, operator.statusCode(), "the operator key is known, but not for the client API");
    }

    @Test
    void refusesMissingOrOutOfRangeCoordinatesWithAProblem() throws Exception {
        for (String query : List.of("?lon=114.3", "?lat=91&lon=114.3", "?lat=abc&lon=114.3", "?lat=30.5&lon=114.3&radiusKm=500")) {
            HttpResponse<Buffer> response = get("/v1/stores" + query);
            assertEquals(400, response.statusCode(), query);
            assertEquals("application/problem+json", response.getHeader("Content-Type"), query);
            JsonObject problem = response.bodyAsJsonObject();
            assertEquals(400, problem.getInteger("status"));
            assertEquals(1, problem.getJsonArray("errors").size(), query + " names the parameter: " + problem.encode());
        }
    }

    private static ProductCatalog.Entry entry(String gtin, String name, String brand, String category, String size, String unit) {
        return new ProductCatalog.Entry(new Product(Gtin.of(gtin), name, brand, category, size, unit), 5000, false);
    }

    private static Store store(String id, GeoPoint location) {
        return new Store(id, "aisle-mart", null, "Aisle Mart " + id, location, null, null, null, false, null, null);
    }

    private static HttpResponse<Buffer> get(String path) throws Exception {
        return await(client.get(gateway.port(), "127.0.0.1", path).putHeader("Authorization", TestConfig.CLIENT_AUTH)
                .timeout(5000).send());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
