package io.aisle.gateway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ops page in a real browser (Debian's headless chromium over the DevTools protocol) against a
 * real gateway on PostgreSQL and Redis, its stores played by WireMock: an operator logs in with the
 * operator key, sees the store the test made fail as OPEN with its reason, and pauses a store from
 * the page, which the admin API then reports paused. Skipped when chromium is not installed, unless
 * {@code AISLE_BROWSER_TEST=required} (as {@code .ci/run} sets it), when a missing browser fails.
 */
class OpsPageBrowserTest {

    private static final Gtin RICE = Gtin.fromPrefix("690000000001");

    private static StubbedPartner partner;
    private static Vertx vertx;
    private static PgConfig pg;
    private static RedisConfig redis;
    private static Gateway gateway;
    private static WebClient client;
    private static Pool sql;

    @BeforeAll
    static void start() {
        partner = new StubbedPartner();
        vertx = Vertx.vertx();
        pg = TestServers.freshDatabase();
        redis = TestServers.redis();
        ObjectNode overrides = JsonNodeFactory.instance.objectNode();
        overrides.putObject("quote").put("deadlineMs", 1000).put("cacheTtlMs", 0).put("radiusKm", 2);
        partner.addChains(overrides.putArray("chains"), 500, "aisle-mart");
        gateway = Infra.await(Gateway.start(vertx, TestConfig.gateway(pg, redis, overrides)));
        client = ContractCheck.webClient(vertx);
        sql = Infra.pool(vertx, pg);
        Infra.await(gateway.catalog().upsert(List.of(new ProductCatalog.Entry(
                new Product(RICE, "Jasmine Rice 5 kg", "Golden Dragon", "rice", "5kg", "5 kg bag"), 5000, false))));
    }

    @AfterAll
    static void stop() {
        if (sql != null) {
            Infra.await(sql.close());
        }
        if (gateway != null) {
            Infra.await(gateway.stop());
        }
        Infra.await(vertx.close());
        partner.close();
    }

    @Test
    void showsAFailingStoreOpenWithItsReasonAndPausesAStoreFromThePage() throws Exception {
        boolean required = "required".equals(System.getenv("AISLE_BROWSER_TEST"));
        if (required) {
            assertTrue(HeadlessChromium.installed(), "AISLE_BROWSER_TEST=required, but there is no " + HeadlessChromium.BINARY);
        } else {
            assumeTrue(HeadlessChromium.installed(), HeadlessChromium.BINARY + " is not installed (apt-get install chromium)");
        }
        StubbedPartner.Cluster cluster = partner.cluster(gateway, "aisle-mart", 3);
        cluster.answering(Map.of(RICE, new int[] {50, 5990}), 0, 1);
        cluster.failing(2);
        String failing = cluster.id(2);
        String toPause = cluster.id(1);
        Eventually.eventually("the failing store's breaker opens", () -> {
            quote(cluster);
            return admin("/v1/admin/stores/" + failing + "/health");
        }, health -> "OPEN".equals(health.getString("state")));
        Infra.await(sql.preparedQuery("""
                insert into outbox (topic, aggregate_id, external_id, payload, status, attempts, last_error)
                values ('webhook', 'ord-ops-1', 'ops-dead-1', '{}', 'DEAD', 8, 'receiver answered 500')""").execute());

        try (HeadlessChromium chromium = HeadlessChromium.launch(vertx)) {
            HeadlessChromium.Page page = chromium.newPage("operator", TestConfig.OPERATOR_KEY);
            try {
                page.navigate("http://127.0.0.1:" + gateway.port() + "/ops");

                String row = "#unhealthy-body tr[data-store-id=\"" + failing + "\"]";
                JsonObject shown = Eventually.eventually("the page lists the failing store", () -> new JsonObject(String.valueOf(page.evaluate(
                        "JSON.stringify((() => { const r = document.querySelector('" + row + "'); return r ? {"
                                + " state: r.querySelector('[data-field=state]').textContent,"
                                + " reason: r.querySelector('[data-field=reason]').textContent } : {}; })())"))),
                        found -> found.containsKey("state"));
                assertEquals("OPEN", shown.getString("state"), "the page shows the failing store's breaker: " + shown);
                assertEquals("FAILURE_RATE", shown.getString("reason"), "the page says why: " + shown);
                assertEquals("1", page.evaluate("document.querySelector('#chains-body tr[data-chain-id=\"aisle-mart\"] [data-field=open]').textContent"),
                        "the chain counts one open breaker");
                assertTrue((Boolean) page.evaluate("document.querySelectorAll('#grid .cell.some, #grid .cell.many').length > 0"),
                        "the city grid marks the failing store's cell");
                assertTrue(String.valueOf(page.evaluate("document.getElementById('dead-body').textContent")).contains("receiver answered 500"),
                        "the dead outbox row is listed with its last error");

                page.type("#store-id", toPause);
                page.type("#store-reason", "freezer broken");
                page.click("#pause");

                Eventually.eventually("the page reports the pause", () -> String.valueOf(page.evaluate(
                        "document.getElementById('store-result').dataset.state || document.getElementById('store-result').textContent")),
                        state -> state.equals("FORCED_OPEN") || state.contains("refused") || state.contains("failed"));
                assertEquals("FORCED_OPEN", page.evaluate("document.getElementById('store-result').dataset.state"),
                        () -> "the pause was refused: " + page.evaluate("document.getElementById('store-result').textContent")
                                + "\n" + page.console());
                Eventually.eventually("the page lists the paused store", () -> (Boolean) page.evaluate(
                        "!!document.querySelector('#paused-body tr[data-store-id=\"" + toPause + "\"]')"), listed -> listed);
            } finally {
                try {
                    // what the operator saw, kept with the test reports
                    page.screenshot(Path.of("target", "surefire-reports", "ops-page.png"));
                } catch (RuntimeException | java.io.IOException notSaved) {
                    // a screenshot is for a look afterwards; the test's own outcome stands
                }
            }
        }

        JsonObject health = admin("/v1/admin/stores/" + toPause + "/health");
        assertEquals("FORCED_OPEN", health.getString("state"), health.encode());
        assertEquals("MANUAL_PAUSE", health.getString("reason"), health.encode());
        String reason = Infra.await(sql.preparedQuery("select pause_reason from stores where store_id = $1").execute(Tuple.of(toPause)))
                .iterator().next().getString(0);
        assertEquals("freezer broken", reason, "the reason typed on the page is the store's pause reason");
    }

    private static void quote(StubbedPartner.Cluster cluster) {
        HttpResponse<Buffer> answer = Infra.await(client.post(gateway.port(), "127.0.0.1", "/v1/quotes")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH)
                .sendJsonObject(cluster.basket(Map.of(RICE, 1))));
        assertEquals(200, answer.statusCode(), answer.bodyAsString());
    }

    private static JsonObject admin(String path) {
        HttpResponse<Buffer> answer = Infra.await(client.get(gateway.port(), "127.0.0.1", path)
                .putHeader("Authorization", TestConfig.OPERATOR_AUTH).send());
        assertEquals(200, answer.statusCode(), answer.bodyAsString());
        return answer.bodyAsJsonObject();
    }
}
