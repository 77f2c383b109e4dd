package io.aisle.gateway.health;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static io.aisle.gateway.testing.Infra.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aisle.contracts.api.Product;
import io.aisle.contracts.value.Gtin;
import io.aisle.gateway.Gateway;
import io.aisle.gateway.catalog.ProductCatalog;
import io.aisle.gateway.config.GatewayConfig;
import io.aisle.gateway.config.PgConfig;
import io.aisle.gateway.config.RedisConfig;
import io.aisle.gateway.migration.Migrations;
import io.aisle.gateway.testing.ContractCheck;
import io.aisle.gateway.testing.Infra;
import io.aisle.gateway.testing.StubbedPartner;
import io.aisle.gateway.testing.TestConfig;
import io.aisle.gateway.testing.TestServers;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ready means ready to serve at speed: a starting instance says 503 on /health/ready until it has
 * warmed up (pools filled, reference data loaded, baskets quoted through the real fan-out), however
 * well PostgreSQL and Redis answer.
 */
class WarmUpReadinessTest {

    private static final Gtin RICE = Gtin.fromPrefix("690000000031");
    private static final int WARM_UP_QUOTES = 16;

    @Test
    void readinessIsDownUntilTheWarmUpHasFinished() {
        try (Infra infra = Infra.migrated()) {
            Readiness readiness = new Readiness(infra.pg, infra.redis, Migrations.latestBundledVersion(infra.pgConfig),
                    Duration.ofSeconds(1));
            Promise<Void> warmUp = Promise.promise();
            readiness.awaiting(warmUp.future(), () -> "quoting 16 baskets");

            JsonObject warming = await(readiness.check());
            assertEquals("DOWN", warming.getString("status"));
            assertEquals("UP", warming.getJsonObject("checks").getJsonObject("postgres").getString("status"));
            assertEquals("UP", warming.getJsonObject("checks").getJsonObject("redis").getString("status"));
            assertEquals("warming up: quoting 16 baskets", warming.getJsonObject("checks").getJsonObject("warmUp").getString("detail"));

            warmUp.complete();
            assertEquals("UP", await(readiness.check()).getString("status"));
        }
    }

    @Test
    void aStartingInstanceSaysReadyOnlyOnceItHasQuotedItsWarmUpBaskets() {
        Vertx vertx = Vertx.vertx();
        try (StubbedPartner partner = new StubbedPartner()) {
            PgConfig pg = TestServers.freshDatabase();
            RedisConfig redis = TestServers.redis();
            Migrations.apply(pg);
            // a first instance has the registry: three stores of a chain whose answers take a while
            Gateway first = await(Gateway.start(vertx, config(partner, pg, redis, 0)));
            await(first.catalog().upsert(List.of(new ProductCatalog.Entry(
                    new Product(RICE, "Jasmine Rice 5 kg", "Golden Dragon", "rice", "5kg", "5 kg bag"), 5000, false))));
            StubbedPartner.Cluster cluster = partner.cluster(first, "aisle-mart", 3);
            for (String store : cluster.ids) {
                partner.server().stubFor(post(urlEqualTo("/aisle-partner/v1/stores/" + store + "/stock-queries"))
                        .willReturn(aResponse().withStatus(200).withFixedDelay(250).withHeader("Content-Type", "application/json")
                                .withBody(new JsonObject().put("storeId", store).put("asOf", "2026-11-25T04:00:00Z")
                                        .put("items", new JsonArray().add(new JsonObject().put("gtin", RICE.value()).put("available", 9)
                                                .put("unitPrice", new JsonObject().put("amount", 5990).put("currency", "CNY"))))
                                        .encode())));
            }
            partner.server().resetRequests();

            Gateway starting = await(Gateway.start(vertx, config(partner, pg, redis, 60_000)));
            WebClient client = ContractCheck.webClient(vertx);
            HttpResponse<Buffer> answer = await(client.get(starting.port(), "127.0.0.1", "/health/ready").send());
            assertEquals(503, answer.statusCode(), "a fresh instance is warming up: " + answer.bodyAsString());
            int downAnswers = 0;
            while (answer.statusCode() == 503) {
                JsonArray failing = answer.bodyAsJsonObject().getJsonArray("errors");
                assertEquals(1, failing.size(), "only the warm-up keeps it from being ready: " + answer.bodyAsString());
                assertEquals("warmUp", failing.getJsonObject(0).getString("pointer"), answer.bodyAsString());
                assertEquals("5", answer.getHeader("Retry-After"));
                downAnswers++;
                answer = await(client.get(starting.port(), "127.0.0.1", "/health/ready").send());
            }

            assertEquals(200, answer.statusCode(), answer.bodyAsString());
            assertTrue(downAnswers > 0);
            assertTrue(starting.warmedUp().isComplete(), "ready only once warmed up");
            int stockQueries = partner.server().findAll(postRequestedFor(urlMatching("/aisle-partner/v1/stores/.*/stock-queries")))
                    .size();
            assertTrue(stockQueries >= WARM_UP_QUOTES * cluster.ids.size(),
                    "every warm-up basket was quoted at every candidate before readiness said yes: " + stockQueries);
            await(starting.stop());
            await(first.stop());
        } finally {
            await(vertx.close());
        }
    }

    private static GatewayConfig config(StubbedPartner partner, PgConfig pg, RedisConfig redis, int warmUpMs) {
        ObjectNode overrides = JsonNodeFactory.instance.objectNode();
        overrides.putObject("http").put("warmUpMs", warmUpMs).put("warmUpQuotes", WARM_UP_QUOTES);
        overrides.putObject("quote").put("deadlineMs", 400).put("cacheTtlMs", 0).put("radiusKm", 2);
        partner.addChains(overrides.putArray("chains"), 350, "aisle-mart");
        return TestConfig.gateway(pg, redis, overrides);
    }
}
