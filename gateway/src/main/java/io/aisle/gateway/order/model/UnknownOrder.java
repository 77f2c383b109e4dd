package io.aisle.gateway.order.model;

/** There is no such order for this client (another client's order is not told apart from none). */
public final class UnknownOrder extends OrderFailure {

    public UnknownOrder(String orderId) {
        super(orderId, "no order " + orderId + " for this client");
    }
}
