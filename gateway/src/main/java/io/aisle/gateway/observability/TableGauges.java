package io.aisle.gateway.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges of what only PostgreSQL knows (outbox lag and dead rows, holds open): each read every
 * period with the asynchronous client, its last value kept for the scrape, which never waits for the
 * database. A read that fails or takes longer than the period leaves the last value (NaN before the
 * first) and is tried again next period; reads never overlap.
 */
public final class TableGauges {

    private static final Logger LOG = LoggerFactory.getLogger(TableGauges.class);

    private final Vertx vertx;
    private final MeterRegistry registry;
    private final Duration period;
    private final List<Read> reads = new ArrayList<>();
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile boolean warned;
    private long timer = -1;

    public TableGauges(Vertx vertx, MeterRegistry registry, Duration period) {
        this.vertx = vertx;
        this.registry = registry;
        this.period = period;
    }

    /** A gauge {@code name} whose value {@code read} gives (in {@code unit}, or null for a count). */
    public TableGauges gauge(String name, String description, String unit, Supplier<Future<Double>> read) {
        Read gauge = new Read(read);
        Gauge.builder(name, gauge, r -> r.value).description(description).baseUnit(unit).register(registry);
        reads.add(gauge);
        return this;
    }

    /** Reads now, then every period. */
    public Future<Void> start() {
        timer = vertx.setPeriodic(period.toMillis(), id -> refresh());
        return refresh();
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Reads every gauge once (not when the previous reads are still out). */
    public Future<Void> refresh() {
        if (!reading.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        List<Future<Double>> all = new ArrayList<>();
        for (Read gauge : reads) {
            Future<Double> value;
            try {
                value = gauge.read.get();
            } catch (RuntimeException e) {
                value = Future.failedFuture(e);
            }
            all.add(value.timeout(period.toMillis(), TimeUnit.MILLISECONDS).onSuccess(v -> gauge.value = v));
        }
        return Future.join(all).<Void>mapEmpty().transform(done -> {
            reading.set(false);
            if (done.failed() && !warned) {
                warned = true;
                LOG.warn("table gauges not read (kept their last values): {}", done.cause().toString());
            } else if (done.succeeded()) {
                warned = false;
            }
            return Future.succeededFuture();
        });
    }

    private static final class Read {
        final Supplier<Future<Double>> read;
        volatile double value = Double.NaN;

        Read(Supplier<Future<Double>> read) {
            this.read = read;
        }
    }
}
