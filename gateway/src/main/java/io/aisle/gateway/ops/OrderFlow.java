package io.aisle.gateway.ops;

import io.aisle.contracts.api.OrderStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders reaching each status over every gateway instance, for the ops page: each instance adds what
 * its {@code aisle.orders} counters gained since its last flush to a Redis hash per minute (kept two
 * hours) and to a running total, one pipelined round trip every period. Nothing is added to the order
 * path: the counters are the ones the metrics already keep. A flush Redis refuses is carried into the next.
 */
public final class OrderFlow {

    static final String TOTAL_KEY = "aisle:ops:orders:total";
    static final String MINUTE_KEY = "aisle:ops:orders:minute:";
    static final Duration KEEP = Duration.ofHours(2);
    private static final Logger LOG = LoggerFactory.getLogger(OrderFlow.class);

    private final Vertx vertx;
    private final Redis redis;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<OrderStatus, Long> flushed = new EnumMap<>(OrderStatus.class);
    private final AtomicBoolean flushing = new AtomicBoolean();
    private volatile boolean warned;
    private long timer = -1;

    public OrderFlow(Vertx vertx, Redis redis, MeterRegistry meters, Clock clock) {
        this.vertx = vertx;
        this.redis = redis;
        this.meters = meters;
        this.clock = clock;
    }

    public void start(Duration period) {
        timer = vertx.setPeriodic(period.toMillis(), id -> flush());
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Adds to Redis what this instance's counters gained since the last flush that Redis took. */
    public Future<Void> flush() {
        if (!flushing.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        Map<OrderStatus, Long> now = counted();
        Map<OrderStatus, Long> gained = new EnumMap<>(OrderStatus.class);
        synchronized (flushed) {
            now.forEach((status, count) -> {
                long delta = count - flushed.getOrDefault(status, 0L);
                if (delta > 0) {
                    gained.put(status, delta);
                }
            });
        }
        if (gained.isEmpty()) {
            flushing.set(false);
            return Future.succeededFuture();
        }
        String minute = MINUTE_KEY + minuteOf(clock.millis());
        List<Request> batch = new ArrayList<>();
        gained.forEach((status, delta) -> {
            batch.add(Request.cmd(Command.HINCRBY).arg(minute).arg(status.name()).arg(delta));
            batch.add(Request.cmd(Command.HINCRBY).arg(TOTAL_KEY).arg(status.name()).arg(delta));
        });
        batch.add(Request.cmd(Command.EXPIRE).arg(minute).arg(KEEP.toSeconds()));
        return redis.batch(batch).<Void>map(ignored -> {
            synchronized (flushed) {
                gained.forEach((status, delta) -> flushed.merge(status, delta, Long::sum));
            }
            warned = false;
            return null;
        }).recover(failure -> {
            if (!warned) {
                warned = true;
                LOG.warn("order flow not shared (kept for the next flush): {}", failure.toString());
            }
            return Future.succeededFuture();
        }).onComplete(ignored -> flushing.set(false));
    }

    /** Orders that reached each status over every instance: in the last {@code minutes} minutes (this one included) and in all. */
    public Future<Flow> read(int minutes) {
        long current = minuteOf(clock.millis());
        List<Request> batch = new ArrayList<>();
        batch.add(Request.cmd(Command.HGETALL).arg(TOTAL_KEY));
        for (long m = current - minutes + 1; m <= current; m++) {
            batch.add(Request.cmd(Command.HGETALL).arg(MINUTE_KEY + m));
        }
        return redis.batch(batch).map(replies -> {
            Map<OrderStatus, Long> total = counts(replies.get(0));
            Map<OrderStatus, Long> window = zeros();
            Map<OrderStatus, Long> lastFive = zeros();
            for (int i = 1; i < replies.size(); i++) {
                Map<OrderStatus, Long> ofMinute = counts(replies.get(i));
                boolean recent = i > replies.size() - 1 - 5;
                ofMinute.forEach((status, count) -> {
                    window.merge(status, count, Long::sum);
                    if (recent) {
                        lastFive.merge(status, count, Long::sum);
                    }
                });
            }
            return new Flow(lastFive, window, total);
        });
    }

    /** Counts by status: the last five minutes, the window asked for, and since the flow has been kept. */
    public record Flow(Map<OrderStatus, Long> lastFiveMinutes, Map<OrderStatus, Long> window, Map<OrderStatus, Long> total) {
    }

    private Map<OrderStatus, Long> counted() {
        Map<OrderStatus, Long> counts = new EnumMap<>(OrderStatus.class);
        for (Counter counter : meters.find("aisle.orders").counters()) {
            String status = counter.getId().getTag("status");
            if (status != null) {
                counts.put(OrderStatus.valueOf(status), (long) counter.count());
            }
        }
        return counts;
    }

    private static Map<OrderStatus, Long> counts(Response hash) {
        Map<OrderStatus, Long> counts = zeros();
        if (hash == null) {
            return counts;
        }
        for (String field : hash.getKeys()) {
            try {
                counts.put(OrderStatus.valueOf(field), hash.get(field).toLong());
            } catch (IllegalArgumentException unknownStatus) {
                // a status a newer instance counts and this one does not know: not shown
            }
        }
        return counts;
    }

    static Map<OrderStatus, Long> zeros() {
        Map<OrderStatus, Long> zeros = new EnumMap<>(OrderStatus.class);
        for (OrderStatus status : OrderStatus.values()) {
            zeros.put(status, 0L);
        }
        return zeros;
    }

    private static long minuteOf(long epochMillis) {
        return epochMillis / 60_000;
    }
}
