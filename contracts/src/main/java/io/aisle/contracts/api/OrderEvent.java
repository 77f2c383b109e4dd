package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import java.time.Instant;

/**
 * A status change of an order, as the super-app receives it by signed webhook and on the order's
 * event stream. {@code sequence} starts at 1 and grows by one per event of the order, so a receiver
 * can put events in order and drop duplicates; {@code eventId} is unique across orders. A DELIVERED
 * event carries the {@code handoff} rider dispatch reported, when it reported one. An event with a {@code change}
 * (RESOURCED, RESOURCE_FAILED) tells a change within the order's status: {@code status} is where the order stays.
 */
public record OrderEvent(
        String eventId,
        String orderId,
        long sequence,
        OrderStatus status,
        OrderStatus previousStatus,
        Instant at,
        String customerRef,
        String note,
        Handoff handoff,
        OrderChange change) {

    /** An event without a handoff (every status but DELIVERED). */
    public OrderEvent(String eventId, String orderId, long sequence, OrderStatus status, OrderStatus previousStatus, Instant at,
                      String customerRef, String note) {
        this(eventId, orderId, sequence, status, previousStatus, at, customerRef, note, null, null);
    }

    /** A status change, with the handoff a DELIVERED event carries (null: none). */
    public OrderEvent(String eventId, String orderId, long sequence, OrderStatus status, OrderStatus previousStatus, Instant at,
                      String customerRef, String note, Handoff handoff) {
        this(eventId, orderId, sequence, status, previousStatus, at, customerRef, note, handoff, null);
    }

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
