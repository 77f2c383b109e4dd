package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import java.time.Instant;

/**
 * A status change of an order, as the super-app receives it by signed webhook and on the order's
 * event stream. {@code sequence} starts at 1 and grows by one per event of the order, so a receiver
 * can put events in order and drop duplicates; {@code eventId} is unique across orders.
 */
public record OrderEvent(
        String eventId,
        String orderId,
        long sequence,
        OrderStatus status,
        OrderStatus previousStatus,
        Instant at,
        String customerRef,
        String note) {

    public OrderEvent {
        Checks.requireId(eventId, "eventId");
        Checks.requireId(orderId, "orderId");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1, got " + sequence);
        }
        Checks.requireNonNull(status, "status");
        Checks.requireNonNull(at, "at");
    }
}
