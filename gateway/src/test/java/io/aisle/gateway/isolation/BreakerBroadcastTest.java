package io.aisle.gateway.isolation;

import static io.aisle.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.aisle.adapters.spi.PartnerFailure;
import io.aisle.gateway.config.ConfigLoader;
import io.aisle.gateway.config.RedisConfig;
import io.aisle.gateway.testing.TestServers;
import io.aisle.testing.TestClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two gateway instances sharing one Redis: a store one finds dead is hidden by the other. */
class BreakerBroadcastTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final List<Runnable> cleanup = new ArrayList<>();
    private RedisConfig redis;

    @BeforeEach
    void redis() {
        redis = TestServers.redis();
    }

    @AfterEach
    void close() {
        cleanup.forEach(Runnable::run);
    }

    @Test
    void aBreakerOpenedOnOneInstanceHidesTheStoreOnAnother() {
        Instance a = instance();
        Instance b = instance();
        AtomicInteger callsFromB = new AtomicInteger();

        for (int i = 0; i < 5; i++) {
            failureOf(a.isolation.call("s1", "aisle-mart", Duration.ofMillis(200),
                    () -> Future.failedFuture(new PartnerFailure(PartnerFailure.Kind.UNAVAILABLE, "aisle-mart", "s1", "503", null, null))));
        }
        assertEquals(CircuitBreaker.State.OPEN, a.isolation.breaker("s1", "aisle-mart").getState());

        eventually("instance b hides s1", () -> b.isolation.breaker("s1", "aisle-mart").getState() == CircuitBreaker.State.OPEN);
        Throwable skipped = failureOf(b.isolation.call("s1", "aisle-mart", Duration.ofMillis(200), () -> {
            callsFromB.incrementAndGet();
            return Future.succeededFuture("stock");
        }));
        assertInstanceOf(Rejection.class, skipped);
        assertEquals(0, callsFromB.get(), "instance b never called the dead store");

        // the store recovers: a's half-open probes close its breaker, and b follows
        clock.advance(Duration.ofSeconds(11));
        for (int i = 0; i < 2; i++) {
            await(a.isolation.call("s1", "aisle-mart", Duration.ofMillis(200), () -> Future.succeededFuture("stock")));
        }
        assertEquals(CircuitBreaker.State.CLOSED, a.isolation.breaker("s1", "aisle-mart").getState());
        eventually("instance b calls s1 again", () -> b.isolation.breaker("s1", "aisle-mart").getState() == CircuitBreaker.State.CLOSED);
    }

    @Test
    void anInstanceStartedLaterLoadsTheStoresThatAreOpen() {
        Instance a = instance();
        for (int i = 0; i < 5; i++) {
            failureOf(a.isolation.call("s9", "aisle-mart", Duration.ofMillis(200),
                    () -> Future.failedFuture(new PartnerFailure(PartnerFailure.Kind.TIMEOUT, "aisle-mart", "s9", "slow", null, null))));
        }
        eventually("state stored", () -> await(a.broadcast.stored("s9")).map(s -> "OPEN".equals(s.state())).orElse(false));
        assertEquals("FAILURE_RATE", await(a.broadcast.stored("s9")).orElseThrow().reason());

        Instance late = instance();

        assertEquals(CircuitBreaker.State.OPEN, late.isolation.breaker("s9", "aisle-mart").getState());
    }

    private Instance instance() {
        Vertx vertx = Vertx.vertx();
        Isolation isolation = new Isolation(vertx, Map.of("default", ConfigLoader.defaultBreakerProfile()), clock);
        isolation.defineChain("aisle-mart", "default", 50, 1000);
        RedisOptions options = new RedisOptions().setConnectionString(redis.url());
        Redis client = Redis.createClient(vertx, options);
        BreakerBroadcast broadcast = new BreakerBroadcast(vertx, client, options, isolation);
        await(broadcast.start());
        cleanup.add(() -> {
            broadcast.stop();
            client.close();
            await(vertx.close());
        });
        return new Instance(isolation, broadcast);
    }

    private record Instance(Isolation isolation, BreakerBroadcast broadcast) {
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Throwable failureOf(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure");
    }
}
