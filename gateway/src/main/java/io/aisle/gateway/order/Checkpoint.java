package io.aisle.gateway.order;

import io.vertx.core.Future;

/**
 * Points of the order saga (and of re-sourcing short units) a caller can observe or hold up. Production uses
 * {@link #NONE}; a crash test stops a gateway at a checkpoint to see recovery finish the work.
 */
public interface Checkpoint {

    /** The steps of the saga. */
    enum Step {
        /** Holds were asked for and their outcomes recorded, the order is not yet confirmed. */
        HOLDS_TAKEN,
        /** A store answered the hold of units re-sourced there; the answer is not yet recorded. */
        RESOURCE_HOLD_ANSWERED
    }

    Checkpoint NONE = (step, orderId) -> Future.succeededFuture();

    Future<Void> reached(Step step, String orderId);
}
