package io.aisle.gateway.picking;

import io.aisle.gateway.dispatch.AheadDispatch;
import io.aisle.gateway.dispatch.DispatchService;
import io.aisle.gateway.dispatch.TripReasker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic side of picking and handoff: closes the waves that are due, sends overdue pick lists
 * again and times out those overdue twice, re-sources units picked short ({@link Resourcing}, under leases with row
 * locks that skip locked rows), requests riders ahead for orders whose bags will soon be ready
 * ({@link AheadDispatch}), dispatches again orders whose trip failed, and asks rider dispatch about
 * trips gone quiet ({@link TripReasker}). Several instances may run it: waves are built under row locks that skip
 * locked rows, and trips are planned under locks on the orders.
 */
public final class PickingWorker {

    private static final Logger LOG = LoggerFactory.getLogger(PickingWorker.class);

    private final Vertx vertx;
    private final PickingService picking;
    private final DispatchService dispatch;
    private final TripReasker reasker;
    private final Resourcing resourcing;
    private final AheadDispatch ahead;
    private final Duration redispatchBackoff;
    private final Duration overdueMargin;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public PickingWorker(Vertx vertx, PickingService picking, DispatchService dispatch, TripReasker reasker,
                         Duration redispatchBackoff, Duration overdueMargin, Resourcing resourcing) {
        this(vertx, picking, dispatch, reasker, null, redispatchBackoff, overdueMargin, resourcing);
    }

    /** As the other constructor; {@code ahead} (null: none) requests riders for orders still being picked. */
    public PickingWorker(Vertx vertx, PickingService picking, DispatchService dispatch, TripReasker reasker, AheadDispatch ahead,
                         Duration redispatchBackoff, Duration overdueMargin, Resourcing resourcing) {
        this.resourcing = resourcing;
        this.ahead = ahead;
        this.reasker = reasker;
        this.overdueMargin = overdueMargin;
        this.vertx = vertx;
        this.picking = picking;
        this.dispatch = dispatch;
        this.redispatchBackoff = redispatchBackoff;
    }

    public void start(Duration period) {
        timer = vertx.setPeriodic(period.toMillis(), id -> runOnce());
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    public Future<Void> runOnce() {
        if (!running.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        return picking.closeDueWaves()
                .compose(waves -> picking.handleOverdueWaves(overdueMargin))
                .compose(overdue -> resourcing.runOnce())
                .compose(resourced -> ahead == null ? Future.succeededFuture(0) : ahead.sweep())
                .compose(requested -> dispatch.sweep(redispatchBackoff))
                .compose(swept -> reasker.runOnce())
                .<Void>mapEmpty()
                .recover(failure -> {
                    LOG.warn("picking pass failed, will retry: {}", failure.toString());
                    return Future.succeededFuture();
                })
                .onComplete(ignored -> running.set(false));
    }
}
