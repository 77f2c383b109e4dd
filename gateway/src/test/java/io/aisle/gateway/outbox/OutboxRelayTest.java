package io.aisle.gateway.outbox;

import static io.aisle.gateway.outbox.OutboxFixtures.addToOutbox;
import static io.aisle.gateway.outbox.OutboxFixtures.countByStatus;
import static io.aisle.gateway.outbox.OutboxFixtures.delayRow;
import static io.aisle.gateway.outbox.OutboxFixtures.outboxRow;
import static io.aisle.gateway.testing.Infra.await;
import static io.aisle.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aisle.gateway.outbox.OutboxFixtures.OutboxRow;
import io.aisle.gateway.testing.Infra;
import io.aisle.testing.TestClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OutboxRelayTest {

    private static final String TOPIC = "test.delivery";
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    private static final OutboxRelayConfig CONFIG =
            new OutboxRelayConfig(Duration.ofMillis(20), 8, 2, Duration.ofSeconds(2), BACKOFF, 50, Duration.ofHours(1));

    private static Infra infra;
    private final List<String> deployments = new ArrayList<>();
    private final List<Pool> extraPools = new ArrayList<>();
    // The relay's clock runs a minute ahead of the database, so rows written with now() are due at once;
    // a retried row is due only when the test moves the clock.
    private TestClock clock;

    @BeforeAll
    static void database() {
        infra = Infra.migrated();
    }

    @AfterAll
    static void close() {
        infra.close();
    }

    @BeforeEach
    void emptyOutbox() {
        clock = new TestClock(Instant.now().plus(Duration.ofMinutes(1)));
        await(infra.pg.query("delete from outbox").execute());
    }

    @AfterEach
    void stopRelays() {
        deployments.forEach(id -> await(infra.vertx.undeploy(id)));
        deployments.clear();
        extraPools.forEach(pool -> await(pool.close()));
        extraPools.clear();
    }

    @Test
    void sendsDueRowsInOrderPerAggregateAndMarksThemSent() {
        addToOutbox(infra.pg, message("order-a", 1));
        addToOutbox(infra.pg, message("order-a", 2));
        addToOutbox(infra.pg, message("order-b", 1));
        addToOutbox(infra.pg, message("order-a", 3));
        addToOutbox(infra.pg, message("order-c", 1));
        delayRow(infra.pg, "order-c:1", clock.instant().plus(Duration.ofHours(1)));
        Recorder recorder = new Recorder(m -> Future.succeededFuture());

        OutboxRelay relay = deploy(infra.pg, CONFIG, recorder);

        eventually("the due rows are sent", () -> countByStatus(infra.pg, "SENT") == 4);
        assertEquals(List.of(1, 2, 3), recorder.numbersOf("order-a"));
        assertEquals(List.of(1), recorder.numbersOf("order-b"));
        assertEquals(List.of(), recorder.numbersOf("order-c"), "a row that is not due yet waits");
        assertEquals("PENDING", outboxRow(infra.pg, "order-c:1").status());
        OutboxRow sent = outboxRow(infra.pg, "order-a:2");
        assertEquals(1, sent.attempts());
        assertNotNull(sent.sentAt());
        eventually("the relay counts what it sent", () -> relay.sent() == 4);
    }

    @Test
    void theOldestRowsOfAnAggregateGoOutTogetherInOrderInOneBatch() {
        addToOutbox(infra.pg, message("order-burst", 1));
        addToOutbox(infra.pg, message("order-burst", 2));
        addToOutbox(infra.pg, message("order-burst", 3));
        Recorder recorder = new Recorder(m -> Future.succeededFuture());
        OutboxRelayConfig hourly = new OutboxRelayConfig(Duration.ofHours(1), 8, 2, Duration.ofSeconds(2), BACKOFF, 50,
                Duration.ofHours(1));

        deploy(infra.pg, hourly, recorder);

        eventually("the one poll at start sends all three", () -> countByStatus(infra.pg, "SENT") == 3);
        assertEquals(List.of(1, 2, 3), recorder.numbersOf("order-burst"));
        assertEquals(List.of(), recorder.violations(), "one at a time");
    }

    @Test
    void aFailedRowStopsTheLaterRowsOfItsAggregateInTheSameBatch() {
        addToOutbox(infra.pg, message("order-stuck", 1));
        addToOutbox(infra.pg, message("order-stuck", 2));
        Recorder recorder = new Recorder(m -> m.externalId().equals("order-stuck:1") ? Future.failedFuture("receiver down")
                : Future.succeededFuture());
        OutboxRelayConfig hourly = new OutboxRelayConfig(Duration.ofHours(1), 8, 2, Duration.ofSeconds(2), BACKOFF, 50,
                Duration.ofHours(1));

        deploy(infra.pg, hourly, recorder);

        eventually("the first row failed", () -> outboxRow(infra.pg, "order-stuck:1").attempts() == 1);
        assertEquals(List.of(1), recorder.numbersOf("order-stuck"), "the second row was not sent after the first failed");
        OutboxRow second = outboxRow(infra.pg, "order-stuck:2");
        assertEquals("PENDING", second.status());
        assertEquals(0, second.attempts(), "and was left as it was");
    }

    @Test
    void addingAMessageTwiceKeepsTheFirst() {
        addToOutbox(infra.pg, message("order-x", 1));
        addToOutbox(infra.pg, new OutboxMessage(TOPIC, "order-x", "order-x:1", new JsonObject().put("n", 99)));
        Recorder recorder = new Recorder(m -> Future.succeededFuture());

        deploy(infra.pg, CONFIG, recorder);

        eventually("the row is sent", () -> countByStatus(infra.pg, "SENT") == 1);
        assertEquals(List.of(1), recorder.numbersOf("order-x"));
    }

    @Test
    void twoRelaysOnOneDatabaseShareTheWorkInOrderAndNeverSendARowTwiceAtOnce() {
        int orders = 20;
        int perOrder = 6;
        for (int n = 1; n <= perOrder; n++) {
            for (int o = 0; o < orders; o++) {
                addToOutbox(infra.pg, message("order-" + o, n));
            }
        }
        // Each relay holds its first delivery until the other relay has one too: both take part.
        Set<String> busy = ConcurrentHashMap.newKeySet();
        Promise<Void> bothBusy = Promise.promise();
        Function<String, Function<OutboxMessage, Future<Void>>> behaviour = relayName -> m -> {
            busy.add(relayName);
            if (busy.size() == 2) {
                bothBusy.tryComplete();
            }
            return bothBusy.future().compose(ignored -> pause(ThreadLocalRandom.current().nextLong(1, 6)));
        };
        Recorder recorder = new Recorder(null);
        OutboxRelayConfig small = new OutboxRelayConfig(Duration.ofMillis(10), 4, 2, Duration.ofSeconds(5), BACKOFF, 50,
                Duration.ofHours(1));

        OutboxRelay first = deploy(infra.pg, small, recorder.as(behaviour.apply("first")));
        OutboxRelay second = deploy(secondPool(), small, recorder.as(behaviour.apply("second")));

        eventually("every row is sent", () -> countByStatus(infra.pg, "SENT") == orders * perOrder);
        assertEquals(List.of(), recorder.violations(), "no row and no order was in flight twice at once");
        for (int o = 0; o < orders; o++) {
            assertEquals(List.of(1, 2, 3, 4, 5, 6), recorder.numbersOf("order-" + o), "order-" + o + " in order, once each");
        }
        eventually("the relays count every row once", () -> first.sent() + second.sent() == orders * perOrder);
        assertTrue(first.sent() > 0 && second.sent() > 0, "both relays sent rows");
    }

    @Test
    void laterRowWaitsWhileAnEarlierRowOfItsAggregateIsInBackoff() {
        addToOutbox(infra.pg, message("order-slow", 1));
        addToOutbox(infra.pg, message("order-slow", 2));
        addToOutbox(infra.pg, message("order-fast", 1));
        AtomicInteger failuresLeft = new AtomicInteger(1);
        Recorder recorder = new Recorder(m -> m.externalId().equals("order-slow:1") && failuresLeft.getAndDecrement() > 0
                ? Future.failedFuture("receiver down")
                : Future.succeededFuture());
        OutboxRelay relay = deploy(infra.pg, CONFIG, recorder);

        eventually("the first row failed once", () -> outboxRow(infra.pg, "order-slow:1").attempts() == 1);
        eventually("the other order's row is sent", () -> "SENT".equals(outboxRow(infra.pg, "order-fast:1").status()));
        addToOutbox(infra.pg, message("order-fast", 2));
        relay.wake();
        eventually("rows written later are sent meanwhile", () -> "SENT".equals(outboxRow(infra.pg, "order-fast:2").status()));
        assertEquals(List.of(1), recorder.numbersOf("order-slow"), "the second row waits for the first");
        assertEquals("PENDING", outboxRow(infra.pg, "order-slow:2").status());

        clock.advance(BACKOFF.cap());
        relay.wake();

        eventually("both rows are sent", () -> "SENT".equals(outboxRow(infra.pg, "order-slow:2").status()));
        assertEquals(List.of(1, 1, 2), recorder.numbersOf("order-slow"));
        assertEquals("receiver down", outboxRow(infra.pg, "order-slow:1").lastError());
        eventually("the relay counts the retry", () -> relay.retried() == 1);
    }

    @Test
    void rowsWaitingBehindAFailingRowDoNotCrowdOutOtherAggregates() {
        // a receiver down for long: each of many aggregates has its first row in backoff and later rows behind it,
        // more rows than a batch takes, all older than the row of another aggregate that could go at once
        int blocked = 3 * CONFIG.batchSize();
        for (int i = 0; i < blocked; i++) {
            addToOutbox(infra.pg, message("hooks-" + i, 1));
        }
        Recorder recorder = new Recorder(m -> m.aggregateId().startsWith("hooks-") ? Future.failedFuture("receiver down")
                : Future.succeededFuture());
        OutboxRelay relay = deploy(infra.pg, CONFIG, recorder);
        eventually("every first row failed once", () -> relay.retried() >= blocked);
        for (int i = 0; i < blocked; i++) {
            addToOutbox(infra.pg, message("hooks-" + i, 2));
        }
        // the failed rows are due again (and fail again): the rows behind them still may not crowd out the others
        clock.advance(BACKOFF.cap());
        addToOutbox(infra.pg, message("pick-list", 1));
        relay.wake();

        eventually("the other aggregate's row is sent while the receiver is down",
                () -> "SENT".equals(outboxRow(infra.pg, "pick-list:1").status()));
        assertEquals("PENDING", outboxRow(infra.pg, "hooks-0:2").status(), "a row behind a failing one still waits for it");
    }

    @Test
    void backoffGrowsWithEveryFailedAttemptUpToTheCap() {
        addToOutbox(infra.pg, message("order-down", 1));
        OutboxRelay relay = deploy(infra.pg, CONFIG, new Recorder(m -> Future.failedFuture("503 from receiver")));

        List<Duration> waits = new ArrayList<>();
        for (int attempt = 1; attempt <= 7; attempt++) {
            int expected = attempt;
            OutboxRow row = eventually("attempt " + attempt + " failed", () -> outboxRow(infra.pg, "order-down:1"),
                    r -> r.attempts() == expected);
            assertEquals("PENDING", row.status());
            assertEquals("503 from receiver", row.lastError());
            Duration wait = Duration.between(clock.instant(), row.nextAttemptAt());
            Duration nominal = BACKOFF.nominal(attempt);
            // PostgreSQL keeps the next attempt's time to the microsecond, the clock to the nanosecond
            Duration stored = Duration.ofNanos(1_000);
            assertTrue(wait.plus(stored).compareTo(nominal.dividedBy(2)) >= 0 && wait.minus(stored).compareTo(nominal) <= 0,
                    "after attempt " + attempt + " the wait " + wait + " is between half of " + nominal + " and all of it");
            waits.add(wait);
            clock.advance(wait);
            relay.wake();
        }
        assertTrue(waits.get(0).compareTo(Duration.ofMillis(100)) <= 0, "the first wait is at most the base");
        assertTrue(waits.get(4).compareTo(BACKOFF.cap().dividedBy(2)) >= 0, "the fifth wait is at least half the cap");
        assertTrue(waits.get(6).compareTo(BACKOFF.cap()) <= 0, "no wait exceeds the cap");
    }

    @Test
    void handlerThatDoesNotAnswerIsTimedOutAndTriedAgain() {
        addToOutbox(infra.pg, message("order-hang", 1));
        AtomicInteger calls = new AtomicInteger();
        OutboxRelayConfig impatient = new OutboxRelayConfig(Duration.ofMillis(20), 8, 2, Duration.ofMillis(200), BACKOFF, 50,
                Duration.ofHours(1));
        OutboxRelay relay = deploy(infra.pg, impatient, new Recorder(m -> calls.incrementAndGet() == 1
                ? Promise.<Void>promise().future()
                : Future.succeededFuture()));

        OutboxRow failed = eventually("the first attempt timed out", () -> outboxRow(infra.pg, "order-hang:1"),
                r -> r.attempts() == 1);
        assertEquals("PENDING", failed.status());
        assertEquals("no answer within 200 ms", failed.lastError());
        clock.advance(BACKOFF.cap());
        relay.wake();

        eventually("the second attempt succeeds", () -> "SENT".equals(outboxRow(infra.pg, "order-hang:1").status()));
        assertEquals(2, outboxRow(infra.pg, "order-hang:1").attempts());
    }

    @Test
    void rowGoesDeadAfterTheConfiguredAttemptsAndNoLongerHoldsBackItsAggregate() {
        addToOutbox(infra.pg, message("order-doomed", 1));
        addToOutbox(infra.pg, message("order-doomed", 2));
        OutboxRelayConfig three = new OutboxRelayConfig(Duration.ofMillis(20), 8, 2, Duration.ofSeconds(2), BACKOFF, 3,
                Duration.ofHours(1));
        Recorder recorder = new Recorder(m -> m.externalId().equals("order-doomed:1")
                ? Future.failedFuture("always failing")
                : Future.succeededFuture());
        OutboxRelay relay = deploy(infra.pg, three, recorder);

        for (int attempt = 1; attempt < 3; attempt++) {
            int expected = attempt;
            eventually("attempt " + attempt + " failed", () -> outboxRow(infra.pg, "order-doomed:1").attempts() == expected);
            clock.advance(BACKOFF.cap());
            relay.wake();
        }

        eventually("the row is given up", () -> "DEAD".equals(outboxRow(infra.pg, "order-doomed:1").status()));
        assertEquals(3, outboxRow(infra.pg, "order-doomed:1").attempts());
        eventually("the next row of the order is sent", () -> "SENT".equals(outboxRow(infra.pg, "order-doomed:2").status()));
        eventually("the relay counts the row it gave up", () -> relay.dead() == 1);
        assertEquals(List.of(1, 1, 1, 2), recorder.numbersOf("order-doomed"));
    }

    @Test
    void undeliverableMessageIsGivenUpAtOnce() {
        addToOutbox(infra.pg, message("order-bad", 1));
        OutboxRelay relay = deploy(infra.pg, CONFIG, new Recorder(m -> Future.failedFuture(new Undeliverable("no such receiver"))));

        eventually("the row is given up", () -> "DEAD".equals(outboxRow(infra.pg, "order-bad:1").status()));
        OutboxRow row = outboxRow(infra.pg, "order-bad:1");
        assertEquals(1, row.attempts());
        assertEquals("no such receiver", row.lastError());
        assertNull(row.sentAt());
        eventually("the relay counts the row it gave up", () -> relay.dead() == 1);
    }

    @Test
    void rowOfAnUnknownTopicStaysPendingWithTheReason() {
        addToOutbox(infra.pg, new OutboxMessage("nobody.listens", "order-z", "order-z:1", new JsonObject()));
        OutboxRelay relay = deploy(infra.pg, CONFIG, new Recorder(m -> Future.succeededFuture()));

        OutboxRow row = eventually("the relay looked at the row", () -> outboxRow(infra.pg, "order-z:1"), r -> r.lastError() != null);
        assertEquals("PENDING", row.status());
        assertEquals(0, row.attempts(), "not counted as a failed attempt");
        assertTrue(row.lastError().contains("nobody.listens"), row.lastError());
        assertTrue(row.nextAttemptAt().isAfter(clock.instant()), "looked at again later");
        eventually("the relay counts the unrouted row", () -> relay.unrouted() >= 1);
        assertEquals(0, relay.sent());
    }

    private OutboxRelay deploy(Pool pool, OutboxRelayConfig config, OutboxHandler handler) {
        OutboxRelay relay = new OutboxRelay(pool, config, clock).register(TOPIC, handler);
        deployments.add(await(infra.vertx.deployVerticle(relay)));
        return relay;
    }

    /** A pool of its own, as a second gateway instance would have. */
    private Pool secondPool() {
        Pool pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(4))
                .connectingTo(new PgConnectOptions().setHost(infra.pgConfig.host()).setPort(infra.pgConfig.port())
                        .setDatabase(infra.pgConfig.database()).setUser(infra.pgConfig.user())
                        .setPassword(infra.pgConfig.password()))
                .using(infra.vertx).build();
        extraPools.add(pool);
        return pool;
    }

    private static Future<Void> pause(long millis) {
        Promise<Void> done = Promise.promise();
        infra.vertx.setTimer(millis, id -> done.complete());
        return done.future();
    }

    private static OutboxMessage message(String aggregateId, int n) {
        return new OutboxMessage(TOPIC, aggregateId, aggregateId + ":" + n, new JsonObject().put("n", n));
    }

    /**
     * A receiver that records what it is given, in arrival order, and notes any row or aggregate that
     * is handed over while an earlier delivery of it is still in flight.
     */
    private static final class Recorder implements OutboxHandler {

        private final Function<OutboxMessage, Future<Void>> behaviour;
        private final Map<String, List<Integer>> byAggregate;
        private final Set<String> rowsInFlight;
        private final Set<String> aggregatesInFlight;
        private final List<String> violations;

        Recorder(Function<OutboxMessage, Future<Void>> behaviour) {
            this(behaviour, new HashMap<>(), ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet(),
                    Collections.synchronizedList(new ArrayList<>()));
        }

        private Recorder(Function<OutboxMessage, Future<Void>> behaviour, Map<String, List<Integer>> byAggregate,
                         Set<String> rowsInFlight, Set<String> aggregatesInFlight, List<String> violations) {
            this.behaviour = behaviour;
            this.byAggregate = byAggregate;
            this.rowsInFlight = rowsInFlight;
            this.aggregatesInFlight = aggregatesInFlight;
            this.violations = violations;
        }

        /** The same records, with another behaviour (for a second relay). */
        Recorder as(Function<OutboxMessage, Future<Void>> otherBehaviour) {
            return new Recorder(otherBehaviour, byAggregate, rowsInFlight, aggregatesInFlight, violations);
        }

        @Override
        public Future<Void> handle(OutboxMessage m) {
            if (!rowsInFlight.add(m.externalId())) {
                violations.add("row " + m.externalId() + " handed over twice at once");
            }
            if (!aggregatesInFlight.add(m.aggregateId())) {
                violations.add("two rows of " + m.aggregateId() + " in flight at once");
            }
            synchronized (byAggregate) {
                byAggregate.computeIfAbsent(m.aggregateId(), k -> new ArrayList<>()).add(m.payload().getInteger("n"));
            }
            return behaviour.apply(m).onComplete(done -> {
                rowsInFlight.remove(m.externalId());
                aggregatesInFlight.remove(m.aggregateId());
            });
        }

        List<Integer> numbersOf(String aggregateId) {
            synchronized (byAggregate) {
                return List.copyOf(byAggregate.getOrDefault(aggregateId, List.of()));
            }
        }

        List<String> violations() {
            return List.copyOf(violations);
        }
    }
}
