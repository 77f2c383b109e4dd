package io.aisle.gateway.order;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes what a crash interrupted: orders left in RECEIVED whose saga lease ran out are taken over
 * (row locks that skip locked rows, so several instances share the work) and resumed; holds past
 * their expiry that no live order needs are released through the outbox; idempotency keys older
 * than two days are forgotten.
 */
public final class RecoveryWorker {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryWorker.class);
    private static final int BATCH = 20;
    /** Idempotency keys are kept at least 24 hours; two days leaves clients a margin. */
    static final Duration KEEP_KEYS_FOR = Duration.ofHours(48);

    private final Vertx vertx;
    private final OrderChanges orders;
    private final OrderSaga saga;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public RecoveryWorker(Vertx vertx, OrderChanges orders, OrderSaga saga) {
        this.vertx = vertx;
        this.orders = orders;
        this.saga = saga;
    }

    public void start(Duration period) {
        timer = vertx.setPeriodic(period.toMillis(), id -> runOnce());
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One pass: resumes stale orders and releases expired holds. Never fails. */
    public Future<Integer> runOnce() {
        if (!running.compareAndSet(false, true)) {
            return Future.succeededFuture(0);
        }
        return orders.claimStale(BATCH)
                .compose(this::resumeAll)
                .compose(resumed -> orders.releaseExpiredHolds(100).map(released -> {
                    if (released > 0) {
                        LOG.info("released {} expired hold(s)", released);
                    }
                    return resumed;
                }))
                .compose(resumed -> orders.forgetKeysOlderThan(KEEP_KEYS_FOR, 1000).map(resumed))
                .recover(failure -> {
                    LOG.warn("recovery pass failed, will retry: {}", failure.toString());
                    return Future.succeededFuture(0);
                })
                .onComplete(ignored -> running.set(false));
    }

    private Future<Integer> resumeAll(List<String> orderIds) {
        Future<Integer> chain = Future.succeededFuture(0);
        for (String orderId : orderIds) {
            chain = chain.compose(count -> saga.resume(orderId)
                    .map(outcome -> count + 1)
                    .recover(failure -> {
                        LOG.warn("resuming order {} failed, will retry after its lease: {}", orderId, failure.toString());
                        return Future.succeededFuture(count);
                    }));
        }
        return chain;
    }
}
