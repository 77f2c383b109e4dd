package io.aisle.gateway.order.model;

/**
 * Why an order could not be found, cancelled or placed, in the order's own terms. The HTTP edge maps
 * each kind to its problem; carries no stack trace, a refusal is an expected outcome.
 */
public abstract class OrderFailure extends RuntimeException {

    private final String orderId;

    protected OrderFailure(String orderId, String message) {
        super(message, null, false, false);
        this.orderId = orderId;
    }

    public String orderId() {
        return orderId;
    }
}
