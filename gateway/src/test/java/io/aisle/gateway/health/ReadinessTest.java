package io.aisle.gateway.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.gateway.Gateway;
import io.aisle.gateway.config.RedisConfig;
import io.aisle.gateway.testing.ContractCheck;
import io.aisle.gateway.testing.TestConfig;
import io.aisle.gateway.testing.TestServers;
import io.aisle.testing.EmbeddedRedis;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Readiness as an operator and a load balancer see it, against real PostgreSQL and a Redis server
 * this test owns, so it can take Redis away from the running gateway and bring it back.
 */
class ReadinessTest {

    private static Vertx vertx;
    private static EmbeddedRedis redis;
    private static Gateway gateway;
    private static WebClient client;

    @BeforeAll
    static void startGateway() throws Exception {
        vertx = Vertx.vertx();
        redis = EmbeddedRedis.start();
        gateway = await(Gateway.start(vertx, TestConfig.gateway(TestServers.freshDatabase(), new RedisConfig(redis.uri(), 4, 256))));
        client = ContractCheck.webClient(vertx);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            await(gateway.stop());
        }
        await(vertx.close());
        redis.close();
    }

    @Test
    void isLiveAndReadyWhenPostgresAndRedisAnswer() throws Exception {
        HttpResponse<Buffer> live = get("/health/live");
        assertEquals(200, live.statusCode());
        assertEquals("UP", live.bodyAsJsonObject().getString("status"));

        HttpResponse<Buffer> ready = get("/health/ready");
        assertEquals(200, ready.statusCode());
        JsonObject report = ready.bodyAsJsonObject();
        assertEquals("UP", report.getString("status"));
        assertEquals(new JsonObject().put("postgres", "UP").put("migrations", "UP").put("redis", "UP").put("warmUp", "UP")
                        .put("outbox", "UP"), report.getJsonObject("checks"),
                "every check by name, PostgreSQL's schema version as migrations, the outbox relay's lag");
    }

    @Test
    void readinessSaysDegradedWhileRedisIsAwayAndUpWhenItReturns() throws Exception {
        assertEquals(200, get("/health/ready").statusCode());

        redis.stop();
        try {
            HttpResponse<Buffer> degraded = pollUntil("DEGRADED");
            assertEquals(200, degraded.statusCode(), "still ready: quotes and orders go on without Redis");
            assertEquals("DOWN", degraded.bodyAsJsonObject().getJsonObject("checks").getString("redis"));
            assertEquals("UP", degraded.bodyAsJsonObject().getJsonObject("checks").getString("postgres"),
                    "PostgreSQL is still reported healthy");
            assertEquals(200, get("/health/live").statusCode(), "the process stays live while a dependency is down");
        } finally {
            redis.startAgain();
        }

        HttpResponse<Buffer> back = pollUntil("UP");
        assertEquals(200, back.statusCode());
    }

    @Test
    void unknownPathIsAProblemNotAnHtmlPage() throws Exception {
        HttpResponse<Buffer> response = await(client.get(gateway.port(), "127.0.0.1", "/v1/no-such-thing")
                .putHeader("Authorization", TestConfig.CLIENT_AUTH).send());
        assertEquals(404, response.statusCode());
        assertEquals("application/problem+json", response.getHeader("Content-Type"));
        JsonObject problem = response.bodyAsJsonObject();
        assertEquals(404, problem.getInteger("status"));
        assertEquals("/v1/no-such-thing", problem.getString("instance"));
    }

    private static HttpResponse<Buffer> pollUntil(String status) throws Exception {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(30));
        HttpResponse<Buffer> last;
        do {
            last = get("/health/ready");
            // a 503 is a problem, whose status is the HTTP status (a number)
            if (status.equals(String.valueOf(last.bodyAsJsonObject().getValue("status")))) {
                return last;
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(giveUp));
        throw new AssertionError("readiness never said " + status + "; last answer " + last.statusCode() + " " + last.bodyAsString());
    }

    private static HttpResponse<Buffer> get(String path) throws Exception {
        return await(client.get(gateway.port(), "127.0.0.1", path).timeout(5000).send());
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
