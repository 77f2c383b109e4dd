package io.aisle.contracts.api;

import io.aisle.contracts.value.Checks;
import java.time.Instant;

/** One step of an order's timeline: a status change, or a change within a status ({@code change}, null for a status change). */
public record Transition(OrderStatus status, Instant at, String note, OrderChange change) {

    /** A status change. */
    public Transition(OrderStatus status, Instant at, String note) {
        this(status, at, note, null);
    }

    public Transition {
        Checks.requireNonNull(status, "status");
        Checks.requireNonNull(at, "at");
    }
}
