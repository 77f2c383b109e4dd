package io.aisle.gateway.health;

import static io.aisle.gateway.testing.Infra.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.value.Gtin;
import io.aisle.gateway.Gateway;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.config.RedisConfig;
import io.aisle.gateway.testing.StubbedPartner;
import io.aisle.gateway.testing.TestConfig;
import io.aisle.gateway.testing.TestServers;
import io.aisle.testing.EmbeddedRedis;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redis holds only what can be rebuilt: with a real Redis server stopped under a running gateway,
 * quotes and orders go on (candidates from the registry in PostgreSQL, stores asked directly),
 * readiness says DEGRADED and stays 200, and everything is as before once Redis is back, by itself.
 */
class RedisAwayTest {

    private static final Gtin RICE = Gtin.fromPrefix("690000000011");

    private static StubbedPartner partner;
    private static EmbeddedRedis redis;
    private static Vertx vertx;
    private static Gateway gateway;
    private static WebClient client;
    private static StubbedPartner.Cluster cluster;

    @BeforeAll
    static void start() {
        partner = new StubbedPartner();
        redis = EmbeddedRedis.start();
        vertx = Vertx.vertx();
        ObjectNode overrides = JsonNodeFactory.instance.objectNode();
        overrides.putObject("quote").put("deadlineMs", 1000).put("cacheTtlMs", 0).put("radiusKm", 1);
        partner.addChains(overrides.putArray("chains"), 800, "aisle-mart");
        gateway = await(Gateway.start(vertx, TestConfig.gateway(TestServers.freshDatabase(), new RedisConfig(redis.uri(), 4, 256), overrides)));
        client = WebClient.create(vertx);
        await(gateway.catalog().upsert(List.of(
                new ProductCatalog.Entry(new Product(RICE, "Jasmine Rice 5 kg", "Golden Dragon", "rice", "5kg", "5 kg bag"), 5000, false))));
        cluster = partner.cluster(gateway, "aisle-mart", 2);
        cluster.answering(Map.of(RICE, new int[] {40, 5990}), 0, 1);
        cluster.holding(0, 1);
        for (int i = 0; i < 5; i++) {
            place(UUID.randomUUID().toString());
        }
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            await(gateway.stop());
        }
        await(vertx.close());
        redis.close();
        partner.close();
    }

    @Test
    void quotesAndOrdersGoOnWithoutRedisAndReadinessSaysDegraded() throws Exception {
        assertEquals("UP", readiness().bodyAsJsonObject().getString("status"));

        redis.stop();
        try {
            HttpResponse<Buffer> degraded = pollReadiness("DEGRADED");
            assertEquals(200, degraded.statusCode(), "an instance that serves quotes and orders stays ready: " + degraded.bodyAsString());
            JsonObject checks = degraded.bodyAsJsonObject().getJsonObject("checks");
            assertEquals("DOWN", checks.getString("redis"));
            assertEquals("UP", checks.getString("postgres"));

            HttpResponse<Buffer> quote = await(client.post(gateway.port(), "127.0.0.1", "/v1/quotes")
                    .putHeader("Authorization", TestConfig.CLIENT_AUTH).timeout(10_000)
                    .sendJsonObject(cluster.basket(Map.of(RICE, 2))));
            assertEquals(200, quote.statusCode(), quote.bodyAsString());
            JsonArray stores = quote.bodyAsJsonObject().getJsonArray("stores");
            assertEquals(2, stores.size(), "both stores found without the geo index: " + stores);
            stores.forEach(s -> assertEquals("ANSWERED", ((JsonObject) s).getString("outcome"), "asked directly: " + s));

            HttpResponse<Buffer> order = place("redis-away-" + UUID.randomUUID());
            assertEquals(201, order.statusCode(), order.bodyAsString());
            assertEquals("CONFIRMED", order.bodyAsJsonObject().getString("status"));

            HttpResponse<Buffer> nearby = await(client.get(gateway.port(), "127.0.0.1",
                            "/v1/stores?lat=" + cluster.centre.lat() + "&lon=" + cluster.centre.lon())
                    .putHeader("Authorization", TestConfig.CLIENT_AUTH).send());
            assertEquals(200, nearby.statusCode(), nearby.bodyAsString());
            assertTrue(nearby.bodyAsString().contains(cluster.id(0)), "the registry's stores: " + nearby.bodyAsString());
        } finally {
            redis.startAgain();
        }

        HttpResponse<Buffer> back = pollReadiness("UP");
        assertEquals(200, back.statusCode());
        assertEquals(201, place("redis-back-" + UUID.randomUUID()).statusCode());
    }

    private static HttpResponse<Buffer> place(String key) {
        JsonObject body = cluster.basket(Map.of(RICE, 1)).put("customerRef", "hh-1").put("acceptPartial", false);
        return await(client.post(gateway.port(), "127.0.0.1", "/v1/orders").putHeader("Authorization", TestConfig.CLIENT_AUTH)
                .putHeader("Idempotency-Key", key).timeout(10_000).sendJsonObject(body));
    }

    private static HttpResponse<Buffer> readiness() {
        return await(client.get(gateway.port(), "127.0.0.1", "/health/ready").timeout(5000).send());
    }

    private static HttpResponse<Buffer> pollReadiness(String status) throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(30));
        HttpResponse<Buffer> last;
        do {
            last = readiness();
            if (status.equals(String.valueOf(last.bodyAsJsonObject().getValue("status")))) {
                return last;
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(giveUp));
        throw new AssertionError("readiness never said " + status + "; last answer " + last.statusCode() + " " + last.bodyAsString());
    }
}
