package io.aisle.gateway.quote;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.value.Gtin;
import io.aisle.gateway.Gateway;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.config.GatewayConfig;
import io.aisle.gateway.config.PgConfig;
import io.aisle.gateway.config.RedisConfig;
import io.aisle.gateway.migration.Migrations;
import io.aisle.gateway.store.Chain;
import io.aisle.gateway.testing.ContractCheck;
import io.aisle.gateway.testing.StubbedPartner;
import io.aisle.gateway.testing.TestConfig;
import io.aisle.gateway.testing.TestServers;
import io.aisle.testing.TestClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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

    private static StubbedPartner partner;
    private static Vertx vertx;
    private static TestClock clock;
    private static PgConfig pg;
    private static RedisConfig redis;
    private static Gateway gateway;
    private static Gateway secondInstance;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        partner = new StubbedPartner();
        vertx = Vertx.vertx();
        clock = new TestClock(Instant.parse("2026-11-25T04:00:00Z"));
        pg = TestServers.freshDatabase();
        redis = TestServers.redis();
        Migrations.apply(pg);
        gateway = await(Gateway.start(vertx, config(), clock));
        // the partner's quota for the "tight" chain: two calls per second over all its stores
        await(gateway.registry().upsertChain(new Chain("tight", "Tight Quota Mart", PartnerKind.AISLE_PARTNER_API,
                partner.baseUrl(), null, 2, 100)));
        gateway.isolation().defineChain("tight", "default", 100, 2);
        secondInstance = await(Gateway.start(vertx, config(), clock));
        client = ContractCheck.webClient(vertx);
        await(gateway.catalog().upsert(List.of(
                new ProductCatalog.Entry(new Product(RICE, "Jasmine Rice 5 kg", "Golden Dragon", "rice", "5kg", "5 kg bag"), 5000, false),
                new ProductCatalog.Entry(new Product(FLOUR, "Wheat Flour 2.5 kg", "Xiangxue", "flour", "2.5kg", "2.5 kg bag"), 2500, false))));
        warmUp();
    }

    /** A cold JVM takes far longer than the deadline for its first calls; tests start warm, as a running gateway is. */
    private static void warmUp() throws Exception {
        StubbedPartner.Cluster cluster = cluster("aisle-mart", 3);
        answering(cluster, 0, 1, 2);
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
        partner.close();
    }

    private static GatewayConfig config() {
        ObjectNode overrides = JsonNodeFactory.instance.objectNode();
        overrides.putObject("quote").put("deadlineMs", 300).put("cacheTtlMs", 0).put("radiusKm", 2).put("maxCandidates", 20);
        partner.addChains(overrides.putArray("chains"), 150, "aisle-mart", "tight");
        return TestConfig.gateway(pg, redis, overrides);
    }

    @Test
    void answersByTheDeadlineWhenAStoreHangsAndReportsEveryCandidateOnce() throws Exception {
        StubbedPartner.Cluster cluster = cluster("aisle-mart", 5);
        answering(cluster, 0, 1, 2, 3);
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
    void linesNoStoreAnsweredForAreNotReportedOutOfStock() throws Exception {
        StubbedPartner.Cluster slow = cluster("aisle-mart", 2);
        slow.hanging(0, 1);

        JsonObject quote = quote(gateway, slow);

        assertTrue(quote.getJsonArray("legs").isEmpty());
        for (Object line : quote.getJsonArray("unfilled")) {
            assertEquals("NO_STORE_ANSWERED", ((JsonObject) line).getString("reason"), "every candidate timed out: " + quote);
        }
        assertEquals(2, quote.getJsonArray("unfilled").size());

        StubbedPartner.Cluster empty = cluster("aisle-mart", 2);
        empty.answering(Map.of(), 0, 1);
        JsonObject none = quote(gateway, empty);
        for (Object line : none.getJsonArray("unfilled")) {
            assertEquals("OUT_OF_STOCK", ((JsonObject) line).getString("reason"), "every candidate answered without it: " + none);
        }
    }

    @Test
    void skipsAStoreWhoseBreakerIsOpenWithoutCallingIt() throws Exception {
        StubbedPartner.Cluster cluster = cluster("aisle-mart", 3);
        answering(cluster, 0, 1);
        cluster.failing(2);
        for (int i = 0; i < 5; i++) {
            quote(gateway, cluster);
        }
        partner.server().resetRequests();

        JsonObject quote = quote(gateway, cluster);

        assertEquals("CIRCUIT_OPEN", report(quote, cluster).get(cluster.id(2)).getString("outcome"));
        partner.server().verify(0, postRequestedFor(urlEqualTo(cluster.stockPath(2))));
        assertEquals("ANSWERED", report(quote, cluster).get(cluster.id(0)).getString("outcome"));
        JsonObject health = get(gateway, "/v1/admin/stores/" + cluster.id(2) + "/health");
        assertEquals("OPEN", health.getString("state"));
        assertEquals("FAILURE_RATE", health.getString("reason"));
    }

    @Test
    void aHalfOpenProbeBringsTheStoreBack() throws Exception {
        StubbedPartner.Cluster cluster = cluster("aisle-mart", 2);
        answering(cluster, 0);
        cluster.failing(1);
        for (int i = 0; i < 5; i++) {
            quote(gateway, cluster);
        }
        assertEquals("CIRCUIT_OPEN", report(quote(gateway, cluster), cluster).get(cluster.id(1)).getString("outcome"));

        answering(cluster, 1);
        clock.advance(Duration.ofSeconds(11));

        assertEquals("ANSWERED", report(quote(gateway, cluster), cluster).get(cluster.id(1)).getString("outcome"), "probe");
        assertEquals("ANSWERED", report(quote(gateway, cluster), cluster).get(cluster.id(1)).getString("outcome"), "probe");
        assertEquals("CLOSED", get(gateway, "/v1/admin/stores/" + cluster.id(1) + "/health").getString("state"));
    }

    @Test
    void reportsARateLimitedChainWithoutWaitingForIt() throws Exception {
        StubbedPartner.Cluster cluster = cluster("tight", 8);
        answering(cluster, 0, 1, 2, 3, 4, 5, 6, 7);

        JsonObject quote = quote(gateway, cluster);

        Map<String, JsonObject> report = report(quote, cluster);
        long limited = report.values().stream().filter(r -> "RATE_LIMITED".equals(r.getString("outcome"))).count();
        long answered = report.values().stream().filter(r -> "ANSWERED".equals(r.getString("outcome"))).count();
        assertTrue(limited >= 4, "the chain's quota of 2 calls per second holds: " + report.values());
        assertEquals(8, limited + answered);
        partner.server().verify((int) answered, postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlMatching(
                "/aisle-partner/v1/stores/" + cluster.prefix + ".*")));
    }

    @Test
    void aPartnerAnswering429IsReportedRateLimited() throws Exception {
        StubbedPartner.Cluster cluster = cluster("aisle-mart", 2);
        answering(cluster, 0);
        partner.server().stubFor(post(urlEqualTo(cluster.stockPath(1))).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "2").withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"about:blank\",\"title\":\"Too many requests\",\"status\":429}")));

        assertEquals("RATE_LIMITED", report(quote(gateway, cluster), cluster).get(cluster.id(1)).getString("outcome"));
    }

    @Test
    void aBreakerOpenedOnOneInstanceHidesTheStoreOnAnother() throws Exception {
        StubbedPartner.Cluster cluster = cluster("aisle-mart", 2);
        answering(cluster, 0);
        cluster.failing(1);
        for (int i = 0; i < 5; i++) {
            quote(gateway, cluster);
        }
        partner.server().resetRequests();

        JsonObject onSecond = null;
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < giveUp) {
            onSecond = quote(secondInstance, cluster);
            if ("CIRCUIT_OPEN".equals(report(onSecond, cluster).get(cluster.id(1)).getString("outcome"))) {
                break;
            }
            partner.server().resetRequests();
            Thread.sleep(50);
        }
        assertEquals("CIRCUIT_OPEN", report(onSecond, cluster).get(cluster.id(1)).getString("outcome"));
        partner.server().verify(0, postRequestedFor(urlEqualTo(cluster.stockPath(1))));
    }

    @Test
    void pausedAndClosedStoresAreSkippedAndReported() throws Exception {
        StubbedPartner.Cluster cluster = cluster("aisle-mart", 2);
        answering(cluster, 0, 1);
        JsonObject paused = postJson(gateway, "/v1/admin/stores/" + cluster.id(1) + "/pause", new JsonObject().put("reason", "stocktaking"));
        assertEquals("MANUAL_PAUSE", paused.getString("reason"));
        partner.server().resetRequests();

        JsonObject quote = quote(gateway, cluster);

        assertEquals("PAUSED", report(quote, cluster).get(cluster.id(1)).getString("outcome"));
        partner.server().verify(0, postRequestedFor(urlEqualTo(cluster.stockPath(1))));
        postJson(gateway, "/v1/admin/stores/" + cluster.id(1) + "/resume", new JsonObject());
        assertEquals("ANSWERED", report(quote(gateway, cluster), cluster).get(cluster.id(1)).getString("outcome"));
    }

    @Test
    void lockdownRulesCapUnitsPerHouseholdAndRefuseOverpricedOffers() throws Exception {
        StubbedPartner.Cluster cluster = cluster("aisle-mart", 1);
        answering(cluster, 0);
        try {
            putRules(RICE, new JsonObject().put("purchaseCap", 1));
            JsonObject capped = quote(gateway, cluster);
            JsonObject unfilled = capped.getJsonArray("unfilled").getJsonObject(0);
            assertEquals(RICE.value(), unfilled.getString("gtin"));
            assertEquals(1, unfilled.getInteger("quantity"), "one of the two bags is over the cap");
            assertEquals("PURCHASE_CAP", unfilled.getString("reason"));

            putRules(RICE, new JsonObject().put("priceCeiling", new JsonObject().put("amount", 5000).put("currency", "CNY")));
            JsonObject ceiling = quote(gateway, cluster);
            assertEquals("PRICE_CEILING", ceiling.getJsonArray("unfilled").getJsonObject(0).getString("reason"),
                    "rice at 59.90 is above the 50.00 ceiling");
        } finally {
            putRules(RICE, new JsonObject());
        }
        assertTrue(quote(gateway, cluster).getJsonArray("unfilled").isEmpty(), "lifted rules apply at once");
        HttpResponse<Buffer> bad = await(client.put(gateway.port(), "127.0.0.1", "/v1/admin/products/" + RICE.value() + "/rules")
                .putHeader("Authorization", TestConfig.OPERATOR_AUTH).sendJsonObject(new JsonObject().put("purchaseCap", 0)));
        assertEquals(422, bad.statusCode());
    }

    @Test
    void lockdownRulesSetThroughOneInstanceHoldForTheNextQuoteOnAnother() throws Exception {
        StubbedPartner.Cluster cluster = cluster("aisle-mart", 1);
        answering(cluster, 0);
        assertTrue(quote(secondInstance, cluster).getJsonArray("unfilled").isEmpty(), "the second instance has the catalogue in memory");
        try {
            putRules(RICE, new JsonObject().put("purchaseCap", 1));

            JsonObject capped = quote(secondInstance, cluster);

            JsonObject unfilled = capped.getJsonArray("unfilled").getJsonObject(0);
            assertEquals("PURCHASE_CAP", unfilled.getString("reason"), "the cap set through the first instance: " + capped);
        } finally {
            putRules(RICE, new JsonObject());
        }
        assertTrue(quote(secondInstance, cluster).getJsonArray("unfilled").isEmpty(), "lifted through the first, lifted on the second");
    }

    @Test
    void aStorePausedThroughOneInstanceIsSkippedByTheNextQuoteOnAnother() throws Exception {
        StubbedPartner.Cluster cluster = cluster("aisle-mart", 2);
        answering(cluster, 0, 1);
        assertEquals("ANSWERED", report(quote(secondInstance, cluster), cluster).get(cluster.id(1)).getString("outcome"));
        postJson(gateway, "/v1/admin/stores/" + cluster.id(1) + "/pause", new JsonObject().put("reason", "stocktaking"));
        partner.server().resetRequests();

        JsonObject quote = quote(secondInstance, cluster);

        assertEquals("PAUSED", report(quote, cluster).get(cluster.id(1)).getString("outcome"));
        partner.server().verify(0, postRequestedFor(urlEqualTo(cluster.stockPath(1))));
        postJson(gateway, "/v1/admin/stores/" + cluster.id(1) + "/resume", new JsonObject());
        assertEquals("ANSWERED", report(quote(secondInstance, cluster), cluster).get(cluster.id(1)).getString("outcome"));
    }

    @Test
    void aProductAddedThroughOneInstanceCanBeQuotedOnAnother() throws Exception {
        Gtin eggs = Gtin.fromPrefix("690000000003");
        StubbedPartner.Cluster cluster = cluster("aisle-mart", 1);
        cluster.answering(Map.of(eggs, new int[] {30, 1290}), 0);
        JsonObject body = cluster.basket(Map.of(eggs, 1));
        HttpResponse<Buffer> unknown = await(client.post(secondInstance.port(), "127.0.0.1", "/v1/quotes")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).sendJsonObject(body));
        assertEquals(422, unknown.statusCode(), "not in the catalogue yet");

        await(gateway.catalog().upsert(List.of(
                new ProductCatalog.Entry(new Product(eggs, "Eggs 10 pack", "Farm", "eggs", "10", "10 pack"), 600, false))));
        HttpResponse<Buffer> known = await(client.post(secondInstance.port(), "127.0.0.1", "/v1/quotes")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).sendJsonObject(body));

        assertEquals(200, known.statusCode(), known.bodyAsString());
        assertTrue(known.bodyAsJsonObject().getJsonArray("unfilled").isEmpty(), known.bodyAsString());
    }

    private static void putRules(Gtin gtin, JsonObject rules) throws Exception {
        HttpResponse<Buffer> response = await(client.put(gateway.port(), "127.0.0.1", "/v1/admin/products/" + gtin.value() + "/rules")
                .putHeader("Authorization", TestConfig.OPERATOR_AUTH).sendJsonObject(rules));
        assertEquals(200, response.statusCode(), response.bodyAsString());
    }

    @Test
    void refusesABasketWithAnUnknownProduct() throws Exception {
        StubbedPartner.Cluster cluster = cluster("aisle-mart", 1);
        JsonObject body = quoteBody(cluster);
        body.getJsonArray("lines").getJsonObject(0).put("gtin", Gtin.fromPrefix("690000000099").value());
        HttpResponse<Buffer> response = await(client.post(gateway.port(), "127.0.0.1", "/v1/quotes")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).sendJsonObject(body));
        assertEquals(422, response.statusCode());
        assertEquals("/lines/0/gtin", response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"));
    }

    // --- fixtures -------------------------------------------------------------------------------

    private static StubbedPartner.Cluster cluster(String chainId, int size) {
        return partner.cluster(gateway, chainId, size);
    }

    private static void answering(StubbedPartner.Cluster cluster, int... stores) {
        cluster.answering(Map.of(RICE, new int[] {40, 5990}, FLOUR, new int[] {25, 2150}), stores);
    }

    private static JsonObject quoteBody(StubbedPartner.Cluster cluster) {
        Map<Gtin, Integer> lines = new java.util.LinkedHashMap<>();
        lines.put(RICE, 2);
        lines.put(FLOUR, 1);
        return cluster.basket(lines);
    }

    private static JsonObject quote(Gateway instance, StubbedPartner.Cluster cluster) throws Exception {
        HttpResponse<Buffer> response = await(client.post(instance.port(), "127.0.0.1", "/v1/quotes")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).timeout(10_000).sendJsonObject(quoteBody(cluster)));
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    /** The per-store report, checked to name every candidate exactly once. */
    private static Map<String, JsonObject> report(JsonObject quote, StubbedPartner.Cluster cluster) {
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
