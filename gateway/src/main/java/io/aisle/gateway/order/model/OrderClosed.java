package io.aisle.gateway.order.model;

/** The order ended without being placed (rejected or failed): there is nothing left to cancel. */
public final class OrderClosed extends OrderFailure {

    public OrderClosed(String orderId) {
        super(orderId, "order " + orderId + " was not placed");
    }
}
