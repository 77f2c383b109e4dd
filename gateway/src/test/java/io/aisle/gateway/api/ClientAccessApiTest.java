package io.aisle.gateway.api;

import static io.aisle.gateway.testing.Infra.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.value.Gtin;
import io.aisle.gateway.Gateway;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.config.GatewayConfig;
import io.aisle.gateway.config.PgConfig;
import io.aisle.gateway.config.RedisConfig;
import io.aisle.gateway.isolation.ClientRateLimiter;
import io.aisle.gateway.migration.Migrations;
import io.aisle.gateway.testing.ContractCheck;
import io.aisle.gateway.testing.TestConfig;
import io.aisle.gateway.testing.TestServers;
import io.aisle.testing.EmbeddedRedis;
import io.aisle.testing.TestClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may call what, as a super-app and an operator see it, on two gateway instances sharing
 * PostgreSQL and a Redis server of the test's own: no key is 401, a known key out of its scope 403,
 * a method a path does not take 405; each client's request limit is counted over both instances,
 * answered 429 with Retry-After beyond it, and costs no other client anything. The clock is the
 * test's, so a client's window only moves when the test moves it.
 */
class ClientAccessApiTest {

    private static final Gtin RICE = Gtin.fromPrefix("690000000051");
    private static final int LIMIT = 5;
    private static final Duration WINDOW = Duration.ofSeconds(60);
    /** 15 s into a minute: a window of 60 s ends 45 s later. */
    private static final Instant NOW = Instant.parse("2026-11-25T04:00:15Z");

    private static Vertx vertx;
    private static EmbeddedRedis redis;
    private static TestClock clock;
    private static Gateway first;
    private static Gateway second;
    private static WebClient client;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        redis = EmbeddedRedis.start();
        clock = new TestClock(NOW);
        PgConfig pg = TestServers.freshDatabase();
        Migrations.apply(pg);
        GatewayConfig config = config(pg, new RedisConfig(redis.uri(), 4, 256));
        first = await(Gateway.start(vertx, config, clock));
        second = await(Gateway.start(vertx, config, clock));
        client = ContractCheck.webClient(vertx);
        await(first.catalog().upsert(List.of(new ProductCatalog.Entry(
                new Product(RICE, "Jasmine Rice 5 kg", "Golden Dragon", "rice", "5kg", "5 kg bag"), 5000, false))));
    }

    @AfterAll
    static void stop() {
        await(second.stop());
        await(first.stop());
        await(vertx.close());
        redis.close();
    }

    @Test
    void noKeyOrAKeyNobodyHoldsIsUnauthorized() {
        HttpResponse<Buffer> none = get(first, "/v1/orders/o-1", null);
        assertEquals(401, none.statusCode());
        assertEquals("https://aisle.dev/problems/unauthorized", none.bodyAsJsonObject().getString("type"));
        assertNotNull(none.getHeader("WWW-Authenticate"));
        assertEquals(401, get(first, "/v1/orders/o-1", "Bearer nobody-holds-this-key-0123").statusCode());
        assertEquals(401, get(first, "/v1/admin/stores/s-1/health", null).statusCode());
    }

    @Test
    void aKnownKeyOutsideItsScopeIsForbidden() {
        HttpResponse<Buffer> clientOnAdmin = get(first, "/v1/admin/stores/s-1/health", auth("patient"));
        assertEquals(403, clientOnAdmin.statusCode(), clientOnAdmin.bodyAsString());
        assertEquals("https://aisle.dev/problems/forbidden", clientOnAdmin.bodyAsJsonObject().getString("type"));
        HttpResponse<Buffer> operatorOnClientApi = get(first, "/v1/orders/o-1", TestConfig.OPERATOR_AUTH);
        assertEquals(403, operatorOnClientApi.statusCode(), operatorOnClientApi.bodyAsString());
        assertEquals(404, get(first, "/v1/admin/stores/s-1/health", TestConfig.OPERATOR_AUTH).statusCode(),
                "the operator key opens the admin API: the store is just not there");
    }

    @Test
    void aMethodThePathDoesNotTakeIsMethodNotAllowedWithTheMethodsItTakes() {
        assertMethodNotAllowed("DELETE", "/v1/orders/o-1", "GET");
        assertMethodNotAllowed("GET", "/v1/orders/o-1/cancel", "POST");
        assertMethodNotAllowed("PUT", "/v1/quotes", "POST");
        assertMethodNotAllowed("POST", "/health/ready", "GET");
        HttpResponse<Buffer> unknown = send("GET", "/v1/no-such-thing", auth("patient"));
        assertEquals(404, unknown.statusCode(), "a path without any operation is not found");
    }

    @Test
    void aClientOverItsLimitIsAnswered429WithRetryAfterCountedOverBothInstances() {
        for (int i = 0; i < LIMIT; i++) {
            Gateway instance = i % 2 == 0 ? first : second;
            assertEquals(200, get(instance, "/v1/catalog?q=rice", auth("greedy")).statusCode(), "request " + (i + 1) + " is within the limit");
        }
        HttpResponse<Buffer> over = get(second, "/v1/catalog?q=rice", auth("greedy"));
        assertEquals(429, over.statusCode(), "the sixth request, whichever instance gets it: " + over.bodyAsString());
        assertEquals("https://aisle.dev/problems/rate-limited", over.bodyAsJsonObject().getString("type"));
        assertEquals("45", over.getHeader("Retry-After"), "the seconds until the client's window ends");
        assertEquals(429, get(first, "/v1/catalog?q=rice", auth("greedy")).statusCode(), "the other instance counted the same");
        assertEquals(429, send("POST", "/v1/quotes", auth("greedy")).statusCode(), "the limit is on every operation of the client");

        clock.advance(Duration.ofSeconds(45));
        try {
            assertEquals(200, get(first, "/v1/catalog?q=rice", auth("greedy")).statusCode(), "a new window, a new count");
        } finally {
            clock.advance(Duration.ofSeconds(15));
        }
    }

    @Test
    void aClientOverItsLimitDoesNotRefuseAnotherClientNorCostRedisAnything() {
        String key = windowKey("hasty");
        List<Future<HttpResponse<Buffer>>> hasty = new ArrayList<>();
        List<Future<HttpResponse<Buffer>>> patient = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Gateway instance = i % 2 == 0 ? first : second;
            hasty.add(request(instance, "/v1/catalog?q=rice", auth("hasty")));
            if (i % 3 == 0) {
                patient.add(request(instance, "/v1/catalog?q=rice", auth("patient")));
            }
        }
        await(Future.all(new ArrayList<>(hasty)));
        await(Future.all(new ArrayList<>(patient)));
        assertEquals(LIMIT, hasty.stream().filter(r -> r.result().statusCode() == 200).count(), "the hasty client gets its limit");
        assertEquals(60 - LIMIT, hasty.stream().filter(r -> r.result().statusCode() == 429).count(), "and 429 beyond it");
        assertEquals(List.of(), patient.stream().map(r -> r.result().statusCode()).filter(status -> status != 200).toList(),
                "the patient client is refused nothing while the hasty one is over its limit");

        long countedBefore = count(key);
        for (int i = 0; i < 20; i++) {
            assertEquals(429, get(i % 2 == 0 ? first : second, "/v1/catalog?q=rice", auth("hasty")).statusCode());
        }
        assertEquals(countedBefore, count(key), "an instance that knows the client is over its limit answers without Redis");
    }

    @Test
    void withRedisAwayEachInstanceCountsItsShareAloneAndFailsNothing() {
        redis.stop();
        try {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < LIMIT + 2; i++) {
                statuses.add(get(first, "/v1/catalog?q=rice", auth("modest")).statusCode());
            }
            assertNotEquals(200, statuses.get(statuses.size() - 1), "the limit still holds: " + statuses);
            assertTrue(statuses.get(0) == 200, "the limiter does not refuse requests because Redis is away: " + statuses);
            assertEquals(List.of(), statuses.stream().filter(status -> status != 200 && status != 429).toList(),
                    "served or refused over the limit, never failed: " + statuses);
            assertTrue(statuses.stream().filter(status -> status == 200).count() <= LIMIT, "at most its limit on one instance: " + statuses);
        } finally {
            redis.startAgain();
            // the instance asks Redis again a while after it found it away (by the test's clock); same phase of the minute
            clock.advance(WINDOW);
        }
    }

    private static void assertMethodNotAllowed(String method, String path, String allow) {
        HttpResponse<Buffer> answer = send(method, path, auth("patient"));
        assertEquals(405, answer.statusCode(), method + " " + path + ": " + answer.bodyAsString());
        assertEquals(allow, answer.getHeader("Allow"), method + " " + path);
        assertEquals("https://aisle.dev/problems/method-not-allowed", answer.bodyAsJsonObject().getString("type"));
    }

    private static long count(String key) {
        Redis reader = Redis.createClient(vertx, redis.uri());
        try {
            Response value = await(reader.send(Request.cmd(Command.GET).arg(key)));
            return value == null ? 0 : value.toLong();
        } finally {
            reader.close();
        }
    }

    private static String windowKey(String clientId) {
        return ClientRateLimiter.KEY_PREFIX + clientId + ":" + WINDOW.toMillis() + ":" + clock.millis() / WINDOW.toMillis();
    }

    private static HttpResponse<Buffer> get(Gateway gateway, String path, String authorization) {
        return await(request(gateway, path, authorization));
    }

    private static Future<HttpResponse<Buffer>> request(Gateway gateway, String path, String authorization) {
        var request = client.get(gateway.port(), "127.0.0.1", path);
        if (authorization != null) {
            request.putHeader("Authorization", authorization);
        }
        return request.send();
    }

    private static HttpResponse<Buffer> send(String method, String path, String authorization) {
        var request = client.request(io.vertx.core.http.HttpMethod.valueOf(method), first.port(), "127.0.0.1", path)
                .putHeader("Authorization", authorization);
        return await(request.send());
    }

    private static String auth(String clientId) {
        return "Bearer " + clientId + "-key-0123456789";
    }

    private static GatewayConfig config(PgConfig pg, RedisConfig redisConfig) {
        ObjectNode overrides = JsonNodeFactory.instance.objectNode();
        ArrayNode clients = overrides.putArray("clients");
        clients.addObject().put("clientId", TestConfig.CLIENT_ID).put("apiKey", TestConfig.CLIENT_KEY);
        for (String limited : List.of("greedy", "hasty", "modest")) {
            clients.addObject().put("clientId", limited).put("apiKey", limited + "-key-0123456789")
                    .put("requestsPerWindow", LIMIT).put("windowMs", WINDOW.toMillis());
        }
        clients.addObject().put("clientId", "patient").put("apiKey", "patient-key-0123456789");
        // the counts asserted here are Redis's: on a loaded machine no request may fall back to counting alone
        overrides.putObject("clientLimits").put("redisTimeoutMs", 5_000);
        return TestConfig.gateway(pg, redisConfig, overrides);
    }
}
