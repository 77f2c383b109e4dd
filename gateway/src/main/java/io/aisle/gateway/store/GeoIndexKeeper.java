package io.aisle.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Redis geo index in step with the registry in PostgreSQL. Redis keeps nothing on disk:
 * after a restart the index is empty, so every period the keeper compares the index size with the
 * count of quotable stores (those of enabled chains) and rebuilds it when they differ. Failures (either server away) are logged and retried
 * on the next period; readiness reports the outage meanwhile.
 */
public final class GeoIndexKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(GeoIndexKeeper.class);

    private final Vertx vertx;
    private final StoreRegistry registry;
    private final Redis redis;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timerId = -1;

    public GeoIndexKeeper(Vertx vertx, StoreRegistry registry, Redis redis) {
        this.vertx = vertx;
        this.registry = registry;
        this.redis = redis;
    }

    /** Checks once now (failures do not fail the returned future) and then every {@code period}. */
    public Future<Void> start(Duration period) {
        timerId = vertx.setPeriodic(period.toMillis(), id -> check());
        return check();
    }

    public void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** Rebuilds the index when its size differs from the registry's count of quotable stores. */
    public Future<Void> check() {
        if (!running.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        return redis.send(Request.cmd(Command.ZCARD).arg(StoreRegistry.GEO_KEY))
                .compose(indexed -> registry.countQuotable().compose(stored -> {
                    if (indexed != null && indexed.toLong().longValue() == stored.longValue()) {
                        return Future.succeededFuture();
                    }
                    return registry.rebuildGeoIndex()
                            .onSuccess(n -> LOG.info("geo index rebuilt: {} stores (it held {})", n, indexed))
                            .<Void>mapEmpty();
                }))
                .recover(failure -> {
                    LOG.warn("geo index check failed, will retry: {}", failure.toString());
                    return Future.succeededFuture();
                })
                .onComplete(ignored -> running.set(false));
    }
}
