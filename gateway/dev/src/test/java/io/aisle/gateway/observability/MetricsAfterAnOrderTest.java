package io.aisle.gateway.observability;

import static io.aisle.gateway.testing.Infra.await;
import static io.aisle.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aisle.adapters.spi.ChainEndpoint;
import io.aisle.contracts.partner.PartnerKind;
import io.aisle.contracts.value.GeoPoint;
import io.aisle.gateway.Gateway;
import io.aisle.gateway.config.GatewayConfig;
import io.aisle.gateway.config.ObservabilityConfig;
import io.aisle.gateway.dev.DevFleet;
import io.aisle.gateway.testing.ContractCheck;
import io.aisle.gateway.testing.TestConfig;
import io.aisle.gateway.testing.TestServers;
import io.aisle.simulator.catalogue.CatalogueItem;
import io.aisle.simulator.fleet.ChainSpec;
import io.aisle.simulator.fleet.FleetSpec;
import io.aisle.simulator.fleet.Store;
import io.aisle.simulator.fleet.Timings;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an operator scraping {@code /metrics} sees after one order went from placement to the door
 * against the simulated chain and rider dispatch: every metric family the gateway documents, with
 * values the order made, and no series per store.
 */
class MetricsAfterAnOrderTest {

    private static final GeoPoint CENTRE = new GeoPoint(30.5928, 114.3055);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static Telemetry telemetry;
    private static Vertx fleetVertx;
    private static Vertx vertx;
    private static DevFleet fleet;
    private static Gateway gateway;
    private static WebClient client;
    private static HttpServer webhooks;
    private static String chainId;

    @BeforeAll
    static void start() {
        telemetry = Telemetry.create(ObservabilityConfig.defaults());
        vertx = telemetry.vertx(new VertxOptions());
        fleetVertx = Vertx.vertx();
        webhooks = await(vertx.createHttpServer().requestHandler(request -> request.body()
                .onComplete(ignored -> request.response().setStatusCode(204).end())).listen(0, "127.0.0.1"));
        List<ChainSpec> chains = FleetSpec.defaultChains().stream()
                .map(c -> c.withStores(c.kind() == PartnerKind.AISLE_PARTNER_API ? 3 : 0)).toList();
        fleet = DevFleet.prepare(new FleetSpec(7L, chains, CENTRE, 0.8, 1.0, Timings.dev()), 0);
        chainId = fleet.endpoints().stream().filter(e -> e.kind() == PartnerKind.AISLE_PARTNER_API).map(ChainEndpoint::chainId)
                .findFirst().orElseThrow();
        ObjectNode overrides = JsonNodeFactory.instance.objectNode();
        overrides.putObject("quote").put("deadlineMs", 2000).put("radiusKm", 3).put("cacheTtlMs", 0);
        overrides.putObject("picking").put("waveWindowMs", 1500).put("pickBaseMs", 500).put("pickPerLineMs", 50)
                .put("checkPeriodMs", 250).put("redispatchBackoffMs", 1000);
        overrides.putObject("http").put("port", io.aisle.gateway.dev.EmbeddedRedisServer.freePort());
        overrides.putObject("riderDispatch").put("baseUrl", fleet.baseUrl() + "/rider-dispatch")
                .put("apiKey", DevFleet.RIDER_API_KEY).put("signingSecret", DevFleet.RIDER_SIGNING_SECRET);
        overrides.putObject("observability").put("tableGaugesPeriodMs", 200);
        overrides.putArray("clients").addObject().put("clientId", TestConfig.CLIENT_ID).put("name", "Test super-app")
                .put("apiKey", TestConfig.CLIENT_KEY).put("webhookUrl", "http://127.0.0.1:" + webhooks.actualPort() + "/hooks")
                .put("webhookSecret", "test-webhook-secret-0123456789");
        GatewayConfig config = TestConfig.gateway(TestServers.freshDatabase(), TestServers.redis(), overrides)
                .withChains(fleet.endpoints());
        gateway = await(Gateway.start(vertx, config));
        await(fleet.seed(gateway, true));
        await(fleet.serve(fleetVertx, "http://127.0.0.1:" + gateway.port()));
        client = ContractCheck.webClient(vertx);
    }

    @AfterAll
    static void stop() {
        await(gateway.stop());
        await(fleet.stop());
        await(webhooks.close());
        await(vertx.close());
        await(fleetVertx.close());
        telemetry.close();
    }

    @Test
    void metricsAreForOperatorsUnlessOpenedByConfig() {
        HttpResponse<Buffer> anonymous = await(client.get(gateway.port(), "127.0.0.1", "/metrics").send());
        assertEquals(401, anonymous.statusCode());
        assertEquals("application/problem+json", anonymous.getHeader("Content-Type"));
        HttpResponse<Buffer> superApp = await(client.get(gateway.port(), "127.0.0.1", "/metrics")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).send());
        assertEquals(403, superApp.statusCode(), "a client key is known but not the operator's: forbidden");
        HttpResponse<Buffer> operator = scrapeResponse();
        assertEquals(200, operator.statusCode());
        assertTrue(operator.getHeader("Content-Type").startsWith("text/plain; version=0.0.4"), operator.getHeader("Content-Type"));
    }

    @Test
    void everyDocumentedFamilyHasValuesAfterAnOrderReachedTheDoor() {
        Store store = fleet.fleet().stores().get(0);
        CatalogueItem item = fleet.fleet().catalogue().items().get(25);
        store.setAvailable(item.gtin(), 40);
        JsonObject body = new JsonObject()
                .put("deliveryAddress", new JsonObject().put("lat", store.location().lat()).put("lon", store.location().lon()))
                .put("lines", new JsonArray().add(new JsonObject().put("gtin", item.gtin().value()).put("quantity", 2)))
                .put("customerRef", "hh-metrics").put("acceptPartial", true);
        HttpResponse<Buffer> placed = await(client.post(gateway.port(), "127.0.0.1", "/v1/orders")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).putHeader("Idempotency-Key", "metrics-order-1")
                .timeout(30_000).sendJsonObject(body));
        assertEquals(201, placed.statusCode(), placed.bodyAsString());
        String orderId = placed.bodyAsJsonObject().getString("orderId");

        eventually(PATIENCE, "the order's hold is counted open while it waits for picking",
                () -> sum(scrape(), "aisle_holds_open", Map.of()) >= 1);
        eventually(PATIENCE, "the order was delivered", () -> "DELIVERED".equals(await(client.get(gateway.port(), "127.0.0.1",
                "/v1/orders/" + orderId).putHeader("Authorization", TestConfig.CLIENT_AUTH).send()).bodyAsJsonObject().getString("status")));
        eventually(PATIENCE, "the webhook of DELIVERED went out",
                () -> sum(scrape(), "aisle_webhook_deliveries_total", Map.of("result", "delivered")) >= 7);
        List<Sample> metrics = scrape();

        // HTTP server and clients (Vert.x), by route template, method and code
        assertTrue(sum(metrics, "vertx_http_server_requests_total", Map.of("route", "/v1/orders", "method", "POST", "code", "201")) >= 1);
        assertTrue(sum(metrics, "vertx_http_server_response_time_seconds_count", Map.of("route", "/v1/orders")) >= 1);
        assertTrue(sum(metrics, "vertx_http_client_requests_total", Map.of("client_name", "chain-" + chainId)) >= 3,
                "stock query, hold and pick list");
        assertTrue(sum(metrics, "vertx_http_client_requests_total", Map.of("client_name", "rider-dispatch")) >= 1);
        assertTrue(sum(metrics, "vertx_http_client_requests_total", Map.of("client_name", "webhooks")) >= 7);
        assertTrue(sum(metrics, "vertx_http_client_response_time_seconds_count", Map.of()) >= 3);
        // the fan-out and its stores
        assertTrue(sum(metrics, "aisle_fanout_duration_seconds_count", Map.of()) >= 1);
        assertTrue(sum(metrics, "aisle_fanout_duration_seconds_bucket", Map.of("le", "+Inf")) >= 1);
        assertTrue(sum(metrics, "aisle_store_outcomes_total", Map.of("chain", chainId, "outcome", "ANSWERED")) >= 1);
        assertTrue(sum(metrics, "aisle_store_answer_duration_seconds_count", Map.of("chain", chainId)) >= 1);
        // breakers by chain, bulkheads and rate limiters by chain (Resilience4j)
        assertTrue(sum(metrics, "aisle_breaker_stores", Map.of("chain", chainId, "state", "CLOSED")) >= 1);
        assertEquals(0, sum(metrics, "aisle_breaker_stores", Map.of("chain", chainId, "state", "OPEN")));
        assertTrue(has(metrics, "resilience4j_bulkhead_available_concurrent_calls", Map.of("name", "chain-" + chainId)));
        assertTrue(has(metrics, "resilience4j_ratelimiter_available_permissions", Map.of("name", "chain-" + chainId)));
        // orders by status, waves, trips, webhooks, the outbox
        for (String status : List.of("RECEIVED", "CONFIRMED", "PICKING", "READY", "DISPATCHED", "PICKED_UP", "DELIVERED")) {
            assertTrue(sum(metrics, "aisle_orders_total", Map.of("status", status)) >= 1, status);
        }
        assertEquals(0, sum(metrics, "aisle_orders_total", Map.of("status", "FAILED")));
        assertTrue(sum(metrics, "aisle_wave_orders_count", Map.of()) >= 1);
        assertTrue(sum(metrics, "aisle_wave_orders_sum", Map.of()) >= 1);
        assertTrue(sum(metrics, "aisle_wave_items_sum", Map.of()) >= 2, "the order's two units were picked in a wave");
        assertTrue(sum(metrics, "aisle_trip_orders_count", Map.of()) >= 1);
        assertTrue(sum(metrics, "aisle_trip_pickups_sum", Map.of()) >= 1);
        assertTrue(sum(metrics, "aisle_outbox_messages_total", Map.of("outcome", "sent")) >= 7);
        assertTrue(has(metrics, "aisle_outbox_lag_seconds", Map.of()), "outbox lag is read");
        assertFalse(Double.isNaN(sum(metrics, "aisle_outbox_lag_seconds", Map.of())));
        assertEquals(0, sum(metrics, "aisle_outbox_dead_rows", Map.of()));
        assertTrue(has(metrics, "aisle_outbox_pending_rows", Map.of()));

        // bounded: no series names a store or an order, latency histograms have a few buckets each
        for (Sample sample : metrics) {
            for (String value : sample.labels().values()) {
                assertFalse(value.contains(store.id()) || value.contains(orderId), "a series per store or order: " + sample);
            }
        }
        long serverBuckets = metrics.stream().filter(s -> s.name().equals("vertx_http_server_response_time_seconds_bucket")
                && "/v1/orders".equals(s.labels().get("route")) && "201".equals(s.labels().get("code"))).count();
        assertTrue(serverBuckets > 0 && serverBuckets <= Telemetry.HTTP_BUCKETS.length + 1, "buckets: " + serverBuckets);

        List<String> undocumented = undocumentedFamilies(scrapeResponse().bodyAsString());
        assertTrue(undocumented.isEmpty(), "README's \"Metrics, traces, logs\" names every family /metrics serves; not: " + undocumented);
    }

    /**
     * The metric families of a scrape ({@code # TYPE} lines) that README's metrics section does not name: by
     * their name (a counter's also with {@code _total}), or by a prefix written as {@code `prefix_*`}.
     */
    private static List<String> undocumentedFamilies(String scrape) {
        String readme = readme();
        int start = readme.indexOf("## Metrics, traces, logs");
        int end = readme.indexOf("### Traces", start);
        assertTrue(start >= 0 && end > start, "README has a metrics section");
        List<String> names = new ArrayList<>();
        Matcher token = Pattern.compile("`([a-z][a-z0-9_]*\\*?)`").matcher(readme.substring(start, end));
        while (token.find()) {
            names.add(token.group(1));
        }
        List<String> undocumented = new ArrayList<>();
        for (String line : scrape.split("\n")) {
            if (!line.startsWith("# TYPE ")) {
                continue;
            }
            String family = line.split(" ")[2];
            // README: every histogram and summary comes with a gauge of its name and _max
            String measured = family.endsWith("_max") ? family.substring(0, family.length() - "_max".length()) : family;
            boolean named = names.stream().anyMatch(n -> n.endsWith("*")
                    ? family.startsWith(n.substring(0, n.length() - 1))
                    : n.equals(family) || n.equals(family + "_total") || n.equals(measured));
            if (!named) {
                undocumented.add(family);
            }
        }
        return undocumented;
    }

    private static String readme() {
        java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !java.nio.file.Files.exists(dir.resolve("README.md").resolveSibling("gateway"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "the repository's README.md is found above " + System.getProperty("user.dir"));
        try {
            return java.nio.file.Files.readString(dir.resolve("README.md"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpResponse<Buffer> scrapeResponse() {
        return await(client.get(gateway.port(), "127.0.0.1", "/metrics").putHeader("Authorization", TestConfig.OPERATOR_AUTH).send());
    }

    private static List<Sample> scrape() {
        HttpResponse<Buffer> response = scrapeResponse();
        assertEquals(200, response.statusCode(), response.bodyAsString());
        List<Sample> samples = new ArrayList<>();
        for (String line : response.bodyAsString().split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return samples;
    }

    /** The sum of the samples of {@code name} whose labels include {@code labels}. */
    private static double sum(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.matches(name, labels)).mapToDouble(Sample::value).sum();
    }

    private static boolean has(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream().anyMatch(s -> s.matches(name, labels));
    }

    record Sample(String name, Map<String, String> labels, double value) {
        boolean matches(String wanted, Map<String, String> subset) {
            return name.equals(wanted) && labels.entrySet().containsAll(subset.entrySet());
        }
    }
}
