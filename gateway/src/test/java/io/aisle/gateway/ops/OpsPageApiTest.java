package io.aisle.gateway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.value.Gtin;
import io.aisle.gateway.Gateway;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.config.PgConfig;
import io.aisle.gateway.config.RedisConfig;
import io.aisle.gateway.testing.ContractCheck;
import io.aisle.gateway.testing.Infra;
import io.aisle.gateway.testing.StubbedPartner;
import io.aisle.gateway.testing.TestConfig;
import io.aisle.gateway.testing.TestServers;
import io.aisle.testing.Eventually;
import io.aisle.testing.TestClock;
import java.time.Instant;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ops page over HTTP: who may load it, what it is served as, what its data says, and how it
 * answers bad input (problem+json, as the rest of the API). The page in a browser: {@link OpsPageBrowserTest}.
 */
class OpsPageApiTest {

    private static final Gtin RICE = Gtin.fromPrefix("690000000001");
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString(("ops:" + TestConfig.OPERATOR_KEY).getBytes(StandardCharsets.UTF_8));

    private static StubbedPartner partner;
    private static Vertx vertx;
    private static PgConfig pg;
    private static RedisConfig redis;
    private static Gateway gateway;
    /** Every answer, the page's included, is checked against the super-app document. */
    private static WebClient client;

    @BeforeAll
    static void start() {
        partner = new StubbedPartner();
        vertx = Vertx.vertx();
        pg = TestServers.freshDatabase();
        redis = TestServers.redis();
        ObjectNode overrides = JsonNodeFactory.instance.objectNode();
        overrides.putObject("quote").put("deadlineMs", 1000).put("cacheTtlMs", 0).put("radiusKm", 2);
        partner.addChains(overrides.putArray("chains"), 3000, "aisle-mart");
        // the stubs' stock answers are as of this instant: the gateway's clock says it is now
        gateway = Infra.await(Gateway.start(vertx, TestConfig.gateway(pg, redis, overrides),
                new TestClock(Instant.parse("2026-11-25T04:00:00Z"))));
        client = ContractCheck.webClient(vertx);
        Infra.await(gateway.catalog().upsert(List.of(new ProductCatalog.Entry(
                new Product(RICE, "Jasmine Rice 5 kg", "Golden Dragon", "rice", "5kg", "5 kg bag"), 5000, false))));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            Infra.await(gateway.stop());
        }
        Infra.await(vertx.close());
        partner.close();
    }

    @Test
    void asksABrowserForBasicCredentialsAndRefusesAnyKeyButTheOperators() {
        for (String authorization : new String[] {null, TestConfig.CLIENT_AUTH, "Basic " + Base64.getEncoder()
                .encodeToString("ops:wrong-key".getBytes(StandardCharsets.UTF_8)), "Basic not base64!"}) {
            HttpResponse<Buffer> refused = get("/ops", authorization);
            assertEquals(401, refused.statusCode(), "with " + authorization);
            assertEquals("Basic realm=\"aisle-ops\", charset=\"UTF-8\"", refused.getHeader("WWW-Authenticate"));
            assertEquals(ContractCheck.PROBLEM_JSON, refused.getHeader("Content-Type"));
            assertEquals("https://aisle.dev/problems/unauthorized", refused.bodyAsJsonObject().getString("type"));
        }
        assertEquals(401, get("/ops/api/summary", null).statusCode(), "the page's data takes the key too");
        assertEquals(401, get("/ops/assets/ops.js", null).statusCode(), "and its script");
    }

    @Test
    void servesThePageItsScriptAndStyleFromTheGatewayUnderAStrictContentSecurityPolicy() {
        HttpResponse<Buffer> page = get("/ops", BASIC);
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.getHeader("Content-Type"));
        String csp = page.getHeader("Content-Security-Policy");
        assertNotNull(csp);
        assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'") && csp.contains("connect-src 'self'"), csp);
        assertEquals("nosniff", page.getHeader("X-Content-Type-Options"));
        String html = page.bodyAsString();
        assertTrue(html.contains("src=\"/ops/assets/ops.js\"") && html.contains("href=\"/ops/assets/ops.css\""), html);
        assertTrue(!html.contains("https://") && !html.contains("http://"), "nothing is loaded from elsewhere");

        assertEquals("text/javascript; charset=utf-8", get("/ops/assets/ops.js", BASIC).getHeader("Content-Type"));
        assertEquals("text/css; charset=utf-8", get("/ops/assets/ops.css", BASIC).getHeader("Content-Type"));
        assertEquals(200, get("/ops", TestConfig.OPERATOR_AUTH).statusCode(), "the operator key as Bearer works as well");
        HttpResponse<Buffer> missing = get("/ops/assets/secrets.txt", BASIC);
        assertEquals(404, missing.statusCode());
        assertEquals(ContractCheck.PROBLEM_JSON, missing.getHeader("Content-Type"));
    }

    @Test
    void summarisesStoresByChainAndTheOrdersInFlightByStatus() {
        StubbedPartner.Cluster cluster = partner.cluster(gateway, "aisle-mart", 2);
        cluster.answering(Map.of(RICE, new int[] {50, 5990}), 0, 1);
        cluster.holding(0, 1);
        JsonObject order = cluster.basket(Map.of(RICE, 1)).put("customerRef", "hh-ops").put("acceptPartial", true);
        // a cold gateway may answer 503 overloaded to its first orders: retried with the same key, as a client does
        HttpResponse<Buffer> placed = Eventually.eventually("the order is placed", () -> Infra.await(client.post(gateway.port(),
                        "127.0.0.1", "/v1/orders").putHeader("Authorization", TestConfig.CLIENT_AUTH)
                .putHeader("Idempotency-Key", "ops-order-1").timeout(10_000).sendJsonObject(order)), answer -> answer.statusCode() != 503);
        // placed (CONFIRMED), or rejected should both holds fail on a slow machine: either way the summary counts it by its status
        assertTrue(placed.statusCode() == 201 || placed.statusCode() == 422, placed.bodyAsString());
        String status = placed.statusCode() == 201 ? placed.bodyAsJsonObject().getString("status")
                : placed.bodyAsJsonObject().getString("orderStatus");
        boolean stillInFlight = !List.of("DELIVERED", "CANCELLED", "REJECTED", "FAILED").contains(status);

        JsonObject summary = Eventually.eventually("the summary counts the order", () -> summary(BASIC),
                s -> s.getJsonObject("orders").getJsonObject("total").getLong(status, 0L) >= 1);
        JsonObject orders = summary.getJsonObject("orders");
        long inFlight = orders.getJsonObject("inFlight").stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
        assertEquals(stillInFlight ? 1 : 0, inFlight, "the one order, " + status + ", in flight or not: " + orders);
        assertTrue(orders.getJsonObject("lastHour").getLong(status) >= 1, orders.encode());
        assertTrue(orders.getJsonObject("lastHour").getLong("RECEIVED") >= 1, orders.encode());
        JsonObject chain = summary.getJsonArray("chains").stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("chainId").equals("aisle-mart")).findFirst().orElseThrow();
        assertTrue(chain.getInteger("stores") >= 2, chain.encode());
        assertEquals(chain.getInteger("stores"), chain.getInteger("closed") + chain.getInteger("open") + chain.getInteger("halfOpen")
                + chain.getInteger("paused") + chain.getInteger("closedHours"), "every store is counted once: " + chain);
        assertTrue(summary.getJsonObject("grid").getInteger("rows") >= 1, summary.encode());
        assertEquals(0, summary.getJsonObject("deadOutbox").getLong("total"));
        assertTrue(summary.getJsonArray("unavailable").isEmpty(), summary.encode());
    }

    @Test
    void pausesAndResumesThroughThePagesDataAsTheAdminApiDoes() {
        StubbedPartner.Cluster cluster = partner.cluster(gateway, "aisle-mart", 1);
        String store = cluster.id(0);
        HttpResponse<Buffer> paused = post("/ops/api/stores/" + store + "/pause", BASIC, true, "{\"reason\": \"stocktaking\"}");
        assertEquals(200, paused.statusCode(), paused.bodyAsString());
        assertEquals("MANUAL_PAUSE", paused.bodyAsJsonObject().getString("reason"));
        JsonObject listed = summary(BASIC).getJsonArray("pausedStores").stream().map(JsonObject.class::cast)
                .filter(p -> p.getString("storeId").equals(store)).findFirst().orElseThrow();
        assertEquals("stocktaking", listed.getString("reason"));

        HttpResponse<Buffer> resumed = post("/ops/api/stores/" + store + "/resume", BASIC, true, "{}");
        assertEquals(200, resumed.statusCode(), resumed.bodyAsString());
        HttpResponse<Buffer> health = Infra.await(client.get(gateway.port(), "127.0.0.1", "/v1/admin/stores/" + store + "/health")
                .putHeader("Authorization", TestConfig.OPERATOR_AUTH).send());
        assertEquals("CLOSED", health.bodyAsJsonObject().getString("state"));
    }

    @Test
    void refusesAChangeMadeWithTheBrowsersCredentialsWithoutThePagesHeader() {
        StubbedPartner.Cluster cluster = partner.cluster(gateway, "aisle-mart", 1);
        HttpResponse<Buffer> forged = post("/ops/api/stores/" + cluster.id(0) + "/pause", BASIC, false, "{\"reason\": \"csrf\"}");
        assertEquals(403, forged.statusCode(), forged.bodyAsString());
        assertEquals("https://aisle.dev/problems/forbidden", forged.bodyAsJsonObject().getString("type"));
        HttpResponse<Buffer> scripted = post("/ops/api/stores/" + cluster.id(0) + "/pause", TestConfig.OPERATOR_AUTH, false,
                "{\"reason\": \"script with the key\"}");
        assertEquals(200, scripted.statusCode(), "a Bearer key is never sent by a browser on its own: " + scripted.bodyAsString());
        post("/ops/api/stores/" + cluster.id(0) + "/resume", TestConfig.OPERATOR_AUTH, false, "{}");
    }

    @Test
    void answersBadInputWithProblems() {
        StubbedPartner.Cluster cluster = partner.cluster(gateway, "aisle-mart", 1);
        assertProblem(post("/ops/api/stores/no-such-store/pause", BASIC, true, "{\"reason\": \"x\"}"), 404, "not-found");
        assertProblem(post("/ops/api/stores/" + cluster.id(0) + "/pause", BASIC, true, "{\"reason\": "), 400, "malformed-request");
        assertProblem(post("/ops/api/stores/" + cluster.id(0) + "/pause", BASIC, true, "{}"), 422, "validation-failed");
        assertProblem(post("/ops/api/summary", BASIC, true, "{}"), 405, "method-not-allowed");
        assertProblem(get("/ops/api/nothing-here", BASIC), 404, "not-found");
    }

    private static void assertProblem(HttpResponse<Buffer> answer, int status, String slug) {
        assertEquals(status, answer.statusCode(), answer.bodyAsString());
        assertEquals(ContractCheck.PROBLEM_JSON, answer.getHeader("Content-Type"));
        assertEquals("https://aisle.dev/problems/" + slug, answer.bodyAsJsonObject().getString("type"), answer.bodyAsString());
    }

    private static JsonObject summary(String authorization) {
        HttpResponse<Buffer> answer = get("/ops/api/summary", authorization);
        assertEquals(200, answer.statusCode(), answer.bodyAsString());
        assertEquals("application/json", answer.getHeader("Content-Type"));
        return answer.bodyAsJsonObject();
    }

    private static HttpResponse<Buffer> get(String path, String authorization) {
        HttpRequest<Buffer> request = client.request(HttpMethod.GET, gateway.port(), "127.0.0.1", path);
        if (authorization != null) {
            request.putHeader("Authorization", authorization);
        }
        return Infra.await(request.send());
    }

    private static HttpResponse<Buffer> post(String path, String authorization, boolean pageHeader, String body) {
        HttpRequest<Buffer> request = client.request(HttpMethod.POST, gateway.port(), "127.0.0.1", path)
                .putHeader("Authorization", authorization).putHeader("Content-Type", "application/json");
        if (pageHeader) {
            request.putHeader("X-Aisle-Ops", "1");
        }
        return Infra.await(request.sendBuffer(Buffer.buffer(body)));
    }
}
