package io.aisle.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aisle.contracts.Json;
import io.aisle.contracts.api.OrderEvent;
import io.aisle.contracts.api.OrderStatus;
import io.aisle.gateway.order.OrderStore;
import io.aisle.gateway.order.OrderStore.StoredTransition;
import io.aisle.gateway.order.model.OrderEventIds;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/orders/{orderId}/events}: an order's status changes as server-sent events, read
 * from the order's timeline ({@link OrderStore}). Each event is {@code id: <seq>}, {@code event: status},
 * {@code data: <OrderEvent JSON>}. A stream starts with every transition so far (or those after
 * {@code Last-Event-ID}), follows new ones, sends a comment every heartbeat period to keep idle
 * connections open, and ends after the event of a terminal status. A client that resumes after the
 * terminal event gets 204, which tells an EventSource to stop reconnecting.
 *
 * <p>New transitions are found by one query per poll period for all open streams of this instance
 * (the highest sequence of each watched order); only streams that are behind read their new rows.
 * Nothing is polled while no stream is open.
 * The timeline is the only source, so it works with any number of gateway instances and needs nothing
 * from the writers.
 */
public final class OrderEventStream {

    public static final String CONTENT_TYPE = "text/event-stream";
    private static final Logger LOG = LoggerFactory.getLogger(OrderEventStream.class);

    private final Vertx vertx;
    private final Pool pg;
    private final OrderStore orders;
    private final Duration pollInterval;
    private final Duration heartbeat;
    private final Map<String, Set<Stream>> watched = new ConcurrentHashMap<>();
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile long timerId = -1;
    private volatile boolean closed;

    /** Polls every 500 ms, heartbeat every 15 s. */
    public OrderEventStream(Vertx vertx, Pool pg, OrderStore orders) {
        this(vertx, pg, orders, Duration.ofMillis(500), Duration.ofSeconds(15));
    }

    public OrderEventStream(Vertx vertx, Pool pg, OrderStore orders, Duration pollInterval, Duration heartbeat) {
        if (pollInterval.toMillis() < 1 || heartbeat.toMillis() < 1) {
            throw new IllegalArgumentException("poll interval and heartbeat must be at least 1 ms");
        }
        this.vertx = vertx;
        this.pg = pg;
        this.orders = orders;
        this.pollInterval = pollInterval;
        this.heartbeat = heartbeat;
    }

    /**
     * Serves the event stream of {@code orderId} to {@code clientId} (already authenticated): 404
     * problem unless the order belongs to that client, 400 for a {@code Last-Event-ID} that is not a
     * sequence number.
     */
    public void stream(RoutingContext ctx, String orderId, String clientId) {
        Context context = vertx.getOrCreateContext();
        long after;
        try {
            after = lastEventId(ctx.request().getHeader("Last-Event-ID"));
        } catch (IllegalArgumentException e) {
            Problems.send(ctx, Problems.byStatus(400, e.getMessage()));
            return;
        }
        if (closed) {
            Problems.send(ctx, Problems.byStatus(503, "the gateway is stopping"));
            return;
        }
        orders.timelineHead(pg, orderId).onComplete(found -> {
            if (found.failed()) {
                ctx.fail(found.cause());
                return;
            }
            OrderStore.TimelineHead order = found.result().orElse(null);
            if (order == null || !order.clientId().equals(clientId)) {
                Problems.send(ctx, Problems.byStatus(404, "no order " + orderId));
                return;
            }
            HttpServerResponse response = ctx.response();
            if (response.closed() || response.ended()) {
                return;
            }
            Long lastSeq = order.lastSeq();
            if (isTerminal(order.lastStatus()) && lastSeq != null && after >= lastSeq) {
                response.setStatusCode(204).end();
                return;
            }
            response.setStatusCode(200)
                    .setChunked(true)
                    .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .putHeader("X-Accel-Buffering", "no");
            response.writeHead();
            new Stream(context, response, orderId, order.customerRef(), after).open();
        });
    }

    /** Streams open on this instance. */
    public int openStreams() {
        return watched.values().stream().mapToInt(Set::size).sum();
    }

    /** Stops following orders and ends every open stream. */
    public void close() {
        closed = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        watched.values().forEach(streams -> streams.forEach(s -> s.context.runOnContext(ignored -> s.finish())));
    }

    private void watch(Stream stream) {
        watched.compute(stream.orderId, (id, streams) -> {
            Set<Stream> set = streams != null ? streams : ConcurrentHashMap.newKeySet();
            set.add(stream);
            return set;
        });
        schedulePoll();
    }

    private void unwatch(Stream stream) {
        watched.computeIfPresent(stream.orderId, (id, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
    }

    /** Arms the next poll unless one is armed; polling stops while no stream is open. */
    private void schedulePoll() {
        if (!closed && polling.compareAndSet(false, true)) {
            timerId = vertx.setTimer(pollInterval.toMillis(), id -> checkForNews().onComplete(ignored -> {
                polling.set(false);
                if (!watched.isEmpty()) {
                    schedulePoll();
                }
            }));
        }
    }

    /** One query for every watched order; streams that are behind fetch their new transitions. */
    private Future<Void> checkForNews() {
        if (watched.isEmpty()) {
            return Future.succeededFuture();
        }
        String[] orderIds = watched.keySet().toArray(String[]::new);
        return orders.latestSequences(pg, orderIds)
                .onSuccess(latest -> latest.forEach((orderId, seq) ->
                        watched.getOrDefault(orderId, Set.of()).forEach(s -> s.behind(seq))))
                .onFailure(failure -> LOG.debug("cannot look for new order transitions, will retry: {}", failure.toString()))
                .mapEmpty();
    }

    private static long lastEventId(String header) {
        if (header == null || header.isBlank()) {
            return 0;
        }
        try {
            long value = Long.parseLong(header.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw new IllegalArgumentException("Last-Event-ID must be the id (a sequence number) of an event of this stream");
    }

    private static boolean isTerminal(String status) {
        return status != null && parseStatus(status) != null && parseStatus(status).isTerminal();
    }

    private static OrderStatus parseStatus(String status) {
        try {
            return status == null ? null : OrderStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** One open stream; its fields other than lastSeq are touched on its own context only. */
    private final class Stream {

        final Context context;
        final HttpServerResponse response;
        final String orderId;
        final String customerRef;
        volatile long lastSeq;
        private boolean fetching;
        private boolean fetchAgain;
        private boolean done;
        private long heartbeatTimer = -1;

        Stream(Context context, HttpServerResponse response, String orderId, String customerRef, long after) {
            this.context = context;
            this.response = response;
            this.orderId = orderId;
            this.customerRef = customerRef;
            this.lastSeq = after;
        }

        void open() {
            response.closeHandler(ignored -> stop());
            response.exceptionHandler(ignored -> stop());
            watch(this);
            heartbeatTimer = vertx.setPeriodic(heartbeat.toMillis(), id -> {
                if (!done) {
                    response.write(": heartbeat\n\n");
                }
            });
            fetch();
        }

        /** Called by the poller with the order's highest sequence. Any thread. */
        void behind(long latest) {
            if (latest > lastSeq) {
                context.runOnContext(ignored -> fetch());
            }
        }

        void fetch() {
            if (done) {
                return;
            }
            if (fetching) {
                fetchAgain = true;
                return;
            }
            fetching = true;
            orders.transitionsAfter(pg, orderId, lastSeq).onComplete(read -> {
                fetching = false;
                if (done) {
                    return;
                }
                if (read.failed()) {
                    // the poller asks again while this stream is behind
                    LOG.debug("cannot read transitions of {}, will retry: {}", orderId, read.cause().toString());
                    return;
                }
                for (StoredTransition transition : read.result()) {
                    OrderStatus status = send(transition);
                    if (status != null && status.isTerminal()) {
                        finish();
                        return;
                    }
                }
                if (fetchAgain) {
                    fetchAgain = false;
                    fetch();
                }
            });
        }

        /** Writes one transition as an event; returns its status, or null when the transition is not a valid event. */
        private OrderStatus send(StoredTransition transition) {
            long seq = transition.seq();
            lastSeq = seq;
            OrderStatus status = parseStatus(transition.status());
            if (status == null) {
                LOG.warn("order {} transition {} has an unknown status {}; not streamed", orderId, seq, transition.status());
                return null;
            }
            OrderEvent event = new OrderEvent(OrderEventIds.of(orderId, seq), orderId, seq, status,
                    parseStatus(transition.previousStatus()), transition.at(), customerRef, transition.note(), transition.handoff(),
                    transition.change());
            String data;
            try {
                data = Json.mapper().writeValueAsString(event);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an OrderEvent always serialises", e);
            }
            response.write("id: " + seq + "\nevent: status\ndata: " + data + "\n\n");
            return status;
        }

        /** Ends the response (terminal status sent, or the gateway is closing). */
        void finish() {
            if (!done) {
                stop();
                response.end();
            }
        }

        /** Forgets the stream: no more polling, no more heartbeats. */
        void stop() {
            done = true;
            if (heartbeatTimer >= 0) {
                vertx.cancelTimer(heartbeatTimer);
                heartbeatTimer = -1;
            }
            unwatch(this);
        }
    }
}
