package io.aisle.gateway.order.model;

/** A rider has the bags (or delivered them): the order can no longer be cancelled. */
public final class TooLateToCancel extends OrderFailure {

    public TooLateToCancel(String orderId) {
        super(orderId, "the rider has picked up order " + orderId);
    }
}
