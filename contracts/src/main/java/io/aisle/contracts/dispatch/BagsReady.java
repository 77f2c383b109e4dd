package io.aisle.contracts.dispatch;

import io.aisle.contracts.value.Checks;
import java.time.Instant;
import java.util.List;

/**
 * The body of {@code POST /v1/trips/{tripId}/ready}: the bags of these orders at these pickups of the trip became
 * ready at {@code readyAt}; a rider waiting there may pick them up.
 */
public record BagsReady(List<String> pickupIds, List<String> orderIds, Instant readyAt) {

    public BagsReady {
        pickupIds = Checks.requireNonEmpty(pickupIds, "pickupIds");
        pickupIds.forEach(id -> Checks.requireId(id, "pickupIds[]"));
        orderIds = Checks.copyOrEmpty(orderIds, "orderIds");
        orderIds.forEach(id -> Checks.requireId(id, "orderIds[]"));
        Checks.requireNonNull(readyAt, "readyAt");
    }
}
