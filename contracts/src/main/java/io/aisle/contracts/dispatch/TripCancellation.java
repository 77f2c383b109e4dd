package io.aisle.contracts.dispatch;

import io.aisle.contracts.value.Checks;

/** The body of {@code POST /v1/trips/{tripId}/cancel}: why Aisle cancels the trip. */
public record TripCancellation(String reason) {

    public static final int MAX_LENGTH = 500;

    public TripCancellation {
        Checks.requireText(reason, "reason");
        if (reason.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("reason allows at most " + MAX_LENGTH + " characters");
        }
    }
}
