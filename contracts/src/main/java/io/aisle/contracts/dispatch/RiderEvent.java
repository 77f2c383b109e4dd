package io.aisle.contracts.dispatch;

import io.aisle.contracts.value.Checks;
import java.time.Instant;

/**
 * An event rider dispatch sends back (signed). {@code pickupId} is set for pickup events,
 * {@code orderId} for a delivery or a failed drop-off, {@code reason} for FAILED and CANCELLED,
 * {@code handoff} (optional) on DELIVERED: how the bags were handed over. On PICKED_UP, optionally,
 * {@code arrivedAt} (when the rider reached the store) and {@code readyAt} (when the bags were ready: Aisle's
 * notice, or the pickup's ready time when none was awaited), from which the rider's and the bags' waits are measured.
 */
public record RiderEvent(String eventId, String tripId, RiderEventType type, Instant at, String riderId,
                         String pickupId, String orderId, String reason, RiderHandoff handoff, Instant arrivedAt, Instant readyAt) {

    /** An event without the times of a pickup. */
    public RiderEvent(String eventId, String tripId, RiderEventType type, Instant at, String riderId,
                      String pickupId, String orderId, String reason, RiderHandoff handoff) {
        this(eventId, tripId, type, at, riderId, pickupId, orderId, reason, handoff, null, null);
    }

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
        if ((arrivedAt != null || readyAt != null) && type != RiderEventType.PICKED_UP) {
            throw new IllegalArgumentException("arrivedAt and readyAt are reported on a PICKED_UP event only, not on " + type);
        }
    }

    /**
     * How long the rider waited at the store for the bags: from arrival to the bags being ready, zero when they were
     * ready first; null when the event does not tell both times.
     */
    public java.time.Duration riderWait() {
        return arrivedAt == null || readyAt == null ? null : positive(java.time.Duration.between(arrivedAt, readyAt));
    }

    /** How long the ready bags waited for the rider: from ready to the rider's arrival, zero when the rider came first; null when not told. */
    public java.time.Duration bagWait() {
        return arrivedAt == null || readyAt == null ? null : positive(java.time.Duration.between(readyAt, arrivedAt));
    }

    private static java.time.Duration positive(java.time.Duration d) {
        return d.isNegative() ? java.time.Duration.ZERO : d;
    }
}
