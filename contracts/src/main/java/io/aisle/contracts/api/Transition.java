package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import java.time.Instant;

/** One step of an order's timeline. */
public record Transition(OrderStatus status, Instant at, String note) {

    public Transition {
        Checks.requireNonNull(status, "status");
        Checks.requireNonNull(at, "at");
    }
}
