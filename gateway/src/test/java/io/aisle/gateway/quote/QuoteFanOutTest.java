package io.aisle.gateway.quote;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.value.GeoPoint;
import io.aisle.contracts.value.Gtin;
import io.aisle.gateway.Gateway;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.config.GatewayConfig;
import io.aisle.gateway.config.PgConfig;
import io.aisle.gateway.config.RedisConfig;
import io.aisle.gateway.migration.Migrations;
import io.aisle.gateway.store.Chain;
import io.aisle.gateway.store.Store;
import io.aisle.gateway.testing.MutableClock;
import io.aisle.gateway.testing.TestConfig;
import io.aisle.gateway.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The quote fan-out against partner stubs (WireMock speaking the Aisle partner API), through the
 * real adapter, breakers, limits, PostgreSQL and Redis. Each test uses stores of its own, in a
 * cluster of its own, so breakers opened by one test never touch another.
 */
class QuoteFanOutTest {

    private static final Gtin RICE = Gtin.fromPrefix("690000000001");
    private static final Gtin FLOUR = Gtin.fromPrefix("690000000002");
    private static final AtomicInteger CLUSTERS = new AtomicInteger();

    private static WireMockServer partner;
    private static Vertx vertx;
    private static MutableClock clock;
    private static PgConfig pg;
    private static RedisConfig redis;
    private static Gateway gateway;
    private static Gateway secondInstance;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        partner = new WireMockServer(WireMockConfiguration.options().dynamicPort().containerThreads(40));
        partner.start();
        vertx = Vertx.vertx();
        clock = new MutableClock(Instant.parse("2026-11-25T04:00:00Z"));
        pg = TestServers.freshDatabase();
        redis = TestServers.redis();
        Migrations.apply(pg);
        gateway = await(Gateway.start(vertx, config(), clock));
        // the partner's quota for the "tight" chain: two calls per second over all its stores
        await(gateway.registry().upsertChain(new Chain("tight", "Tight Quota Mart", PartnerKind.AISLE_PARTNER_API,
                partner.baseUrl() + "/aisle-partner", null, 2, 100)));
        gateway.isolation().defineChain("tight", "default", 100, 2);
        secondInstance = await(Gateway.start(vertx, config(), clock));
        client = WebClient.create(vertx);
        await(gateway.catalog().upsert(List.of(
                new ProductCatalog.Entry(new Product(RICE, "Jasmine Rice 5 kg", "Golden Dragon", "rice", "5kg", "5 kg bag"), 5000, false),
                new ProductCatalog.Entry(new Product(FLOUR, "Wheat Flour 2.5 kg", "Xiangxue", "flour", "2.5kg", "2.5 kg bag"), 2500, false))));
        warmUp();
    }

    /** A cold JVM takes far longer than the deadline for its first calls; tests start warm, as a running gateway is. */
    private static void warmUp() throws Exception {
        QuoteFanOutTest fixture = new QuoteFanOutTest();
        Cluster cluster = fixture.cluster("aisle-mart", 3);
        cluster.answering(0, 1, 2);
        for (int i = 0; i < 20; i++) {
            quote(gateway, cluster);
            quote(secondInstance, cluster);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        await(secondInstance.stop());
        await(gateway.stop());
        await(vertx.close());
        partner.stop();
    }

    private static GatewayConfig config() {
        ObjectNode overrides = JsonNodeFactory.instance.objectNode();
        overrides.putObject("quote").put("deadlineMs", 300).put("cacheTtlMs", 0).put("radiusKm", 2).put("maxCandidates", 20);
        var chains = overrides.putArray("chains");
        for (String chain : List.of("aisle-mart", "tight")) {
            chains.addObject().put("chainId", chain).put("kind", "AISLE_PARTNER_API")
                    .put("baseUrl", partner.baseUrl() + "/aisle-partner").put("apiKey", "test-key")
                    .put("signingSecret", "test-signing-secret-0123").put("callTimeoutMs", 150);
        }
        return TestConfig.gateway(pg, redis, overrides);
    }

    @Test
    void answersByTheDeadlineWhenAStoreHangsAndReportsEveryCandidateOnce() throws Exception {
        Cluster cluster = cluster("aisle-mart", 5);
        cluster.answering(0, 1, 2, 3);
        cluster.hanging(4);

        JsonObject quote = quote(gateway, cluster);

        Map<String, JsonObject> report = report(quote, cluster);
        for (int i = 0; i < 4; i++) {
            assertEquals("ANSWERED", report.get(cluster.id(i)).getString("outcome"));
        }
        JsonObject hung = report.get(cluster.id(4));
        assertEquals("TIMED_OUT", hung.getString("outcome"));
        assertTrue(hung.getLong("latencyMs") < 5_000, "the answer did not wait for the hung store: " + hung);
        assertEquals(1, quote.getJsonArray("legs").size(), "one answering store supplies the whole basket");
        assertTrue(quote.getJsonArray("unfilled").isEmpty());
    }

    @Test
    void skipsAStoreWhoseBreakerIsOpenWithoutCallingIt() throws Exception {
        Cluster cluster = cluster("aisle-mart", 3);
        cluster.answering(0, 1);
        cluster.failing(2);
        for (int i = 0; i < 5; i++) {
            quote(gateway, cluster);
        }
        partner.resetRequests();

        JsonObject quote = quote(gateway, cluster);

        assertEquals("CIRCUIT_OPEN", report(quote, cluster).get(cluster.id(2)).getString("outcome"));
        partner.verify(0, postRequestedFor(urlEqualTo(cluster.path(2))));
        assertEquals("ANSWERED", report(quote, cluster).get(cluster.id(0)).getString("outcome"));
        JsonObject health = get(gateway, "/v1/admin/stores/" + cluster.id(2) + "/health");
        assertEquals("OPEN", health.getString("state"));
        assertEquals("FAILURE_RATE", health.getString("reason"));
    }

    @Test
    void aHalfOpenProbeBringsTheStoreBack() throws Exception {
        Cluster cluster = cluster("aisle-mart", 2);
        cluster.answering(0);
        cluster.failing(1);
        for (int i = 0; i < 5; i++) {
            quote(gateway, cluster);
        }
        assertEquals("CIRCUIT_OPEN", report(quote(gateway, cluster), cluster).get(cluster.id(1)).getString("outcome"));

        cluster.answering(1);
        clock.advance(Duration.ofSeconds(11));

        assertEquals("ANSWERED", report(quote(gateway, cluster), cluster).get(cluster.id(1)).getString("outcome"), "probe");
        assertEquals("ANSWERED", report(quote(gateway, cluster), cluster).get(cluster.id(1)).getString("outcome"), "probe");
        assertEquals("CLOSED", get(gateway, "/v1/admin/stores/" + cluster.id(1) + "/health").getString("state"));
    }

    @Test
    void reportsARateLimitedChainWithoutWaitingForIt() throws Exception {
        Cluster cluster = cluster("tight", 8);
        cluster.answering(0, 1, 2, 3, 4, 5, 6, 7);

        JsonObject quote = quote(gateway, cluster);

        Map<String, JsonObject> report = report(quote, cluster);
        long limited = report.values().stream().filter(r -> "RATE_LIMITED".equals(r.getString("outcome"))).count();
        long answered = report.values().stream().filter(r -> "ANSWERED".equals(r.getString("outcome"))).count();
        assertTrue(limited >= 4, "the chain's quota of 2 calls per second holds: " + report.values());
        assertEquals(8, limited + answered);
        partner.verify((int) answered, postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlMatching(
                "/aisle-partner/v1/stores/" + cluster.prefix + ".*")));
    }

    @Test
    void aPartnerAnswering429IsReportedRateLimited() throws Exception {
        Cluster cluster = cluster("aisle-mart", 2);
        cluster.answering(0);
        partner.stubFor(post(urlEqualTo(cluster.path(1))).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "2").withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"about:blank\",\"title\":\"Too many requests\",\"status\":429}")));

        assertEquals("RATE_LIMITED", report(quote(gateway, cluster), cluster).get(cluster.id(1)).getString("outcome"));
    }

    @Test
    void aBreakerOpenedOnOneInstanceHidesTheStoreOnAnother() throws Exception {
        Cluster cluster = cluster("aisle-mart", 2);
        cluster.answering(0);
        cluster.failing(1);
        for (int i = 0; i < 5; i++) {
            quote(gateway, cluster);
        }
        partner.resetRequests();

        JsonObject onSecond = null;
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < giveUp) {
            onSecond = quote(secondInstance, cluster);
            if ("CIRCUIT_OPEN".equals(report(onSecond, cluster).get(cluster.id(1)).getString("outcome"))) {
                break;
            }
            partner.resetRequests();
            Thread.sleep(50);
        }
        assertEquals("CIRCUIT_OPEN", report(onSecond, cluster).get(cluster.id(1)).getString("outcome"));
        partner.verify(0, postRequestedFor(urlEqualTo(cluster.path(1))));
    }

    @Test
    void pausedAndClosedStoresAreSkippedAndReported() throws Exception {
        Cluster cluster = cluster("aisle-mart", 2);
        cluster.answering(0, 1);
        JsonObject paused = postJson(gateway, "/v1/admin/stores/" + cluster.id(1) + "/pause", new JsonObject().put("reason", "stocktaking"));
        assertEquals("MANUAL_PAUSE", paused.getString("reason"));
        partner.resetRequests();

        JsonObject quote = quote(gateway, cluster);

        assertEquals("PAUSED", report(quote, cluster).get(cluster.id(1)).getString("outcome"));
        partner.verify(0, postRequestedFor(urlEqualTo(cluster.path(1))));
        postJson(gateway, "/v1/admin/stores/" + cluster.id(1) + "/resume", new JsonObject());
        assertEquals("ANSWERED", report(quote(gateway, cluster), cluster).get(cluster.id(1)).getString("outcome"));
    }

    @Test
    void refusesABasketWithAnUnknownProduct() throws Exception {
        Cluster cluster = cluster("aisle-mart", 1);
        JsonObject body = cluster.quoteBody();
        body.getJsonArray("lines").getJsonObject(0).put("gtin", Gtin.fromPrefix("690000000099").value());
        HttpResponse<Buffer> response = await(client.post(gateway.port(), "127.0.0.1", "/v1/quotes")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).sendJsonObject(body));
        assertEquals(422, response.statusCode());
        assertEquals("/lines/0/gtin", response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"));
    }

    // --- fixtures -------------------------------------------------------------------------------

    /** A few stores of one chain around a point of their own, far from every other test's. */
    private final class Cluster {
        final String prefix;
        final GeoPoint centre;
        final List<String> ids = new ArrayList<>();

        Cluster(String chainId, int size) throws Exception {
            int n = CLUSTERS.incrementAndGet();
            prefix = chainId + "-c" + n + "-";
            centre = new GeoPoint(30.0 + n * 0.2, 114.3);
            List<Store> stores = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                ids.add(prefix + i);
                stores.add(new Store(prefix + i, chainId, null, "Store " + prefix + i,
                        new GeoPoint(centre.lat() + i * 0.001, centre.lon()), null, null, null, false, null, null));
            }
            await(gateway.registry().upsertStores(stores));
        }

        String id(int i) {
            return ids.get(i);
        }

        String path(int i) {
            return "/aisle-partner/v1/stores/" + id(i) + "/stock-queries";
        }

        void answering(int... stores) {
            for (int i : stores) {
                partner.stubFor(post(urlEqualTo(path(i))).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(new JsonObject().put("storeId", id(i)).put("asOf", "2026-11-25T04:00:00Z")
                                .put("items", new JsonArray()
                                        .add(item(RICE, 40, 5990))
                                        .add(item(FLOUR, 25, 2150))).encode())));
            }
        }

        void hanging(int... stores) {
            for (int i : stores) {
                partner.stubFor(post(urlEqualTo(path(i))).willReturn(aResponse().withStatus(200).withFixedDelay(5_000)
                        .withHeader("Content-Type", "application/json").withBody("{}")));
            }
        }

        void failing(int... stores) {
            for (int i : stores) {
                partner.stubFor(post(urlEqualTo(path(i))).willReturn(aResponse().withStatus(503)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"type\":\"about:blank\",\"title\":\"Down\",\"status\":503}")));
            }
        }

        JsonObject quoteBody() {
            return new JsonObject()
                    .put("deliveryAddress", new JsonObject().put("lat", centre.lat()).put("lon", centre.lon()))
                    .put("lines", new JsonArray()
                            .add(new JsonObject().put("gtin", RICE.value()).put("quantity", 2))
                            .add(new JsonObject().put("gtin", FLOUR.value()).put("quantity", 1)));
        }
    }

    private Cluster cluster(String chainId, int size) throws Exception {
        return new Cluster(chainId, size);
    }

    private static JsonObject item(Gtin gtin, int available, long fen) {
        return new JsonObject().put("gtin", gtin.value()).put("available", available)
                .put("unitPrice", new JsonObject().put("amount", fen).put("currency", "CNY"));
    }

    private static JsonObject quote(Gateway instance, Cluster cluster) throws Exception {
        HttpResponse<Buffer> response = await(client.post(instance.port(), "127.0.0.1", "/v1/quotes")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).timeout(10_000).sendJsonObject(cluster.quoteBody()));
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    /** The per-store report, checked to name every candidate exactly once. */
    private static Map<String, JsonObject> report(JsonObject quote, Cluster cluster) {
        Map<String, JsonObject> byStore = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (Object entry : quote.getJsonArray("stores")) {
            JsonObject line = (JsonObject) entry;
            assertTrue(seen.add(line.getString("storeId")), "reported twice: " + line);
            byStore.put(line.getString("storeId"), line);
        }
        assertEquals(new HashSet<>(cluster.ids), byStore.keySet(), "every candidate exactly once");
        return byStore;
    }

    private static JsonObject get(Gateway instance, String path) throws Exception {
        HttpResponse<Buffer> response = await(client.get(instance.port(), "127.0.0.1", path)
                .putHeader("Authorization", TestConfig.OPERATOR_AUTH).send());
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static JsonObject postJson(Gateway instance, String path, JsonObject body) throws Exception {
        HttpResponse<Buffer> response = await(client.post(instance.port(), "127.0.0.1", path)
                .putHeader("Authorization", TestConfig.OPERATOR_AUTH).sendJsonObject(body));
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
