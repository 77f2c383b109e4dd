package io.aisle.contracts.dispatch;

import io.aisle.contracts.value.Checks;
import java.time.Instant;

/**
 * An event rider dispatch sends back (signed). {@code pickupId} is set for pickup events,
 * {@code orderId} for a delivery or a failed drop-off, {@code reason} for FAILED and CANCELLED,
 * {@code handoff} (optional) on DELIVERED: how the bags were handed over.
 */
public record RiderEvent(String eventId, String tripId, RiderEventType type, Instant at, String riderId,
                         String pickupId, String orderId, String reason, RiderHandoff handoff) {

    /** An event without a handoff report. */
    public RiderEvent(String eventId, String tripId, RiderEventType type, Instant at, String riderId,
                      String pickupId, String orderId, String reason) {
        this(eventId, tripId, type, at, riderId, pickupId, orderId, reason, null);
    }

    public RiderEvent {
        Checks.requireId(eventId, "eventId");
        Checks.requireId(tripId, "tripId");
        Checks.requireNonNull(type, "type");
        Checks.requireNonNull(at, "at");
        if (pickupId != null) {
            Checks.requireId(pickupId, "pickupId");
        }
        if (orderId != null) {
            Checks.requireId(orderId, "orderId");
        }
        switch (type) {
            case ARRIVED_AT_PICKUP, PICKED_UP -> Checks.requireNonNull(pickupId, "pickupId of a " + type + " event");
            case DELIVERED -> Checks.requireNonNull(orderId, "orderId of a DELIVERED event");
            case FAILED, CANCELLED -> Checks.requireText(reason, "reason of a " + type + " event");
            case ASSIGNED -> {
            }
        }
        if (handoff != null && type != RiderEventType.DELIVERED) {
            throw new IllegalArgumentException("handoff is reported on a DELIVERED event only, not on " + type);
        }
    }
}
