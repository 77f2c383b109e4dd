package io.aisle.gateway.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.adapters.spi.PartnerFailure;
import io.aisle.testing.TestClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IsolationTest {

    private static final Duration TIMEOUT = Duration.ofMillis(200);
    private Vertx vertx;
    private TestClock clock;
    private Isolation isolation;
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        clock = new TestClock(Instant.parse("2026-11-25T10:00:00Z"));
        isolation = new Isolation(vertx, Map.of("default", new BreakerProfile("default", 50, 80, Duration.ofMillis(150),
                10, 5, Duration.ofSeconds(10), Duration.ofSeconds(40), 2)), clock);
        isolation.defineChain("aisle-mart", "default", 2, 1000);
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void opensAfterFailuresAndThenSkipsTheStoreWithoutCallingIt() {
        for (int i = 0; i < 5; i++) {
            Throwable failure = failureOf(call("s1", () -> Future.failedFuture(unavailable())));
            assertInstanceOf(PartnerFailure.class, failure);
        }
        assertEquals(CircuitBreaker.State.OPEN, isolation.breaker("s1", "aisle-mart").getState());
        int before = calls.get();

        Throwable skipped = failureOf(call("s1", () -> Future.succeededFuture("stock")));

        assertInstanceOf(Rejection.class, skipped);
        assertEquals(Rejection.Reason.CIRCUIT_OPEN, ((Rejection) skipped).reason());
        assertEquals(before, calls.get(), "an open breaker costs no call");
        assertEquals(CircuitBreaker.State.CLOSED, isolation.breaker("s2", "aisle-mart").getState(), "other stores are untouched");
    }

    @Test
    void aPushOnlyStoreWhoseStateInRedisIsOutOfReachIsNotBlamedForIt() {
        isolation.defineChain("pushfresh", "default", 2, 1000);
        PartnerFailure redisAway = new PartnerFailure(PartnerFailure.Kind.UNAVAILABLE, "pushfresh", "p1",
                "push-only state in Redis is out of reach", null, new java.net.ConnectException("Connection refused"));
        for (int i = 0; i < 20; i++) {
            assertInstanceOf(PartnerFailure.class, failureOf(isolation.read("p1", "pushfresh", () -> Future.failedFuture(redisAway))));
        }
        assertEquals(CircuitBreaker.State.CLOSED, isolation.breaker("p1", "pushfresh").getState(),
                "our own Redis away is not the store's failure");

        PartnerFailure noSnapshot = new PartnerFailure(PartnerFailure.Kind.UNAVAILABLE, "pushfresh", "p2", "no snapshot pushed", null, null);
        for (int i = 0; i < 5; i++) {
            failureOf(isolation.read("p2", "pushfresh", () -> Future.failedFuture(noSnapshot)));
        }
        assertEquals(CircuitBreaker.State.OPEN, isolation.breaker("p2", "pushfresh").getState(), "a store that stopped pushing is isolated");
    }

    @Test
    void halfOpenProbesBringTheStoreBack() {
        for (int i = 0; i < 5; i++) {
            failureOf(call("s1", () -> Future.failedFuture(unavailable())));
        }
        clock.advance(Duration.ofSeconds(11));

        assertEquals("stock", await(call("s1", () -> Future.succeededFuture("stock"))), "the first call after the wait is a probe");
        assertEquals(CircuitBreaker.State.HALF_OPEN, isolation.breaker("s1", "aisle-mart").getState());
        assertEquals("stock", await(call("s1", () -> Future.succeededFuture("stock"))));

        assertEquals(CircuitBreaker.State.CLOSED, isolation.breaker("s1", "aisle-mart").getState());
    }

    @Test
    void aStoreThatFailsItsProbeStaysOutTwiceAsLong() {
        for (int i = 0; i < 5; i++) {
            failureOf(call("s1", () -> Future.failedFuture(unavailable())));
        }
        clock.advance(Duration.ofSeconds(11));
        failureOf(call("s1", () -> Future.failedFuture(unavailable())));
        failureOf(call("s1", () -> Future.failedFuture(unavailable())));
        assertEquals(CircuitBreaker.State.OPEN, isolation.breaker("s1", "aisle-mart").getState(), "the probes failed");

        clock.advance(Duration.ofSeconds(11));
        int before = calls.get();
        assertInstanceOf(Rejection.class, failureOf(call("s1", () -> Future.succeededFuture("stock"))),
                "10 s are not enough after a failed probe");
        assertEquals(before, calls.get());

        clock.advance(Duration.ofSeconds(10));
        assertEquals("stock", await(call("s1", () -> Future.succeededFuture("stock"))), "after 20 s it is probed again");
    }

    @Test
    void aRefusedHoldIsAnAnswerNotAFault() {
        for (int i = 0; i < 20; i++) {
            failureOf(call("s1", () -> Future.failedFuture(new PartnerFailure(PartnerFailure.Kind.REJECTED, "aisle-mart", "s1",
                    "out of stock", null, null))));
        }
        assertEquals(CircuitBreaker.State.CLOSED, isolation.breaker("s1", "aisle-mart").getState());
    }

    @Test
    void aHangingStoreTimesOutAndOpensItsBreaker() {
        isolation.defineChain("roomy", "default", 100, 1000);
        for (int i = 0; i < 5; i++) {
            Throwable failure = failureOf(call("hung", "roomy", () -> Promise.<String>promise().future(), TIMEOUT));
            assertInstanceOf(PartnerFailure.class, failure);
            assertEquals(PartnerFailure.Kind.TIMEOUT, ((PartnerFailure) failure).kind());
        }
        assertEquals(CircuitBreaker.State.OPEN, isolation.breaker("hung", "roomy").getState());
    }

    @Test
    void aStoreThatTimesOutWhileThisInstanceIsSaturatedKeepsItsBreakerClosed() {
        EventLoopLag lag = new EventLoopLag();
        Isolation saturated = new Isolation(vertx, Map.of("default", new BreakerProfile("default", 50, 80, Duration.ofMillis(150),
                10, 5, Duration.ofSeconds(10), Duration.ofSeconds(40), 2)), clock, lag);
        saturated.defineChain("roomy", "default", 100, 1000);
        for (int i = 0; i < 5; i++) {
            Throwable failure = failureOf(saturated.call("healthy", "roomy", TIMEOUT, () -> {
                // this instance's event loop ran 100 ms late while the call was out: its timeout is ours
                lag.record(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100));
                return Promise.<String>promise().future();
            }));
            assertEquals(PartnerFailure.Kind.TIMEOUT, ((PartnerFailure) failure).kind(), "the caller still sees the timeout");
        }
        assertEquals(CircuitBreaker.State.CLOSED, saturated.breaker("healthy", "roomy").getState());

        for (int i = 0; i < 5; i++) {
            failureOf(saturated.call("broken", "roomy", TIMEOUT, () -> {
                lag.record(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100));
                return Future.<String>failedFuture(unavailable());
            }));
        }
        assertEquals(CircuitBreaker.State.OPEN, saturated.breaker("broken", "roomy").getState(),
                "a store that answers with errors is its own fault, saturated or not");
    }

    @Test
    void aSlowReadOfWhatAStorePushedIsOursAndKeepsItsBreakerClosed() {
        // slower than the profile's 150 ms slow-call bound, every time: Redis or our event loops were slow, not the store
        for (int i = 0; i < 8; i++) {
            assertEquals("snapshot", await(isolation.read("p1", "pushfresh", () -> vertx.timer(200).map("snapshot"))));
        }
        assertEquals(CircuitBreaker.State.CLOSED, isolation.breaker("p1", "pushfresh").getState());
        assertEquals(0, isolation.breaker("p1", "pushfresh").getMetrics().getNumberOfSlowCalls());

        // a store that stopped pushing is its own fault: its reads fail and its breaker opens
        for (int i = 0; i < 5; i++) {
            failureOf(isolation.read("p2", "pushfresh", () -> Future.failedFuture(unavailable())));
        }
        assertEquals(CircuitBreaker.State.OPEN, isolation.breaker("p2", "pushfresh").getState());
    }

    @Test
    void aFullBulkheadRejectsAtOnceAndFreesWhenACallEnds() {
        Promise<String> first = Promise.promise();
        Promise<String> second = Promise.promise();
        Future<String> a = call("s1", first::future, Duration.ofSeconds(30));
        Future<String> b = call("s2", second::future, Duration.ofSeconds(30));

        Throwable third = failureOf(call("s3", () -> Future.succeededFuture("stock")));
        assertEquals(Rejection.Reason.BULKHEAD_FULL, ((Rejection) third).reason());
        assertEquals(2, calls.get(), "the third call was not made");

        first.complete("done");
        assertEquals("done", await(a));
        assertEquals("stock", await(call("s3", () -> Future.succeededFuture("stock"))));
        second.complete("done");
        assertEquals("done", await(b));
        assertEquals(CircuitBreaker.State.CLOSED, isolation.breaker("s3", "aisle-mart").getState(),
                "a bulkhead rejection does not count against the store");
    }

    @Test
    void theChainQuotaRejectsCallsBeyondItWithoutMakingThem() {
        isolation.defineChain("tight", "default", 100, 3);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(call("t" + i, "tight", () -> Future.succeededFuture("stock"), TIMEOUT));
        }
        long rejected = results.stream().filter(f -> failureOrNull(f) instanceof Rejection r
                && r.reason() == Rejection.Reason.RATE_LIMITED).count();
        long answered = results.stream().filter(f -> failureOrNull(f) == null).count();

        assertTrue(rejected >= 4, "at most two refresh periods' worth of permits pass: " + rejected);
        assertEquals(10, rejected + answered);
        assertEquals(answered, calls.get(), "rejected calls were never made");
    }

    private Future<String> call(String storeId, Supplier<Future<String>> body) {
        return call(storeId, "aisle-mart", body, TIMEOUT);
    }

    private Future<String> call(String storeId, Supplier<Future<String>> body, Duration timeout) {
        return call(storeId, "aisle-mart", body, timeout);
    }

    private Future<String> call(String storeId, String chainId, Supplier<Future<String>> body, Duration timeout) {
        return isolation.call(storeId, chainId, timeout, () -> {
            calls.incrementAndGet();
            return body.get();
        });
    }

    private static PartnerFailure unavailable() {
        return new PartnerFailure(PartnerFailure.Kind.UNAVAILABLE, "aisle-mart", "s1", "503", null, null);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("expected success, got " + e, e);
        }
    }

    private static Throwable failureOf(Future<?> future) {
        Throwable failure = failureOrNull(future);
        if (failure == null) {
            throw new AssertionError("expected a failure");
        }
        return failure;
    }

    private static Throwable failureOrNull(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
