package io.aisle.contracts.dispatch;

import io.aisle.contracts.value.Checks;
import java.time.Instant;

/**
 * An event rider dispatch sends back (signed). {@code pickupId} is set for pickup events,
 * {@code orderId} for a delivery or a failed drop-off, {@code reason} for FAILED and CANCELLED.
 */
public record RiderEvent(String eventId, String tripId, RiderEventType type, Instant at, String riderId,
                         String pickupId, String orderId, String reason) {

    public RiderEvent {
        Checks.requireId(eventId, "eventId");
        Checks.requireId(tripId, "tripId");
        Checks.requireNonNull(type, "type");
        Checks.requireNonNull(at, "at");
    }
}
