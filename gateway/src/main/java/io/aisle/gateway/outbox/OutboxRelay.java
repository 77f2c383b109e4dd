package io.aisle.gateway.outbox;

import io.aisle.gateway.observability.GatewayMetrics;
import io.aisle.gateway.observability.TraceContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the rows of the {@code outbox} table through the {@link OutboxHandler} registered for their
 * topic. Deploy one per gateway instance; instances on one database share the work.
 *
 * <p>Every poll (each {@link OutboxRelayConfig#pollInterval()}, and shortly after {@link #wake()})
 * takes a batch in one transaction: due PENDING rows locked {@code for update skip locked}, of which
 * it keeps, per topic and aggregate, those that are its oldest pending rows. A row waits while an
 * older row of its aggregate is pending, even one in backoff or locked by another instance, so
 * messages of one order go out one at a time and in order. The batch is sent with its aggregates in
 * parallel and the rows of one aggregate one after the other (a row that fails stops the rest of its
 * aggregate), each handler bounded by {@link OutboxRelayConfig#handlerTimeout()}, and every row sent
 * is then marked SENT, scheduled again with {@link Backoff backoff} (attempts, next_attempt_at,
 * last_error) or given up (DEAD) before the transaction commits. Row locks are thus held only while a batch is being sent,
 * never during a backoff; a relay or database that dies mid-batch leaves the rows PENDING, to be sent
 * again (delivery is at least once, receivers deduplicate by external id). A DEAD row (logged as an
 * error) no longer holds back the later rows of its aggregate.
 *
 * <p>A row whose topic has no handler here stays PENDING with a last_error and is looked at again
 * after the backoff cap: an instance of a newer version may know it. Time comes from the given
 * {@link Clock}, so tests decide when a row is due.
 */
public final class OutboxRelay extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int MAX_ERROR_LENGTH = 1000;
    static final long WAKE_COALESCE_MS = 5;

    private final Pool pg;
    private final OutboxRelayConfig config;
    private final Clock clock;
    private final GatewayMetrics metrics;
    private final Map<String, OutboxHandler> handlers = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();
    private final AtomicLong unrouted = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean wakeScheduled = new java.util.concurrent.atomic.AtomicBoolean();

    // confined to the verticle's context
    private final Set<Future<Integer>> batches = new HashSet<>();
    private boolean pollAgain;
    private boolean stopping;
    private boolean failing;
    private long timerId = -1;

    public OutboxRelay(Pool pg, OutboxRelayConfig config, Clock clock) {
        this(pg, config, clock, GatewayMetrics.none());
    }

    /** As the other constructor; what becomes of every row is counted in {@code metrics} by topic and outcome. */
    public OutboxRelay(Pool pg, OutboxRelayConfig config, Clock clock, GatewayMetrics metrics) {
        this.metrics = metrics;
        this.pg = pg;
        this.config = config;
        this.clock = clock;
    }

    /** Sends the messages of {@code topic} through {@code handler} (one handler per topic). */
    public OutboxRelay register(String topic, OutboxHandler handler) {
        if (topic == null || topic.isBlank() || handler == null) {
            throw new IllegalArgumentException("a topic and a handler are required");
        }
        if (handlers.putIfAbsent(topic, handler) != null) {
            throw new IllegalStateException("topic " + topic + " already has a handler");
        }
        return this;
    }

    @Override
    public Future<?> start() {
        timerId = vertx.setPeriodic(config.pollInterval().toMillis(), id -> poll());
        poll();
        return Future.succeededFuture();
    }

    /** Stops polling; completes when the batches in flight are done (bounded by the handler timeout). */
    @Override
    public Future<?> stop() {
        stopping = true;
        vertx.cancelTimer(timerId);
        return Future.join(List.copyOf(batches));
    }

    /**
     * Looks for due rows shortly rather than at the next poll; call it after committing outbox rows.
     * Any thread. Wakes within {@link #WAKE_COALESCE_MS} ms of each other make one poll, so rows
     * committed together go out in one batch.
     */
    public void wake() {
        Context relayContext = context;
        if (relayContext != null && wakeScheduled.compareAndSet(false, true)) {
            relayContext.runOnContext(ignored -> vertx.setTimer(WAKE_COALESCE_MS, id -> {
                wakeScheduled.set(false);
                poll();
            }));
        }
    }

    /** Rows marked SENT by this relay. */
    public long sent() {
        return sent.get();
    }

    /** Failed attempts scheduled again by this relay. */
    public long retried() {
        return retried.get();
    }

    /** Rows given up (DEAD) by this relay. */
    public long dead() {
        return dead.get();
    }

    /** Rows this relay found without a handler for their topic (each time it found one). */
    public long unrouted() {
        return unrouted.get();
    }

    private void poll() {
        if (stopping) {
            return;
        }
        if (batches.size() >= config.concurrency()) {
            pollAgain = true;
            return;
        }
        Future<Integer> batch = relayBatch();
        batches.add(batch);
        batch.onComplete(done -> {
            batches.remove(batch);
            boolean full = done.succeeded() && done.result() == config.batchSize();
            if (full || pollAgain) {
                pollAgain = false;
                poll();
            }
        });
    }

    /** One batch in one transaction: lock due rows, send those that may go, record the outcomes. Yields how many it locked. */
    private Future<Integer> relayBatch() {
        return pg.withTransaction(tx -> Outbox.takeDue(tx, clock.instant(), config.batchSize())
                        .compose(taken -> deliverAll(taken.sendable())
                                .compose(updates -> record(tx, updates))
                                .onSuccess(this::account)
                                .map(taken.locked())))
                .onComplete(done -> {
                    if (done.failed() && !failing) {
                        failing = true;
                        LOG.warn("outbox relay cannot take a batch, will retry: {}", done.cause().toString());
                    } else if (done.succeeded() && failing) {
                        failing = false;
                        LOG.info("outbox relay takes batches again");
                    }
                });
    }

    /**
     * Sends the batch: aggregates in parallel, the rows of one aggregate one after the other in id
     * order. A row that fails (to be tried again) stops its aggregate: its later rows stay as they are.
     */
    private Future<List<RowUpdate>> deliverAll(List<Outbox.Due> rows) {
        Map<String, List<Outbox.Due>> byAggregate = new LinkedHashMap<>();
        for (Outbox.Due row : rows) {
            byAggregate.computeIfAbsent(row.topic() + "\u0000" + row.aggregateId(), k -> new ArrayList<>()).add(row);
        }
        List<Future<List<RowUpdate>>> deliveries = new ArrayList<>(byAggregate.size());
        for (List<Outbox.Due> aggregate : byAggregate.values()) {
            deliveries.add(deliverInOrder(aggregate, 0, new ArrayList<>()));
        }
        return Future.all(deliveries).map(all -> {
            List<RowUpdate> updates = new ArrayList<>(rows.size());
            for (Future<List<RowUpdate>> delivered : deliveries) {
                updates.addAll(delivered.result());
            }
            return updates;
        });
    }

    private Future<List<RowUpdate>> deliverInOrder(List<Outbox.Due> rows, int next, List<RowUpdate> done) {
        if (next >= rows.size()) {
            return Future.succeededFuture(done);
        }
        return deliver(rows.get(next)).compose(update -> {
            done.add(update);
            boolean goOn = update.outcome() == Outcome.SENT || update.outcome() == Outcome.DEAD;
            return goOn ? deliverInOrder(rows, next + 1, done) : Future.succeededFuture(done);
        });
    }

    private Future<RowUpdate> deliver(Outbox.Due row) {
        long id = row.id();
        int attempts = row.attempts();
        Instant createdAt = row.createdAt();
        String topic = row.topic();
        String aggregateId = row.aggregateId();
        OutboxMessage message;
        try {
            message = new OutboxMessage(topic, aggregateId, row.externalId(), (JsonObject) row.payload());
        } catch (RuntimeException malformed) {
            return Future.succeededFuture(failed(id, topic, aggregateId, attempts, createdAt,
                    new Undeliverable("malformed outbox row: " + malformed.getMessage())));
        }
        OutboxHandler handler = handlers.get(topic);
        if (handler == null) {
            return Future.succeededFuture(new RowUpdate(id, Outcome.UNROUTED, topic, aggregateId, attempts,
                    clock.instant().plus(config.backoff().cap()),
                    "no handler for topic " + topic + " on this gateway instance", null));
        }
        // a row caused by an order is sent in the order's trace: its calls carry a traceparent of that trace
        return TraceContext.continued(vertx, row.traceparent(), "outbox " + topic, () -> invoke(handler, message))
                .timeout(config.handlerTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .map(ok -> new RowUpdate(id, Outcome.SENT, topic, aggregateId, attempts + 1, null, null, clock.instant()))
                .otherwise(failure -> failed(id, topic, aggregateId, attempts, createdAt, failure));
    }

    private RowUpdate failed(long id, String topic, String aggregateId, int attempts, Instant createdAt, Throwable failure) {
        Instant now = clock.instant();
        int tried = attempts + 1;
        String error = describe(failure);
        boolean tooOld = !createdAt.plus(config.maxAge()).isAfter(now);
        if (failure instanceof Undeliverable || tried >= config.maxAttempts() || tooOld) {
            return new RowUpdate(id, Outcome.DEAD, topic, aggregateId, tried, null, error, null);
        }
        Instant next = now.plus(config.backoff().delay(tried, ThreadLocalRandom.current()));
        return new RowUpdate(id, Outcome.RETRY, topic, aggregateId, tried, next, error, null);
    }

    private Future<List<RowUpdate>> record(SqlConnection tx, List<RowUpdate> updates) {
        return Outbox.record(tx, updates.stream().map(u -> new Outbox.Outcome(u.id(), u.outcome().status, u.attempts(),
                u.nextAttemptAt(), u.lastError(), u.sentAt())).toList()).map(updates);
    }

    /** Counts and logs outcomes once they are committed. */
    private void account(List<RowUpdate> updates) {
        for (RowUpdate u : updates) {
            metrics.outboxMessage(u.topic(), u.outcome().name().toLowerCase(java.util.Locale.ROOT));
            switch (u.outcome()) {
                case SENT -> sent.incrementAndGet();
                case RETRY -> {
                    retried.incrementAndGet();
                    LOG.debug("outbox row {} ({} of {}) failed attempt {}, next at {}: {}",
                            u.id(), u.topic(), u.aggregateId(), u.attempts(), u.nextAttemptAt(), u.lastError());
                }
                case DEAD -> {
                    dead.incrementAndGet();
                    LOG.error("outbox row {} ({} of {}) given up after {} attempts: {}",
                            u.id(), u.topic(), u.aggregateId(), u.attempts(), u.lastError());
                }
                case UNROUTED -> {
                    unrouted.incrementAndGet();
                    LOG.warn("outbox row {} stays pending: {}", u.id(), u.lastError());
                }
            }
        }
    }

    private static Future<Void> invoke(OutboxHandler handler, OutboxMessage message) {
        try {
            Future<Void> result = handler.handle(message);
            return result != null ? result : Future.failedFuture("the handler of " + message.topic() + " returned no future");
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private String describe(Throwable failure) {
        String text;
        if (failure instanceof TimeoutException) {
            text = "no answer within " + config.handlerTimeout().toMillis() + " ms";
        } else if (failure.getMessage() == null || failure.getMessage().isBlank()) {
            text = failure.getClass().getSimpleName();
        } else {
            text = failure.getMessage();
        }
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }

    private enum Outcome {
        SENT("SENT"), RETRY("PENDING"), DEAD("DEAD"), UNROUTED("PENDING");

        final String status;

        Outcome(String status) {
            this.status = status;
        }
    }

    /** What a batch does to one row; null fields keep the row's value (sentAt: set only when SENT). */
    private record RowUpdate(long id, Outcome outcome, String topic, String aggregateId, int attempts,
                             Instant nextAttemptAt, String lastError, Instant sentAt) {
    }
}
